"""The permission ladder of every URL that reads or changes coordinator data."""

import pytest
from django.urls import reverse

from centres.models import Centre
from models_catalog.models import OrganisationalModel
from tests.helpers import client_for, profile_post

pytestmark = pytest.mark.django_db

LOGIN = reverse("login")


def requests_for(people):
    """(name, method, url, data) for every coordinator URL, all aimed at centre A."""
    centre = people.centre_a
    record = centre.history.earliest("history_id")
    answers = "organisation=centre&beyond_sector=no&characteristics=1"
    return [
        ("my centres", "get", reverse("my_centres"), None),
        ("edit form", "get", reverse("centres:edit", args=[centre.slug]), None),
        ("edit save", "post", reverse("centres:edit", args=[centre.slug]),
         profile_post(centre, phone="+7 3456 11-11-11")),
        ("set model", "post", reverse("centres:edit", args=[centre.slug]),
         profile_post(centre, organisational_model=OrganisationalModel.objects.get(number=3).pk)),
        ("confirm", "post", reverse("centres:confirm", args=[centre.slug]),
         {"version": centre.version}),
        ("history", "get", reverse("centres:history", args=[centre.slug]), None),
        ("revert", "post", reverse("centres:revert", args=[centre.slug, record.history_id]), {}),
        ("save assessment", "post", reverse("models_catalog:save_self_assessment"),
         {"centre": centre.slug, "answers": answers}),
    ]  # fmt: skip


# Expected status for each persona (tests/conftest.py describes them):
# 200 page, 302 done (redirect), 403 refused.
PERSONAS = ("outsider", "coordinator_b", "coordinator_a", "centre_editor", "admin")
LADDER = {
    "my centres": (200, 200, 200, 200, 200),
    "edit form": (403, 403, 200, 200, 200),
    "edit save": (403, 403, 302, 302, 302),
    "set model": (403, 403, 302, 302, 302),
    "confirm": (403, 403, 302, 302, 302),
    "history": (403, 403, 200, 200, 200),
    "revert": (403, 403, 403, 302, 302),
    "save assessment": (403, 403, 302, 302, 302),
}


@pytest.mark.parametrize("name", LADDER)
def test_anonymous_visitors_are_sent_to_log_in(personas, name):
    _name, method, url, data = next(r for r in requests_for(personas) if r[0] == name)
    response = getattr(client_for(None), method)(url, data)
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", LADDER)
def test_the_permission_ladder(personas, persona, name):
    _name, method, url, data = next(r for r in requests_for(personas) if r[0] == name)
    response = getattr(client_for(getattr(personas, persona)), method)(url, data)
    assert response.status_code == dict(zip(PERSONAS, LADDER[name], strict=True))[persona]
    if response.status_code == 403:
        assert "Доступ запрещён" in response.content.decode()


def test_a_coordinator_of_b_posting_to_a_changes_nothing(personas):
    centre = personas.centre_a
    before = (centre.name, centre.phone, centre.version, centre.last_verified)
    client = client_for(personas.coordinator_b)
    url = reverse("centres:edit", args=[centre.slug])
    client.post(url, profile_post(centre, name="Захвачено", phone="+7 000 000-00-00"))
    client.post(reverse("centres:confirm", args=[centre.slug]), {"version": centre.version})
    centre.refresh_from_db()
    assert (centre.name, centre.phone, centre.version, centre.last_verified) == before
    assert centre.history.count() == 1


def test_a_coordinator_cannot_open_the_admin(personas):
    response = client_for(personas.coordinator_a).get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_an_inactive_coordinator_is_refused(personas):
    personas.coordinator_a.is_active = False
    personas.coordinator_a.save()
    client = client_for(personas.coordinator_a)
    assert client.get(reverse("centres:edit", args=[personas.centre_a.slug])).status_code == 302


def test_the_profile_offers_editing_only_to_editors(personas, client):
    url = personas.centre_a.get_absolute_url()
    edit = reverse("centres:edit", args=[personas.centre_a.slug])
    assert edit not in client.get(url).content.decode()
    assert edit not in client_for(personas.coordinator_b).get(url).content.decode()
    assert edit in client_for(personas.coordinator_a).get(url).content.decode()
    assert edit in client_for(personas.centre_editor).get(url).content.decode()


def test_coordinators_may_edit_their_unpublished_centre(personas):
    Centre.objects.filter(pk=personas.centre_a.pk).update(is_published=False)
    url = reverse("centres:edit", args=[personas.centre_a.slug])
    assert client_for(personas.coordinator_a).get(url).status_code == 200


def test_a_coordinator_of_another_centre_is_told_why_not(personas):
    response = client_for(personas.coordinator_b).get(
        reverse("centres:edit", args=[personas.centre_a.slug])
    )
    assert response.status_code == 403
    assert (
        f"Вы не координатор центра «{personas.centre_a.name}»: его профиль ведут его "
        "координаторы и администраторы сети."
    ) in response.content.decode()
