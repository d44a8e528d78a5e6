"""The municipality self-assessment: which model fits, and what comes next."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from centres.editing import set_model_by_assessment
from network_portal.text import has_hidden_characters

from .models import Characteristic, OrganisationalModel, SavedAssessment, TransformationStep
from .progress_counts import keeping_progress_once

ORGANISATION_MODELS = {"specialist": 1, "institution": 2, "centre": 3}
BEYOND_SECTOR_REASONS = {
    True: _(
        "The centre takes an active part in the territory's significant issues beyond the "
        "NGO sector"
    ),
    False: _("The centre works within the NGO sector"),
}


# Long enough for the longest official names («…городской округ город Ханты-Мансийск
# Ханты-Мансийского автономного округа – Югры»), short enough for a result's address.
MUNICIPALITY_MAX_LENGTH = 150


class SelfAssessmentForm(forms.Form):
    """Questions built from the models' general characteristics, and the eleven ЦОР ones."""

    municipality = forms.CharField(
        label=_("Municipality"),
        help_text=_("Optional: shown in the result's heading and on the printout."),
        max_length=MUNICIPALITY_MAX_LENGTH,
        required=False,
    )
    organisation = forms.ChoiceField(
        label=_("Who supports NGOs and active citizens on your territory today?"),
        widget=forms.RadioSelect,
        choices=[
            (
                "specialist",
                _(
                    "A specialist of the administration: helping NGOs develop is written into "
                    "their job description"
                ),
            ),
            (
                "institution",
                _(
                    "A municipal institution whose functions were widened to include work "
                    "with NGOs and active citizens"
                ),
            ),
            (
                "centre",
                _(
                    "A specialised centre whose main activity is creating conditions for NGOs "
                    "across the whole district, small settlements included"
                ),
            ),
            ("none", _("Nobody has this task yet")),
        ],
        error_messages={"required": _("Choose who supports NGOs on your territory.")},
    )
    beyond_sector = forms.ChoiceField(
        label=_(
            "Does that centre take an active part in solving the territory's significant "
            "issues beyond the NGO sector?"
        ),
        help_text=_("Answer only if a specialised centre works on your territory."),
        widget=forms.RadioSelect,
        choices=[("yes", _("Yes")), ("no", _("No"))],
        required=False,
    )
    characteristics = forms.ModelMultipleChoiceField(
        label=_("Which of these already hold for your centre or territory?"),
        queryset=Characteristic.objects.all(),
        to_field_name="order",
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={
            "invalid_choice": _("The list of characteristics has no item %(value)s."),
            "invalid_pk_value": _("«%(pk)s» is not a characteristic's number."),
        },
    )

    def clean_municipality(self):
        municipality = self.cleaned_data["municipality"]
        if has_hidden_characters(municipality):
            raise ValidationError(
                _("Write the name in letters, digits and punctuation only."), code="hidden"
            )
        return municipality

    def clean(self):
        cleaned_data = super().clean()
        organisation = cleaned_data.get("organisation")
        beyond_sector = cleaned_data.get("beyond_sector")
        if organisation == "centre" and not beyond_sector:
            self.add_error(
                "beyond_sector",
                ValidationError(
                    _(
                        "Tell whether the centre works beyond the NGO sector: it decides "
                        "between model 3 and model 4."
                    ),
                    code="required",
                ),
            )
        elif organisation and organisation != "centre":
            # The question is about a specialised centre. An answer given before the
            # first one changed is set aside: a radio button can't be cleared.
            cleaned_data["beyond_sector"] = ""
        return cleaned_data

    def answers_query(self):
        """The answers as a query string in one canonical spelling: what a profile keeps."""
        data = self.cleaned_data
        pairs = [("organisation", data["organisation"])]
        if data.get("beyond_sector"):
            pairs.append(("beyond_sector", data["beyond_sector"]))
        pairs += [
            ("characteristics", c.order)
            for c in sorted(data["characteristics"], key=lambda c: c.order)
        ]
        return urlencode(pairs)

    def result_query(self):
        """The result's query string: the answers, then the municipality when given."""
        municipality = self.cleaned_data.get("municipality")
        if not municipality:
            return self.answers_query()
        return f"{self.answers_query()}&{urlencode({'municipality': municipality})}"


@dataclass
class Assessment:
    model: OrganisationalModel | None
    reasons: list
    next_model: OrganisationalModel | None
    held: list
    not_held: list
    next_step: TransformationStep | None
    missing_for_next_step: list

    @property
    def total(self):
        return len(self.held) + len(self.not_held)


def assess(form, models):
    """Turn a valid form into an Assessment, given the models to choose from.

    The model follows from who supports NGOs today (and, for a centre, whether it
    works beyond the sector); the next step is the first of the four whose
    characteristics do not all hold yet.
    """
    data = form.cleaned_data
    organisation = data["organisation"]
    reasons = [dict(form.fields["organisation"].choices)[organisation]]
    number = ORGANISATION_MODELS.get(organisation)
    if organisation == "centre":
        beyond_sector = data["beyond_sector"] == "yes"
        reasons.append(BEYOND_SECTOR_REASONS[beyond_sector])
        number = 4 if beyond_sector else 3

    by_number = {model.number: model for model in models}
    steps = TransformationStep.objects.all()
    characteristics = Characteristic.objects.all()
    chosen = set(data["characteristics"])
    held = [c for c in characteristics if c in chosen]
    not_held = [c for c in characteristics if c not in chosen]
    next_step = next((step for step in steps if any(c.step_id == step.pk for c in not_held)), None)
    return Assessment(
        model=by_number.get(number),
        reasons=reasons,
        next_model=by_number.get(min((number or 0) + 1, 4)),
        held=held,
        not_held=not_held,
        next_step=next_step,
        missing_for_next_step=[c for c in not_held if next_step and c.step_id == next_step.pk],
    )


def keep_on_profile(centre, form, assessment, user):
    """Save the result on the centre's profile; the centre takes the model it found.

    Both happen or neither: a profile never shows a saved result whose model
    it does not have.
    """
    with transaction.atomic(), keeping_progress_once():
        saved = SavedAssessment.objects.create(
            centre=centre,
            answers=form.answers_query(),
            model=assessment.model,
            held=len(assessment.held),
            total=assessment.total,
            saved_by=user,
        )
        saved.characteristics.set(assessment.held)
        set_model_by_assessment(centre, assessment.model)
    return saved
