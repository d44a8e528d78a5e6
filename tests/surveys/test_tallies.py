"""The results come from kept counts (surveys.tallies); after every kind of write they
equal a fresh count of the answers, unfiltered and under every filter."""

import io
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Count, RestrictedError
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from centres.models import Centre, Level, Region
from models_catalog.models import OrganisationalModel
from surveys.filters import ResponseFilter
from surveys.importing import import_answers
from surveys.models import Choice, Option, Question, Response, ResponseTally, Survey, Tally
from surveys.results import compute
from surveys.tallies import fresh_counts, installed_triggers, kept_counts, recount, trigger_names
from tests.helpers import client_for, profile_post

pytestmark = pytest.mark.django_db(transaction=False)

ADD = reverse("admin:surveys_response_add")


def option(survey, text):
    return Option.objects.get(question__survey=survey, text=text)


def live(survey, responses):
    """The results as the page computed them before the kept counts: from the answers."""
    counts = dict(
        Choice.objects.filter(response__in=responses)
        .values("option")
        .annotate(n=Count("pk"))
        .values_list("option", "n")
    )
    return responses.count(), {
        pk: counts.get(pk, 0)
        for pk in Option.objects.filter(question__survey=survey).values_list("pk", flat=True)
    }


def shown(results):
    return results.base, {row.option.pk: row.count for _question, row in results.rows()}


def filters():
    """Every level, region and model alone, a pair, and none."""
    yield {}
    for level in Level.values:
        yield {"level": level}
    for slug in Region.objects.values_list("slug", flat=True):
        yield {"region": slug}
    for number in OrganisationalModel.objects.values_list("number", flat=True):
        yield {"model": str(number)}
    yield {"level": "municipal", "region": "tyumen"}
    yield {"level": "bogus", "model": "1"}  # a filter not understood is not applied


def assert_exact(survey):
    """The kept counts equal a fresh count, and the results under every filter equal
    the live computation; returns the unfiltered results' (base, counts)."""
    assert kept_counts(survey) == fresh_counts(survey)
    for params in filters():
        filterset = ResponseFilter(
            QueryDict(mutable=True) | params, queryset=survey.responses.all()
        )
        assert shown(compute(survey, filterset.cells())) == live(survey, filterset.qs), params
    assert survey.response_tallies.provenance() == survey.responses.provenance()
    return live(survey, survey.responses.all())


@pytest.fixture
def answered(small_survey):
    """The small survey answered by centres of every level and several regions and models,
    by anonymous respondents, and by one reconstructed response."""
    models = list(OrganisationalModel.objects.order_by("number"))
    tobolsk = Centre.objects.get(slug="municipal-tobolsk")  # coordinator A's
    others = Centre.objects.exclude(pk=tobolsk.pk).order_by("pk")
    centres = [tobolsk] + [
        centre
        for level in Level.values
        for centre in others.filter(level=level)[: 3 if level == Level.MUNICIPAL else 4]
    ]
    for n, centre in enumerate(centres[:8]):
        Centre.objects.filter(pk=centre.pk).update(organisational_model=models[n % len(models)])
    tasks, sizes = ["Обучение", "Консультации", "Гранты"], ["до 5", "больше 5"]
    for n, centre in enumerate(centres + [None] * 4):
        response = Response.objects.create(
            survey=small_survey,
            respondent=centre.slug if centre else f"anonymous-{n}",
            centre=centre,
            is_reconstructed=n == 13,
        )
        for text in tasks[n % 3 : n % 3 + 2] + sizes[n % 2 : n % 2 + n % 3 % 2]:
            Choice.objects.create(response=response, option=option(small_survey, text))
    assert {c.level for c in centres} == set(Level.values)
    assert len({c.region_id for c in centres}) > 1
    return small_survey


def test_the_counts_are_kept_from_the_first_answer(answered):
    base, counts = assert_exact(answered)
    assert base == 16
    assert counts[option(answered, "Консультации").pk] == 11


def test_the_triggers_are_installed(db):
    assert installed_triggers() == sorted(trigger_names())


