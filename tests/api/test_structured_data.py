"""schema.org JSON-LD: each published profile describes its centre; every page, the site."""

import json
import re

import pytest
from django.urls import reverse
from pyld import jsonld

from centres.models import Centre

pytestmark = pytest.mark.django_db

SCHEMA = "https://schema.org/"
BLOCK = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def offline_loader(url, options=None):
    """schema.org's context, without the network: every term is a schema.org term."""
    assert url.rstrip("/") in {"https://schema.org", "http://schema.org"}, url
    return {
        "contextUrl": None,
        "documentUrl": url,
        "document": {"@context": {"@vocab": SCHEMA}},
    }


def blocks(html):
    """Every JSON-LD block of a page, expanded by a JSON-LD processor."""
    found = BLOCK.findall(html)
    return [jsonld.expand(json.loads(text), {"documentLoader": offline_loader}) for text in found]


def nodes_of_type(html, kind):
    return [
        node for expanded in blocks(html) for node in expanded if SCHEMA + kind in node["@type"]
    ]


def value(node, term):
    return [item.get("@value", item.get("@id")) for item in node.get(SCHEMA + term, [])]


def profile(client, slug):
    return client.get(reverse("centres:detail", args=[slug])).content.decode()


def test_a_profile_describes_its_centre_as_an_ngo(client, network):
    Centre.objects.filter(slug="municipal-tobolsk").update(
        phone="+7 3456 00-00-00",
        email="rc@tobolsk.example",
        address="ул. Ленина, 1",
        website="https://tobolsk.example/",
        vk_url="https://vk.com/tobolsk_rc",
    )
    [centre] = nodes_of_type(profile(client, "municipal-tobolsk"), "NGO")[:1]
    assert value(centre, "name") == ["Муниципальный ресурсный центр, г. Тобольск"]
    assert value(centre, "telephone") == ["+7 3456 00-00-00"]
    assert value(centre, "email") == ["rc@tobolsk.example"]
    assert value(centre, "url") == ["http://testserver/centres/municipal-tobolsk/"]
    assert set(value(centre, "sameAs")) == {
        "https://tobolsk.example/",
        "https://vk.com/tobolsk_rc",
    }
    [address] = centre[SCHEMA + "address"]
    assert value(address, "streetAddress") == ["ул. Ленина, 1"]
    assert value(address, "addressLocality") == ["г. Тобольск"]
    [area] = centre[SCHEMA + "areaServed"]
    assert value(area, "name") == ["г. Тобольск"]
    [parent] = centre[SCHEMA + "parentOrganization"]
    assert value(parent, "name") == ["Региональный ресурсный центр, г. Тюмень"]


def test_an_unpublished_regional_centre_is_no_parent_organisation(client, network):
    Centre.objects.filter(slug="regional-tyumen").update(is_published=False)
    html = profile(client, "municipal-tobolsk")
    [centre] = nodes_of_type(html, "NGO")
    assert SCHEMA + "parentOrganization" not in centre
    assert "regional-tyumen" not in html


def test_text_a_coordinator_typed_can_not_end_the_block(client, network):
    hostile = '</script><script>alert(1)</script><!-- & "quoted"'
    Centre.objects.filter(slug="municipal-tobolsk").update(name=hostile, description=hostile)
    html = profile(client, "municipal-tobolsk")
    assert "<script>alert(1)" not in html
    [centre] = nodes_of_type(html, "NGO")
    assert value(centre, "name") == [hostile]
    assert value(centre, "description") == [hostile]


def test_every_page_describes_the_site(client, network):
    for url in ["/", reverse("centres:list"), reverse("about")]:
        [site] = nodes_of_type(client.get(url).content.decode(), "WebSite")
        assert value(site, "url") == ["http://testserver/"]
        assert "#УралНКО" in value(site, "name")[0]
        [action] = site[SCHEMA + "potentialAction"]
        assert value(action, "target") == ["http://testserver/centres/?q={search_term_string}"]
