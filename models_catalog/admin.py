from django.contrib import admin

from .models import (
    Characteristic,
    Definition,
    Example,
    InteractionForm,
    InteractionPurpose,
    NetworkEffect,
    OrganisationalModel,
    Point,
    SavedAssessment,
    TransformationStep,
)


class PointInline(admin.TabularInline):
    model = Point
    extra = 0
    fields = ["side", "text", "order"]


class ExampleInline(admin.TabularInline):
    model = Example
    extra = 0
    autocomplete_fields = ["territory"]


@admin.register(OrganisationalModel)
class OrganisationalModelAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "slug"]
    search_fields = ["name", "characteristics"]
    inlines = [PointInline, ExampleInline]


@admin.register(Definition)
class DefinitionAdmin(admin.ModelAdmin):
    list_display = ["term", "order"]
    list_editable = ["order"]
    search_fields = ["term", "text"]


class InteractionPurposeInline(admin.TabularInline):
    model = InteractionPurpose
    extra = 0


@admin.register(InteractionForm)
class InteractionFormAdmin(admin.ModelAdmin):
    list_display = ["name", "order"]
    list_editable = ["order"]
    inlines = [InteractionPurposeInline]


@admin.register(NetworkEffect)
class NetworkEffectAdmin(admin.ModelAdmin):
    list_display = ["text", "side", "order"]
    list_filter = ["side"]
    list_editable = ["order"]
    search_fields = ["text"]


@admin.register(TransformationStep)
class TransformationStepAdmin(admin.ModelAdmin):
    list_display = ["number", "text"]


@admin.register(Characteristic)
class CharacteristicAdmin(admin.ModelAdmin):
    list_display = ["order", "text", "step"]
    list_filter = ["step"]
    list_select_related = ["step"]
    search_fields = ["text"]


@admin.register(SavedAssessment)
class SavedAssessmentAdmin(admin.ModelAdmin):
    list_display = ["centre", "model", "held", "total", "saved_by", "created"]
    list_select_related = ["centre", "model", "saved_by"]
    readonly_fields = [
        "centre",
        "answers",
        "model",
        "held",
        "characteristics",
        "total",
        "saved_by",
        "created",
    ]
