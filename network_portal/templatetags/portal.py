from django import template

register = template.Library()


@register.filter
def minutes(duration):
    """Whole minutes of a timedelta, for messages such as the login lockout."""
    return int(duration.total_seconds() // 60) if duration else 0