def test_the_seed_survey_shows_the_source_s_first_figure_beside_its_own(client, survey):
    assert_exact(survey)
    html = client.get(survey.get_absolute_url()).content.decode()
    first = html.index('<td class="text-end text-nowrap percent">')
    assert "54,5&nbsp;%" in html[first : first + 200]
    assert "54,5&nbsp;%</td>" in html[first + 60 : first + 300]  # «in the source» beside it


def test_an_admin_adds_edits_and_deletes_questionnaires(admin_client, answered):
    before = assert_exact(answered)
    free = Centre.objects.exclude(survey_responses__survey=answered).order_by("pk")
    first = free[0]
    data = {
        "respondent": "С бумаги", "centre": first.pk, "date": "", "note": "",
        "question_tasks": [option(answered, "Гранты").pk],
        "question_size": [option(answered, "до 5").pk],
    }  # fmt: skip
    assert admin_client.post(f"{ADD}?survey={answered.pk}", data).status_code == 302
    added = assert_exact(answered)
    assert added[0] == before[0] + 1

    saved = Response.objects.get(respondent="С бумаги")
    change = reverse("admin:surveys_response_change", args=[saved.pk])
    other = free.exclude(level=first.level).exclude(region=first.region)[0]
    data.update(
        survey=answered.pk,
        centre=other.pk,
        is_reconstructed="on",
        question_tasks=[option(answered, "Обучение").pk, option(answered, "Консультации").pk],
    )
    assert admin_client.post(change, data).status_code == 302
    assert assert_exact(answered) != added

    delete = reverse("admin:surveys_response_delete", args=[saved.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 302
    assert assert_exact(answered) == before

    changelist = reverse("admin:surveys_response_changelist")
    chosen = [r.pk for r in answered.responses.order_by("respondent")[:5]]
    action = {"action": "delete_selected", "_selected_action": chosen, "post": "yes"}
    assert admin_client.post(changelist, action).status_code == 302
    assert assert_exact(answered)[0] == before[0] - 5


def test_an_import_adds_its_answers(answered):
    free = Centre.objects.exclude(survey_responses__survey=answered)[:3]
    rows = ["respondent,centre,tasks,size"] + [
        f"file-{n},{centre.slug},Обучение; Гранты,больше 5" for n, centre in enumerate(free)
    ]
    rows.append("file-anonymous,,Консультации,")
    before = assert_exact(answered)
    imported = import_answers(answered, io.BytesIO("\n".join(rows).encode()), "answers.csv")
    assert imported == 4
    assert assert_exact(answered)[0] == before[0] + 4


@pytest.fixture
def wave(answered):
    answered.opens_on = timezone.localdate()
    answered.closes_on = timezone.localdate()
    answered.save()
    return answered


def test_a_centre_answers_online_then_replaces_its_answers(personas, wave):
    url = reverse("surveys:answer", args=[wave.slug, personas.centre_a.slug])
    Response.objects.filter(survey=wave, centre=personas.centre_a).delete()
    before = assert_exact(wave)
    client = client_for(personas.coordinator_a)
    first = {"question_tasks": [option(wave, "Гранты").pk], "question_size": []}
    assert client.post(url, first).status_code == 302
    answered_once = assert_exact(wave)
    assert answered_once[0] == before[0] + 1
    again = {
        "question_tasks": [option(wave, "Обучение").pk, option(wave, "Консультации").pk],
        "question_size": [option(wave, "больше 5").pk],
    }
    assert client.post(url, again).status_code == 302
    replaced = assert_exact(wave)
    assert replaced[0] == answered_once[0] and replaced != answered_once


def test_deleting_an_option_a_question_or_a_centre_keeps_the_counts(answered):
    before = assert_exact(answered)
    grants = Option.objects.get(pk=option(answered, "Гранты").pk)
    size = Question.objects.get(survey=answered, code="size")
    # Answers chose them: neither goes without those answers being changed first.
    for chosen in (grants, size):
        with pytest.raises(RestrictedError):
            chosen.delete()
    assert assert_exact(answered) == before
    Choice.objects.filter(option=grants).delete()
    grants.delete()
    assert not Tally.objects.filter(option_id=grants.pk).exists()
    assert assert_exact(answered) != before
    Choice.objects.filter(option__question=size).delete()
    size.delete()
    assert assert_exact(answered)[0] == before[0]
    centre = answered.responses.exclude(centre=None)[0].centre
    centre.delete()
    assert assert_exact(answered)[0] == before[0]
    assert answered.responses.filter(centre=None).count() == 5


def test_deleting_a_survey_forgets_its_counts(answered, survey):
    seed = assert_exact(survey)
    pk = answered.pk
    assert Tally.objects.filter(survey_id=pk).exists()
    answered.delete()
    assert not Tally.objects.filter(survey_id=pk).exists()
    assert not ResponseTally.objects.filter(survey_id=pk).exists()
    assert assert_exact(survey) == seed


@pytest.mark.parametrize(
    "change",
    [
        {"level": Level.PARTNER},
        {"region": "khmao"},
        {"organisational_model": 2},
        {"organisational_model": None},
        {"is_published": False},
    ],
)
def test_a_centre_changing_level_region_or_model_moves_its_answers(answered, change):
    responses = answered.responses.exclude(centre=None).select_related("centre")
    centre = next(r.centre for r in responses if r.centre.organisational_model_id)
    before = assert_exact(answered)
    if "region" in change:
        change["region"] = Region.objects.get(slug=change["region"])
    if change.get("organisational_model"):
        change["organisational_model"] = OrganisationalModel.objects.get(number=2)
    for name, value in change.items():
        setattr(centre, name, value)
    centre.save()
    assert assert_exact(answered) == before  # the same answers, in other cells


def test_a_queryset_update_of_centres_moves_their_answers(answered):
    assert_exact(answered)
    Centre.objects.filter(level=Level.MUNICIPAL).update(
        level=Level.PARTNER, region=Region.objects.get(slug="khmao")
    )
    assert_exact(answered)
    OrganisationalModel.objects.get(number=1).delete()  # the centres' model becomes none
    assert_exact(answered)


def test_a_coordinator_sets_the_model_in_the_profile(personas, answered):
    centre = personas.centre_a
    assert answered.responses.filter(centre=centre).exists()
    before = assert_exact(answered)
    model = OrganisationalModel.objects.exclude(pk=centre.organisational_model_id)[0]
    response = client_for(personas.coordinator_a).post(
        reverse("centres:edit", args=[centre.slug]),
        profile_post(centre, organisational_model=model.pk),
    )
    assert response.status_code == 302
    centre.refresh_from_db()
    assert centre.organisational_model == model
    filterset = ResponseFilter({"model": str(model.number)}, queryset=answered.responses.all())
    assert centre.pk in filterset.qs.values_list("centre", flat=True)
    assert assert_exact(answered) == before


def test_a_saved_self_assessment_sets_the_model(personas, answered):
    centre = personas.centre_a
    before = assert_exact(answered)
    response = client_for(personas.coordinator_a).post(
        reverse("models_catalog:save_self_assessment"),
        {
            "centre": centre.slug,
            "answers": "organisation=centre&beyond_sector=no&characteristics=1&characteristics=2",
        },
    )
    assert response.status_code == 302
    centre.refresh_from_db()
    assert centre.organisational_model.number == 3
    filterset = ResponseFilter({"model": "3"}, queryset=answered.responses.all())
    assert centre.pk in filterset.qs.values_list("centre", flat=True)
    assert assert_exact(answered) == before


def test_queryset_updates_of_responses_and_choices(answered):
    before = assert_exact(answered)
    Response.objects.filter(survey=answered, centre=None).update(is_reconstructed=True)
    assert_exact(answered)
    anonymous = Response.objects.filter(survey=answered, centre=None)[0]
    Response.objects.filter(pk=anonymous.pk).update(
        centre=Centre.objects.exclude(survey_responses__survey=answered)[0]
    )
    assert_exact(answered)
    Choice.objects.filter(option=option(answered, "Обучение")).update(
        option=option(answered, "Гранты")
    )
    assert assert_exact(answered) != before


def test_a_response_deleted_before_its_choices_subtracts_them_once(answered):
    """The database checks the foreign keys at commit: either order may happen."""
    before = assert_exact(answered)
    response = answered.responses.exclude(centre=None)[0]
    with transaction.atomic():
        Response.objects.filter(pk=response.pk)._raw_delete(connection.alias)
        Choice.objects.filter(response_id=response.pk)._raw_delete(connection.alias)
    after = assert_exact(answered)
    assert after[0] == before[0] - 1


def test_a_centre_deleted_before_its_answers_let_go_of_it(answered):
    before = assert_exact(answered)
    centre = answered.responses.exclude(centre=None)[0].centre
    with transaction.atomic():
        Centre.objects.filter(pk=centre.pk)._raw_delete(connection.alias)
        Response.objects.filter(centre_id=centre.pk).update(centre=None)
    assert assert_exact(answered) == before


def test_the_survey_list_counts_from_the_kept_counts(client, answered, survey):
    html = client.get(reverse("surveys:list")).content.decode()
    assert "16 ответов" in html and "11 ответов" in html


@pytest.mark.parametrize(
    "url_name, params",
    [
        ("surveys:detail", {}),
        ("surveys:detail", {"level": "municipal", "region": "khmao", "model": "1"}),
        ("surveys:detail", {"compare": "small"}),
        ("surveys:results_csv", {"level": "partner"}),
        ("surveys:results_xlsx", {}),
    ],
)
def test_the_results_read_no_answers(client, answered, url_name, params):
    """Only the kept counts: the time does not grow with the number of answers.
    (A comparison's «took up» and «dropped» still count the centres' answers.)"""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse(url_name, args=[answered.slug]), params).status_code == 200
    tables = " ".join(query["sql"] for query in queries.captured_queries)
    assert '"surveys_tally"' in tables
    if "compare" not in params:
        assert '"surveys_choice"' not in tables and '"surveys_response"' not in tables


def test_the_survey_list_reads_no_answers(client, answered):
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("surveys:list"))
    (query,) = queries.captured_queries
    assert '"surveys_responsetally"' in query["sql"]
    assert '"surveys_response"' not in query["sql"]


