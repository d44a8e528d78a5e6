from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from network_portal.admin import AutocompleteKeysMixin

from .access import can_edit_centre
from .forms import FORM_CLASSES, CentreAdminForm
from .models import Centre, Region, Territory


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "slug", "order"]
    list_editable = ["order"]
    search_fields = ["name", "short_name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Territory)
class TerritoryAdmin(AutocompleteKeysMixin, admin.ModelAdmin):
    list_display = ["label", "kind", "region", "parent"]
    list_filter = ["region", "kind"]
    search_fields = ["name"]
    autocomplete_fields = ["parent"]
    list_select_related = ["region", "parent"]
    ordering = ["region__order", "name"]

    @admin.display(description=_("name"), ordering="name")
    def label(self, territory):
        return territory.label


@admin.register(Centre)
class CentreAdmin(AutocompleteKeysMixin, SimpleHistoryAdmin):
    list_display = [
        "name", "level", "region", "territory", "organisational_model",
        "last_verified", "is_published",
    ]  # fmt: skip
    list_filter = ["level", "region", "organisational_model", "is_published"]
    search_fields = ["name", "slug", "territory__name", "address"]
    list_select_related = ["region", "territory", "organisational_model"]
    ordering = ["region__order", "name"]
    autocomplete_fields = ["territory", "parent"]
    filter_horizontal = ["coordinators"]
    form = CentreAdminForm
    readonly_fields = ["created", "updated", "version"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        (None, {"fields": ["name", "name_is_descriptive", "slug", "level", "is_published"]}),
        (
            _("Place in the network"),
            {
                "fields": [
                    "region",
                    "territory",
                    "parent",
                    "parent_confirmed",
                    "organisational_model",
                ]
            },
        ),
        (_("About"), {"fields": ["description"]}),
        (_("Contacts"), {"fields": ["address", "phone", "email"]}),
        (_("Online presence"), {"fields": ["website", "vk_url", "telegram_url", "ok_url"]}),
        (_("Location"), {"fields": ["latitude", "longitude"]}),
        (
            _("Upkeep"),
            {
                "fields": [
                    "coordinators",
                    "last_verified",
                    "version",
                    "created",
                    "updated",
                    "loaded_version",
                ]
            },
        ),
    ]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        # The admin passes its own callback, which Meta's centre_form_field would be:
        # a channel's @name and degrees with many decimals read as on the profile page.
        form_class = FORM_CLASSES.get(db_field.name)
        if form_class is not None:
            kwargs["form_class"] = form_class
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def history_view(self, request, object_id, extra_context=None):
        """The portal's history page, in Russian with names and words, for those who may edit.

        The admin's own list shows raw values («True → False», «None»).
        """
        centre = self.get_object(request, unquote(object_id))
        if centre is not None and can_edit_centre(request.user, centre):
            return redirect("centres:history", centre.slug)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """Earlier versions are brought back on the portal's history page instead.

        Its revert (centres.editing.revert) keeps the version number growing and
        brings back only the profile; the admin's form would save the old
        record whole, version number and coordinators included.
        """
        centre = self.get_object(request, unquote(object_id))
        if centre is None:
            raise Http404
        if not self.has_view_or_change_permission(request, centre):
            raise PermissionDenied
        return redirect("centres:history", centre.slug)
