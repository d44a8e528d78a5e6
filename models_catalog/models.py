from itertools import pairwise

from django.conf import settings
from django.db import models
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _


class Side(models.TextChoices):
    PRO = "pro", _("pro")
    CON = "con", _("con")


def split_by_side(items):
    """Pros and cons (of a model, of network interaction) as two lists, each in its order."""
    items = list(items)
    return (
        [item for item in items if item.side == Side.PRO],
        [item for item in items if item.side == Side.CON],
    )


def count_related(model, link, **filters):
    """A subquery counting `model` rows pointing at the outer row through `link`.

    Counting in subqueries keeps the outer query to one row per object, however
    many rows each relation has.
    """
    rows = (
        model.objects.filter(**{link: OuterRef("pk")}, **filters)
        .order_by()
        .values(link)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=models.IntegerField()), 0)


class OrganisationalModelQuerySet(models.QuerySet):
    def for_catalogue(self):
        """The four models with their pros and cons, and counts of examples and centres."""
        from centres.models import Centre

        return self.prefetch_related("points").annotate(
            example_count=count_related(Example, "model"),
            centre_count=count_related(Centre, "organisational_model", is_published=True),
        )

    def for_comparison(self):
        return self.prefetch_related("points", "examples")

    def for_detail(self):
        """A model with its pros and cons, and its examples with the centres there."""
        from centres.models import Centre

        examples = Example.objects.select_related("territory__region").prefetch_related(
            models.Prefetch(
                "territory__centres", Centre.objects.published(), to_attr="published_centres"
            )
        )
        return self.prefetch_related("points", models.Prefetch("examples", examples))

    def for_assessment(self):
        """Models with pros and cons, examples and the published centres working by them."""
        from centres.models import Centre

        return self.prefetch_related(
            "points",
            "examples",
            models.Prefetch(
                "centres",
                Centre.objects.published().select_related("territory").order_by("name"),
                to_attr="published_centres",
            ),
        )


class OrganisationalModel(models.Model):
    """One of the four ways a municipality can organise support for NGOs."""

    number = models.PositiveSmallIntegerField(
        _("number"), unique=True, help_text=_("1 to 4, as in the source document.")
    )
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), unique=True)
    characteristics = models.TextField(_("general characteristics"), blank=True)

    objects = OrganisationalModelQuerySet.as_manager()

    class Meta:
        # The admin puts these names into its sentences («Добавить %s», «Выберите %s
        # для изменения»): in Russian they must read the same in the accusative.
        verbose_name = _("way of organising NGO support")
        verbose_name_plural = _("ways of organising NGO support")
        ordering = ["number"]

    def __str__(self):
        return _("Model %(number)s: %(name)s") % {"number": self.number, "name": self.name}

    def get_absolute_url(self):
        return reverse("models_catalog:detail", args=[self.slug])

    def get_registry_url(self):
        return f"{reverse('centres:list')}?model={self.number}"

    @property
    def pros(self):
        return split_by_side(self.points.all())[0]

    @property
    def cons(self):
        return split_by_side(self.points.all())[1]


