"""A centre's profile lists its saved self-assessments and what changed between them."""

from datetime import timedelta

import pytest
from django.utils import formats, timezone

from models_catalog.models import Characteristic, OrganisationalModel, SavedAssessment

pytestmark = pytest.mark.django_db


def save(centre, numbers, model=None, days_ago=0):
    assessment = SavedAssessment.objects.create(
        centre=centre,
        answers="organisation=none",
        model=OrganisationalModel.objects.filter(number=model).first(),
        held=len(numbers),
        total=11,
    )
    assessment.characteristics.set(Characteristic.objects.filter(order__in=numbers))
    created = timezone.now() - timedelta(days=days_ago)
    SavedAssessment.objects.filter(pk=assessment.pk).update(created=created)
    return formats.date_format(timezone.localtime(created).date(), "j E Y")


def history(client, centre):
    html = client.get(centre.get_absolute_url()).content.decode()
    if 'id="assessment-history"' not in html:
        return None
    start = html.index('id="assessment-history"')
    items = html[start : html.index("</ol>", start)].split('<li class="mb-2">')[1:]
    return [" ".join(item.split()) for item in items]


def test_the_history_shows_each_result_and_what_changed(client, personas):
    centre = personas.centre_a
    first = save(centre, [1, 5], model=2, days_ago=400)
    second = save(centre, [1, 2], model=3, days_ago=100)
    third = save(centre, [1, 2], model=3, days_ago=1)
    newest, middle, oldest = history(client, centre)

    assert f"{third}</a>: Модель 3: «Муниципальный ресурсный центр»;" in newest
    assert "выполняются 2 из 11: 1, 2." in newest
    assert "без изменений по сравнению с предыдущей" in newest

    assert f"{second}</a>:" in middle
    assert "модель изменилась: Модель 2" in middle
    assert "→ Модель 3" in middle
    two = Characteristic.objects.get(order=2).text
    five = Characteristic.objects.get(order=5).text
    assert f'теперь выполняется: 2. <span class="source-text">{two}</span>' in middle
    assert f'больше не выполняется: 5. <span class="source-text">{five}</span>' in middle
    assert "без изменений" not in middle

    assert f"{first}</a>:" in oldest
    assert "выполняются 2 из 11: 1, 5." in oldest
    assert 'class="mb-0 changes"' not in oldest  # nothing before it to compare with


def test_a_result_with_nothing_held_says_so(client, personas):
    save(personas.centre_a, [3], days_ago=5)
    save(personas.centre_a, [])
    newest, _ = history(client, personas.centre_a)
    assert "не выполняется ни одна из 11 характеристик." in newest
    assert "модель изменилась" not in newest  # neither result had a model
    assert "больше не выполняется: 3." in newest


def test_a_single_result_needs_no_history(client, personas):
    save(personas.centre_a, [1])
    assert history(client, personas.centre_a) is None


@pytest.mark.parametrize("results", [2, 30])
def test_the_profile_runs_the_same_queries_however_many_results(
    client, personas, django_assert_num_queries, results
):
    for days_ago in range(results):
        save(personas.centre_a, list(range(1, 1 + days_ago % 12)), model=3, days_ago=days_ago)
    # The centre, its members, the results with their models, their characteristics.
    with django_assert_num_queries(4):
        response = client.get(personas.centre_a.get_absolute_url())
    assert len(history(client, personas.centre_a)) == results
    assert response.status_code == 200
