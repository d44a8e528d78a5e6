"""Pieces the apps' admin modules share."""

from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ValidationError


class KeyAutocompleteSelect(AutocompleteSelect):
    """Django's autocomplete, which can redraw a form whose posted value is no key at all.

    Django's own looks the posted value up to show it, and fails with a server
    error on «abc»; such a value is already refused by the form's field.
    """

    def optgroups(self, name, value, attr=None):
        remote = self.field.remote_field
        key = remote.model._meta.get_field(remote.field_name)
        return super().optgroups(name, [item for item in value if is_key(key, item)], attr)


def is_key(field, value):
    try:
        field.to_python(value)
    except ValidationError:
        return False
    return True


class AutocompleteKeysMixin:
    """Use KeyAutocompleteSelect for every field in `autocomplete_fields`."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = KeyAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
