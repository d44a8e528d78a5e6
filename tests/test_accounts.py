import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.conftest import client_for

pytestmark = pytest.mark.django_db

LOGIN = reverse("login")
PASSWORD = "correct horse battery staple"


def log_in(client, username, password):
    return client.post(LOGIN, {"username": username, "password": password})


def test_a_coordinator_logs_in_to_their_centres_and_out(personas, client):
    response = log_in(client, "coordinator-a", PASSWORD)
    assert response["Location"] == reverse("my_centres")
    assert "Тобольск" in client.get(reverse("my_centres")).content.decode()
    client.post(reverse("logout"))
    assert client.get(reverse("my_centres")).status_code == 302


def test_a_wrong_password_says_so_in_russian(personas, client):
    html = log_in(client, "coordinator-a", "wrong").content.decode()
    assert "Пожалуйста, введите правильные имя пользователя и пароль" in html


def test_five_failed_logins_lock_the_account_and_the_address(personas, client):
    for _attempt in range(5):
        log_in(client, "coordinator-a", "wrong")
    response = log_in(client, "coordinator-a", PASSWORD)
    assert response.status_code == 429
    html = response.content.decode()
    assert "Слишком много неудачных попыток" in html
    assert "заблокированы на 30 минут" in html
    # The address is locked for other accounts too.
    assert log_in(client, "coordinator-b", PASSWORD).status_code == 429


def test_four_failed_logins_do_not_lock(personas, client):
    for _attempt in range(4):
        log_in(client, "coordinator-a", "wrong")
    assert log_in(client, "coordinator-a", PASSWORD).status_code == 302


def test_password_change_applies_the_validators(personas):
    client = client_for(personas.coordinator_a)
    url = reverse("password_change")
    weak = client.post(
        url, {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"}
    )
    assert "Введённый пароль слишком широко распространён." in weak.content.decode()
    strong = "Тобольск-сеть-2026!"
    done = client.post(
        url,
        {"old_password": PASSWORD, "new_password1": strong, "new_password2": strong},
        follow=True,
    )
    assert "Пароль изменён." in done.content.decode()
    personas.coordinator_a.refresh_from_db()
    assert personas.coordinator_a.check_password(strong)


def test_password_reset_by_email(personas, client):
    response = client.post(reverse("password_reset"), {"email": "coordinator-a@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+/)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    new = "Новый-пароль-для-Анны-7"
    set_password_url = form_page.redirect_chain[-1][0]
    done = client.post(set_password_url, {"new_password1": new, "new_password2": new}, follow=True)
    assert "Новый пароль установлен." in done.content.decode()
    assert log_in(client, "coordinator-a", new).status_code == 302


def test_password_reset_does_not_tell_whether_an_address_exists(client, db):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"}, follow=True)
    assert "Если есть учётная запись с этим адресом" in response.content.decode()
    assert not mail.outbox
