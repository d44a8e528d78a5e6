"""Template tags for pages meant to be printed."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def absolute(context, path):
    """The full address of a path on this site: a printout shows where its links lead."""
    return context["request"].build_absolute_uri(path)
