import logging
import sys

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.db.models import Func
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import render
from django.template import loader
from django.templatetags.static import static
from django.views import i18n
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from centres.models import LEVEL_PLURALS, Centre, Region, in_one_query
from models_catalog.models import Definition
from surveys.answering import open_surveys_for
from surveys.models import ResponseTally

from . import api
from .cache import cache_public_page

logger = logging.getLogger(__name__)


@cache_public_page
def home(request):
    """The network overview: how many centres of each level, where, and what they are."""
    regions = Region.objects.for_overview()
    return render(
        request,
        "network_portal/home.html",
        {
            # The levels' totals are the regions' (every centre has a region).
            "level_cards": [
                (level, label, sum(getattr(region, f"{level}_count") for region in regions))
                for level, label in LEVEL_PLURALS.items()
            ],
            "total": sum(region.total for region in regions),
            "regions": regions,
            "definitions": Definition.objects.terms(),
        },
    )


@cache_public_page
def about(request):
    """The source in full, what the portal adds to it and why, and whom to write to."""
    counts = in_one_query(
        **Centre.objects.published().portal_readings(),
        # From the survey tallies' kept counts, not by reading 100,000 answers.
        reconstructed_answers=ResponseTally.objects.filter(survey__is_published=True)
        .order_by()
        .annotate(n=Func("reconstructed", function="SUM"))
        .values("n"),
    )
    # A sum of counts comes back as a Decimal on PostgreSQL; plural forms want an int.
    reconstructed_answers = int(counts.pop("reconstructed_answers") or 0)
    return render(
        request,
        "network_portal/about.html",
        {
            "readings": counts,
            "reconstructed_answers": reconstructed_answers,
            "contact_email": settings.PORTAL_CONTACT_EMAIL,
        },
    )


@login_required
def my_centres(request):
    """A coordinator's own centres: what each profile still lacks, which surveys await it."""
    centres = list(Centre.objects.coordinated_by(request.user))
    return render(
        request,
        "network_portal/my_centres.html",
        {"centres": open_surveys_for(centres, request.user)},
    )


@never_cache
def healthz(request):
    """200 «ok» when the database answers, 503 otherwise: for load balancers and monitors."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: the database does not answer")
        return HttpResponse("database unavailable", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")


def favicon(request):
    """Browsers and feed readers that ask for /favicon.ico get the portal's icon."""
    return HttpResponseRedirect(static("img/favicon.svg"))


# Switching the interface language changes nothing but a cookie, so it needs no
# CSRF token; public pages then carry no token and can be cached for everyone.
set_language = csrf_exempt(i18n.set_language)


# Seconds a client is asked to wait before trying again while the database is away.
RETRY_AFTER = 30


def server_error(request):
    """The error page: 503 while the database can't answer, 500 for anything else.

    A database that is away, restarting, or too busy (a lock or a statement
    that timed out) raises OperationalError or InterfaceError; the visitor is
    asked to come back in a while, which is all they can do in every case.
    Django calls this inside the handler of the uncaught exception. The pages
    are static, without the request's context: rendering must not need the
    database that may have just failed.
    """
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
        response["Retry-After"] = str(RETRY_AFTER)
        return response
    return HttpResponse(loader.render_to_string("500.html"), status=500)


def csrf_failure(request, reason=""):
    """A form sent without a valid CSRF token: say so in the visitor's language, and what to do.

    Mostly a page kept open past its token, or cookies the browser refused.
    """
    return render(request, "403_csrf.html", status=403)


def bad_request(request, exception):
    """The 400 page, rendered without the request's context.

    A bad request may carry a session cookie that can't be looked up (NUL in
    it), so the page must not ask who the visitor is. Under /api/ the answer is JSON.
    """
    if api.is_api_request(request):
        return api.bad_request(request)
    return HttpResponseBadRequest(loader.render_to_string("400.html"))
