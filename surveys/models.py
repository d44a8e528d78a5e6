from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy


class SurveyQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Published surveys; unpublished ones too for staff who work on surveys."""
        from .access import can_see_unpublished_surveys

        return self if can_see_unpublished_surveys(user) else self.filter(is_published=True)

    def for_list(self):
        """With `response_count`, from the kept counts (surveys.tallies): one query."""
        count = (
            ResponseTally.objects.filter(survey=models.OuterRef("pk"))
            .values("survey")
            .annotate(total=models.Sum("responses"))
            .values("total")
        )
        return self.annotate(response_count=Coalesce(models.Subquery(count), 0)).order_by(
            "-created", "title"
        )

    def open_now(self):
        """Surveys taking answers online today, in the portal's time zone."""
        today = timezone.localdate()
        return self.filter(opens_on__lte=today, closes_on__gte=today)


class Survey(models.Model):
    """A study of what the network's centres do, in one wave."""

    slug = models.SlugField(_("slug"), unique=True)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    period = models.CharField(
        _("period or wave"), max_length=100, blank=True, help_text=_("For example «2024, весна».")
    )
    is_published = models.BooleanField(
        _("published"), default=False, help_text=_("Unpublished surveys are seen by staff only.")
    )
    opens_on = models.DateField(
        _("opens on"),
        null=True,
        blank=True,
        help_text=_("The first day centres may answer online. Empty: no answers online."),
    )
    closes_on = models.DateField(
        _("closes on"),
        null=True,
        blank=True,
        help_text=_("The last day centres may answer online, inclusive."),
    )
    copied_from = models.ForeignKey(
        "self",
        models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="later_waves",
        verbose_name=_("copied from"),
        help_text=_(
            "The earlier wave this survey was copied from: its answers pre-fill this one."
        ),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)

    objects = SurveyQuerySet.as_manager()

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["-created", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(opens_on__isnull=True)
                | models.Q(closes_on__isnull=True)
                | models.Q(closes_on__gte=models.F("opens_on")),
                name="survey_closes_after_it_opens",
                violation_error_message=_("A survey cannot close before it opens."),
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("surveys:detail", args=[self.slug])

    def clean(self):
        super().clean()
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            raise ValidationError(
                {"closes_on": _("A survey cannot close before it opens.")}, code="closes_early"
            )

    @property
    def is_open(self):
        """Whether centres may answer online today."""
        return self.answering == "open"

    def first_wave(self):
        """The survey this one's waves were first copied from; itself when it is a first wave."""
        first, seen = self, {self.pk}
        while first.copied_from_id is not None and first.copied_from_id not in seen:
            first = first.copied_from
            seen.add(first.pk)
        return first

    @transaction.atomic
    def copy_as_new_wave(self):
        """A new unpublished survey with this one's questions and options, and no answers.

        Its slug and title are the first wave's with the first free number, so
        that waves stay comparable: a copy of «…, wave 2» is «…, wave 3».
        """
        first = self.first_wave()
        taken = set(Survey.objects.values_list("slug", flat=True))
        stem = first.slug[: self._meta.get_field("slug").max_length - 4]
        number = next(n for n in range(2, 1000) if f"{stem}-{n}" not in taken)
        suffix = _(", wave %(number)s") % {"number": number}
        title_length = self._meta.get_field("title").max_length - len(suffix)
        wave = Survey.objects.create(
            slug=f"{stem}-{number}",
            title=first.title[:title_length] + suffix,
            # Not the description: the earlier wave's («published in the presentation…»)
            # would be untrue of this one. The admins write its own.
            copied_from=self,
        )
        questions = list(self.questions.prefetch_related("options"))
        copies = Question.objects.bulk_create(
            Question(survey=wave, code=q.code, text=q.text, kind=q.kind, order=q.order)
            for q in questions
        )
        # The source's published figures belong to the earlier wave: not copied.
        Option.objects.bulk_create(
            Option(question=copy, text=option.text, order=option.order)
            for question, copy in zip(questions, copies, strict=True)
            for option in question.options.all()
        )
        return wave

    @property
    def answering(self):
        """«open», «upcoming» or «closed» today; None without both dates of a period."""
        if self.opens_on is None or self.closes_on is None:
            return None
        today = timezone.localdate()
        if today < self.opens_on:
            return "upcoming"
        return "closed" if today > self.closes_on else "open"


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", _("single choice")
        MULTIPLE = "multiple", _("multiple choice")

    survey = models.ForeignKey(
        Survey, models.CASCADE, related_name="questions", verbose_name=_("survey")
    )
    code = models.SlugField(
        _("code"), max_length=50, help_text=_("The column heading in answer files.")
    )
    text = models.CharField(_("text"), max_length=500)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.MULTIPLE)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "code"], name="unique_question_code")
        ]

    def __str__(self):
        return f"{self.code}: {self.text}"

    @property
    def is_multiple(self):
        return self.kind == self.Kind.MULTIPLE

    def clean(self):
        """A question answered with several options at once stays a multiple-choice one.

        As a single-choice question each such answer would show one of them, and
        the next save of the questionnaire would drop the others.
        """
        if self.pk is None or self.is_multiple:
            return
        several = (
            Choice.objects.filter(option__question=self)
            .values("response")
            .annotate(chosen=models.Count("pk"))
            .filter(chosen__gt=1)
            .count()
        )
        if several:
            raise ValidationError(
                {
                    "kind": ngettext_lazy(
                        "%(count)d response chose several options of this question: "
                        "it stays a multiple-choice one.",
                        "%(count)d responses chose several options of this question: "
                        "it stays a multiple-choice one.",
                        "count",
                    )
                    % {"count": several}
                }
            )


