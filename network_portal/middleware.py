from django.conf import settings
from django.core.exceptions import BadRequest
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


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
