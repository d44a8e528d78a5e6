"""A client nobody here wrote: openapi-python-client builds one from /api/schema/,
and it pages through the registry of a live server."""

import importlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from centres.models import Centre

GENERATOR = Path(sys.executable).parent / "openapi-python-client"


@pytest.fixture
def portal_client(client, network, tmp_path, monkeypatch):
    """The package openapi-python-client generates from the portal's OpenAPI document."""
    if not GENERATOR.exists():
        pytest.fail(f"{GENERATOR} is missing: install the test extras (make test does)")
    schema = client.get(reverse("api:schema"), {"format": "json"})
    (tmp_path / "schema.json").write_text(json.dumps(schema.json()))
    (tmp_path / "config.yaml").write_text("package_name_override: portal_client\npost_hooks: []\n")
    result = subprocess.run(
        [
            GENERATOR, "generate", "--path", tmp_path / "schema.json", "--meta", "none",
            "--config", tmp_path / "config.yaml", "--output-path", tmp_path / "portal_client",
            "--fail-on-warning",
        ],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    monkeypatch.syspath_prepend(str(tmp_path))
    yield importlib.import_module("portal_client")
    for name in [name for name in sys.modules if name.startswith("portal_client")]:
        del sys.modules[name]
    shutil.rmtree(tmp_path / "portal_client")


@pytest.mark.django_db(transaction=True)
def test_a_generated_client_pages_through_the_registry(portal_client, live_server):
    from portal_client.api.centres import centres_list, centres_retrieve
    from portal_client.models import CentresListLevel

    api = portal_client.Client(base_url=live_server.url, raise_on_unexpected_status=True)
    seen, page = [], 1
    while True:
        result = centres_list.sync(
            client=api, level=CentresListLevel.MUNICIPAL, page=page, page_size=5
        )
        seen += result.results
        if not result.next_:
            break
        page += 1
    assert page == 4 and result.count == 17
    municipal = Centre.objects.filter(is_published=True, level="municipal")
    assert sorted(centre.slug for centre in seen) == sorted(
        municipal.values_list("slug", flat=True)
    )
    tobolsk = next(centre for centre in seen if centre.slug == "municipal-tobolsk")
    assert tobolsk.region == "ТО" and tobolsk.parent == "regional-tyumen"
    assert tobolsk.url == f"{live_server.url}/centres/municipal-tobolsk/"
    detail = centres_retrieve.sync(client=api, slug="municipal-tobolsk")
    assert detail.name == tobolsk.name and detail.latitude == tobolsk.latitude
