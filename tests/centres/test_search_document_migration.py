"""Migration 0015: the search documents stored before it are read as words after it."""

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
    assert kurgan.get().search_document == " региональный ресурсный центр г курган ко "
    response = client.get(reverse("centres:list"), {"q": "в Кургане"})
    assert 'href="/centres/regional-kurgan/"' in response.content.decode()
