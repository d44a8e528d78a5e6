import re

import pytest

pytestmark = pytest.mark.django_db


def test_the_interface_speaks_russian_by_default(client):
    page = client.get("/centres/").content.decode()
    assert '<html lang="ru">' in page
    assert "Реестр" in page and "Войти" in page


def test_an_english_browser_still_gets_russian_until_it_switches(client):
    page = client.get("/centres/", headers={"accept-language": "en-US,en;q=0.9"}).content.decode()
    assert "Войти" in page


def test_the_language_switch_turns_the_interface_english(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/centres/"}, follow=True)
    page = response.content.decode()
    assert '<html lang="en">' in page
    assert "Registry of the network" in page and "Log in" in page

    client.post("/i18n/setlang/", {"language": "ru", "next": "/centres/"})
    assert "Реестр сети" in client.get("/centres/").content.decode()


def test_the_navigation_names_the_sections(client):
    """Every section of the portal, in Russian, and the way to log in."""
    page = client.get("/").content.decode()
    link = r'<a class="nav-link[^"]*"[^>]*href="([^"?]+)[^"]*">([^<]+)</a>'
    links = dict(re.findall(link, page))
    assert (
        links.items()
        >= {
            "/centres/": "Реестр",
            "/models/": "Модели",
            "/network/": "Сеть",
            "/surveys/": "Исследования",
            "/accounts/login/": "Войти",
        }.items()
    )
