"""Who is asking, and how often: login lock-out and password-reset limits.

django-axes locks the pair of a username and an address, so that a stranger's
wrong passwords lock out nobody but the stranger; a new password lifts every
lock on the account, as the lock-out page promises.
"""

import hashlib
import ipaddress
import logging
import time

from axes.utils import reset
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import caches

logger = logging.getLogger(__name__)


def client_address(request):
    """The visitor's address as the limits count it; behind the proxy, the one it saw.

    The proxy appends the address it was connected from to X-Forwarded-For, so
    only the last entry can be trusted: a client can write anything before it.
    An IPv6 visitor holds a whole /64 network, so the network counts as one
    address; an IPv4 visitor seen through IPv6 counts as its IPv4 address.
    """
    address = request.META.get("REMOTE_ADDR", "")
    if settings.BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").rsplit(",", 1)[-1].strip()
        try:
            address = str(ipaddress.ip_address(forwarded))
        except ValueError:
            # Everyone would share the proxy's address, and its lock-outs.
            logger.warning("DJANGO_BEHIND_PROXY is on, but X-Forwarded-For holds no address")
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if parsed.version == 4:
        return address
    if embedded := parsed.ipv4_mapped or nat64_address(parsed):
        return str(embedded)  # an IPv4 visitor, seen through IPv6
    # The first address of its /64 network stands for the visitor.
    return str(ipaddress.ip_network(f"{parsed}/64", strict=False).network_address)


NAT64 = ipaddress.ip_network("64:ff9b::/96")


def nat64_address(address):
    """The IPv4 address a NAT64 address (64:ff9b::a.b.c.d) stands for, or None."""
    if address in NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def attempted_username(request, credentials):
    """The username django-axes records, cut to the longest an account can have.

    A longer one belongs to no account, and the lock-out records can't hold it.
    Read as django-axes reads it when no callable is set.
    """
    field = settings.AXES_USERNAME_FORM_FIELD
    source = credentials if credentials else getattr(request, "data", request.POST)
    username = source.get(field)
    user_model = get_user_model()
    length = user_model._meta.get_field(user_model.USERNAME_FIELD).max_length
    return username[:length] if isinstance(username, str) else username


def clear_failures_on_new_password(sender, instance, update_fields=None, **kwargs):
    """A pre_save receiver: a changed password ends the account's lock-out everywhere.

    Cleared before the save; should the save then fail, the account's owner
    merely gets their tries back.
    """
    if instance.pk is None or (update_fields is not None and "password" not in update_fields):
        return
    saved = sender._default_manager.filter(pk=instance.pk).values_list("password", flat=True)
    if saved.first() not in (None, instance.password):
        reset(username=instance.get_username())


def over_limit(kind, who, limit):
    """Count one more request of `kind` from `who` this hour; True once over `limit`.

    The hour is in the key: a cache that resets an entry's expiry on every
    increment (the database cache does) still starts a new count each hour.
    """
    counters = caches["limits"]
    hour = int(time.time()) // 3600
    key = f"{kind}:{hour}:" + hashlib.sha256(who.encode()).hexdigest()
    counters.add(key, 0, timeout=3600)
    try:
        count = counters.incr(key)
    except ValueError:  # the count expired between the two calls
        counters.set(key, count := 1, timeout=3600)
    return count > limit
