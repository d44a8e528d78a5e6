"""What every endpoint of the read-only JSON API shares: paging, limits and cache headers.

The API is open data: no logins, no sessions, the same answer for everyone,
so browsers on other sites may read it (CORS) and proxies may keep it.
"""

import hashlib
import math
import time
from datetime import UTC, datetime
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router
from django.http import JsonResponse
from django.utils.cache import get_conditional_response, patch_cache_control, set_response_etag
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt
from django_filters.utils import translate_validation
from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import NotFound, ParseError
from rest_framework.metadata import BaseMetadata
from rest_framework.pagination import PageNumberPagination
from rest_framework.throttling import BaseThrottle

from accounts.lockout import client_address, over_limit
from centres.models import Centre


class OpenDataMetadata(BaseMetadata):
    """What an OPTIONS request learns besides the Allow header: the formats.

    DRF's default would send the view's name and docstring, English notes for
    the code's readers, and nothing a client can act on.
    """

    def determine_metadata(self, request, view):
        return {
            "renders": [renderer.media_type for renderer in view.renderer_classes],
            "parses": [parser.media_type for parser in view.parser_classes],
        }


class AnonymousThrottle(BaseThrottle):
    """API_REQUESTS_PER_HOUR per visitor, counted as the password-reset limits are.

    One small counter per visitor and hour in the «limits» cache, apart from
    the pages (DRF's own throttle rewrites a list of every request's time on
    each request); the visitor is the address the login lock-out sees. With
    that cache in the database, one statement a request counts (count_in_table).
    """

    def allow_request(self, request, view):
        who = client_address(request)
        limit = settings.API_REQUESTS_PER_HOUR
        counters = caches["limits"]
        if isinstance(counters, DatabaseCache):
            connection = connections[router.db_for_write(counters.cache_model_class)]
            if connection.vendor in ("postgresql", "sqlite"):
                return count_in_table(counters, connection, who) <= limit
        return not over_limit("api", who, limit)

    def wait(self):
        return 3600 - int(time.time()) % 3600


# The hour whose spent counters this process last cleared, per table.
_cleared = {}


def count_in_table(counters, connection, who):
    """One more request from `who` this hour, counted in one statement; the hour's count.

    The database cache's own add and incr take about a dozen queries per request,
    each write with a COUNT(*) of the whole table. Here one upsert keeps the count
    as plain text under a key of the visitor and hour, which no other code reads;
    once an hour each process deletes the counters of the hours gone by.
    """
    hour = int(time.time()) // 3600
    key = counters.make_and_validate_key(
        f"api-count:{hour}:" + hashlib.sha256(who.encode()).hexdigest()
    )
    table = connection.ops.quote_name(counters._table)

    def start_of(hour):
        when = datetime.fromtimestamp(hour * 3600, tz=UTC if settings.USE_TZ else None)
        return connection.ops.adapt_datetimefield_value(when)

    with connection.cursor() as cursor:
        if _cleared.get(table) != hour:
            cursor.execute(
                f"DELETE FROM {table} WHERE cache_key LIKE %s AND expires <= %s",
                [counters.make_key("api-count:%"), start_of(hour)],
            )
            _cleared[table] = hour
        cursor.execute(
            f"INSERT INTO {table} (cache_key, value, expires) VALUES (%s, '1', %s) "
            "ON CONFLICT (cache_key) "
            f"DO UPDATE SET value = CAST(CAST({table}.value AS INTEGER) + 1 AS TEXT) "
            "RETURNING value",
            [key, start_of(hour + 1)],
        )
        return int(cursor.fetchone()[0])


class PagePagination(PageNumberPagination):
    """`page` and `page_size` (up to API_MAX_PAGE_SIZE) in the query string."""

    page_size_query_param = "page_size"
    max_page_size = settings.API_MAX_PAGE_SIZE
    # DRF's own descriptions, which its Russian catalogue leaves in English.
    page_query_description = _("The page's number, from 1.")
    page_size_query_description = _("Items a page.")


