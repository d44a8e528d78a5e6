import re
import xml.etree.ElementTree as ET

import pytest
from django.contrib.staticfiles import finders
from django.templatetags.static import static

pytestmark = pytest.mark.django_db

ICON = "img/favicon.svg"


@pytest.mark.parametrize("url", ["/", "/centres/", "/accounts/login/", "/no-such-page/"])
def test_every_page_names_the_portal_icon(client, url):
    html = client.get(url).content.decode()
    assert re.search(
        rf'<link rel="icon" href="{re.escape(static(ICON))}" type="image/svg\+xml">', html
    )


def test_the_icon_is_an_svg_in_the_portal_blue():
    icon = ET.parse(finders.find(ICON)).getroot()
    assert icon.tag == "{http://www.w3.org/2000/svg}svg"
    # The navigation bar's blue (static/css/portal.css) as its background.
    assert icon.find("{http://www.w3.org/2000/svg}rect").get("fill") == "#0a58ca"


def test_browsers_asking_for_favicon_ico_get_the_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == static(ICON)
