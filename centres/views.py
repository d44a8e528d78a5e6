from copy import copy

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from network_portal.cache import cache_public_page
from network_portal.downloads import csv_response, filters_not_understood
from network_portal.filters import understood_query
from network_portal.inputs import whole_number

from .access import can_edit_centre, can_revert_centre, get_centre_for_editor
from .editing import (
    EditConflict,
    RevertRefused,
    confirm_current,
    form_after_conflict,
    history_entries,
    revert,
    save_profile,
)
from .filters import CentreFilter
from .forms import CentreProfileForm
from .models import Centre, Level, Territory
from .paging import PortalPaginator, RegistryPaginator
from .seed import at_town_coordinates

# A regional centre lists this many of its centres; the registry has the rest.
MEMBERS_SHOWN = 50

CSV_COLUMNS = [
    "slug", "name", "level", "region", "territory", "model",
    "website", "email", "phone", "last_verified",
]  # fmt: skip


def registry_filter(request):
    """The registry's search and filters, read from the query string."""
    return CentreFilter(request.GET, queryset=Centre.objects.for_registry())


def suggested_query(request, filterset, suggestion):
    """The query string of the same selection with the suggested search, from its first page."""
    query = QueryDict(understood_query(request, filterset, leave_out=["page"]), mutable=True)
    query["q"] = suggestion.query
    return query.urlencode()


@cache_public_page
def centre_list(request):
    filterset = registry_filter(request)
    # The database counts the matches and returns one page of them.
    paginator = RegistryPaginator(filterset.qs, settings.REGISTRY_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    suggestion = None if paginator.count else filterset.suggestion()
    return render(
        request,
        "centres/centre_list.html",
        {
            "filter": filterset,
            "page_obj": page,
            "page_range": page.paginator.get_elided_page_range(page.number),
            "filter_query": understood_query(request, filterset, leave_out=["page"]),
            "suggestion": suggestion,
            "suggestion_query": suggestion and suggested_query(request, filterset, suggestion),
            "tiles_url": settings.MAP_TILES_URL,
            "tiles_attribution": settings.MAP_TILES_ATTRIBUTION,
        },
    )


@cache_public_page
def centre_detail(request, slug):
    centre = get_object_or_404(Centre.objects.for_profile(), slug=slug)
    assessments = centre.assessments.history()
    return render(
        request,
        "centres/centre_detail.html",
        {
            "centre": centre,
            "can_edit": can_edit_centre(request.user, centre),
            "assessment": assessments[0] if assessments else None,
            "assessments": assessments,
            # One more than shown, to know whether there are more.
            "members": list(centre.children.for_registry()[: MEMBERS_SHOWN + 1]),
            "members_shown": MEMBERS_SHOWN,
            "at_town_coordinates": at_town_coordinates(centre),
            "tiles_url": settings.MAP_TILES_URL,
            "tiles_attribution": settings.MAP_TILES_ATTRIBUTION,
        },
    )


@cache_public_page
def export_csv(request):
    """The filtered registry as open data, columns fixed by the product contract."""
    filterset = registry_filter(request)
    if refused := filters_not_understood(filterset):
        return refused
    rows = (
        [
            slug,
            name,
            level,
            region,
            Territory.PREFIXES.get(kind, "") + territory if territory else "",
            "" if model is None else model,
            website,
            email,
            phone,
            last_verified.isoformat() if last_verified else "",
        ]
        for (
            slug, name, level, region, kind, territory, model,
            website, email, phone, last_verified,
        ) in filterset.qs.values_list(
            "slug", "name", "level", "region__short_name", "territory__kind", "territory__name",
            "organisational_model__number", "website", "email", "phone", "last_verified",
        )
    )  # fmt: skip
    return csv_response("ural-network-centres.csv", [CSV_COLUMNS, *rows])


@cache_public_page
def centres_geojson(request):
    """Centres with coordinates as a GeoJSON FeatureCollection, for the map."""
    filterset = registry_filter(request)
    if refused := filters_not_understood(filterset):
        return refused
    centres = filterset.qs.exclude(latitude=None).exclude(longitude=None)
    levels = {level: str(label) for level, label in Level.choices}
    # Every profile's address differs from this one by the slug alone.
    url = reverse("centres:detail", args=["-"]).removesuffix("-/")
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [float(longitude), float(latitude)]},
            "properties": {
                "slug": slug,
                "name": name,
                "level": level,
                "level_display": levels[level],
                "region": region,
                "url": f"{url}{slug}/",
            },
        }
        for slug, name, level, region, latitude, longitude in centres.values_list(
            "slug", "name", "level", "region__short_name", "latitude", "longitude"
        )
    ]
    return JsonResponse(
        {"type": "FeatureCollection", "features": features},
        content_type="application/geo+json",
        json_dumps_params={"ensure_ascii": False},
    )


@login_required
def centre_edit(request, slug):
    centre = get_centre_for_editor(request.user, slug)
    # The form checks its input on a copy: the page around it shows what is saved.
    form = CentreProfileForm(request.POST or None, instance=copy(centre))
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            save_profile(form, form.cleaned_data["version"])
        except EditConflict as error:
            conflict = error
            # The editor's changes over what is saved now; the next save goes
            # through deliberately, now that they have seen the other changes.
            form = form_after_conflict(form, error)
            centre = error.current
        else:
            messages.success(request, _("The profile is saved and marked as verified today."))
            return redirect(centre)
    return render(
        request,
        "centres/centre_edit.html",
        {
            "centre": centre,
            "form": form,
            "conflict": conflict,
            "tiles_url": settings.MAP_TILES_URL,
            "tiles_attribution": settings.MAP_TILES_ATTRIBUTION,
        },
    )


@login_required
@require_POST
def centre_confirm(request, slug):
    """«The data is current»: verify an unchanged profile today."""
    centre = get_centre_for_editor(request.user, slug)
    try:
        confirm_current(centre, whole_number(request.POST.get("version"), digits=9))
    except EditConflict:
        messages.error(
            request,
            _("The profile changed after you opened the page; look it over and confirm again."),
        )
    else:
        messages.success(request, _("Thank you: the profile is marked as verified today."))
    return redirect(safe_next(request, fallback=centre.get_absolute_url()))


@login_required
def centre_history(request, slug):
    centre = get_centre_for_editor(request.user, slug)
    records = centre.history.select_related("history_user").order_by("-history_id")
    page = PortalPaginator(records, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "centres/centre_history.html",
        {
            "centre": centre,
            "page_obj": page,
            "page_range": page.paginator.get_elided_page_range(page.number),
            "entries": history_entries(list(page.object_list), records),
            "can_revert": can_revert_centre(request.user),
        },
    )


@login_required
@require_POST
def centre_revert(request, slug, history_id):
    centre = get_centre_for_editor(request.user, slug)
    if not can_revert_centre(request.user):
        raise PermissionDenied
    record = get_object_or_404(centre.history, history_id=history_id)
    try:
        revert(centre, record)
    except RevertRefused as refused:
        messages.error(
            request,
            _("Version %(version)s can't be brought back as it is: %(errors)s")
            % {"version": record.version, "errors": "; ".join(refused.errors)},
        )
    except EditConflict:
        messages.error(request, _("The profile changed meanwhile; look at its history again."))
    else:
        messages.success(
            request, _("The profile is back to version %(version)s.") % {"version": record.version}
        )
    return redirect("centres:history", centre.slug)


def safe_next(request, fallback):
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return fallback
