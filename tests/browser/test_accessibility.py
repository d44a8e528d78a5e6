"""axe on every page, signed out, signed in and on a phone: nothing serious or critical."""

from io import StringIO

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.models import Permission
from django.core.management import call_command
from playwright.sync_api import expect

from centres.models import Centre
from tests.factories import UserFactory
from tests.helpers import page_addresses, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PUBLIC_PAGES = [
    "/",
    "/centres/",
    "/centres/?q=несуществующее",
    "/centres/?q=n.vtym",  # a search suggested in its Russian reading
    "/centres/regional-tyumen/",
    "/centres/municipal-kazym/",
    "/models/",
    "/models/compare/",
    "/models/public-development/",
    "/network/",
    "/self-assessment/",
    "/self-assessment/?organisation=specialist&beyond_sector=yes",
    "/self-assessment/?organisation=centre&beyond_sector=no&characteristics=1&characteristics=2",
    "/surveys/",
    "/surveys/ural-network-functions/",
    "/surveys/ural-network-functions/?level=partner",
    "/accounts/login/",
    "/accounts/password_reset/",
    "/no-such-page/",
]


def serious_violations(page):
    page.wait_for_load_state("load")
    results = Axe().run(page)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} — "
        + "; ".join(node["target"][0] for node in violation["nodes"][:3])
        for violation in results.response["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]


def test_public_pages_have_no_serious_accessibility_violations(page):
    call_command("seed_network", stdout=StringIO())
    found = {}
    for url in PUBLIC_PAGES:
        page.goto(url)
        if violations := serious_violations(page):
            found[url] = violations
    assert not found, "\n".join(f"{url}: {v}" for url, vs in found.items() for v in vs)


def test_coordinator_pages_have_no_serious_accessibility_violations(page, live_server):
    call_command("seed_network", stdout=StringIO())
    anna = UserFactory(username="anna")
    Centre.objects.get(slug="municipal-tobolsk").coordinators.add(anna)
    sign_in(page, anna)
    found = {}
    for url in [
        "/my/",
        "/centres/municipal-tobolsk/edit/",
        "/centres/municipal-tobolsk/history/",
        # The result page offers a coordinator to keep it on the centre's profile.
        "/self-assessment/?organisation=centre&beyond_sector=no&characteristics=1",
    ]:
        page.goto(url)
        if violations := serious_violations(page):
            found[url] = violations
    # The edit form with its error messages showing.
    page.goto("/centres/municipal-tobolsk/edit/")
    page.get_by_label("Эл. почта").fill("not-an-address")
    page.get_by_role("button", name="Сохранить профиль").click()
    expect(page.get_by_role("alert")).to_contain_text("Профиль не сохранён")
    if violations := serious_violations(page):
        found["edit form with errors"] = violations
    assert not found, "\n".join(f"{url}: {v}" for url, vs in found.items() for v in vs)


def test_every_page_signed_in_as_staff_has_no_serious_accessibility_violations(page):
    """A network admin with a long name, the account menu open on the bar too."""
    call_command("seed_network", stdout=StringIO())
    admin = UserFactory(username="staff-aleksandra-konstantinova", is_staff=True)
    admin.user_permissions.add(Permission.objects.get(codename="change_centre"))
    sign_in(page, admin)
    found = {}
    for url in dict.fromkeys([*page_addresses(), *PUBLIC_PAGES]):
        page.goto(url)
        if violations := serious_violations(page):
            found[url] = violations
    page.goto("/")
    page.locator("#account-toggle").click()
    expect(page.get_by_role("button", name="Выйти")).to_be_visible()
    if violations := serious_violations(page):
        found["account menu"] = violations
    assert not found, "\n".join(f"{url}: {v}" for url, vs in found.items() for v in vs)


def test_pages_on_a_phone_have_no_serious_accessibility_violations(browser, live_server):
    """The stacked tables, the scrolling one and the opened menu at 390 px."""
    call_command("seed_network", stdout=StringIO())
    context = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844})
    phone = context.new_page()
    found = {}
    for url in ["/", "/centres/", "/models/compare/", "/surveys/ural-network-functions/"]:
        phone.goto(url)
        if violations := serious_violations(phone):
            found[url] = violations
    phone.get_by_role("button", name="Меню").click()
    expect(phone.get_by_role("link", name="Реестр", exact=True)).to_be_visible()
    if violations := serious_violations(phone):
        found["menu"] = violations
    context.close()
    assert not found, "\n".join(f"{url}: {v}" for url, vs in found.items() for v in vs)


def test_the_keyboard_reaches_every_control_with_a_visible_focus(page):
    call_command("seed_network", stdout=StringIO())
    page.goto("/centres/")
    controls = page.evaluate(
        """() => [...document.querySelectorAll(
                  'a[href], button, input:not([type=hidden]), select')]
              .filter(el => el.offsetParent !== null).length"""
    )
    reached = set()
    for _ in range(controls + 5):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            """() => {
                const el = document.activeElement;
                const style = getComputedStyle(el);
                return {
                  key: el === document.body ? null : el.outerHTML.slice(0, 160),
                  visible: style.outlineStyle !== 'none' || style.boxShadow !== 'none',
                };
            }"""
        )
        if focused["key"] is None:  # past the last control
            break
        assert focused["visible"], f"no visible focus on {focused['key']}"
        reached.add(focused["key"])
    # Every visible control of the registry page, skip link to pagination, is reachable.
    assert len(reached) >= controls


def test_charts_have_text_equivalents(page):
    call_command("seed_network", stdout=StringIO())
    page.goto("/surveys/ural-network-functions/")
    table = page.get_by_role("table", name="РЦ, n = 11")
    assert table.get_by_role("row", name="Консультирование НКО 4 36,4 %").count() == 1
    # The bars only illustrate the table; screen readers skip them.
    bars = page.locator("svg.bar")
    assert bars.count() == 26
    assert page.locator('td[aria-hidden="true"] svg.bar').count() == 26
