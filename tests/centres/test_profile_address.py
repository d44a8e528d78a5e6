from django.urls import reverse, set_script_prefix

from centres.models import Centre


def test_a_profile_address_is_what_the_url_configuration_gives(network):
    for centre in Centre.objects.all()[:5]:
        assert centre.get_absolute_url() == reverse("centres:detail", args=[centre.slug])


def test_a_profile_address_follows_the_sites_prefix(network):
    centre = Centre.objects.first()
    set_script_prefix("/portal/")
    try:
        assert centre.get_absolute_url() == f"/portal/centres/{centre.slug}/"
    finally:
        set_script_prefix("/")
    assert centre.get_absolute_url() == f"/centres/{centre.slug}/"
