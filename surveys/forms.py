from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from network_portal.cache import answers_changed
from network_portal.text import match_key

from .models import Choice, Option, Response

QUESTION_PREFIX = "question_"


class RadioSelectAll(forms.RadioSelect):
    """Radio buttons that read every value sent, so a second choice can be refused."""

    def value_from_datadict(self, data, files, name):
        return data.getlist(name) if hasattr(data, "getlist") else data.get(name)


class OptionsField(forms.MultipleChoiceField):
    """The options chosen for a question, each once however often the form sent it."""

    def to_python(self, value):
        return list(dict.fromkeys(super().to_python(value)))


class SingleChoiceField(OptionsField):
    """One option or none, shown as radio buttons."""

    widget = RadioSelectAll

    def validate(self, value):
        super().validate(value)
        if len(value) > 1:
            raise ValidationError(
                _("This question takes one answer; %(count)s were chosen."),
                code="single_choice",
                params={"count": len(value)},
            )


def question_field(question):
    """Checkboxes for a multiple-choice question, radio buttons for a single-choice one."""
    field_class = OptionsField if question.is_multiple else SingleChoiceField
    widget = forms.CheckboxSelectMultiple if question.is_multiple else RadioSelectAll
    return field_class(
        label=question.text,
        required=False,
        # The admin's class for a list of choices: each option on a line of its own.
        widget=widget(attrs={"class": "radiolist"}),
        choices=[(str(option.pk), option.text) for option in question.options.all()],
        error_messages={
            "invalid_choice": _(
                "Option %(value)s does not belong to this question; choose among its own options."
            )
        },
    )


