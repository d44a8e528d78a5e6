from collections import OrderedDict
from threading import Lock

from crispy_forms.templatetags.crispy_forms_tags import CrispyFormNode
from django import forms, template
from django.template.defaultfilters import floatformat
from django.utils.formats import localize
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from centres.models import Level, freshness_limit, profile_url_for
from centres.seed import municipal_listing

register = template.Library()


@register.filter
def minutes(duration):
    """Whole minutes of a timedelta, for messages such as the login lockout."""
    return int(duration.total_seconds() // 60) if duration else 0


@register.simple_tag
def upkeep_badge(centre):
    """A badge when the profile was never confirmed as current, or not for over a year.

    A tag, not an included template: the registry shows one for each of its centres.
    """
    if centre.never_confirmed:
        text = _("never confirmed yet")
    elif centre.needs_update:
        text = _("not confirmed for over a year")
    else:
        return ""
    return format_html('<span class="badge text-bg-warning needs-update">{}</span>', text)


@register.simple_tag
def member_items(centres):
    """The network page's member list: each centre linked, with its region.

    A tag, not a loop in the template: the page lists 150 centres, and the
    template engine's three lookups an item took longer than the query.
    """
    profile_url = profile_url_for()
    return format_html_join(
        "",
        '<li><a href="{}">{}</a> <span class="text-body-secondary">({})</span></li>',
        ((profile_url(centre.slug), centre.name, centre.region_name) for centre in centres),
    )


CENTRE_ITEM = (
    '\n    <li class="list-group-item d-flex flex-wrap justify-content-between'
    ' align-items-start gap-2 centre-item">'
    "\n      <div>"
    '\n        <a class="fw-semibold" href="{url}">{name}</a>{descriptive}'
    '\n        <div class="small text-body-secondary">'
    "\n          {place}"
    "\n          {model}"
    "\n        </div>"
    "\n      </div>"
    '\n      <span class="d-flex flex-wrap gap-1"><span class="badge level-badge'
    ' level-{level}">{level_label}</span>{upkeep}</span>'
    "\n    </li>"
    "\n  "
)


@register.simple_tag
def centre_items(centres, show_region=False, show_upkeep=False):
    """A list of centres as the registry and a regional profile show them.

    The same HTML as centres/includes/_centre_list_group.html, built here: the
    registry lists 50 centres a page, and the template engine's dozen lookups,
    translation and tag an item took longer than the queries of the page.
    Every value from the database is escaped, as the template would.
    """
    profile_url = profile_url_for()
    descriptive = format_html(
        ' <span class="small text-body-secondary descriptive-name">({})</span>',
        _("descriptive name"),
    )
    level_labels = {level: conditional_escape(label) for level, label in Level.choices}
    model_text = _("model %(number)s")
    never_confirmed = format_html(
        '<span class="badge text-bg-warning needs-update">{}</span>', _("never confirmed yet")
    )
    too_old = format_html(
        '<span class="badge text-bg-warning needs-update">{}</span>',
        _("not confirmed for over a year"),
    )
    oldest_current = freshness_limit()
    items = []
    for centre in centres:
        territory = centre.territory
        place = conditional_escape(territory.label) if territory else ""
        if show_region:
            place += (", " if territory else "") + conditional_escape(centre.region.short_name)
        model = centre.organisational_model
        upkeep = ""
        if show_upkeep:
            if centre.last_verified is None:
                upkeep = never_confirmed
            elif centre.last_verified < oldest_current:
                upkeep = too_old
        items.append(
            CENTRE_ITEM.format(
                url=conditional_escape(profile_url(centre.slug)),
                name=conditional_escape(centre.name),
                descriptive=descriptive if centre.name_is_descriptive else "",
                place=place,
                model=(
                    "· " + model_text % {"number": conditional_escape(model.number)}
                    if model
                    else ""
                ),
                level=conditional_escape(centre.level),
                level_label=level_labels.get(centre.level, conditional_escape(centre.level)),
                upkeep=upkeep,
            )
        )
    return mark_safe('\n<ul class="list-group centre-list">\n  ' + "".join(items) + "\n</ul>\n")


# A share as a horizontal bar; screen readers read the figure in its own cell.
BAR = (
    '<svg class="bar" viewBox="0 0 100 4" preserveAspectRatio="none" focusable="false">'
    '<rect class="bar-track" width="100" height="4" rx="1"/>'
    '<rect class="bar-fill" width="{}" height="4" rx="1"/></svg>\n'
)


@register.simple_tag
def bar(percent):
    return mark_safe(BAR.format(conditional_escape(str(percent))))


RESULT_ROW = (
    "\n              <tr>"
    '\n                <th scope="row" class="fw-normal">{text}</th>'
    '\n                <td class="text-end">{count}</td>'
    '\n                <td class="text-end text-nowrap percent">{percent}&nbsp;%</td>'
    "\n                {published}"
    "\n                {compared}"
    "\n                {flows}"
    '\n                <td class="bar-col" aria-hidden="true">{bar}</td>'
    "\n              </tr>"
    "\n            "
)
PUBLISHED_CELL = '<td class="text-end text-nowrap published">{}</td>'
COMPARED_CELLS = (
    '\n                  <td class="text-end text-nowrap">{other}</td>'
    '\n                  <td class="text-end text-nowrap delta">{delta}</td>'
    "\n                "
)
FLOW_CELLS = (
    '\n                  <td class="text-end flow took-up">{took_up}</td>'
    '\n                  <td class="text-end flow dropped">{dropped}</td>'
    "\n                "
)


def share(percent):
    """A percentage as the results show it, «54,5&nbsp;%», or a dash when there is none."""
    return "—" if percent is None else floatformat(percent, 1) + "&nbsp;%"


def whole_or_dash(value):
    return "—" if value is None else conditional_escape(localize(value))


@register.simple_tag
def result_rows(question_result, results, compared):
    """The rows of one question's results table: each option's count, share and bar.

    The same HTML as a loop in the template would give, built here: a survey's
    page shows thirty rows a wave, and the template engine's lookups, filters
    and included bar took longer than computing the figures.
    """
    published = results.has_published
    flows = results.common
    rows = []
    for row in question_result.options:
        delta = ""
        if compared:
            if row.delta is None:
                delta = "—"
            else:
                delta = ("+" if row.delta > 0 else "") + floatformat(row.delta, 1)
        rows.append(
            RESULT_ROW.format(
                text=conditional_escape(row.option.text),
                count=conditional_escape(localize(row.count)),
                percent=floatformat(row.percent, 1),
                published=PUBLISHED_CELL.format(share(row.option.published_percent))
                if published
                else "",
                compared=COMPARED_CELLS.format(other=share(row.other_percent), delta=delta)
                if compared
                else "",
                flows=FLOW_CELLS.format(
                    took_up=whole_or_dash(row.took_up), dropped=whole_or_dash(row.dropped)
                )
                if flows
                else "",
                bar=bar(row.percent),
            )
        )
    return mark_safe("".join(rows))


@register.inclusion_tag("includes/_municipal_count_note.html")
def municipal_count_note():
    """Why the registry holds more municipal centres than the source's heading says."""
    heading, listed = municipal_listing()
    return {"heading": heading, "listed": listed}


# Rendered filter bars by everything they show; crispy-forms takes longer to
# render a bar than the database takes to find the page's centres.
FILTER_BARS = OrderedDict()
FILTER_BARS_KEPT = 256
FILTER_BARS_LOCK = Lock()


@register.simple_tag(takes_context=True)
def filter_bar(context, form):
    """The filter bar, rendered by crispy-forms once for each thing it can show.

    The HTML follows from the interface language, what was asked for (the
    query string) and the choices offered (the regions and models, read once
    here for the key and the render alike), so a bar rendered before with the
    same of each is the same bar: nothing a visitor sees can be out of date.
    """
    for field in form.fields.values():
        if isinstance(field, forms.ModelChoiceField):
            # The widget renders these; the field's own choices would run the query again.
            field.widget.choices = offered_choices(field)
    key = (
        get_language(),
        # django-filter makes the form's class afresh for every filter; its base stays.
        type(form).__name__,
        type(form).__bases__,
        tuple((name, tuple(form.data.getlist(name))) for name in form.fields)
        if form.is_bound
        else None,
        tuple(
            (name, tuple((str(value), str(label)) for value, label in field.widget.choices))
            for name, field in form.fields.items()
            if isinstance(field, forms.ChoiceField)
        ),
    )
    with FILTER_BARS_LOCK:
        html = FILTER_BARS.get(key)
        if html is not None:
            FILTER_BARS.move_to_end(key)
            return html
    with context.push(filter_bar_form=form):
        html = mark_safe(CrispyFormNode("filter_bar_form", None).render(context))
    with FILTER_BARS_LOCK:
        FILTER_BARS[key] = html
        while len(FILTER_BARS) > FILTER_BARS_KEPT:
            FILTER_BARS.popitem(last=False)
    return html


def offered_choices(field):
    """A model choice field's choices, read in one ordinary query.

    Iterating the field's choices would count the rows first, then read them
    through a server-side cursor: four round trips to the database instead of one.
    """
    iterator = field.iterator(field)
    choices = [] if field.empty_label is None else [("", field.empty_label)]
    if getattr(field, "null_label", None) is not None:
        choices.append((field.null_value, field.null_label))
    return choices + [iterator.choice(item) for item in field.queryset]
