"""A centre's organisational model: one value on the profile, and where it came from."""

import pytest
from django.db import IntegrityError
from django.urls import reverse
from django.utils import formats, timezone

from centres.editing import describe_changes
from centres.models import Centre, ModelSetBy
from models_catalog.models import OrganisationalModel, SavedAssessment
from tests.helpers import client_for, profile_post, source_lines

pytestmark = pytest.mark.django_db

SAVE = reverse("models_catalog:save_self_assessment")
MODEL_3 = "organisation=centre&beyond_sector=no&characteristics=1&characteristics=2"


def model_line(html):
    start = html.index('id="organisational-model"')
    return html[start : html.index("</dd>", start)]


def registry_slugs(client, **params):
    return [
        centre.slug for centre in client.get(reverse("centres:list"), params).context["page_obj"]
    ]


def test_a_saved_result_sets_the_model_the_profile_and_the_registry_show(personas, client):
    centre = personas.centre_a
    version = centre.version
    assert centre.slug not in registry_slugs(client, model="3")
    result = client_for(personas.coordinator_a).get(
        f"{reverse('models_catalog:self_assessment')}?{MODEL_3}"
    )
    assert "Ничего не сохраняется, пока вы не сохраните результат здесь" in result.content.decode()

    client_for(personas.coordinator_a).post(SAVE, {"centre": centre.slug, "answers": MODEL_3})

    html = client.get(centre.get_absolute_url()).content.decode()
    line = model_line(html)
    today = formats.date_format(timezone.localdate(), "j E Y")
    assert "Модель 3: «Муниципальный ресурсный центр»" in line
    assert f"по самооценке от {today}" in line
    assert "ещё не определена" not in html
    assert 'id="assessment-model-differs"' not in html
    assert centre.slug in registry_slugs(client, model="3")
    centre.refresh_from_db()
    assert centre.version == version + 1
    latest = centre.history.latest("history_id")
    assert latest.history_change_reason == "сохранена самооценка"
    assert latest.history_user == personas.coordinator_a


def test_a_result_with_no_model_says_so_by_its_date(personas, client):
    centre = personas.centre_a
    client_for(personas.coordinator_a).post(
        SAVE, {"centre": centre.slug, "answers": "organisation=none"}
    )
    line = model_line(client.get(centre.get_absolute_url()).content.decode())
    assert "пока не подходит ни одна из четырёх моделей" in line
    assert "по самооценке от" in line


def test_the_result_and_the_model_are_saved_together_or_not_at_all(personas, monkeypatch):
    def refuse(*args, **kwargs):
        raise IntegrityError("the centre could not be saved")

    monkeypatch.setattr(Centre, "save", refuse)
    client = client_for(personas.coordinator_a)
    client.raise_request_exception = False
    response = client.post(SAVE, {"centre": personas.centre_a.slug, "answers": MODEL_3})
    assert response.status_code == 500
    assert not SavedAssessment.objects.exists()
    assert Centre.objects.get(pk=personas.centre_a.pk).organisational_model is None


