"""The progress page's figures, kept per cell and brought up to date on every write.

A cell is a centre's level, region and model. Each published centre with a
saved self-assessment adds one to its cell's `assessed`, one to every
characteristic its latest result holds and one to every step that result
reaches. `ProgressEntry` remembers what each centre added, so that a change
takes back exactly that and adds the new figures, in the writing transaction.

The writes are caught by signals: a saved result created, edited or deleted
(the save view, the admin, a centre's deletion cascading to its results), its
characteristics changed, a centre saved with another level, region, model or
publication, the characteristics' steps or the models changed. A bulk write
that bypasses signals (`QuerySet.update()` of a centre, `bulk_create` of
results) must call `recount_progress()` afterwards.
"""

from collections import Counter
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import transaction
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save

from centres.models import Centre

from .models import (
    ASSESSED,
    Characteristic,
    OrganisationalModel,
    ProgressCount,
    ProgressEntry,
    SavedAssessment,
    TransformationStep,
    characteristic_item,
    step_item,
)


def step_requirements():
    """[(step number, characteristic pks that mark it and the steps before it)], one query."""
    marked = {}
    for number, characteristic in TransformationStep.objects.values_list(
        "number", "characteristics"
    ).order_by("number"):
        marked.setdefault(number, set())
        if characteristic is not None:
            marked[number].add(characteristic)
    return [
        (number, set().union(*(marked[n] for n in marked if n <= number))) for number in marked
    ]


def items_for(held, requirements):
    """What a published centre whose latest result holds `held` adds to its cell."""
    return [
        ASSESSED,
        *(characteristic_item(pk) for pk in sorted(held)),
        *(step_item(number) for number, needed in requirements if needed <= held),
    ]


def cell_of(centre):
    """The cell a centre's figures go to: a dict of ProgressCount's cell columns."""
    return {
        "level": centre["level"],
        "region_id": centre["region_id"],
        "model_id": centre["organisational_model_id"] or 0,
    }


CENTRE_CELL = ["level", "region_id", "organisational_model_id", "is_published"]


def add_to_cell(cell, items, delta):
    if not items:
        return
    if delta > 0:
        ProgressCount.objects.bulk_create(
            [ProgressCount(**cell, item=item) for item in items], ignore_conflicts=True
        )
    ProgressCount.objects.filter(**cell, item__in=items).update(count=F("count") + delta)


def keep_progress(centre_id):
    """Bring the kept figures up to date with one centre's latest saved result.

    The centre's row lock makes two writes for one centre take turns; the
    counts themselves change by increments, so writes for other centres of
    the same cell need no lock of their own.
    """
    # Writers call it inside their own transaction: no savepoint of its own.
    with transaction.atomic(savepoint=False):
        centre = (
            Centre.objects.select_for_update().filter(pk=centre_id).values(*CENTRE_CELL).first()
        )
        latest = (
            SavedAssessment.objects.filter(centre_id=centre_id)
            .order_by("-created", "-pk")
            .values_list("pk", flat=True)
            .first()
        )
        entry = ProgressEntry.objects.filter(centre_id=centre_id).first()
        if centre is None or latest is None:
            if entry is not None:
                add_to_cell(cell_of_entry(entry), entry.items.split(), -1)
                entry.delete()
            return
        new_items = []
        if centre["is_published"]:
            held = set(
                SavedAssessment.characteristics.through.objects.filter(
                    savedassessment_id=latest
                ).values_list("characteristic_id", flat=True)
            )
            new_items = items_for(held, step_requirements())
        cell = cell_of(centre)
        if entry is None:
            add_to_cell(cell, new_items, 1)
            ProgressEntry.objects.create(
                centre_id=centre_id, assessment_id=latest, items=" ".join(new_items), **cell
            )
            return
        old_cell, old_items = cell_of_entry(entry), entry.items.split()
        if old_cell == cell:
            add_to_cell(cell, [i for i in old_items if i not in new_items], -1)
            add_to_cell(cell, [i for i in new_items if i not in old_items], 1)
        else:
            add_to_cell(old_cell, old_items, -1)
            add_to_cell(cell, new_items, 1)
        ProgressEntry.objects.filter(pk=entry.pk).update(
            assessment_id=latest, items=" ".join(new_items), **cell
        )


# The centres written inside `keeping_progress_once()`, kept when it ends.
pending_centres = ContextVar("pending_centres", default=None)


