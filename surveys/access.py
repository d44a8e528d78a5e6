"""Who may see which survey: the one check every survey page calls."""

from django.shortcuts import get_object_or_404

from .models import Survey


def can_see_unpublished_surveys(user):
    """Staff who work on surveys in the admin; nobody else, staff or not."""
    return (
        user.is_active
        and user.is_staff
        and (user.has_perm("surveys.view_survey") or user.has_perm("surveys.change_survey"))
    )


def get_survey_for_user(user, slug):
    """The survey with this slug if the user may see it; 404 otherwise."""
    return get_object_or_404(Survey.objects.visible_to(user), slug=slug)


def can_see_missing_respondents(user):
    """Staff who may change centres or work on surveys: they see who has not answered."""
    return (
        user.is_active
        and user.is_staff
        and (user.has_perm("centres.change_centre") or can_see_unpublished_surveys(user))
    )
