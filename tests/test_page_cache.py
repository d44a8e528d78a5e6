"""Public pages come from the cache until the content changes."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from centres.models import Centre
from surveys.models import Option, Response, Survey
from tests.helpers import client_for

# Real commits: the cache learns of a change when it is committed.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 600
    cache.clear()


def test_a_second_anonymous_visit_runs_no_query(client, network, django_assert_num_queries):
    client.get(reverse("centres:list"))
    with django_assert_num_queries(0):
        response = client.get(reverse("centres:list"))
    assert response.status_code == 200
    assert "Реестр сети" in response.content.decode()


def test_an_edit_is_visible_on_the_next_request(client, personas):
    url = personas.centre_a.get_absolute_url()
    assert "+7 3456 22-22-22" not in client.get(url).content.decode()
    centre = personas.centre_a
    centre.phone = "+7 3456 22-22-22"
    centre.save()
    assert "+7 3456 22-22-22" in client.get(url).content.decode()
    assert "+7 3456 22-22-22" in client.get(reverse("centres:export_csv")).content.decode()


def test_signed_in_people_always_get_a_fresh_page(personas):
    coordinator = client_for(personas.coordinator_a)
    url = personas.centre_a.get_absolute_url()
    client_for(None).get(url)  # cached for visitors, without editing links
    assert (
        reverse("centres:edit", args=[personas.centre_a.slug])
        in coordinator.get(url).content.decode()
    )


def test_each_language_has_its_own_copy(client, network):
    client.get("/")
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "Registry" in client.get("/").content.decode()
    # The English copy, now cached too, is not what a Russian visitor gets.
    assert "Реестр" in client_for(None).get("/").content.decode()


def test_imported_and_typed_in_answers_show_at_once(client, network, tmp_path):
    survey_url = reverse("surveys:detail", args=["ural-network-functions"])
    assert "n = 11" in client.get(survey_url).content.decode()
    survey = Survey.objects.get(slug="ural-network-functions")
    response = Response.objects.create(survey=survey, respondent="Новая анкета")
    response.options.add(Option.objects.get(text="Консультирование НКО"))
    assert "n = 12" in client.get(survey_url).content.decode()

    path = tmp_path / "answers.csv"
    path.write_text("respondent,rc_functions\nИмпорт 1,Развитие сектора\n", encoding="utf-8")
    call_command("import_responses", "ural-network-functions", str(path), stdout=StringIO())
    assert "n = 13" in client.get(survey_url).content.decode()


def test_unpublishing_hides_the_profile_at_once(client, network):
    url = reverse("centres:detail", args=["municipal-ishim"])
    assert client.get(url).status_code == 200
    centre = Centre.objects.get(slug="municipal-ishim")
    centre.is_published = False
    centre.save()
    assert client.get(url).status_code == 404


def test_each_host_has_its_own_copy(client, network, settings):
    """A page that shows its own full address must not show another host's to everyone."""
    settings.ALLOWED_HOSTS = ["portal.example", "testserver"]
    url = "/self-assessment/?organisation=specialist&characteristics=2"
    client.get(url, HTTP_HOST="portal.example:6666")
    assert "http://testserver/self-assessment/" in client.get(url).content.decode()


def test_a_centre_s_online_answer_is_counted_on_the_next_request(client, personas):
    survey = Survey.objects.get(slug="ural-network-functions")
    today = timezone.localdate()
    survey.opens_on, survey.closes_on = today - timedelta(days=1), today + timedelta(days=1)
    survey.save()
    results = reverse("surveys:detail", args=[survey.slug])
    filtered = {"level": personas.centre_a.level}
    assert "n = 0" in client.get(results, filtered).content.decode()
    option = Option.objects.filter(question__survey=survey).first()
    answer = reverse("surveys:answer", args=[survey.slug, personas.centre_a.slug])
    client_for(personas.coordinator_a).post(
        answer, {f"question_{option.question.code}": [option.pk]}
    )
    assert "n = 1" in client.get(results, filtered).content.decode()
    assert "n = 12" in client.get(results).content.decode()