class Option(models.Model):
    question = models.ForeignKey(
        Question, models.CASCADE, related_name="options", verbose_name=_("question")
    )
    text = models.CharField(_("text"), max_length=500)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    published_percent = models.DecimalField(
        _("percent in the source"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_(
            "The share a published table gives, if any: the results page shows it beside the "
            "live figure."
        ),
    )

    class Meta:
        verbose_name = _("option")
        verbose_name_plural = _("options")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["question", "text"], name="unique_option_text")
        ]

    def __str__(self):
        return self.text


class ResponseQuerySet(models.QuerySet):
    def provenance(self):
        """How many responses there are, how many are reconstructed, how many name a centre.

        One query over the answers themselves; the results page reads the same figures
        from the kept counts (ResponseTally.objects.provenance()), the tests compare both.
        """
        return self.aggregate(
            total=models.Count("pk"),
            reconstructed=models.Count("pk", filter=models.Q(is_reconstructed=True)),
            from_centres=models.Count("pk", filter=models.Q(centre__isnull=False)),
            # What a filter by the centres' level, region or model leaves out.
            reconstructed_without_centre=models.Count(
                "pk", filter=models.Q(is_reconstructed=True, centre__isnull=True)
            ),
        )


class Response(models.Model):
    """One respondent's questionnaire."""

    survey = models.ForeignKey(
        Survey, models.CASCADE, related_name="responses", verbose_name=_("survey")
    )
    respondent = models.CharField(
        _("respondent"), max_length=200, help_text=_("Any label, unique within the survey.")
    )
    centre = models.ForeignKey(
        "centres.Centre",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="survey_responses",
        verbose_name=_("centre"),
        help_text=_("The responding centre, if known: filters use its level, region and model."),
    )
    date = models.DateField(_("date"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    is_reconstructed = models.BooleanField(
        _("reconstructed"),
        default=False,
        help_text=_("Rebuilt from a published table, not a questionnaire someone filled in."),
    )
    options = models.ManyToManyField(
        Option, through="Choice", related_name="responses", verbose_name=_("chosen options")
    )

    objects = ResponseQuerySet.as_manager()

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        ordering = ["respondent"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "respondent"], name="unique_respondent_in_survey"
            ),
            models.UniqueConstraint(
                fields=["survey", "centre"],
                condition=models.Q(centre__isnull=False),
                name="one_response_per_centre",
                violation_error_message=_("This centre has already answered this survey."),
            ),
        ]

    def __str__(self):
        return self.respondent


class Choice(models.Model):
    """An option a response chose."""

    response = models.ForeignKey(Response, models.CASCADE, related_name="choices")
    # An option that answers chose is not deleted with them (the admin says how many
    # chose it); a survey or a response deleted takes its choices along.
    option = models.ForeignKey(Option, models.RESTRICT, related_name="choices")

    class Meta:
        verbose_name = _("choice")
        verbose_name_plural = _("choices")
        constraints = [
            models.UniqueConstraint(fields=["response", "option"], name="unique_choice")
        ]

    def __str__(self):
        return str(self.option)


