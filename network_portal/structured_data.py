"""schema.org JSON-LD for search engines and aggregators: the site, and each centre as an NGO.

A template library (TEMPLATES' «libraries» setting): `{% load structured_data %}`.
"""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from centres.models import Level

register = template.Library()

# As django.utils.html.json_script escapes: no text a coordinator types into a
# profile («</script><script>…») can end the block or start markup.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def json_ld(data):
    """A <script type="application/ld+json"> element holding `data`."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text.translate(JSON_SCRIPT_ESCAPES)),  # noqa: S308 - escaped just above
    )


def site_name():
    return _("Ural network of resource centres") + " · #УралНКО"


@register.simple_tag(takes_context=True)
def website_data(context):
    """The portal as a schema.org WebSite, with its registry search."""
    request = context.get("request")
    if request is None:
        return ""
    root = request.build_absolute_uri("/")
    search = request.build_absolute_uri(reverse("centres:list"))
    return json_ld(
        {
            "@context": "https://schema.org",
            "@type": "WebSite",
            "name": site_name(),
            "url": root,
            "inLanguage": "ru",
            "potentialAction": {
                "@type": "SearchAction",
                "target": f"{search}?q={{search_term_string}}",
                "query-input": "required name=search_term_string",
            },
        }
    )


def organisation_id(request, centre):
    return request.build_absolute_uri(centre.get_absolute_url()) + "#organization"


def centre_data(request, centre):
    """A published centre as a schema.org NGO: what its profile page shows."""
    url = request.build_absolute_uri(centre.get_absolute_url())
    address = {
        "@type": "PostalAddress",
        "addressCountry": "RU",
        "addressRegion": centre.region.name,
    }
    if centre.territory:
        address["addressLocality"] = centre.territory.label
    if centre.address:
        address["streetAddress"] = centre.address
    # A regional centre serves its region; the others their own territory.
    served = (
        centre.territory.label if centre.territory and centre.level != Level.REGIONAL else None
    )
    data = {
        "@context": "https://schema.org",
        "@type": "NGO",
        "@id": organisation_id(request, centre),
        "name": centre.name,
        "url": url,
        "address": address,
        "areaServed": {"@type": "AdministrativeArea", "name": served or centre.region.name},
    }
    if centre.description:
        data["description"] = centre.description
    if centre.phone:
        data["telephone"] = centre.phone
    if centre.email:
        data["email"] = centre.email
    pages = [centre.website, centre.vk_url, centre.telegram_url, centre.ok_url]
    if same_as := [page for page in pages if page]:
        data["sameAs"] = same_as
    if centre.has_coordinates:
        data["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(centre.latitude),
            "longitude": float(centre.longitude),
        }
    if parent := centre.public_parent:
        data["parentOrganization"] = {
            "@type": "NGO",
            "@id": organisation_id(request, parent),
            "name": parent.name,
            "url": request.build_absolute_uri(parent.get_absolute_url()),
        }
    return data


@register.simple_tag(takes_context=True)
def centre_structured_data(context, centre):
    """The centre's JSON-LD block, for its profile page."""
    request = context.get("request")
    if request is None or not centre.is_published:
        return ""
    return json_ld(centre_data(request, centre))