class ResponseForm(forms.ModelForm):
    """A paper questionnaire typed in; `response_form_for` adds the survey's questions."""

    survey_object = None
    questions = []

    class Meta:
        model = Response
        fields = ["survey", "respondent", "centre", "date", "note", "is_reconstructed"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "survey" in self.fields:
            self.fields["survey"].initial = self.survey_object.pk
            self.fields["survey"].disabled = True
        if self.instance.pk:
            chosen = set(self.instance.choices.values_list("option_id", flat=True))
            for question in self.questions:
                self.initial[QUESTION_PREFIX + question.code] = [
                    str(option.pk) for option in question.options.all() if option.pk in chosen
                ]

    def clean(self):
        cleaned_data = super().clean()
        # A questionnaire saved empty before this rule may still have its note or centre set.
        if self.instance.pk is None or self.instance.choices.exists():
            refuse_empty_answer(self.errors, self.questions, cleaned_data)
        return cleaned_data

    def chosen_option_ids(self):
        return chosen_option_ids(self.questions, self.cleaned_data)

    def _save_m2m(self):
        super()._save_m2m()
        self.instance.choices.all().delete()
        Choice.objects.bulk_create(
            Choice(response=self.instance, option_id=option_id)
            for option_id in self.chosen_option_ids()
        )
        answers_changed(self.instance.survey)  # bulk_create sends no signal


def refuse_empty_answer(errors, questions, cleaned_data):
    """An answer with nothing chosen would count as a respondent with 0 % everywhere."""
    if not errors and not chosen_option_ids(questions, cleaned_data):
        raise ValidationError(
            _("Choose at least one option: an answer with nothing chosen is not saved."),
            code="empty",
        )


def chosen_option_ids(questions, cleaned_data):
    """The ids of the options a questionnaire's valid data chose, question by question."""
    return [
        int(option_id)
        for question in questions
        for option_id in cleaned_data.get(QUESTION_PREFIX + question.code, [])
    ]


class AnswerForm(forms.Form):
    """A centre's questionnaire on the public site, its current answer filled in.

    Saving creates the centre's response or replaces its answers: one response
    per centre and survey, labelled with the centre's slug, dated the day of saving.
    """

    def __init__(self, survey, centre, *args, disabled=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.survey, self.centre = survey, centre
        self.questions = list(survey.questions.prefetch_related("options"))
        self.response = survey.responses.filter(centre=centre).first()
        # Not answered yet: the centre's answer to the wave this one was copied from, if any,
        # to review and save while the survey is open.
        self.previous = None if self.response or disabled else self.previous_response()
        if self.response:
            chosen = set(self.response.choices.values_list("option_id", flat=True))
        else:
            chosen = self.previous_matches()
        for question in self.questions:
            field = question_field(question)
            field.initial = [
                str(option.pk) for option in question.options.all() if option.pk in chosen
            ]
            field.disabled = disabled
            field.widget.attrs.pop("class")  # the admin's; crispy styles the public page
            self.fields[QUESTION_PREFIX + question.code] = field
        self.helper = FormHelper()
        # The server's messages are in the portal's language; the browser's are not.
        self.helper.attrs = {"novalidate": ""}
        if not disabled:
            self.helper.add_input(Submit("save", _("Save the answers")))

    def clean(self):
        cleaned_data = super().clean()
        refuse_empty_answer(self.errors, self.questions, cleaned_data)
        return cleaned_data

    def previous_response(self):
        if self.survey.copied_from_id is None:
            return None
        return Response.objects.filter(
            survey_id=self.survey.copied_from_id, centre=self.centre
        ).first()

    def previous_matches(self):
        """This wave's options the centre chose last wave: same question code and option text."""
        if self.previous is None:
            return set()
        before = {
            (code, match_key(text))
            for code, text in self.previous.choices.values_list(
                "option__question__code", "option__text"
            )
        }
        return {
            option.pk
            for question in self.questions
            for option in question.options.all()
            if (question.code, match_key(option.text)) in before
        }

    @transaction.atomic
    def save(self):
        # The row lock (or, for a first answer, the unique constraint) keeps two
        # saves at the same moment from leaving two responses.
        response, _created = Response.objects.update_or_create(
            survey=self.survey,
            centre=self.centre,
            defaults={"respondent": self.centre.slug, "date": timezone.localdate()},
        )
        response.choices.all().delete()
        Choice.objects.bulk_create(
            Choice(response=response, option_id=option_id)
            for option_id in chosen_option_ids(self.questions, self.cleaned_data)
        )
        answers_changed(self.survey)  # bulk_create sends no signal
        return response


def response_form_for(survey):
    """A ResponseForm class with one field per question of `survey`."""
    questions = list(survey.questions.prefetch_related("options"))
    attrs = {QUESTION_PREFIX + question.code: question_field(question) for question in questions}
    attrs.update(survey_object=survey, questions=questions)
    return type("SurveyResponseForm", (ResponseForm,), attrs)


class OptionFormSet(forms.BaseInlineFormSet):
    """A question's options, none of which an answers file could mistake for another."""

    def clean(self):
        super().clean()
        seen = {}
        for form in self.forms:
            text = form.cleaned_data.get("text") if hasattr(form, "cleaned_data") else None
            if not text or self.can_delete and self._should_delete_form(form):
                continue
            key = match_key(text)
            if key in seen:
                raise ValidationError(
                    _(
                        "The options «%(first)s» and «%(second)s» differ only in capitals or "
                        "spaces, and answers files could not tell them apart."
                    ),
                    code="same_option",
                    params={"first": seen[key], "second": text},
                )
            seen[key] = text
        survey = self.instance.survey if self.instance.survey_id else None
        # Options whose texts were refused are still there; their forms say why.
        refused = any(form.errors for form in self.forms)
        if not seen and not refused and survey is not None and survey.is_published:
            raise ValidationError(
                _(
                    "The survey «%(survey)s» is published: its question needs at least one "
                    "option. Unpublish the survey first to leave the question without any."
                ),
                code="no_options",
                params={"survey": survey},
            )


class QuestionFormSet(forms.BaseInlineFormSet):
    """A survey's questions: a published survey's each have options to choose."""

    def clean(self):
        super().clean()
        if not self.instance.is_published:
            return
        kept = [
            form
            for form in self.forms
            if form.has_changed() or form.instance.pk
            if not (self.can_delete and self._should_delete_form(form))
        ]
        with_options = set(
            Option.objects.filter(question__in=[f.instance.pk for f in kept if f.instance.pk])
            .values_list("question_id", flat=True)
            .distinct()
        )
        empty = [
            form.cleaned_data.get("code") or form.instance.code
            for form in kept
            if form.instance.pk not in with_options
        ]
        if empty:
            raise ValidationError(
                _(
                    "A published survey's questions need options to choose; %(codes)s has "
                    "none yet. Save the survey unpublished, add the options on each "
                    "question's page, then publish it."
                ),
                code="no_options",
                params={"codes": ", ".join(f"«{code}»" for code in empty)},
            )


def megabytes(size):
    """«10» or «10,5»: a size in megabytes as people read it."""
    return floatformat(round(size / (1024 * 1024), 1), -1)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Answers file"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "CSV (UTF-8) or XLSX, up to %(limit)s MB: columns respondent, centre, then one "
            "column per question code; options separated by «;»."
        ) % {"limit": megabytes(settings.SURVEY_IMPORT_MAX_BYTES)}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise ValidationError(_("Only .csv and .xlsx files can be imported."), code="type")
        # Checked before a byte of the file is read.
        if upload.size > settings.SURVEY_IMPORT_MAX_BYTES:
            raise ValidationError(
                _("The file is %(size)s MB; files of up to %(limit)s MB can be imported."),
                code="too_large",
                params={
                    "size": megabytes(upload.size),
                    "limit": megabytes(settings.SURVEY_IMPORT_MAX_BYTES),
                },
            )
        return upload
