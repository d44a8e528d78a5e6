import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.lockout import client_address
from tests.helpers import client_for

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


def log_in_from(address, username, password):
    return Client(REMOTE_ADDR=address).post(LOGIN, {"username": username, "password": password})


def lock_out(username, address="203.0.113.66"):
    for _attempt in range(5):
        log_in_from(address, username, "wrong")


def test_five_failed_logins_lock_the_account_from_that_address(personas):
    lock_out("coordinator-a", "203.0.113.66")
    response = log_in_from("203.0.113.66", "coordinator-a", PASSWORD)
    assert response.status_code == 429
    html = response.content.decode()
    assert "Слишком много неудачных попыток" in html
    assert "вход в эту учётную запись с него приостановлен на 30 минут" in html
    assert "Вход с других адресов это не затрагивает" in html


def test_failures_from_one_address_never_lock_the_account_from_another(personas):
    lock_out("coordinator-a", "203.0.113.66")
    assert log_in_from("198.51.100.7", "coordinator-a", PASSWORD).status_code == 302


def test_failures_for_one_account_do_not_lock_the_address_for_another(personas):
    lock_out("coordinator-a", "203.0.113.66")
    assert log_in_from("203.0.113.66", "coordinator-b", PASSWORD).status_code == 302


def test_a_password_reset_lifts_the_lock(personas):
    lock_out("coordinator-a", "198.51.100.7")
    client = Client(REMOTE_ADDR="198.51.100.7")
    client.post(reverse("password_reset"), {"email": "coordinator-a@example.org"})
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+/)", mail.outbox[0].body).group(1)
    set_password_url = client.get(link, follow=True).redirect_chain[-1][0]
    new = "Новый-пароль-для-Анны-7"
    client.post(set_password_url, {"new_password1": new, "new_password2": new})
    assert log_in_from("198.51.100.7", "coordinator-a", new).status_code == 302


def test_an_admin_setting_a_new_password_lifts_the_lock(personas):
    lock_out("coordinator-a", "198.51.100.7")
    personas.coordinator_a.set_password("Новый-пароль-от-админа-8")
    personas.coordinator_a.save()
    response = log_in_from("198.51.100.7", "coordinator-a", "Новый-пароль-от-админа-8")
    assert response.status_code == 302


def test_other_saves_of_the_account_keep_the_lock(personas):
    lock_out("coordinator-a", "198.51.100.7")
    personas.coordinator_a.first_name = "Анна Петровна"
    personas.coordinator_a.save()
    assert log_in_from("198.51.100.7", "coordinator-a", PASSWORD).status_code == 429


@pytest.mark.parametrize(
    ("behind_proxy", "forwarded", "seen_as"),
    [
        (False, "198.51.100.7", "127.0.0.1"),  # nobody else may set the address
        (True, "198.51.100.7", "198.51.100.7"),
        (True, "203.0.113.1, 198.51.100.7", "198.51.100.7"),  # the client wrote the first
        (True, "not-an-address", "127.0.0.1"),
        (True, "", "127.0.0.1"),
    ],
)
def test_the_address_behind_the_proxy_is_the_one_the_proxy_saw(
    rf, settings, behind_proxy, forwarded, seen_as
):
    settings.BEHIND_PROXY = behind_proxy
    request = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == seen_as


def test_behind_the_proxy_one_visitor_does_not_lock_out_another(personas, settings):
    settings.BEHIND_PROXY = True
    proxy = {"REMOTE_ADDR": "127.0.0.1"}
    stranger = Client(**proxy, HTTP_X_FORWARDED_FOR="203.0.113.66")
    for _attempt in range(5):
        stranger.post(LOGIN, {"username": "coordinator-a", "password": "wrong"})
    owner = Client(**proxy, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert (
        owner.post(LOGIN, {"username": "coordinator-a", "password": PASSWORD}).status_code == 302
    )


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


def reset_request(address, email):
    return Client(REMOTE_ADDR=address).post(reverse("password_reset"), {"email": email})


def test_reset_mails_to_one_account_are_limited_without_telling(personas, settings):
    settings.PASSWORD_RESETS_PER_ACCOUNT = 3
    answers = [reset_request("203.0.113.66", "Coordinator-A@example.org") for _n in range(5)]
    assert [answer.status_code for answer in answers] == [302] * 5
    assert {answer["Location"] for answer in answers} == {reverse("password_reset_done")}
    assert len(mail.outbox) == 3


def test_a_stranger_asking_for_resets_does_not_keep_them_from_the_owner(personas, settings):
    settings.PASSWORD_RESETS_PER_ACCOUNT = 3
    for _n in range(5):
        reset_request("203.0.113.66", "coordinator-a@example.org")
    reset_request("198.51.100.7", "coordinator-a@example.org")
    assert len(mail.outbox) == 4


@pytest.fixture
def caches_in_the_database(settings):
    """The caches as production keeps them without Redis, the page cache small."""
    from django.core.management import call_command

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "test_pages",
            "OPTIONS": {"MAX_ENTRIES": 20},
        },
        "limits": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "test_limits",
            "TIMEOUT": 3600,
        },
    }
    call_command("createcachetable", verbosity=0)