def test_an_editor_with_the_form_open_is_told_a_result_changed_the_model(personas):
    centre = personas.centre_a
    opened = profile_post(centre, phone="+7 3456 12-34-56")
    client_for(personas.coordinator_a).post(SAVE, {"centre": centre.slug, "answers": MODEL_3})

    response = client_for(personas.centre_editor).post(
        reverse("centres:edit", args=[centre.slug]), opened
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="edit-conflict"' in html
    assert "«—» → «Модель 3: «Муниципальный ресурсный центр»»" in html
    centre.refresh_from_db()
    assert centre.organisational_model.number == 3 and centre.phone == ""


def test_the_coordinator_sets_the_model_in_the_edit_form(personas, client):
    centre = personas.centre_a
    model = OrganisationalModel.objects.get(number=2)
    coordinator = client_for(personas.coordinator_a)
    form = coordinator.get(reverse("centres:edit", args=[centre.slug])).content.decode()
    assert form.count('name="organisational_model"') == 5  # four models and «not yet»

    response = coordinator.post(
        reverse("centres:edit", args=[centre.slug]),
        profile_post(centre, organisational_model=model.pk),
    )
    assert response.status_code == 302
    line = model_line(client.get(centre.get_absolute_url()).content.decode())
    assert "Модель 2: Подведомственная" in line
    assert "указана при редактировании профиля" in line
    assert centre.slug in registry_slugs(client, model="2")
    centre.refresh_from_db()
    assert centre.organisational_model_set_by == ModelSetBy.PROFILE
    history = coordinator.get(reverse("centres:history", args=[centre.slug])).content.decode()
    assert "Модель 2: Подведомственная" in history and "pk=" not in history


def test_an_edit_that_leaves_the_model_keeps_where_it_came_from(personas):
    centre = personas.centre_a
    coordinator = client_for(personas.coordinator_a)
    coordinator.post(SAVE, {"centre": centre.slug, "answers": MODEL_3})
    centre.refresh_from_db()
    coordinator.post(
        reverse("centres:edit", args=[centre.slug]), profile_post(centre, phone="+7 3456 11-11-11")
    )
    centre.refresh_from_db()
    assert centre.phone == "+7 3456 11-11-11"
    assert centre.organisational_model_set_by == ModelSetBy.ASSESSMENT


def test_a_model_set_after_the_result_is_the_one_shown_and_the_result_says_so(personas, client):
    centre = personas.centre_a
    coordinator = client_for(personas.coordinator_a)
    coordinator.post(SAVE, {"centre": centre.slug, "answers": MODEL_3})
    centre.refresh_from_db()
    model = OrganisationalModel.objects.get(number=1)
    coordinator.post(
        reverse("centres:edit", args=[centre.slug]),
        profile_post(centre, organisational_model=model.pk),
    )
    html = client.get(centre.get_absolute_url()).content.decode()
    assert "Модель 1: Административная" in model_line(html)
    assert "по самооценке" not in model_line(html)
    assert "Организационная модель в профиле выше задана иначе" in html


@pytest.mark.parametrize("persona", ["outsider", "coordinator_b"])
def test_others_cannot_set_the_model(personas, persona):
    centre = personas.centre_a
    model = OrganisationalModel.objects.get(number=4)
    client = client_for(getattr(personas, persona))
    edit = client.post(
        reverse("centres:edit", args=[centre.slug]),
        profile_post(centre, organisational_model=model.pk),
    )
    save = client.post(
        SAVE, {"centre": centre.slug, "answers": "organisation=centre&beyond_sector=yes"}
    )
    assert (edit.status_code, save.status_code) == (403, 403)
    centre.refresh_from_db()
    assert centre.organisational_model is None
    assert not centre.assessments.exists()


def test_a_staff_change_in_the_admin_is_credited_to_the_admins(admin_client, personas, client):
    centre = personas.centre_a
    url = reverse("admin:centres_centre_change", args=[centre.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data.update(
        coordinators=[personas.coordinator_a.pk],
        organisational_model=OrganisationalModel.objects.get(number=2).pk,
        _save="1",
    )
    assert admin_client.post(url, data).status_code == 302
    line = model_line(client.get(centre.get_absolute_url()).content.decode())
    assert "Модель 2: Подведомственная" in line and "указана администраторами сети" in line


def test_a_seeded_model_is_credited_to_the_source(network, client):
    # The source names «Голышмановский городской округ» among model 4's example territories.
    lines = source_lines()
    model_4 = next(i for i, line in enumerate(lines) if line.startswith("Модель 4"))
    examples = next(line for line in lines[model_4:] if line.startswith("Примеры территорий"))
    assert "Голышмановский городской округ" in examples
    line = model_line(client.get("/centres/municipal-golyshmanovo/").content.decode())
    assert "Модель 4: «Трансформация в центр общественного развития территории»" in line
    assert "источник называет территорию центра примером этой модели" in line


def test_reverting_brings_back_the_model_and_where_it_came_from(personas):
    centre = personas.centre_a
    before = centre.history.latest("history_id")
    client_for(personas.coordinator_a).post(SAVE, {"centre": centre.slug, "answers": MODEL_3})
    response = client_for(personas.centre_editor).post(
        reverse("centres:revert", args=[centre.slug, before.history_id])
    )
    assert response.status_code == 302
    centre.refresh_from_db()
    assert centre.organisational_model is None
    assert centre.organisational_model_set_by == before.organisational_model_set_by
    assert centre.name_is_descriptive == before.name_is_descriptive
    reverted, assessed = centre.history.order_by("-history_id")[:2]
    changes = [(str(label), old, new) for label, old, new in describe_changes(reverted, assessed)]
    assert changes[0][0] == "организационная модель" and changes[0][1].number == 3
    assert changes[0][2] is None
    assert changes[1][:2] == ("откуда взята организационная модель", "по самооценке")