def test_recount_repairs_what_went_wrong(answered):
    before = assert_exact(answered)
    Tally.objects.filter(survey=answered).update(n=99)
    ResponseTally.objects.filter(survey=answered).delete()
    assert kept_counts(answered) != fresh_counts(answered)
    assert recount(answered) is True
    assert assert_exact(answered) == before
    assert recount(answered) is False


def test_the_command_recounts_every_survey_and_says_which_were_wrong(answered, survey):
    Tally.objects.filter(survey=answered).update(n=0)
    out = StringIO()
    call_command("recount_tallies", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines == [
        _("«%(survey)s»: the kept counts are right.") % {"survey": survey.title},
        _("«%(survey)s»: the kept counts were wrong and are recounted.")
        % {"survey": answered.title},
    ]
    assert_exact(answered)


def test_bulk_created_answers_are_counted(answered):
    """As the benchmark and an import write them: many rows per statement."""
    other = Survey.objects.create(slug="bulk", title="Много", is_published=True)
    question = Question.objects.create(survey=other, code="q", text="Вопрос")
    options = Option.objects.bulk_create(
        Option(question=question, text=str(n), order=n) for n in range(4)
    )
    centres = list(Centre.objects.all()[:20])
    responses = Response.objects.bulk_create(
        Response(survey=other, respondent=f"r{n}", centre=centres[n] if n < 20 else None)
        for n in range(50)
    )
    Choice.objects.bulk_create(
        Choice(response=response, option=options[(n + k) % 4])
        for n, response in enumerate(responses)
        for k in range(n % 3)
    )
    assert assert_exact(other)[0] == 50
