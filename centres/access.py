"""Who may change a centre: the one check every view that changes a centre calls."""

from django.core.exceptions import PermissionDenied
from django.core.validators import slug_re
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from .models import Centre


def can_edit_centre(user, centre):
    """Coordinators of the centre, and staff allowed to change centres."""
    if not user.is_authenticated or not user.is_active:
        return False
    return (
        user.has_perm("centres.change_centre") or centre.coordinators.filter(pk=user.pk).exists()
    )


def get_centre_for_editor(user, slug):
    """The centre with this slug if `user` may edit it; 404 if none, 403 if not theirs."""
    if not slug_re.match(slug):  # a posted value; PostgreSQL can't even compare a NUL
        raise Http404
    centre = get_object_or_404(Centre.objects.select_related("region", "territory"), slug=slug)
    if not can_edit_centre(user, centre):
        raise PermissionDenied(
            _(
                "You are not a coordinator of «%(centre)s»: its coordinators and the "
                "network's administrators keep its profile."
            )
            % {"centre": centre.name}
        )
    return centre


def can_revert_centre(user):
    """Undoing an edit is for staff with the change permission, not for coordinators."""
    return user.is_active and user.is_staff and user.has_perm("centres.change_centre")
