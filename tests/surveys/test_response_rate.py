"""The survey page says how many published centres have answered a wave; staff see who has not."""

import re
from datetime import timedelta
from html import unescape

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from centres.models import LEVEL_PLURALS, Centre, Level
from surveys.models import Response
from tests.factories import UserFactory
from tests.helpers import client_for

pytestmark = pytest.mark.django_db


def days(n):
    return timezone.localdate() + timedelta(days=n)


def answer(survey, centre):
    return Response.objects.create(survey=survey, centre=centre, respondent=centre.slug)


@pytest.fixture
def open_survey(small_survey):
    small_survey.opens_on, small_survey.closes_on = days(-3), days(10)
    small_survey.save()
    return small_survey


def page(survey, user=None):
    response = client_for(user).get(reverse("surveys:detail", args=[survey.slug]))
    assert response.status_code == 200
    return response.content.decode()


def table(html, table_id):
    """{row label: (answered, centres)} of one response-rate table."""
    body = re.search(rf'id="{table_id}">(.*?)</table>', html, re.S).group(1)
    rows = re.findall(
        r'<th scope="row"[^>]*>(.*?)</th><td class="text-end">(\d+)</td>'
        r'<td class="text-end">(\d+)</td>',
        body,
    )
    return {unescape(label): (int(n), int(total)) for label, n, total in rows}


def overall(html):
    return re.sub(r"\s+", " ", re.search(r'id="response-rate-overall">(.*?)</p>', html, re.S)[1])


@pytest.fixture
def answers(open_survey, personas):
    """Tobolsk and a regional centre have answered; so has an unpublished centre, which
    counts nowhere."""
    regional = Centre.objects.filter(level=Level.REGIONAL).first()
    hidden = Centre.objects.filter(level=Level.PARTNER).first()
    hidden.is_published = False
    hidden.save()
    for centre in [personas.centre_a, regional, hidden]:
        answer(open_survey, centre)
    return [personas.centre_a, regional]


def test_the_page_counts_published_centres_that_answered(open_survey, answers):
    html = page(open_survey)
    published = Centre.objects.filter(is_published=True)
    assert overall(html).startswith(f"Ответили 2 из {published.count()} ")
    by_level = table(html, "response-rate-by-level")
    assert by_level == {
        str(LEVEL_PLURALS[level]): (
            sum(1 for centre in answers if centre.level == level),
            published.filter(level=level).count(),
        )
        for level in Level.values
    }
    by_region = table(html, "response-rate-by-region")
    tobolsk_region = answers[0].region
    assert by_region[tobolsk_region.name] == (
        sum(1 for centre in answers if centre.region == tobolsk_region),
        published.filter(region=tobolsk_region).count(),
    )
    assert sum(total for _n, total in by_region.values()) == published.count()
    assert sum(n for n, _total in by_region.values()) == 2


def test_the_rate_stays_after_the_survey_closes(open_survey, answers):
    open_survey.opens_on, open_survey.closes_on = days(-30), days(-1)
    open_survey.save()
    html = page(open_survey)
    assert overall(html).startswith("Ответили 2 из ")
    assert "принимались до" in html


@pytest.mark.parametrize("period", [(None, None), (days(1), days(10))], ids=["none", "not yet"])
def test_no_rate_without_a_period_or_before_it(open_survey, answers, period):
    open_survey.opens_on, open_survey.closes_on = period
    open_survey.save()
    assert 'id="response-rate"' not in page(open_survey)


def test_the_seed_survey_shows_no_rate(survey):
    assert 'id="response-rate"' not in page(survey)


def test_staff_see_who_has_not_answered_and_their_coordinators(open_survey, answers, personas):
    html = page(open_survey, personas.centre_editor)
    missing = re.search(r'id="missing-centres".*?</details>', html, re.S)[0]
    assert personas.centre_b.name in unescape(missing)
    assert personas.coordinator_b.email in missing
    assert personas.coordinator_b.username in missing
    for centre in answers:
        assert unescape(centre.name) not in unescape(missing)
    assert personas.coordinator_a.email not in missing
    listed = missing.count('<th scope="row"')
    assert listed == Centre.objects.filter(is_published=True).count() - len(answers)


def test_survey_staff_see_the_list_too(open_survey, answers):
    surveyor = UserFactory(is_staff=True)
    surveyor.user_permissions.add(Permission.objects.get(codename="view_survey"))
    assert 'id="missing-centres"' in page(open_survey, surveyor)


@pytest.mark.parametrize("who", [None, "outsider", "coordinator_a", "staff without rights"])
def test_others_see_no_names_or_addresses(open_survey, answers, personas, who):
    if who == "staff without rights":
        user = UserFactory(is_staff=True)
    else:
        user = getattr(personas, who) if who else None
    html = page(open_survey, user)
    assert 'id="response-rate"' in html
    assert 'id="missing-centres"' not in html
    assert personas.coordinator_b.email not in html


def grow_network(size):
    """Published centres, each with a coordinator, until the registry has `size`."""
    regions = list({centre.region for centre in Centre.objects.select_related("region")})
    extra = size - Centre.objects.count()
    centres = Centre.objects.bulk_create(
        Centre(
            name=f"Центр {n}",
            slug=f"extra-{n}",
            level=Level.PARTNER,
            region=regions[n % len(regions)],
        )
        for n in range(extra)
    )
    people = UserFactory.create_batch(extra)
    Centre.coordinators.through.objects.bulk_create(
        Centre.coordinators.through(centre=centre, user=person)
        for centre, person in zip(centres, people, strict=True)
    )
    assert Centre.objects.count() == size


# Queries of the survey page for an anonymous visitor, with no filter: the
# results (see test_query_counts.py, 9) and the rate by level and by region.
ANONYMOUS_QUERIES = 9 + 2
# Staff besides: the session and the user, permissions checked (user and group
# permissions), the centres still to answer and their coordinators, then the
# centres the person coordinates, offered the questionnaire while it is open.
STAFF_QUERIES = ANONYMOUS_QUERIES + 2 + 2 + 2 + 1


@pytest.mark.parametrize("size", [30, 500])
def test_query_count_does_not_grow_with_centres(
    django_assert_num_queries, open_survey, answers, personas, size
):
    grow_network(size)
    url = reverse("surveys:detail", args=[open_survey.slug])
    anonymous, staff = client_for(None), client_for(personas.centre_editor)
    with django_assert_num_queries(ANONYMOUS_QUERIES):
        assert anonymous.get(url).status_code == 200
    with django_assert_num_queries(STAFF_QUERIES):
        html = staff.get(url).content.decode()
    assert html.count("extra-") >= size - 30
