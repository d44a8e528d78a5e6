import logging

from django.conf import settings
from django.core.exceptions import BadRequest
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

from .views import bad_request


class PortalLocaleMiddleware(LocaleMiddleware):
    """Speak Russian unless the visitor picked another language with the switch.

    Django's own middleware follows the browser's Accept-Language, which would
    show an English interface around Russian content to most foreign browsers.
    """

    def process_request(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class RejectNulMiddleware:
    """Answer 400 to an address, query string or cookie holding a NUL character.

    No page takes one, and PostgreSQL can't compare text that holds it: even
    Django's admin would fail with a server error on `?level=%00`, and the
    session lookup on a session cookie holding one.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        texts = [request.path, *request.COOKIES.values()]
        texts += [text for key, values in request.GET.lists() for text in [key, *values]]
        if any("\x00" in text for text in texts):
            raise BadRequest("A NUL character in the address, the query string or a cookie.")
        return self.get_response(request)


logger = logging.getLogger(__name__)

# Lookups whose pattern comes from the address and runs in the database; on
# SQLite a pattern that backtracks can keep a worker busy for minutes.
PATTERN_LOOKUPS = ("__regex", "__iregex")


class AdminListGuardMiddleware:
    """Answer 400, not a server error, to a malformed filter or action in an admin list.

    Django's admin lists build filters and actions straight from the query
    string and the posted selection: «?id__range=1», a year of twenty digits
    or a selected id «abc» fail deep inside Django, on every admin list,
    the apps' own admins included.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view, args, kwargs):
        if is_admin_list(request) and any(key.endswith(PATTERN_LOOKUPS) for key in request.GET):
            raise BadRequest("A pattern lookup in an admin list's address.")

    def process_exception(self, request, exception):
        if is_admin_list(request) and isinstance(
            exception, ValueError | TypeError | IndexError | OverflowError
        ):
            logger.warning(
                "Malformed admin list request: %s", request.get_full_path(), exc_info=True
            )
            return bad_request(request, exception)
        return None


def is_admin_list(request):
    match = request.resolver_match
    return (
        match is not None
        and match.app_name == "admin"
        and (match.url_name or "").endswith("_changelist")
    )
