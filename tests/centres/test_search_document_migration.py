"""Migrations 0015 and 0016: the search documents stored before them are found by word forms."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from centres.models import Centre

pytestmark = pytest.mark.django_db(transaction=True)


def migrate(*args):
    call_command("migrate", *args, verbosity=0, stdout=StringIO())


def test_a_document_stored_with_its_punctuation_is_found_by_word_forms_after(client, network):
    kurgan = Centre.objects.filter(slug="regional-kurgan")
    try:
        migrate("centres", "0014")
        # As build_search_document wrote it before: normalised, punctuation kept.
        kurgan.update(search_document="региональный ресурсный центр, г. курган (ко)")
    finally:
        migrate()
    # The words, each followed by its marked stem the first time (0016).
    assert kurgan.get().search_document == (
        " региональный региональн~ ресурсный ресурсн~ центр г курган курга~ ко "
    )
    response = client.get(reverse("centres:list"), {"q": "в Кургане"})
    assert 'href="/centres/regional-kurgan/"' in response.content.decode()


def test_a_document_of_words_only_finds_a_form_its_stem_shares_after(client, network):
    """«общественный» and «общественного» share the stem «обществен»: 0016 stores it."""
    ishim = Centre.objects.filter(slug="municipal-ishim")
    try:
        migrate("centres", "0015")
        # As migration 0015 left the documents: the words alone.
        ishim.update(search_document=" центр общественного развития г ишим ")
    finally:
        migrate()
    response = client.get(reverse("centres:list"), {"q": "общественный центр"})
    assert 'href="/centres/municipal-ishim/"' in response.content.decode()


def test_going_back_leaves_the_documents_as_their_words(network):
    ishim = Centre.objects.filter(slug="municipal-ishim")
    words = " муниципальный ресурсный центр г ишим то тюменская область "
    try:
        migrate("centres", "0015")
        ishim.update(search_document=words)
        migrate("centres", "0016")
        assert ishim.get().search_document != words
        migrate("centres", "0015")
        assert ishim.get().search_document == words
    finally:
        migrate()