class PendingImport(models.Model):
    """An uploaded answers file waiting for the admin to confirm its preview."""

    survey = models.ForeignKey(Survey, models.CASCADE, related_name="+")
    filename = models.CharField(max_length=255)
    content = models.BinaryField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("pending import")
        verbose_name_plural = _("pending imports")

    def __str__(self):
        return self.filename


# The kept counts. A cell is the responding centre's level, region and model, as the
# results filter them; a response without a centre, or a centre without a model, has
# '' and 0 there (NULLs would make every row distinct to the unique constraints).
NO_CENTRE = {"level": "", "region": 0, "model": 0}


class ResponseTallyQuerySet(models.QuerySet):
    def provenance(self):
        """ResponseQuerySet.provenance() of the survey, from the kept counts; one query."""
        without_centre = models.Q(level="")
        figures = {
            "total": models.Sum("responses"),
            # Prefixed: an aggregate may not take the name of the field it sums.
            "figure_reconstructed": models.Sum("reconstructed"),
            "from_centres": models.Sum("responses", filter=~without_centre),
            "reconstructed_without_centre": models.Sum("reconstructed", filter=without_centre),
        }
        figures = self.aggregate(**{name: Coalesce(total, 0) for name, total in figures.items()})
        figures["reconstructed"] = figures.pop("figure_reconstructed")
        return figures


class Cell(models.Model):
    """The responding centres' level, region and model that a kept count is for."""

    level = models.CharField(_("level"), max_length=20, blank=True)
    region = models.BigIntegerField(_("region"), help_text=_("The region's id; 0: no centre."))
    model = models.BigIntegerField(
        _("organisational model"), help_text=_("The model's id; 0: none or no centre.")
    )

    class Meta:
        abstract = True


class ResponseTally(Cell):
    """How many responses of a survey come from one cell of centres, and how many of
    them are reconstructed.

    Kept exact by database triggers (migration 0007) on every write to responses,
    choices and centres, so results never count all the answers; `recount_tallies`
    rebuilds them from the answers.
    """

    # No constraint: the triggers delete a survey's counts with it.
    survey = models.ForeignKey(
        Survey,
        models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="response_tallies",
        verbose_name=_("survey"),
    )
    responses = models.BigIntegerField(_("responses"), default=0)
    reconstructed = models.BigIntegerField(_("reconstructed"), default=0)

    objects = ResponseTallyQuerySet.as_manager()

    class Meta:
        verbose_name = _("responses from a cell of centres")
        verbose_name_plural = _("responses from cells of centres")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "level", "region", "model"], name="unique_response_tally"
            )
        ]

    def __str__(self):
        return f"{self.survey_id} {self.level}/{self.region}/{self.model}: {self.responses}"


class Tally(Cell):
    """How many responses of a survey from one cell of centres chose an option.

    Kept like ResponseTally, by the same triggers.
    """

    survey = models.ForeignKey(
        Survey,
        models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="tallies",
        verbose_name=_("survey"),
    )
    option = models.ForeignKey(
        Option,
        models.DO_NOTHING,
        db_constraint=False,
        related_name="tallies",
        verbose_name=_("option"),
    )
    n = models.BigIntegerField(_("responses that chose it"), default=0)

    class Meta:
        verbose_name = _("tally")
        verbose_name_plural = _("tallies")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "option", "level", "region", "model"], name="unique_tally"
            )
        ]

    def __str__(self):
        return f"{self.option_id} {self.level}/{self.region}/{self.model}: {self.n}"


def drop_tally_triggers(sender, using, **kwargs):
    """Before a migrate: no tally trigger while tables are rebuilt or dropped."""
    from django.db import connections

    from .tallies import drop_for_migrate

    drop_for_migrate(connections[using])


def reinstall_tally_triggers(sender, using, **kwargs):
    """After a migrate: the triggers back if the tally tables exist, the counts recounted."""
    from django.db import connections

    from .tallies import reinstall_after_migrate

    reinstall_after_migrate(connections[using])
