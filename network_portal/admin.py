"""The portal's admin site, and pieces the apps' admin modules share."""

from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop, ngettext_lazy


class PortalAdminSite(admin.AdminSite):
    """The admin under the portal's name, not Django's."""

    site_header = _("Ural network of resource centres")
    site_title = _("Ural network portal administration")
    index_title = _("Sections of the portal")


# The admin puts the names of tables into its own sentences («Добавить %s»,
# «Выберите %s для изменения»), so in Russian a name must read the same in the
# accusative. django-axes's own Russian names don't; the portal's translations
# of them come first (LOCALE_PATHS), and naming the messages here keeps them in
# the portal's catalogue.
AXES_TABLE_NAMES = [
    gettext_noop("access attempt"),
    gettext_noop("access attempts"),
    gettext_noop("access failure"),
    gettext_noop("access failures"),
    gettext_noop("access log"),
    gettext_noop("access logs"),
]

# Django's own tables of people and their permission sets have the same trouble
# («Выберите пользователь для изменения», «Добавить группа»): named as accounts
# and permission sets, they read right.
AUTH_TABLE_NAMES = [
    gettext_noop("Authentication and Authorization"),
    gettext_noop("user"),
    gettext_noop("users"),
    gettext_noop("group"),
    gettext_noop("groups"),
    gettext_noop(
        "The groups this user belongs to. A user will get all permissions granted to each of "
        "their groups."
    ),
]

# Django's own Russian for these sentences needs a name in a case names don't
# have («Удаление %s», «Успешно удалены 5 %s», «Изменено … у %s»); the portal
# words them so that a name in the nominative reads right.
ADMIN_SENTENCES = [
    gettext_noop("Successfully deleted %(count)d %(items)s."),
    ngettext_lazy(
        "%(count)s %(name)s was changed successfully.",
        "%(count)s %(name)s were changed successfully.",
        "count",
    ),
    gettext_noop("Changed {fields} for {name} “{object}”."),
    gettext_noop("%(name)s with ID “%(key)s” doesn’t exist. Perhaps it was deleted?"),
    gettext_noop(
        "Deleting the %(object_name)s '%(escaped_object)s' would result in deleting related "
        "objects, but your account doesn't have permission to delete the following types of "
        "objects:"
    ),
    gettext_noop(
        "Deleting the %(object_name)s '%(escaped_object)s' would require deleting the following "
        "protected related objects:"
    ),
    gettext_noop(
        "Deleting the selected %(objects_name)s would result in deleting related objects, but "
        "your account doesn't have permission to delete the following types of objects:"
    ),
    gettext_noop(
        "Deleting the selected %(objects_name)s would require deleting the following protected "
        "related objects:"
    ),
]


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
