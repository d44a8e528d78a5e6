"""What a deployment relies on: settings, headers, health check, error pages."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import DatabaseError, IntegrityError, OperationalError
from django.test import Client
from django.urls import path

from network_portal.urls import handler500 as portal_handler500
from network_portal.urls import urlpatterns as portal_urls
from tests.helpers import file_addresses, page_addresses

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "a-long-random-production-secret-key-with-many-distinct-characters-42",
    "DJANGO_ALLOWED_HOSTS": "portal.example",
    "DATABASE_URL": "sqlite:///:memory:",
}


def manage(*args, env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_the_documented_production_variables():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_refuse_to_start_without_a_secret_key():
    env = {key: value for key, value in PRODUCTION.items() if key != "DJANGO_SECRET_KEY"}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("DJANGO_HTTPS", "ture"),
        ("DJANGO_DEBUG", "yes please"),
        ("DJANGO_BEHIND_PROXY", "2"),
        ("EMAIL_USE_TLS", "maybe"),
        ("PAGE_CACHE_SECONDS", "ten"),
        ("AXES_COOLOFF_MINUTES", "0"),
        ("PASSWORD_RESETS_PER_ACCOUNT", "-3"),
        ("PORTAL_BASE_URL", "portal.example"),
    ],
)
def test_a_misspelt_setting_stops_start_up_naming_the_variable(variable, value):
    result = manage("check", env={**PRODUCTION, variable: value})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert f"{variable}={value!r}" in result.stderr


def test_the_documented_switch_values_are_accepted():
    for value in ["1", "0", "true", "False", "YES", "no", "on", "Off", ""]:
        result = manage("check", env={**PRODUCTION, "DJANGO_HSTS_PRELOAD": value})
        assert result.returncode == 0, (value, result.stderr)


def test_migrate_alone_prepares_a_fresh_database_for_every_command(tmp_path):
    """In production without Redis the page cache lives in the database."""
    env = {**PRODUCTION, "DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.sqlite3'}"}
    assert manage("migrate", "--verbosity", "0", env=env).returncode == 0
    seeded = manage("seed_network", env=env)
    assert seeded.returncode == 0, seeded.stderr
    assert "The network is seeded." in seeded.stdout


@pytest.mark.django_db
def test_security_headers_on_every_response(client, network):
    """Every page (or its redirect to the login), every file, a 404, a 400 and the admin."""
    addresses = [
        *page_addresses(), *file_addresses(), "/no-such-page/", "/centres/?level=%00", "/admin/",
    ]  # fmt: skip
    for url in addresses:
        response = client.get(url)
        assert response.status_code in {200, 302, 400, 404}, url
        csp = response["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp, url
        assert "frame-ancestors 'none'" in csp, url
        assert response["X-Frame-Options"] == "DENY", url
        assert response["X-Content-Type-Options"] == "nosniff", url
        assert response["Referrer-Policy"] == "same-origin", url


@pytest.mark.django_db
def test_hsts_is_sent_on_https(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    assert "Strict-Transport-Security" not in client.get("/")
    response = client.get("/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


@pytest.mark.django_db
def test_healthz_says_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"].startswith("text/plain")


@pytest.mark.django_db
def test_healthz_says_503_when_the_database_does_not(client, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise DatabaseError("connection refused")

    monkeypatch.setattr("network_portal.views.connection.cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503


def failing_view(request):
    raise RuntimeError("secret internals: password=hunter2")


def database_gone_view(request):
    raise OperationalError("could not connect to server: Connection refused")


def broken_query_view(request):
    raise IntegrityError("a bug, not an outage")


urlpatterns = [
    path("boom/", failing_view),
    path("database-gone/", database_gone_view),
    path("broken-query/", broken_query_view),
    *portal_urls,
]
handler500 = portal_handler500


@pytest.mark.django_db
@pytest.mark.urls("tests.test_production")
def test_a_server_error_shows_a_russian_page_without_the_traceback(caplog):
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Что-то пошло не так" in html
    assert "hunter2" not in html and "Traceback" not in html
    assert "secret internals" in caplog.text  # but the log has it


@pytest.mark.django_db
@pytest.mark.urls("tests.test_production")
def test_while_the_database_is_away_pages_say_503_in_russian():
    client = Client(raise_request_exception=False)
    response = client.get("/database-gone/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    html = response.content.decode()
    assert "Портал временно недоступен" in html
    assert "Connection refused" not in html
    # Other database errors are faults of the portal, not outages.
    assert client.get("/broken-query/").status_code == 500


@pytest.mark.django_db
def test_a_page_answers_503_when_the_database_refuses_connections(monkeypatch):
    from django.db import connection

    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    client = Client(raise_request_exception=False)
    monkeypatch.setattr(connection, "ensure_connection", refuse)
    assert client.get("/centres/").status_code == 503
    assert client.get("/healthz").status_code == 503
    monkeypatch.undo()  # the database is back: no restart needed
    assert client.get("/centres/").status_code == 200
    assert client.get("/healthz").status_code == 200


@pytest.mark.django_db
def test_the_404_page_is_in_russian(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Страница не найдена" in response.content.decode()
