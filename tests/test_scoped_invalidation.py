"""A write refreshes the cached pages that show what it changed, and only those."""

from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from django.core.management import call_command
from django.db import connection, transaction
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from centres.editing import set_model_by_assessment
from centres.models import Centre, Level, Region
from models_catalog.models import Definition, NetworkEffect, OrganisationalModel
from network_portal.cache import (
    ANY,
    GENERATION_PREFIX,
    PAGE_SCOPES,
    SITE,
    answers_changed,
    page_scopes,
)
from surveys.models import Choice, Option, Response, Survey
from tests.helpers import client_for

# Real commits: the cache learns of a change when it is committed.
pytestmark = pytest.mark.django_db(transaction=True)

REGISTRY = reverse("centres:list")
REGISTRY_CSV = reverse("centres:export_csv")
PROGRESS = reverse("models_catalog:progress")
PROGRESS_CSV = reverse("models_catalog:progress_csv")
NETWORK = reverse("models_catalog:network")
SURVEYS = reverse("surveys:list")
SURVEY = "ural-network-functions"


def profile(slug):
    return reverse("centres:detail", args=[slug])


def results(slug):
    return reverse("surveys:detail", args=[slug])


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 600
    cache.clear()


@pytest.fixture
def visitor(client):
    """An anonymous visitor who can tell a page served from the cache from a fresh one."""

    class Visitor:
        def page(self, url, **query):
            response = client.get(url, query)
            assert response.status_code == 200, url
            return response.content.decode()

        def warm(self, *urls):
            for url in urls:
                self.page(url)

        def queries(self, url, **query):
            with CaptureQueriesContext(connection) as queries:
                self.page(url, **query)
            return len(queries)

        def cached(self, url, **query):
            """Assert the page came from the cache: not one SQL query."""
            assert self.queries(url, **query) == 0, f"{url} was rendered again"

        def rendered(self, url, **query):
            """Assert the page was rendered again, not served from the cache."""
            assert self.queries(url, **query) > 0, f"{url} came from the cache"

    return Visitor()


@pytest.fixture
def second_survey(network):
    """Another published survey: the next wave of the seed survey, answered once."""
    survey = Survey.objects.get(slug=SURVEY).copy_as_new_wave()
    survey.is_published = True
    survey.save()
    response = Response.objects.create(survey=survey, respondent="Вторая волна")
    response.options.add(Option.objects.filter(question__survey=survey).first())
    return survey


def test_a_profile_edit_refreshes_the_registry_and_that_profile(visitor, network):
    tobolsk = Centre.objects.get(slug="municipal-tobolsk")
    others = [profile("municipal-ishim"), profile(tobolsk.parent.slug), results(SURVEY), PROGRESS]
    visitor.warm(REGISTRY_CSV, profile(tobolsk.slug), *others)

    tobolsk.phone = "+7 3456 22-22-22"
    tobolsk.save()

    assert "+7 3456 22-22-22" in visitor.page(profile(tobolsk.slug))
    assert "+7 3456 22-22-22" in visitor.page(REGISTRY_CSV)
    # Neither its neighbours nor the survey results show its phone.
    for url in others:
        visitor.cached(url)


def test_a_new_name_refreshes_the_profiles_that_show_it(visitor, network):
    tyumen = Centre.objects.get(slug="regional-tyumen")
    member = tyumen.children.first()
    elsewhere = Centre.objects.exclude(region=tyumen.region).filter(is_published=True).first()
    visitor.warm(REGISTRY, profile(member.slug), profile(elsewhere.slug), results(SURVEY))

    tyumen.name = "Тюменский региональный центр"
    tyumen.save()

    assert "Тюменский региональный центр" in visitor.page(profile(member.slug))
    assert "Тюменский региональный центр" in visitor.page(REGISTRY)
    visitor.cached(profile(elsewhere.slug))
    visitor.cached(results(SURVEY))  # the results never name a centre


def test_a_regional_centre_with_many_members_refreshes_them_all(visitor, network, monkeypatch):
    monkeypatch.setattr("network_portal.cache.MANY", 2)  # profiles named one by one at most
    tyumen = Centre.objects.get(slug="regional-tyumen")
    members = [profile(member.slug) for member in tyumen.children.all()]
    assert len(members) > 2
    visitor.warm(*members, results(SURVEY))

    tyumen.name = "Тюменский региональный центр"
    tyumen.save()

    for url in members:
        assert "Тюменский региональный центр" in visitor.page(url)
    visitor.cached(results(SURVEY))


def test_a_member_s_new_name_refreshes_its_regional_centre(visitor, network):
    tobolsk = Centre.objects.get(slug="municipal-tobolsk")
    visitor.warm(profile(tobolsk.parent.slug))
    tobolsk.name = "Ресурсный центр Тобольска"
    tobolsk.save()
    assert "Ресурсный центр Тобольска" in visitor.page(profile(tobolsk.parent.slug))


