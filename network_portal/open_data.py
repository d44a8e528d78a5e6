"""/open-data/: every download and API endpoint, with its format, columns and licence."""

from django.conf import settings
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from centres.models import REGISTRY_ORDER, Centre
from centres.views import CSV_COLUMNS
from surveys.models import Survey
from surveys.views import RESULT_COLUMNS

from .api_description import ENDPOINTS

PROGRESS_COLUMNS = ["number", "characteristic", "centres_holding", "centres_assessed", "percent"]
API_CENTRE_FIELDS = [
    *CSV_COLUMNS, "latitude", "longitude", "url", "parent",
]  # fmt: skip


def example(name, slug):
    """The address of one published thing, or None when there is none to show."""
    return reverse(name, args=[slug]) if slug else None


def downloads(survey):
    """(title, address, format, columns, what it honours) of every file.

    `survey` is the slug of a published survey whose file the page links, or None.
    """
    return [
        {
            "title": _("Registry of centres"),
            "url": reverse("centres:export_csv"),
            "format": "CSV (UTF-8)",
            "columns": CSV_COLUMNS,
            "note": _("Filters as on the registry page: q, level, region, model."),
        },
        {
            "title": _("Centres on the map"),
            "url": reverse("centres:geojson"),
            "format": "GeoJSON",
            "columns": ["slug", "name", "level", "level_display", "region", "url"],
            "note": _("Centres with coordinates; the same filters as the registry."),
        },
        {
            "title": _("Survey results"),
            "url": example("surveys:results_csv", survey),
            "pattern": "/surveys/<slug>/results.csv",
            "format": "CSV (UTF-8), XLSX",
            "columns": RESULT_COLUMNS,
            "note": _("One file per survey; filters level, region, model as on its page."),
        },
        {
            "title": _("The network's path to a centre for public development"),
            "url": reverse("models_catalog:progress_csv"),
            "format": "CSV (UTF-8)",
            "columns": PROGRESS_COLUMNS,
            "note": _("Filters level, region, model as on the progress page."),
        },
    ]


def endpoints(survey, centre):
    """The JSON API's endpoints, with the fields of what each returns.

    The examples of one centre and one survey are published ones, or absent.
    """
    return [
        {
            "title": _("What the API offers"),
            "url": reverse("api:root"),
            "columns": list(ENDPOINTS),
            "note": _("The address of each list, of the OpenAPI document and of the docs."),
        },
        {
            "title": _("Centres, a page at a time"),
            "url": reverse("api:centre_list"),
            "columns": ["count", "next", "previous", "results: " + ", ".join(API_CENTRE_FIELDS)],
            "note": _("Published centres; filters q, level, region, model; page, page_size."),
        },
        {
            "title": _("One centre"),
            "url": example("api:centre_detail", centre),
            "pattern": "/api/centres/<slug>/",
            "columns": [
                *API_CENTRE_FIELDS,
                "address",
                "description",
                "vk_url",
                "telegram_url",
                "ok_url",
            ],
            "note": _("A published centre by its slug."),
        },
        {
            "title": _("Organisational models"),
            "url": reverse("api:model_list"),
            "columns": [
                "number",
                "name",
                "slug",
                "url",
                "characteristics",
                "pros",
                "cons",
                "example_territories",
            ],
            "note": "",
        },
        {
            "title": _("Surveys"),
            "url": reverse("api:survey_list"),
            "columns": [
                "slug",
                "title",
                "description",
                "period",
                "opens_on",
                "closes_on",
                "responses",
                "url",
                "results",
            ],
            "note": _("Published surveys."),
        },
        {
            "title": _("A survey's results"),
            "url": example("api:survey_results", survey),
            "pattern": "/api/surveys/<slug>/results/",
            "columns": [
                "survey",
                "title",
                "url",
                "base",
                "indicative",
                "questions: code, text, kind, options: option, count, percent, published_percent",
            ],
            "note": _("Filters level, region, model as on the survey's page."),
        },
        {
            "title": _("The network's path to a centre for public development"),
            "url": reverse("api:progress"),
            "columns": [
                "centres_assessed",
                "characteristics: number, characteristic, centres_holding, percent",
                "steps: number, step, centres_reaching, percent",
            ],
            "note": _("Filters level, region, model."),
        },
    ]


def open_data(request):
    # Examples anyone may open: the first published survey and centre.
    published = Survey.objects.filter(is_published=True).order_by("pk")
    survey = published.values_list("slug", flat=True).first()
    centre = (
        Centre.objects.published().order_by(*REGISTRY_ORDER).values_list("slug", flat=True).first()
    )
    return render(
        request,
        "network_portal/open_data.html",
        {
            "downloads": downloads(survey),
            "endpoints": endpoints(survey, centre),
            "licence": settings.OPEN_DATA_LICENCE,
            "licence_url": settings.OPEN_DATA_LICENCE_URL,
            "requests_per_hour": settings.API_REQUESTS_PER_HOUR,
            "page_size": settings.API_PAGE_SIZE,
            "pages_for_ten_thousand": -(-10_000 // settings.API_PAGE_SIZE),
            "max_page_size": settings.API_MAX_PAGE_SIZE,
        },
    )
