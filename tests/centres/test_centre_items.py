"""The registry's and a profile's list of centres, built by a tag, reads as the template did."""

from datetime import timedelta

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from centres.models import Centre
from models_catalog.models import OrganisationalModel
from tests.factories import CentreFactory

pytestmark = pytest.mark.django_db

BY_TEMPLATE = Template(
    '{% include "centres/includes/_centre_list_group.html" with centres=centres'
    " show_region=show_region show_upkeep=show_upkeep %}"
)
BY_TAG = Template(
    "{% load portal %}{% centre_items centres show_region=show_region show_upkeep=show_upkeep %}"
)


@pytest.mark.parametrize("language", ["ru", "en"])
def test_the_tag_gives_the_html_the_template_gave(network, language):
    """Every kind of item: with and without a territory, a model, a descriptive name,
    a confirmed, stale or never confirmed profile, and a name with HTML in it."""
    centres = list(Centre.objects.published().select_related("region", "territory")[:30])
    model = OrganisationalModel.objects.get(number=1)
    Centre.objects.filter(pk=centres[0].pk).update(organisational_model=model, territory=None)
    Centre.objects.filter(pk=centres[1].pk).update(name_is_descriptive=True)
    Centre.objects.filter(pk=centres[2].pk).update(last_verified=timezone.localdate())
    Centre.objects.filter(pk=centres[3].pk).update(
        last_verified=timezone.localdate() - timedelta(days=800)
    )
    CentreFactory(name='<b>«Ресурс» & "Ко"</b>', region=centres[0].region, territory=None)
    listed = list(
        Centre.objects.published().select_related("region", "territory", "organisational_model")
    )
    assert any(c.territory is None for c in listed) and any(c.territory for c in listed)
    with translation.override(language):
        for show_region in (False, True):
            for show_upkeep in (False, True):
                context = {
                    "centres": listed,
                    "show_region": show_region,
                    "show_upkeep": show_upkeep,
                }
                by_tag = BY_TAG.render(Context(context))
                assert by_tag == BY_TEMPLATE.render(Context(context))
    assert "&lt;b&gt;«Ресурс» &amp; &quot;Ко&quot;&lt;/b&gt;" in by_tag
    assert "<b>«Ресурс»" not in by_tag