class Point(models.Model):
    """One pro or one con of an organisational model."""

    model = models.ForeignKey(
        OrganisationalModel, models.CASCADE, related_name="points", verbose_name=_("model")
    )
    side = models.CharField(_("side"), max_length=3, choices=Side.choices)
    text = models.TextField(_("text"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("pro or con")
        verbose_name_plural = _("pros and cons")
        ordering = ["side", "order"]

    def __str__(self):
        return self.text


class Example(models.Model):
    """A territory the source names as an example of a model."""

    model = models.ForeignKey(
        OrganisationalModel, models.CASCADE, related_name="examples", verbose_name=_("model")
    )
    label = models.CharField(
        _("as the source writes it"),
        max_length=200,
        help_text=_("For example «Ялуторовский (+Исетский) район»."),
    )
    territory = models.ForeignKey(
        "centres.Territory",
        models.PROTECT,
        related_name="model_examples",
        verbose_name=_("territory"),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("example territory")
        verbose_name_plural = _("example territories")
        ordering = ["order"]

    def __str__(self):
        return self.label


class DefinitionQuerySet(models.QuerySet):
    def terms(self):
        """What the source defines with a dash: a resource centre and a ЦОР.

        The statement about network interaction is no definition; the network
        page quotes it as its lead.
        """
        return self.exclude(slug=NETWORK_INTERACTION)


# The source's sentence «Сетевое взаимодействие способствует …».
NETWORK_INTERACTION = "network-interaction"


class Definition(models.Model):
    """A statement the network makes about itself: what a resource centre or a ЦОР is."""

    slug = models.SlugField(_("slug"), unique=True)
    term = models.CharField(_("term"), max_length=200)
    text = models.TextField(_("definition"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = DefinitionQuerySet.as_manager()

    class Meta:
        verbose_name = _("term")
        verbose_name_plural = _("terms")
        ordering = ["order", "term"]

    def __str__(self):
        return self.term


class InteractionForm(models.Model):
    """A form of network interaction: network meetings, internship platforms, …"""

    name = models.CharField(_("name"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("form of network interaction")
        verbose_name_plural = _("forms of network interaction")
        ordering = ["order"]

    def __str__(self):
        return self.name


class InteractionPurpose(models.Model):
    """What a form of network interaction is for: one item of its list."""

    form = models.ForeignKey(
        InteractionForm, models.CASCADE, related_name="purposes", verbose_name=_("form")
    )
    text = models.TextField(_("text"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("list item")
        verbose_name_plural = _("list items")
        ordering = ["order"]

    def __str__(self):
        return self.text


class NetworkEffect(models.Model):
    """A pro or a con of network interaction."""

    side = models.CharField(_("side"), max_length=3, choices=Side.choices)
    text = models.TextField(_("text"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("pro or con of network interaction")
        verbose_name_plural = _("pros and cons of network interaction")
        ordering = ["side", "order"]

    def __str__(self):
        return self.text


class TransformationStep(models.Model):
    """One of the four steps from resource centre to centre for public development."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    text = models.TextField(_("text"))
    breaks_off = models.BooleanField(
        _("breaks off in the source"),
        default=False,
        help_text=_("The source's sentence ends mid-way; the page shows an ellipsis and says so."),
    )

    class Meta:
        verbose_name = _("step to a centre for public development")
        verbose_name_plural = _("steps to a centre for public development")
        ordering = ["number"]

    def __str__(self):
        return _("Step %(number)s. %(text)s") % {"number": self.number, "text": self.shown_text}

    @property
    def shown_text(self):
        """The source's words; a sentence that breaks off there ends in an ellipsis."""
        return f"{self.text}…" if self.breaks_off else self.text


class Characteristic(models.Model):
    """One of the eleven characteristics of a centre for public development."""

    order = models.PositiveSmallIntegerField(_("number"), unique=True)
    text = models.TextField(_("text"))
    step = models.ForeignKey(
        TransformationStep,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="characteristics",
        verbose_name=_("step"),
        help_text=_("The self-assessment takes a step as done when all its characteristics hold."),
    )

    class Meta:
        verbose_name = _("characteristic of a centre for public development")
        verbose_name_plural = _("characteristics of a centre for public development")
        ordering = ["order"]

    def __str__(self):
        return self.text


class SavedAssessmentQuerySet(models.QuerySet):
    def latest_per_centre(self, saved_by=None):
        """Each centre's newest saved result only; with a moment, the newest saved by then."""
        newest = SavedAssessment.objects.filter(centre=OuterRef("centre"))
        results = self
        if saved_by is not None:
            newest = newest.filter(created__lte=saved_by)
            # Said twice: the outer filter lets an index skip the results saved since.
            results = results.filter(created__lte=saved_by)
        return results.filter(pk=Subquery(newest.order_by("-created", "-pk").values("pk")[:1]))

    def for_progress(self, centres, saved_by=None):
        """The latest result of each published centre among `centres`: the progress page's base."""
        return self.filter(centre__in=centres.filter(is_published=True)).latest_per_centre(
            saved_by
        )

    def history(self):
        """The results newest first, each knowing the one saved before it: a profile's history.

        Two queries, however many results the centre saved.
        """
        assessments = list(
            self.select_related("model")
            .prefetch_related("characteristics")
            .order_by("-created", "-pk")
        )
        for newer, older in pairwise(assessments):
            newer.previous = older
        return assessments

    def held_sets(self):
        """{result's pk: the pks of the characteristics it holds}, in one query."""
        held_sets = {}
        for pk, characteristic in self.order_by().values_list("pk", "characteristics"):
            held = held_sets.setdefault(pk, set())
            if characteristic is not None:
                held.add(characteristic)
        return held_sets

    def figures(self, characteristics, required):
        """How many of these results hold each characteristic (`holding_<pk>`), reach each
        step (`reached_<number>`), and how many there are (`assessed`), in one query.

        `required` maps a step's number to how many characteristics mark it and
        the steps before it; a result reaches the step when it holds them all,
        as the self-assessment reads it.
        """
        per_result = {
            **{
                f"has_{c.pk}": Count("characteristics", filter=models.Q(characteristics=c.pk))
                for c in characteristics
            },
            **{
                f"held_up_to_{number}": Count(
                    "characteristics", filter=models.Q(characteristics__step__number__lte=number)
                )
                for number in required
            },
        }
        return self.annotate(**per_result).aggregate(
            assessed=Count("pk"),
            **{
                f"holding_{c.pk}": Count("pk", filter=models.Q(**{f"has_{c.pk}": 1}))
                for c in characteristics
            },
            **{
                f"reached_{number}": Count(
                    "pk", filter=models.Q(**{f"held_up_to_{number}": count})
                )
                for number, count in required.items()
            },
        )


class SavedAssessment(models.Model):
    """A self-assessment result a coordinator kept on their centre's profile."""

    centre = models.ForeignKey(
        "centres.Centre", models.CASCADE, related_name="assessments", verbose_name=_("centre")
    )
    answers = models.CharField(
        _("answers"), max_length=1000, help_text=_("As in the result's URL.")
    )
    model = models.ForeignKey(
        OrganisationalModel,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("model that fits"),
    )
    held = models.PositiveSmallIntegerField(_("characteristics that hold"))
    characteristics = models.ManyToManyField(
        Characteristic,
        blank=True,
        related_name="assessments_holding",
        verbose_name=_("characteristics that hold"),
    )
    total = models.PositiveSmallIntegerField(_("characteristics in all"))
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(_("saved"), auto_now_add=True)

    objects = SavedAssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("saved self-assessment")
        verbose_name_plural = _("saved self-assessments")
        ordering = ["-created", "-pk"]
        indexes = [
            # A centre's latest result, and the results saved by a moment (a year earlier).
            models.Index(fields=["centre", "-created", "-id"], name="assessment_latest"),
            models.Index(fields=["created"], name="assessment_created"),
        ]

    def __str__(self):
        return f"{self.centre}: {date_format(timezone.localtime(self.created))}"

    def get_absolute_url(self):
        return f"{reverse('models_catalog:self_assessment')}?{self.answers}"

    # What changed since the result saved before this one (set by `history()`).
    previous = None

    @property
    def held_numbers(self):
        return [c.order for c in self.characteristics.all()]

    @property
    def gained(self):
        """Characteristics that hold now and did not at the previous result."""
        if self.previous is None:
            return []
        before = set(self.previous.characteristics.all())
        return [c for c in self.characteristics.all() if c not in before]

    @property
    def lost(self):
        """Characteristics that held at the previous result and do not now."""
        if self.previous is None:
            return []
        now = set(self.characteristics.all())
        return [c for c in self.previous.characteristics.all() if c not in now]

    @property
    def model_changed(self):
        return self.previous is not None and self.previous.model_id != self.model_id


# The progress page counts each published centre by its latest saved result.
# Counting that afresh reads every saved result; instead the figures are kept,
# per cell (a centre's level, region and model), and brought up to date in the
# transaction of every write that can change them (see models_catalog/progress_counts.py).
ASSESSED = "assessed"


def characteristic_item(characteristic_pk):
    return f"characteristic-{characteristic_pk}"


def step_item(step_number):
    return f"step-{step_number}"


class ProgressEntry(models.Model):
    """What one centre's latest saved result counts on the progress page, and in which cell.

    It keeps what was added, so that a change takes back exactly that. The
    centre is a plain column: deleting a centre deletes its results first, and
    their deletion takes the entry back.
    """

    centre_id = models.BigIntegerField(_("centre"), unique=True)
    assessment_id = models.BigIntegerField(_("latest saved self-assessment"))
    level = models.CharField(_("level"), max_length=20)
    region_id = models.BigIntegerField(_("region"))
    model_id = models.BigIntegerField(_("model"), help_text=_("0 when the centre has none."))
    items = models.CharField(
        _("counted as"), max_length=1000, help_text=_("What it counts, space separated.")
    )

    class Meta:
        verbose_name = _("progress entry")
        verbose_name_plural = _("progress entries")
        ordering = ["centre_id"]

    def __str__(self):
        return f"{self.centre_id}: {self.items}"


class ProgressCount(models.Model):
    """How many published centres of one cell count an item: assessed, a characteristic, a step."""

    level = models.CharField(_("level"), max_length=20)
    region_id = models.BigIntegerField(_("region"))
    model_id = models.BigIntegerField(_("model"), help_text=_("0 when the centre has none."))
    item = models.CharField(_("what is counted"), max_length=40)
    count = models.IntegerField(_("centres counted"), default=0)

    class Meta:
        verbose_name = _("progress count")
        verbose_name_plural = _("progress counts")
        ordering = ["level", "region_id", "model_id", "item"]
        constraints = [
            models.UniqueConstraint(
                fields=["level", "region_id", "model_id", "item"], name="one_progress_count"
            )
        ]

    def __str__(self):
        return f"{self.level}/{self.region_id}/{self.model_id} {self.item}: {self.count}"


# Keeps the counts above on every write (signals connected on import).
from . import progress_counts  # noqa: E402, F401
