from django.contrib import admin

from .models import Definition, OrganisationalModel


@admin.register(OrganisationalModel)
class OrganisationalModelAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "slug"]
    search_fields = ["name"]


@admin.register(Definition)
class DefinitionAdmin(admin.ModelAdmin):
    list_display = ["term", "order"]
    list_editable = ["order"]
    search_fields = ["term", "text"]