def conditional_open_data(view):
    """An ETag from the rendered body on GET and HEAD, and a 304 when the client has it.

    Django's conditional_page leaves HEAD alone. Here a HEAD answer is the GET
    answer without its body (the view renders the same JSON), so it carries the
    same ETag, and a client may check whether its copy is current with HEAD alone.
    """

    def conditional(request, response):
        if response.streaming or response.status_code != 200:
            return response
        if not response.has_header("ETag"):
            set_response_etag(response)
        # The answers have no modification date, so If-Unmodified-Since is ignored
        # (RFC 9110, 13.1.4); Django would refuse every such request with a 412.
        request.META.pop("HTTP_IF_UNMODIFIED_SINCE", None)
        return get_conditional_response(request, etag=response["ETag"], response=response)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if request.method not in ("GET", "HEAD"):
            return response
        if hasattr(response, "add_post_render_callback") and not response.is_rendered:
            # The body is rendered after the view returns: the ETag waits for it.
            response.add_post_render_callback(lambda rendered: conditional(request, rendered))
            return response
        return conditional(request, response)

    return wrapper


class OpenDataMixin:
    """Cache-Control on every successful answer, and an ETag answered with 304."""

    @classmethod
    def as_view(cls, **initkwargs):
        return conditional_open_data(super().as_view(**initkwargs))

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        # Only the data is public; the description an OPTIONS request gets is not kept.
        if response.status_code == 200 and request.method in ("GET", "HEAD"):
            patch_cache_control(response, public=True, max_age=settings.API_CACHE_SECONDS)
        return response


def filtered_or_400(filterset):
    """The filter set, when every value in the query string is understood; 400 otherwise."""
    if not filterset.is_valid():
        raise translate_validation(filterset.errors)
    return filterset


FILTER_PARAMETERS = [
    OpenApiParameter("level", str, enum=Centre.Level.values, description=_("The centre's level.")),
    OpenApiParameter("region", str, description=_("A region's slug, as on /centres/.")),
    OpenApiParameter(
        "model", int, enum=[1, 2, 3, 4], description=_("An organisational model, 1 to 4.")
    ),
]


def exception_handler(exc, context):
    """DRF's answers, with a 404 and a 429 wholly in the visitor's language.

    A 404 would name the model in English; DRF's Russian catalogue leaves the
    429's second sentence, the wait, in English.
    """
    from django.http import Http404
    from rest_framework.exceptions import NotFound, Throttled
    from rest_framework.views import exception_handler as drf_exception_handler

    if isinstance(exc, Http404):
        exc = NotFound()
    elif isinstance(exc, Throttled) and exc.wait is not None:
        seconds = math.ceil(exc.wait)
        message = ngettext(
            "Too many requests: try again in %(seconds)d second.",
            "Too many requests: try again in %(seconds)d seconds.",
            seconds,
        )
        # Given the wait, DRF would add its sentence; set after, it still gives Retry-After.
        exc = Throttled(detail=message % {"seconds": seconds})
        exc.wait = seconds
    return drf_exception_handler(exc, context)


def is_api_request(request):
    return request.path_info.startswith("/api/")


def api_error(exception_class):
    """The API's own JSON answer for an error raised before any API view ran."""
    return JsonResponse(
        {"detail": str(exception_class.default_detail)},
        status=exception_class.status_code,
        json_dumps_params={"ensure_ascii": False},
    )


@csrf_exempt
def not_found(request, *args, **kwargs):
    """Any other address under /api/: a 404 in JSON, as a missing centre gets.

    Whatever the method: the API takes no form, so a POST here is told the
    address doesn't exist, not that a CSRF token is missing.
    """
    return api_error(NotFound)


def bad_request(request):
    """A request refused before routing (a NUL in the address, say), in JSON."""
    return api_error(ParseError)
