import logging

from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.views import i18n
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

logger = logging.getLogger(__name__)


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


# Switching the interface language changes nothing but a cookie, so it needs no
# CSRF token; public pages then carry no token and can be cached for everyone.
set_language = csrf_exempt(i18n.set_language)