@contextmanager
def keeping_progress_once():
    """Inside the block, keep each written centre's figures once, when the block ends.

    Saving a result writes it, its characteristics and the centre's model: three
    signals, one centre to count again. Use it inside the writing transaction.
    """
    if pending_centres.get() is not None:
        yield
        return
    pending = set()
    token = pending_centres.set(pending)
    try:
        yield
    finally:
        pending_centres.reset(token)
    for centre_id in sorted(pending):
        keep_progress(centre_id)


def keep_progress_of(centre_id):
    pending = pending_centres.get()
    if pending is None:
        keep_progress(centre_id)
    else:
        pending.add(centre_id)


def cell_of_entry(entry):
    return {"level": entry.level, "region_id": entry.region_id, "model_id": entry.model_id}


def recount_progress():
    """Count every centre afresh and keep that: the repair after a bulk write.

    Each centre's latest result in one query, their characteristics in another.
    """
    with transaction.atomic():
        requirements = step_requirements()
        centres = {row["pk"]: row for row in Centre.objects.values("pk", *CENTRE_CELL).iterator()}
        latest = dict(
            SavedAssessment.objects.latest_per_centre()
            .order_by()
            .values_list("centre_id", "pk")
            .iterator()
        )
        held = {pk: set() for pk in latest.values()}
        for assessment, characteristic in (
            SavedAssessment.characteristics.through.objects.filter(
                savedassessment__in=SavedAssessment.objects.latest_per_centre()
            )
            .values_list("savedassessment_id", "characteristic_id")
            .iterator()
        ):
            held[assessment].add(characteristic)
        entries, counts = [], Counter()
        for centre_id, assessment in latest.items():
            centre = centres[centre_id]
            cell = cell_of(centre)
            items = items_for(held[assessment], requirements) if centre["is_published"] else []
            entries.append(
                ProgressEntry(
                    centre_id=centre_id, assessment_id=assessment, items=" ".join(items), **cell
                )
            )
            counts.update((tuple(cell.values()), item) for item in items)
        ProgressEntry.objects.all().delete()
        ProgressCount.objects.all().delete()
        ProgressEntry.objects.bulk_create(entries, batch_size=2000)
        ProgressCount.objects.bulk_create(
            [
                ProgressCount(level=level, region_id=region, model_id=model, item=item, count=n)
                for ((level, region, model), item), n in counts.items()
            ],
            batch_size=2000,
        )


def assessment_written(sender, instance, **kwargs):
    keep_progress_of(instance.centre_id)


def assessment_characteristics_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        keep_progress_of(instance.centre_id)
    elif pk_set:
        centres = SavedAssessment.objects.filter(pk__in=pk_set).values_list("centre_id", flat=True)
        for centre_id in sorted(set(centres)):
            keep_progress_of(centre_id)
    else:  # a characteristic taken off every result
        recount_progress()


def centre_saved(sender, instance, **kwargs):
    pending = pending_centres.get()
    if pending is not None:
        pending.add(instance.pk)
        return
    entry = ProgressEntry.objects.filter(centre_id=instance.pk).first()
    if entry is None:
        return  # no saved result: nothing counted
    now = cell_of(
        {
            "level": instance.level,
            "region_id": instance.region_id,
            "organisational_model_id": instance.organisational_model_id,
        }
    )
    if now != cell_of_entry(entry) or instance.is_published != bool(entry.items):
        keep_progress(instance.pk)


def catalogue_changed(sender, **kwargs):
    """A characteristic's step, a step's number or a model changed: count again."""
    recount_progress()


UID = "models_catalog-progress-counts"
post_save.connect(assessment_written, sender=SavedAssessment, dispatch_uid=f"{UID}-saved")
post_delete.connect(assessment_written, sender=SavedAssessment, dispatch_uid=f"{UID}-deleted")
m2m_changed.connect(
    assessment_characteristics_changed,
    sender=SavedAssessment.characteristics.through,
    dispatch_uid=f"{UID}-characteristics",
)
post_save.connect(centre_saved, sender=Centre, dispatch_uid=f"{UID}-centre")
for model in (Characteristic, TransformationStep):
    post_save.connect(catalogue_changed, sender=model, dispatch_uid=f"{UID}-{model.__name__}")
    post_delete.connect(
        catalogue_changed, sender=model, dispatch_uid=f"{UID}-{model.__name__}-deleted"
    )
post_delete.connect(catalogue_changed, sender=OrganisationalModel, dispatch_uid=f"{UID}-model")
