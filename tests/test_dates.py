"""Every date the portal shows reads one way: «5 марта 2026» (and «, 14:05» with a time)."""

import re
from datetime import date, datetime
from html import unescape
from zoneinfo import ZoneInfo

import pytest
from django.utils import formats, translation

from centres.models import Centre
from models_catalog.models import OrganisationalModel, SavedAssessment
from tests.helpers import client_for

pytestmark = pytest.mark.django_db

VERIFIED = date(2026, 3, 5)
SAVED = datetime(2026, 2, 7, 9, 30, tzinfo=ZoneInfo("Asia/Yekaterinburg"))
EDITED = datetime(2026, 1, 9, 14, 5, tzinfo=ZoneInfo("Asia/Yekaterinburg"))
MONTHS = "января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря"
# Dates written any other way: 05.03.2026, 2026-03-05, 5 марта 2026 г., March 5, 2026, 5 мар.
OTHER_DATES = re.compile(
    r"\b\d{1,2}[./]\d{1,2}[./]\d{2,4}\b|\b\d{4}-\d{2}-\d{2}\b|\d{4}\s*г\."
    r"|\b(January|February|March|April|May|June|July|August|September|October|November"
    r"|December)\b|\b\d{1,2} (янв|фев|мар|апр|июн|июл|авг|сен|окт|ноя|дек)\.?\s"
)


def shown_text(response):
    """The page's text as a reader sees it, without markup, scripts or attributes."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def test_the_portal_writes_dates_in_one_format():
    with translation.override("ru"):
        assert formats.date_format(VERIFIED) == "5 марта 2026"
        assert formats.date_format(EDITED, "DATETIME_FORMAT") == "9 января 2026, 14:05"
    with translation.override("en"):
        assert formats.date_format(VERIFIED) == "5 March 2026"


@pytest.fixture
def dated(personas):
    """Tobolsk verified, edited and self-assessed on known dates."""
    centre = personas.centre_a
    Centre.objects.filter(pk=centre.pk).update(last_verified=VERIFIED)
    centre.history.update(history_date=EDITED)
    assessment = SavedAssessment.objects.create(
        centre=centre,
        answers="organisation=centre&beyond_sector=no&characteristics=1",
        model=OrganisationalModel.objects.get(number=3),
        held=1,
        total=11,
        saved_by=personas.coordinator_a,
    )
    SavedAssessment.objects.filter(pk=assessment.pk).update(created=SAVED)
    return personas


@pytest.mark.parametrize(
    "url, expected",
    [
        ("/centres/municipal-tobolsk/", ["5 марта 2026", "7 февраля 2026"]),
        ("/my/", ["5 марта 2026"]),
        ("/centres/municipal-tobolsk/history/", ["9 января 2026, 14:05"]),
    ],
)
def test_dates_on_profiles_my_centres_and_history_read_the_same(dated, url, expected):
    text = shown_text(client_for(dated.coordinator_a).get(url))
    for written in expected:
        assert written in text
    assert not OTHER_DATES.findall(text)
    assert re.findall(rf"\b\d{{1,2}} (?:{MONTHS}) \d{{4}}\b", text)


def test_the_printed_self_assessment_carries_todays_date_in_the_same_format(client):
    text = shown_text(client.get("/self-assessment/?organisation=centre&beyond_sector=no"))
    with translation.override("ru"):
        assert f"{formats.date_format(date.today())}" in text
    assert not OTHER_DATES.findall(text)