def test_a_centre_changing_level_refreshes_the_survey_results(visitor, network, second_survey):
    tobolsk = Centre.objects.get(slug="municipal-tobolsk")
    Response.objects.create(survey_id=second_survey.pk, respondent="Тобольск", centre=tobolsk)
    survey = results(second_survey.slug)
    assert "n = 0" in visitor.page(survey, level=Level.REGIONAL)
    visitor.warm(PROGRESS)

    tobolsk.level = Level.REGIONAL
    tobolsk.save()

    assert "n = 1" in visitor.page(survey, level=Level.REGIONAL)
    visitor.rendered(PROGRESS)  # it counts centres by level too


def test_a_centre_taking_a_model_refreshes_registry_and_surveys(visitor, network):
    tobolsk = Centre.objects.get(slug="municipal-tobolsk")
    model = OrganisationalModel.objects.get(number=2)
    visitor.warm(REGISTRY_CSV, results(SURVEY), model.get_absolute_url())

    with transaction.atomic():
        set_model_by_assessment(tobolsk, model)

    assert "municipal-tobolsk" in visitor.page(model.get_absolute_url())
    csv_row = next(row for row in visitor.page(REGISTRY_CSV).splitlines() if "tobolsk" in row)
    assert ",2," in csv_row
    visitor.rendered(results(SURVEY))  # filtered by the responding centres' models


def test_deleting_a_regional_centre_refreshes_its_members(visitor, network):
    tyumen = Centre.objects.get(slug="regional-tyumen")
    member = tyumen.children.first()
    elsewhere = Centre.objects.exclude(region=tyumen.region).filter(is_published=True).first()
    visitor.warm(REGISTRY, profile(member.slug), profile(elsewhere.slug))
    assert tyumen.name in visitor.page(profile(member.slug))

    tyumen.delete()

    assert tyumen.name not in visitor.page(profile(member.slug))
    assert tyumen.name not in visitor.page(REGISTRY)
    visitor.cached(profile(elsewhere.slug))


def test_any_save_of_a_centre_refreshes_the_sitemap(visitor, personas):
    sitemap = reverse("sitemap")
    visitor.warm(sitemap, REGISTRY)
    # Only the profile shows where its model came from; the sitemap dates every save.
    save_assessment(personas, "organisation=none&characteristics=4")
    visitor.rendered(sitemap)
    visitor.cached(REGISTRY)


def test_new_coordinators_refresh_nothing(visitor, personas):
    visitor.warm(profile(personas.centre_a.slug), REGISTRY)
    personas.centre_a.coordinators.add(personas.outsider)
    visitor.cached(profile(personas.centre_a.slug))
    visitor.cached(REGISTRY)


def test_a_person_s_new_rights_refresh_nothing(visitor, personas):
    visitor.warm(REGISTRY, results(SURVEY))
    personas.outsider.user_permissions.add(Permission.objects.get(codename="view_survey"))
    visitor.cached(REGISTRY)
    visitor.cached(results(SURVEY))


def test_an_answer_refreshes_that_survey_and_the_list(visitor, network, second_survey):
    other = results(second_survey.slug)
    survey = Survey.objects.get(slug=SURVEY)
    csv = reverse("surveys:results_csv", args=[SURVEY])
    compared = results(second_survey.slug) + f"?compare={SURVEY}"
    visitor.warm(
        results(SURVEY), csv, SURVEYS, compared, other, REGISTRY, profile("regional-tyumen")
    )

    response = Response.objects.create(survey=survey, respondent="Новая анкета")
    response.options.add(survey.questions.first().options.get(text="Консультирование НКО"))

    assert "n = 12" in visitor.page(results(SURVEY))
    assert "Консультирование НКО" in visitor.page(csv)
    assert "12 ответов" in visitor.page(SURVEYS)
    visitor.rendered(compared)  # compares with the answered survey
    visitor.cached(other)
    visitor.cached(REGISTRY)
    visitor.cached(profile("regional-tyumen"))


def test_editing_and_deleting_a_choice_refresh_that_survey(visitor, network, second_survey):
    other = results(second_survey.slug)
    survey = Survey.objects.get(slug=SURVEY)
    option = Option.objects.filter(question__survey=survey).first()
    page = visitor.page(results(SURVEY))
    visitor.warm(other)

    choice = Choice.objects.filter(option=option).first()
    choice.option = Option.objects.filter(question=option.question).exclude(pk=option.pk).first()
    choice.save()
    assert visitor.page(results(SURVEY)) != page
    visitor.cached(other)

    page = visitor.page(results(SURVEY))
    Choice.objects.filter(response__survey=survey).first().delete()
    assert visitor.page(results(SURVEY)) != page
    visitor.cached(other)

    Response.objects.filter(survey=survey).first().delete()
    assert "n = 10" in visitor.page(results(SURVEY))
    visitor.cached(other)


