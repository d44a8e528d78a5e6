"""Public pages, rendered once and served from the cache until the content changes.

Every change to the registry, the catalogue or a survey replaces the content
generation; cached pages are keyed by it, so a change is visible on the next
request, in every worker and on every app server sharing the cache.
"""

import hashlib
import uuid
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import get_language

GENERATION_KEY = "portal:content-generation"


def content_generation():
    return cache.get_or_set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)


def new_generation():
    cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)


def content_changed(*args, **kwargs):
    """Make every cached page stale once the change is committed. Also a signal receiver.

    Waiting for the commit keeps a request that runs meanwhile from caching the
    old content under the new generation.
    """
    transaction.on_commit(new_generation)


def watch_models(models):
    """Mark the content as changed whenever one of these models is saved or deleted."""
    for model in models:
        uid = f"portal-content-{model._meta.label}"
        post_save.connect(content_changed, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(content_changed, sender=model, dispatch_uid=f"{uid}-delete")
    m2m_changed.connect(content_changed, dispatch_uid="portal-content-m2m")


def cache_public_page(view):
    """Serve anonymous GET requests from the cache.

    Signed-in people see their own navigation and editing links, so they always
    get a fresh page; so does anyone with a message waiting to be shown.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if (
            settings.PAGE_CACHE_SECONDS <= 0
            or request.method != "GET"
            or "messages" in request.COOKIES
            or request.user.is_authenticated
        ):
            return view(request, *args, **kwargs)
        # Scheme and host are part of the key: a page may show its own full address.
        path = (
            f"{content_generation()}|{get_language()}|{request.scheme}://{request.get_host()}|"
            f"{request.get_full_path()}"
        )
        key = "portal:page:" + hashlib.sha256(path.encode()).hexdigest()
        response = cache.get(key)
        if response is None:
            response = view(request, *args, **kwargs)
            if response.status_code == 200 and not response.streaming and not response.cookies:
                cache.set(key, response, settings.PAGE_CACHE_SECONDS)
        return response

    return wrapper
