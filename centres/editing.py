"""Saving a profile without losing anyone's work, and reading its history."""

from copy import copy

from django.db import transaction
from django.forms.models import model_to_dict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import DeletedObject

from network_portal.inputs import error_lines

from .forms import CentreProfileForm
from .models import Centre, ModelSetBy


class EditConflict(Exception):
    """Someone saved the profile after the editor opened the form.

    `changes` lists what they changed; it is None when the form did not say
    which version the editor started from. `both_changed` names the fields the
    editor changed too, once `form_after_conflict` has compared them.
    """

    def __init__(self, current, changes, loaded_version=None):
        super().__init__("edit conflict")
        self.current = current
        self.changes = changes
        self.loaded_version = loaded_version
        self.both_changed = []
        self.merged = False


def field_label(name):
    return Centre._meta.get_field(name).verbose_name


PORTAL_SET_FIELDS = ["organisational_model_set_by"]


def describe_changes(newer, older):
    """[(label, old, new)] between two historical records of a centre."""
    # Related rows as their names (a model, a regional centre), not their ids.
    delta = newer.diff_against(older, excluded_fields=["version"], foreign_keys_are_objs=True)
    changes = [(change.field, change.old, change.new) for change in delta.changes]
    # Where the model came from is set by the portal, not edited, so the diff
    # leaves it out; a history entry still says when it changed.
    for name in PORTAL_SET_FIELDS:
        old_value, new_value = getattr(older, name), getattr(newer, name)
        if old_value != new_value:
            changes.append((name, old_value, new_value))
    # In the order the edit form shows the fields, then the rest in the model's order.
    changes.sort(key=lambda change: FIELD_ORDER.get(change[0], len(FIELD_ORDER)))
    return [
        (field_label(name), shown_value(name, old), shown_value(name, new))
        for name, old, new in changes
    ]


FIELD_ORDER = {
    name: place
    for place, name in enumerate(
        dict.fromkeys([*CentreProfileForm.Meta.fields, *(f.name for f in Centre._meta.fields)])
    )
}


def shown_value(name, value):
    """A field's value as people read it in a diff: «да», a choice's label, a name.

    An empty key is empty, not «deleted object (pk=None)».
    """
    if isinstance(value, DeletedObject) and value.pk is None:
        return None
    field = Centre._meta.get_field(name)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    return value


class RevertRefused(Exception):
    """An earlier version can't be brought back as it is; `errors` says why."""

    def __init__(self, errors):
        super().__init__("revert refused")
        self.errors = errors


def save_profile(form, loaded_version, reason=None, verified=True, restore=None):
    """Save the edit form unless the profile changed since `loaded_version`.

    The row is locked while the versions are compared, so two editors saving at
    once can't both win. A coordinator's save also confirms the profile today.
    """
    with transaction.atomic():
        current = Centre.objects.select_for_update().get(pk=form.instance.pk)
        if current.version != loaded_version:
            raise EditConflict(current, changes_since(current, loaded_version), loaded_version)
        centre = form.save(commit=False)
        centre.version = current.version
        # A revert brings back what the form does not hold, too.
        for name, value in (restore or {}).items():
            setattr(centre, name, value)
        if verified:
            centre.last_verified = timezone.localdate()
        if "name" in form.changed_data and not restore:
            # Someone who knows the centre wrote its name: no longer only the
            # seed's description of the place.
            centre.name_is_descriptive = False
        centre._change_reason = reason or _("profile edited")
        centre.save()
    return centre


