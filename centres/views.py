import csv

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render

from models_catalog.models import Definition

from .filters import CentreFilter
from .models import LEVEL_PLURALS, Centre, Region

CSV_COLUMNS = [
    "slug", "name", "level", "region", "territory", "model",
    "website", "email", "phone", "last_verified",
]  # fmt: skip


def home(request):
    """The network overview: how many centres of each level, where, and what they are."""
    counts = Centre.objects.published().level_counts()
    return render(
        request,
        "centres/home.html",
        {
            "level_cards": [
                (level, label, counts[level]) for level, label in LEVEL_PLURALS.items()
            ],
            "total": counts["total"],
            "regions": Region.objects.for_overview(),
            "definitions": Definition.objects.all(),
        },
    )


def registry_filter(request):
    """The registry's search and filters, read from the query string."""
    return CentreFilter(request.GET, queryset=Centre.objects.for_registry())


def centre_list(request):
    filterset = registry_filter(request)
    page = Paginator(filterset.qs, settings.REGISTRY_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "centres/centre_list.html",
        {
            "filter": filterset,
            "page_obj": page,
            "page_range": page.paginator.get_elided_page_range(page.number),
            "filter_query": query.urlencode(),
            "tiles_url": settings.MAP_TILES_URL,
            "tiles_attribution": settings.MAP_TILES_ATTRIBUTION,
        },
    )


def centre_detail(request, slug):
    centre = get_object_or_404(Centre.objects.for_profile(), slug=slug)
    return render(
        request,
        "centres/centre_detail.html",
        {
            "centre": centre,
            "members": centre.children.for_registry(),
            "tiles_url": settings.MAP_TILES_URL,
            "tiles_attribution": settings.MAP_TILES_ATTRIBUTION,
        },
    )


def export_csv(request):
    """The filtered registry as open data, columns fixed by the product contract."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="ural-network-centres.csv"'
    writer = csv.writer(response)
    writer.writerow(CSV_COLUMNS)
    for centre in registry_filter(request).qs:
        writer.writerow(
            [
                centre.slug,
                centre.name,
                centre.level,
                centre.region.short_name,
                centre.territory.label if centre.territory else "",
                centre.organisational_model.number if centre.organisational_model else "",
                centre.website,
                centre.email,
                centre.phone,
                centre.last_verified.isoformat() if centre.last_verified else "",
            ]
        )
    return response


def centres_geojson(request):
    """Centres with coordinates as a GeoJSON FeatureCollection, for the map."""
    centres = registry_filter(request).qs.exclude(latitude=None).exclude(longitude=None)
    features = [
        {
            "type": "Feature",
            "geometry": {
                "type": "Point",
                "coordinates": [float(centre.longitude), float(centre.latitude)],
            },
            "properties": {
                "slug": centre.slug,
                "name": centre.name,
                "level": centre.level,
                "level_display": centre.get_level_display(),
                "region": centre.region.short_name,
                "url": centre.get_absolute_url(),
            },
        }
        for centre in centres
    ]
    return JsonResponse(
        {"type": "FeatureCollection", "features": features},
        content_type="application/geo+json",
        json_dumps_params={"ensure_ascii": False},
    )