def test_answers_written_in_bulk_refresh_that_survey(visitor, network, second_survey):
    """What an import or an online answer calls after bulk_create, which sends no signal."""
    other = results(second_survey.slug)
    survey = Survey.objects.get(slug=SURVEY)
    visitor.warm(results(SURVEY), other, REGISTRY)

    with transaction.atomic():
        [response] = Response.objects.bulk_create([Response(survey=survey, respondent="Пакет")])
        Choice.objects.bulk_create(
            [Choice(response=response, option=survey.questions.first().options.first())]
        )
        answers_changed(survey)

    assert "n = 12" in visitor.page(results(SURVEY))
    visitor.cached(other)
    visitor.cached(REGISTRY)


def test_an_import_leaves_other_surveys_cached(visitor, network, second_survey, tmp_path):
    visitor.warm(results(SURVEY), results(second_survey.slug), REGISTRY)
    path = tmp_path / "answers.csv"
    path.write_text("respondent,rc_functions\nИмпорт 1,Развитие сектора\n", encoding="utf-8")
    call_command("import_responses", SURVEY, str(path), stdout=StringIO())
    assert "n = 12" in visitor.page(results(SURVEY))
    visitor.cached(results(second_survey.slug))
    visitor.cached(REGISTRY)


def test_an_online_answer_leaves_other_surveys_cached(visitor, personas, second_survey):
    survey = Survey.objects.get(slug=SURVEY)
    today = timezone.localdate()
    survey.opens_on, survey.closes_on = today - timedelta(days=1), today + timedelta(days=1)
    survey.save()
    visitor.warm(results(SURVEY), results(second_survey.slug), REGISTRY)
    option = Option.objects.filter(question__survey=survey).first()
    client_for(personas.coordinator_a).post(
        reverse("surveys:answer", args=[SURVEY, personas.centre_a.slug]),
        {f"question_{option.question.code}": [option.pk]},
    )
    assert "n = 12" in visitor.page(results(SURVEY))
    visitor.cached(results(second_survey.slug))
    visitor.cached(REGISTRY)


def test_deleting_a_survey_with_many_answers_refreshes_the_surveys(visitor, network):
    wave = Survey.objects.get(slug=SURVEY).copy_as_new_wave()
    wave.is_published = True
    wave.save()
    option = Option.objects.filter(question__survey=wave).first()
    responses = Response.objects.bulk_create(
        Response(survey=wave, respondent=f"Анкета {number}") for number in range(600)
    )
    Choice.objects.bulk_create(Choice(response=response, option=option) for response in responses)
    visitor.warm(SURVEYS, results(SURVEY), REGISTRY)
    assert wave.title in visitor.page(SURVEYS)

    wave.delete()  # 600 responses and 600 choices, each with its signal

    assert wave.title not in visitor.page(SURVEYS)
    visitor.rendered(results(SURVEY))  # it offered the deleted wave for comparison
    visitor.cached(REGISTRY)


def save_assessment(personas, answers):
    client_for(personas.coordinator_a).post(
        reverse("models_catalog:save_self_assessment"),
        {"centre": personas.centre_a.slug, "answers": answers},
    )


def test_a_saved_assessment_refreshes_progress_and_the_profile(visitor, personas):
    tobolsk = profile(personas.centre_a.slug)
    visitor.warm(PROGRESS, PROGRESS_CSV, tobolsk, REGISTRY, profile("municipal-ishim"))
    visitor.warm(results(SURVEY))

    # No model found: the centre keeps its (lack of) model, the registry is unchanged.
    save_assessment(personas, "organisation=none&characteristics=4")

    assert "n = 1<" in visitor.page(PROGRESS)
    assert "4,characteristic" not in visitor.page(PROGRESS_CSV)
    assert 'id="saved-assessment"' in visitor.page(tobolsk)
    visitor.cached(REGISTRY)
    visitor.cached(profile("municipal-ishim"))
    visitor.cached(results(SURVEY))


def test_an_assessment_that_sets_the_model_refreshes_the_registry(visitor, personas):
    visitor.warm(REGISTRY_CSV)
    save_assessment(personas, "organisation=specialist&characteristics=2")
    csv_row = next(row for row in visitor.page(REGISTRY_CSV).splitlines() if "tobolsk" in row)
    assert ",1," in csv_row