def form_after_conflict(form, conflict):
    """The edit form to show after `conflict`: the editor's changes over the profile as it is now.

    A field the editor left as it was when they opened the form shows what is
    saved now, so that saving again doesn't undo someone else's change to it; a
    field they changed keeps their input, and when the other person changed it
    too, `conflict.both_changed` names it. The form is at the current version:
    the next save is the editor's deliberate choice. When the form did not say
    which version it was opened at, all of the editor's input stays.
    """
    current = conflict.current
    data = form.data.copy()
    data["version"] = current.version
    opened = None
    if conflict.loaded_version is not None:
        opened = current.history.filter(version=conflict.loaded_version).first()
    # A profile saved before its history was kept has no record of that version:
    # then nothing is merged, and the page says so.
    conflict.merged = opened is not None
    if opened is not None:
        at_opening = model_to_dict(opened.instance, fields=CentreProfileForm.Meta.fields)
        now = CentreProfileForm(instance=current)
        for name in CentreProfileForm.Meta.fields:
            field = form.fields[name]
            saved_now = now[name].value()
            if not differs(field, at_opening.get(name), form[name].data):
                data[name] = "" if saved_now is None else str(saved_now)
            elif differs(field, at_opening.get(name), saved_now) and differs(
                field, saved_now, form[name].data
            ):
                conflict.both_changed.append(field.label)
    # Checked on a copy, as the first form was: the page around it shows what is saved.
    return CentreProfileForm(data, instance=copy(current))


def differs(field, value, other):
    """Whether two values of a form field differ, a browser's line breaks (CRLF) aside."""
    value, other = (
        text.replace("\r\n", "\n") if isinstance(text, str) else text for text in (value, other)
    )
    return field.has_changed(value, other)


def confirm_current(centre, loaded_version):
    """Mark an unchanged profile as verified today."""
    with transaction.atomic():
        current = Centre.objects.select_for_update().get(pk=centre.pk)
        if current.version != loaded_version:
            raise EditConflict(current, changes_since(current, loaded_version), loaded_version)
        current.last_verified = timezone.localdate()
        current._change_reason = _("confirmed as current")
        current.save()
    return current


def set_model_by_assessment(centre, model):
    """Give the centre the model a self-assessment just saved for it found, as a new version.

    Run inside the transaction that saves the assessment. The row lock keeps a
    profile edit from slipping in between; the new version tells an editor who
    has the form open that the model changed meanwhile.
    """
    current = Centre.objects.select_for_update().get(pk=centre.pk)
    current.organisational_model = model
    current.organisational_model_set_by = ModelSetBy.ASSESSMENT
    current._change_reason = _("self-assessment saved")
    current.save()
    return current


def changes_since(current, version):
    """What changed in the profile after `version`, field by field; None if unknown."""
    if version is None:
        return None
    records = list(current.history.filter(version__gte=version).order_by("version"))
    if len(records) < 2:
        return []
    return describe_changes(records[-1], records[0])


# Set by the portal, not in the form, yet part of the version a revert brings back.
REVERT_ALSO = ["organisational_model_set_by", "name_is_descriptive"]


def revert(centre, record):
    """Bring back the profile as a coordinator keeps it in an earlier version.

    Only the fields of the edit form come back, checked by the form's own
    rules; publication, slug, level, region, parent and coordinators stay as
    they are. The revert is saved as a new version.
    """
    # Keys by id: a related row deleted since is then refused by the form, not a crash.
    data = {
        name: getattr(record, Centre._meta.get_field(name).attname)
        for name in CentreProfileForm.Meta.fields
    }
    data = {name: "" if value is None else value for name, value in data.items()}
    form = CentreProfileForm(data, instance=centre)
    if not form.is_valid():
        raise RevertRefused(list(error_lines(form)))
    reason = _("reverted to version %(version)s") % {"version": record.version}
    restore = {name: getattr(record, name) for name in REVERT_ALSO}
    return save_profile(form, centre.version, reason=reason, verified=False, restore=restore)


def history_entries(records, all_records):
    """[(record, changes)] for a page of records, newest first.

    Each record is compared with the one before it; for the page's oldest, that
    one is fetched with a single extra query. `changes` is None for the first
    record there is.
    """
    if not records:
        return []
    before_page = all_records.filter(history_id__lt=records[-1].history_id).first()
    previous = [*records[1:], before_page]
    return [
        (record, describe_changes(record, older) if older else None)
        for record, older in zip(records, previous, strict=True)
    ]
