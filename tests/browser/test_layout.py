"""Pages fit real screens: the navigation from 1200 px up, the tables on a 390 px phone."""

from io import StringIO

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command

from centres.models import Centre
from tests.factories import UserFactory
from tests.helpers import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Thirty characters, the longest name people pick in practice.
LONG_NAMES = {
    "staff": "staff-aleksandra-konstantinova",
    "coordinator": "koordinator-ekaterinburg-oblas",
}
PAGES = ["/", "/my/", "/centres/", "/surveys/ural-network-functions/"]
DESKTOPS = [1200, 1280, 1366]
PHONE = {"width": 390, "height": 844}


def person(role):
    """A network admin with some permissions, or a centre's coordinator; None is anonymous."""
    if role == "anonymous":
        return None
    user = UserFactory(username=LONG_NAMES[role], is_staff=role == "staff")
    assert len(user.username) == 30
    if role == "staff":
        user.user_permissions.add(
            *Permission.objects.filter(codename__in=["change_centre", "view_response"])
        )
    else:
        Centre.objects.get(slug="municipal-tobolsk").coordinators.add(user)
    return user


def box(page, selector):
    """The element's left and right edges, and the window's width."""
    return page.evaluate(
        """selector => {
            const rect = document.querySelector(selector).getBoundingClientRect();
            return {left: rect.left, right: rect.right, width: window.innerWidth,
                    visible: rect.width > 0 && rect.height > 0};
        }""",
        selector,
    )


def within_window(page, selector):
    edges = box(page, selector)
    return edges["visible"] and edges["left"] >= 0 and edges["right"] <= edges["width"]


WRAPPED_NAV_ITEMS = """() => [...document.querySelectorAll('.site-header .nav-link')]
    .filter(link => link.offsetParent !== null)
    .filter(link => {
        const style = getComputedStyle(link);
        const text = link.getBoundingClientRect().height
            - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom);
        return text > 1.5 * parseFloat(style.lineHeight);
    })
    .map(link => link.textContent.trim())"""


@pytest.mark.parametrize("role", ["anonymous", "coordinator", "staff"])
def test_the_navigation_fits_from_1200_px_up(page, role):
    call_command("seed_network", stdout=StringIO())
    user = person(role)
    if user:
        sign_in(page, user)
    measured = {}
    for width in DESKTOPS:
        page.set_viewport_size({"width": width, "height": 900})
        for url in PAGES if user else [url for url in PAGES if url != "/my/"]:
            page.goto(url)
            where = f"{url} at {width} px"
            measured[where] = page.evaluate(
                "[document.documentElement.scrollWidth, window.innerWidth]"
            )
            assert measured[where][0] <= measured[where][1], where
            assert not page.locator(".navbar-toggler").is_visible(), where
            assert page.evaluate(WRAPPED_NAV_ITEMS) == [], where
            assert within_window(page, ".language-switch button"), where
            if not user:
                assert within_window(page, '.site-header a[href^="/accounts/login/"]'), where
                continue
            # The name is cut short on the bar; the button's name and title carry it whole.
            account = page.get_by_role("button", name=f"Учётная запись: {user.username}")
            assert account.get_attribute("title") == user.username
            assert within_window(page, "#account-toggle"), where
            account.click()
            logout = page.get_by_role("button", name="Выйти")
            logout.wait_for(state="visible")
            assert within_window(page, ".site-header button.logout"), where
            page.keyboard.press("Escape")
            assert not logout.is_visible()
    assert measured  # three widths of every page were measured


def test_the_collapsed_menu_works_on_a_phone(page):
    call_command("seed_network", stdout=StringIO())
    user = person("staff")
    sign_in(page, user)
    page.set_viewport_size(PHONE)
    page.goto("/centres/")
    registry = page.get_by_role("link", name="Реестр", exact=True)
    assert not registry.is_visible()
    page.get_by_role("button", name="Меню").click()
    registry.wait_for(state="visible")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.get_by_role("button", name=f"Учётная запись: {user.username}").click()
    page.get_by_role("button", name="Выйти").wait_for(state="visible")
    assert page.get_by_role("link", name="Администрирование").is_visible()
    assert within_window(page, ".site-header button.logout")
    page.get_by_role("button", name="Выйти").click()
    page.wait_for_url(lambda url: url.endswith("/"))
    page.get_by_role("button", name="Меню").click()
    assert page.get_by_role("link", name="Войти").is_visible()


def test_the_longest_user_name_django_allows_fits_a_phone(page):
    """150 characters: the open menu and the history, which names the editor, stay on screen."""
    call_command("seed_network", stdout=StringIO())
    user = UserFactory(username="W" * 150)
    centre = Centre.objects.get(slug="municipal-tobolsk")
    centre.coordinators.add(user)
    sign_in(page, user)
    page.goto(f"/centres/{centre.slug}/edit/")
    page.get_by_role("button", name="Сохранить профиль").click()
    # Saved: the history names the editor.
    page.wait_for_url(lambda url: url.endswith(f"/centres/{centre.slug}/"))
    page.set_viewport_size(PHONE)
    page.goto("/my/")
    page.get_by_role("button", name="Меню").click()
    page.get_by_role("button", name=f"Учётная запись: {user.username}").click()
    # Measured once the button is shown: on a slow machine the menu may still be opening.
    page.get_by_role("button", name="Выйти").wait_for(state="visible")
    assert page.evaluate("document.documentElement.scrollWidth") == PHONE["width"]
    assert within_window(page, ".site-header button.logout")
    page.goto(f"/centres/{centre.slug}/history/")
    assert page.evaluate("document.documentElement.scrollWidth") == PHONE["width"]