def test_a_flood_of_pages_does_not_reset_the_limits(personas, settings, caches_in_the_database):
    """The page cache culls old entries when full; the request counters live apart."""
    from django.core.cache import caches

    settings.PASSWORD_RESETS_PER_ACCOUNT = 1
    reset_request("198.51.100.1", "coordinator-a@example.org")
    for number in range(200):
        caches["default"].set(f"page-{number}", "x")
    reset_request("198.51.100.1", "coordinator-a@example.org")
    assert len(mail.outbox) == 1


def test_the_limits_last_the_hour_with_the_cache_in_the_database(
    personas, settings, caches_in_the_database, monkeypatch
):
    """The database cache's increment sets a new expiry; the count must still last the hour."""
    import django.core.cache.backends.db as database_cache
    from django.utils import timezone

    settings.PASSWORD_RESETS_PER_ACCOUNT = 2
    monkeypatch.setattr("accounts.lockout.time.time", lambda: 1_800_000_000.0)  # 08:00 UTC
    for _n in range(3):
        reset_request("198.51.100.1", "coordinator-a@example.org")
    later = timezone.now() + timezone.timedelta(minutes=20)
    monkeypatch.setattr(database_cache, "tz_now", lambda: later)
    monkeypatch.setattr("accounts.lockout.time.time", lambda: 1_800_001_200.0)  # 08:20
    reset_request("198.51.100.1", "coordinator-a@example.org")
    assert len(mail.outbox) == 2
    monkeypatch.setattr("accounts.lockout.time.time", lambda: 1_800_003_600.0)  # 09:00
    reset_request("198.51.100.1", "coordinator-a@example.org")
    assert len(mail.outbox) == 3


def test_reset_requests_from_one_address_are_limited(personas, settings):
    settings.PASSWORD_RESETS_PER_ADDRESS = 4
    statuses = [
        reset_request("203.0.113.66", f"someone{n}@example.org").status_code for n in range(6)
    ]
    assert statuses == [302, 302, 302, 302, 429, 429]
    html = reset_request("203.0.113.66", "coordinator-a@example.org").content.decode()
    assert "Слишком много запросов" in html
    assert not mail.outbox
    # Another address is served as usual.
    assert reset_request("198.51.100.7", "coordinator-a@example.org").status_code == 302
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    ("address", "seen_as"),
    [
        ("2001:db8:1:2::5", "2001:db8:1:2::"),
        ("2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::"),
        ("::ffff:203.0.113.9", "203.0.113.9"),
        ("64:ff9b::203.0.113.9", "203.0.113.9"),
    ],
)
def test_an_ipv6_visitor_counts_as_its_network(rf, address, seen_as):
    assert client_address(rf.get("/", REMOTE_ADDR=address)) == seen_as


def test_an_ipv6_visitor_cannot_walk_around_the_lock_within_its_network(personas):
    for host in range(1, 6):
        log_in_from(f"2001:db8:1:2::{host}", "coordinator-a", "wrong")
    assert log_in_from("2001:db8:1:2::99", "coordinator-a", PASSWORD).status_code == 429
    assert log_in_from("2001:db8:1:3::1", "coordinator-a", PASSWORD).status_code == 302


def login_link(client, url):
    """The address of the navigation's «Войти» link on the page at `url`."""
    html = client.get(url).content.decode()
    return (
        re.search(r'<a class="nav-link" href="([^"]*)">Войти</a>', html)
        .group(1)
        .replace("&amp;", "&")
    )


@pytest.mark.parametrize(
    "page",
    ["/centres/municipal-tobolsk/", "/centres/?level=regional&sort=name", "/surveys/", "/"],
)
def test_logging_in_from_a_page_returns_to_it(personas, client, page):
    link = login_link(client, page)
    response = client.post(link, {"username": "coordinator-a", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == page


@pytest.mark.parametrize(
    "page", ["/accounts/password_reset/", "/accounts/password_reset/done/", "/no-such-page/"]
)
def test_logging_in_from_nowhere_useful_leads_to_my_centres(personas, client, page):
    link = login_link(client, page)
    assert link == LOGIN
    response = client.post(link, {"username": "coordinator-a", "password": PASSWORD})
    assert response["Location"] == reverse("my_centres")


def test_the_login_link_on_the_login_page_keeps_where_the_visitor_was_going(personas, client):
    page = f"{LOGIN}?next=/centres/municipal-ishim/"
    link = login_link(client, page)
    assert link == page
    response = client.post(link, {"username": "coordinator-a", "password": PASSWORD})
    assert response["Location"] == "/centres/municipal-ishim/"


@pytest.mark.parametrize(
    "next_url",
    [LOGIN, f"{LOGIN}?next=/centres/", "/accounts/logout/", "/accounts/password_reset/"],
)
def test_a_return_address_to_the_account_pages_leads_to_my_centres(personas, client, next_url):
    response = client.post(
        LOGIN, {"username": "coordinator-a", "password": PASSWORD, "next": next_url}
    )
    assert response["Location"] == reverse("my_centres")


def test_the_login_form_carries_the_return_address(personas, client):
    html = client.get(f"{LOGIN}?next=/centres/municipal-ishim/edit/").content.decode()
    assert '<input type="hidden" name="next" value="/centres/municipal-ishim/edit/">' in html


def test_logging_out_leads_to_the_home_page_signed_out(personas):
    client = client_for(personas.coordinator_a)
    response = client.post(reverse("logout"), follow=True)
    assert response.redirect_chain == [(reverse("home"), 302)]
    assert ">Войти</a>" in response.content.decode()
