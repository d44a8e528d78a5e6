from django import template

from centres.seed import municipal_listing

register = template.Library()


@register.filter
def minutes(duration):
    """Whole minutes of a timedelta, for messages such as the login lockout."""
    return int(duration.total_seconds() // 60) if duration else 0


@register.inclusion_tag("includes/_municipal_count_note.html")
def municipal_count_note():
    """Why the registry holds more municipal centres than the source's heading says."""
    heading, listed = municipal_listing()
    return {"heading": heading, "listed": listed}
