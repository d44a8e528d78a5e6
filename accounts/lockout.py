"""Who is asking, and how often: login lock-out and password-reset limits.

django-axes locks the pair of a username and an address, so that a stranger's
wrong passwords lock out nobody but the stranger; a new password lifts every
lock on the account, as the lock-out page promises.
"""

import hashlib
import ipaddress

from axes.utils import reset
from django.conf import settings
from django.core.cache import caches


def client_address(request):
    """The visitor's IP address; behind the reverse proxy, the one the proxy saw.

    The proxy appends the address it was connected from to X-Forwarded-For, so
    only the last entry can be trusted: a client can write anything before it.
    """
    address = request.META.get("REMOTE_ADDR", "")
    if settings.BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").rsplit(",", 1)[-1].strip()
        try:
            address = str(ipaddress.ip_address(forwarded))
        except ValueError:
            pass
    return address


def clear_failures_on_new_password(sender, instance, update_fields=None, **kwargs):
    """A pre_save receiver: a changed password ends the account's lock-out everywhere."""
    if instance.pk is None or (update_fields is not None and "password" not in update_fields):
        return
    saved = sender._default_manager.filter(pk=instance.pk).values_list("password", flat=True)
    if saved.first() not in (None, instance.password):
        # In the same transaction as the save: if it fails, the lock stays.
        reset(username=instance.get_username())


def over_limit(kind, who, limit):
    """Count one more request of `kind` from `who`; True once there were `limit` this hour."""
    counters = caches["limits"]
    key = f"{kind}:" + hashlib.sha256(who.encode()).hexdigest()
    counters.add(key, 0, timeout=3600)
    try:
        count = counters.incr(key)
    except ValueError:  # the count expired between the two calls
        counters.set(key, count := 1, timeout=3600)
    return count > limit