def test_a_catalogue_edit_refreshes_the_catalogue(visitor, network):
    effect = NetworkEffect.objects.first()
    definition = Definition.objects.terms().first()
    visitor.warm(NETWORK, "/", REGISTRY, profile("municipal-tobolsk"), results(SURVEY))

    effect.text = "взаимная поддержка без посредников"
    effect.save()
    definition.text = "Новое определение ресурсного центра."
    definition.save()

    assert "взаимная поддержка без посредников" in visitor.page(NETWORK)
    assert "Новое определение ресурсного центра." in visitor.page("/")
    visitor.cached(REGISTRY)
    visitor.cached(profile("municipal-tobolsk"))
    visitor.cached(results(SURVEY))


def test_a_model_s_new_name_refreshes_the_profiles_that_show_it(visitor, network):
    tobolsk = Centre.objects.get(slug="municipal-tobolsk")
    model = OrganisationalModel.objects.get(number=1)
    Centre.objects.filter(pk=tobolsk.pk).update(organisational_model=model)
    visitor.warm(profile(tobolsk.slug))
    model.name = "Специалист по поддержке НКО"
    model.save()
    assert "Специалист по поддержке НКО" in visitor.page(profile(tobolsk.slug))


def test_a_new_region_name_refreshes_every_page(visitor, network):
    region = Region.objects.get(centres__slug="municipal-tobolsk")
    visitor.warm(profile("municipal-tobolsk"), REGISTRY)
    region.name = "Тюменская обл."
    region.save()
    assert "Тюменская обл." in visitor.page(profile("municipal-tobolsk"))
    assert "Тюменская обл." in visitor.page(REGISTRY)


def round_trip(method):
    """Count a call of the cache's client, not the calls it makes of itself."""

    def counted(self, *args, **kwargs):
        if self.inside:
            return method(self, *args, **kwargs)
        self.calls.append(method.__name__)
        self.inside = True
        try:
            return method(self, *args, **kwargs)
        finally:
            self.inside = False

    return counted


class CountingCache(LocMemCache):
    """A local-memory cache that counts round trips (its get_many calls get, Redis's is one)."""

    calls = []
    inside = False

    get = round_trip(LocMemCache.get)
    get_many = round_trip(LocMemCache.get_many)
    set = round_trip(LocMemCache.set)
    set_many = round_trip(LocMemCache.set_many)
    add = round_trip(LocMemCache.add)


@pytest.mark.parametrize(
    "url",
    [REGISTRY, "/", profile("municipal-tobolsk"), results(SURVEY) + f"?compare={SURVEY}"],
)
def test_a_cached_page_costs_two_cache_round_trips(visitor, network, settings, url):
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": f"{__name__}.CountingCache", "LOCATION": "counting"},
    }
    visitor.warm(url)
    CountingCache.calls.clear()
    visitor.cached(url)
    assert CountingCache.calls == ["get_many", "get"]


def cached_page_names(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from cached_page_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and getattr(pattern.callback, "cached_page", False):
            yield f"{namespace}{pattern.name}"


def test_every_cached_page_says_what_it_shows():
    """A page missing from PAGE_SCOPES is still right (any write refreshes it), but slow."""
    names = set(cached_page_names(get_resolver().url_patterns))
    assert "centres:detail" in names
    assert names <= PAGE_SCOPES.keys()


def test_a_page_nobody_described_is_refreshed_by_any_write():
    assert page_scopes(RequestFactory().get("/")) == [SITE, ANY]


def generation_keys():
    return {key for key in cache._cache if GENERATION_PREFIX in key}


def test_a_page_that_does_not_exist_leaves_nothing_in_the_cache(visitor, network, client):
    visitor.warm(REGISTRY)
    kept = generation_keys()
    for number in range(20):
        assert client.get(profile(f"no-such-centre-{number}")).status_code == 404
        assert client.get(results(f"no-such-survey-{number}")).status_code == 404
    assert generation_keys() == kept


def test_many_compared_surveys_add_one_scope_at_most(visitor, network):
    """A query string can't make one request write a cache entry per value it repeats."""
    url = results(SURVEY) + "?" + "&".join(f"compare=wave-{n}" for n in range(300))
    before = generation_keys()
    visitor.page(url)
    assert len(generation_keys() - before) <= 3


def test_search_documents_written_afresh_refresh_the_registry_only(visitor, network):
    """What `rebuild_search_documents` does after a rename made without saves."""
    search = {"q": "Зауральская"}
    visitor.warm(results(SURVEY))
    assert "Найдено 0 центров" in visitor.page(REGISTRY, **search)
    Region.objects.filter(slug="kurgan-oblast").update(name="Зауральская область")
    visitor.cached(REGISTRY, **search)

    call_command("rebuild_search_documents", stdout=StringIO())

    assert 'href="/centres/regional-kurgan/"' in visitor.page(REGISTRY, **search)
    visitor.cached(results(SURVEY))