def test_a_coordinators_pages_fit_a_phone(page):
    call_command("seed_network", stdout=StringIO())
    sign_in(page, person("coordinator"))
    page.set_viewport_size(PHONE)
    widths = {}
    for url in [
        "/my/",
        "/centres/municipal-tobolsk/edit/",
        "/centres/municipal-tobolsk/history/",
        # With the form that keeps the result on the centre's profile.
        "/self-assessment/?organisation=centre&beyond_sector=no&characteristics=1",
    ]:
        page.goto(url)
        widths[url] = page.evaluate("document.documentElement.scrollWidth")
    assert widths == dict.fromkeys(widths, PHONE["width"])


def test_the_survey_figures_stay_on_a_phone_screen(browser, live_server):
    call_command("seed_network", stdout=StringIO())
    context = browser.new_context(base_url=live_server.url, viewport=PHONE)
    phone = context.new_page()
    phone.goto("/surveys/ural-network-functions/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    cells = phone.evaluate(
        """() => [...document.querySelectorAll('.results-table .percent, .results-table svg.bar')]
              .map(cell => { const rect = cell.getBoundingClientRect();
                             return [rect.left, rect.right, rect.width]; })"""
    )
    assert len(cells) == 2 * 26  # the source's 26 options, each with its percent and bar
    for left, right, width in cells:
        assert 0 <= left and right <= PHONE["width"] and width > 0
    # The count's heading is «n» to the eye and «Респондентов» to a screen reader.
    first = phone.get_by_role("table").first
    assert first.locator("thead .count-short").inner_text() == "n"
    assert first.get_by_role("columnheader", name="Респондентов", exact=True).count() == 1
    context.close()


def test_nothing_on_the_comparison_sticks_out_on_a_phone(browser, live_server):
    call_command("seed_network", stdout=StringIO())
    context = browser.new_context(base_url=live_server.url, viewport=PHONE)
    phone = context.new_page()
    phone.goto("/models/compare/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert (
        phone.evaluate(
            """() => [...document.querySelectorAll('body *')]
                  .filter(el => el.getBoundingClientRect().right > window.innerWidth + 0.5)
                  .length"""
        )
        == 0
    )
    context.close()


SCROLLING_TABLES = """() => [...document.querySelectorAll('.table-responsive')].map(wrapper => {
    const note = wrapper.previousElementSibling;
    return {
        scrolls: wrapper.scrollWidth > wrapper.clientWidth,
        note: !!note && note.matches('.scroll-note') && note.offsetParent !== null,
        focusable: wrapper.tabIndex === 0,
    };
})"""


@pytest.mark.parametrize("viewport", [PHONE, {"width": 1280, "height": 900}])
def test_the_sideways_note_shows_only_over_a_table_that_scrolls(browser, live_server, viewport):
    call_command("seed_network", stdout=StringIO())
    context = browser.new_context(base_url=live_server.url, viewport=viewport)
    tab = context.new_page()
    tables = {}
    for url in ["/", "/models/compare/", "/surveys/ural-network-functions/"]:
        tab.goto(url)
        tables[url] = tab.evaluate(SCROLLING_TABLES)
    context.close()
    assert all(tables.values())  # every page has its table
    for url, found in tables.items():
        for table in found:
            assert table["note"] == table["scrolls"], (url, table)
            if table["scrolls"]:  # the keyboard can scroll it too
                assert table["focusable"], url


def test_the_map_legend_tells_the_levels_apart_without_colour(page):
    call_command("seed_network", stdout=StringIO())
    page.goto("/centres/")
    page.wait_for_selector("#registry-map[data-markers='30']")
    legend = page.locator("#registry-map-legend")
    assert legend.is_visible()
    assert legend.get_by_role("listitem").all_inner_texts() == [
        "Региональные РЦ",
        "Муниципальные РЦ",
        "Партнёры",
    ]
    shapes = {}
    for level in ["regional", "municipal", "partner"]:
        shape = """element => { const style = getComputedStyle(element);
            return [style.width, style.borderTopLeftRadius, style.backgroundColor]; }"""
        in_legend = legend.locator(f".marker-{level}").evaluate(shape)
        on_map = page.locator(f"#registry-map .centre-marker.marker-{level}")
        assert on_map.count() == Centre.objects.filter(level=level, is_published=True).count()
        assert on_map.first.evaluate(shape) == in_legend, level
        shapes[level] = tuple(in_legend[:2])  # size and corners, colour left out
    assert len(set(shapes.values())) == 3, shapes


def test_a_profile_with_long_addresses_fits_a_phone_and_a_desktop(page):
    """A municipal site's deep link, a long e-mail, a document's address in the description."""
    call_command("seed_network", stdout=StringIO())
    document = "https://almenevo.kurganobl.ru/upload/iblock/3f2/Polozhenie_o_resursnom_centre.pdf"
    Centre.objects.filter(slug="municipal-almenevo").update(
        website="https://almenevo.kurganobl.ru/index.php?option=com_content&view=article"
        "&id=1234&Itemid=567&lang=ru&format=html&print=1&layout=default&tmpl=component",
        email="resursnyj.centr.almenevskogo.okruga@kurganobl.ru",
        description=f"Положение о центре: {document}",
    )
    for viewport in [PHONE, {"width": 1280, "height": 900}]:
        page.set_viewport_size(viewport)
        page.goto("/centres/municipal-almenevo/")
        assert page.evaluate("document.documentElement.scrollWidth") == viewport["width"]
    # The document's address in the description is a link.
    assert page.get_by_role("link", name=document).get_attribute("href") == document
