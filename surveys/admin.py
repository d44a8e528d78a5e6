import io
from datetime import timedelta

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.formsets import DELETION_FIELD_NAME
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from network_portal.admin import AutocompleteKeysMixin
from network_portal.downloads import csv_response, xlsx_response
from network_portal.inputs import whole_number

from .exporting import raw_rows
from .forms import (
    QUESTION_PREFIX,
    ImportForm,
    OptionFormSet,
    QuestionFormSet,
    ResponseForm,
    response_form_for,
)
from .importing import AnswersFile, ImportRejected
from .models import Option, PendingImport, Question, Response, Survey
from .participation import missing_centres
from .reminders import send_reminders

PREVIEW_ROWS = 50


class KeepsAnsweredRows:
    """An inline whose rows that answers chose are not deleted; the form says how many chose.

    The database refuses to delete them anyway (Choice.option); Django's own
    message would list every choice, each read with a query of its own.
    """

    def answered(self, instance):
        """How many responses chose the row."""
        raise NotImplementedError

    def refusal(self, instance, count):
        raise NotImplementedError

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        inline = self

        class Form(formset.form):
            def hand_clean_DELETE(self):
                if self.cleaned_data.get(DELETION_FIELD_NAME) and self.instance.pk:
                    if count := inline.answered(self.instance):
                        raise ValidationError(
                            inline.refusal(self.instance, count), code="answered"
                        )
                super().hand_clean_DELETE()

        formset.form = Form
        return formset


class QuestionInline(KeepsAnsweredRows, admin.TabularInline):
    model = Question
    formset = QuestionFormSet
    extra = 0
    fields = ["order", "code", "text", "kind"]
    show_change_link = True

    def answered(self, question):
        return Response.objects.filter(choices__option__question=question).distinct().count()

    def refusal(self, question, count):
        return ngettext(
            "%(count)s response answered «%(question)s»: take its options out of it first, "
            "or keep the question.",
            "%(count)s responses answered «%(question)s»: take its options out of them first, "
            "or keep the question.",
            count,
        ) % {"count": count, "question": question.code}


class AnsweringFilter(admin.SimpleListFilter):
    title = gettext_lazy("answering online")
    parameter_name = "answering"

    def lookups(self, request, model_admin):
        return [("open", gettext_lazy("open now")), ("closed", gettext_lazy("not open now"))]

    def queryset(self, request, queryset):
        if self.value() == "open":
            return queryset.open_now()
        if self.value() == "closed":
            return queryset.exclude(pk__in=Survey.objects.open_now().values("pk"))
        return queryset


def no_reminders_message(survey):
    """Why an open survey's reminders reached nobody."""
    missing = missing_centres(survey).count()
    if not missing:
        return _("No reminders for «%(survey)s»: every published centre has answered.") % {
            "survey": survey
        }
    if missing == 1:
        return _(
            "No reminders for «%(survey)s»: the one centre that has not answered has no "
            "active coordinator with an e-mail address."
        ) % {"survey": survey}
    return ngettext(
        "No reminders for «%(survey)s»: the %(count)s centre that has not answered "
        "has no active coordinator with an e-mail address.",
        "No reminders for «%(survey)s»: none of the %(count)s centres that have not "
        "answered has an active coordinator with an e-mail address.",
        missing,
    ) % {"survey": survey, "count": missing}


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    list_display = [
        "title", "slug", "period", "is_published", "opens_on", "closes_on", "response_count",
    ]  # fmt: skip
    list_filter = ["is_published", AnsweringFilter, "closes_on"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["copied_from"]
    inlines = [QuestionInline]
    actions = ["remind_respondents", "copy_as_new_wave"]

    def get_queryset(self, request):
        return super().get_queryset(request).for_list()

    @admin.action(
        description=gettext_lazy("Remind centres that have not answered"), permissions=["change"]
    )
    def remind_respondents(self, request, queryset):
        for survey in queryset:
            if not survey.is_open:
                messages.warning(
                    request,
                    _("«%(survey)s» is not open for answers today: no reminders were sent.")
                    % {"survey": survey},
                )
                continue
            if sent := send_reminders(survey):
                messages.success(
                    request,
                    _("Reminders sent for «%(survey)s»: %(count)s.")
                    % {"survey": survey, "count": sent},
                )
            else:
                messages.warning(request, no_reminders_message(survey))

    @admin.action(description=gettext_lazy("Copy as a new wave"), permissions=["add"])
    def copy_as_new_wave(self, request, queryset):
        for survey in queryset:
            wave = survey.copy_as_new_wave()
            change = reverse("admin:surveys_survey_change", args=[wave.pk])
            messages.success(
                request,
                format_html(
                    _("«{survey}» is copied as <a href=\"{url}\">«{wave}»</a>: unpublished, "
                      "with no answering period yet."),
                    survey=survey.title, url=change, wave=wave.title,
                ),
            )  # fmt: skip

    @admin.display(description=gettext_lazy("number of responses"), ordering="response_count")
    def response_count(self, survey):
        return survey.response_count

    def get_urls(self):
        own = [
            path("<int:pk>/import/", self.admin_site.admin_view(self.import_view),
                 name="surveys_survey_import"),
            path("<int:pk>/responses.csv", self.admin_site.admin_view(self.export_csv),
                 name="surveys_survey_export_csv"),
            path("<int:pk>/responses.xlsx", self.admin_site.admin_view(self.export_xlsx),
                 name="surveys_survey_export_xlsx"),
        ]  # fmt: skip
        return own + super().get_urls()

    def get_survey(self, request, pk, permission):
        """The survey, if the admin may `permission` ('view' or 'add') its responses."""
        if not request.user.has_perm(f"surveys.{permission}_response"):
            raise PermissionDenied
        return get_object_or_404(Survey, pk=pk)

    def export_csv(self, request, pk):
        survey = self.get_survey(request, pk, "view")
        return csv_response(f"{survey.slug}-responses.csv", raw_rows(survey))

    def export_xlsx(self, request, pk):
        survey = self.get_survey(request, pk, "view")
        return xlsx_response(f"{survey.slug}-responses.xlsx", "responses", raw_rows(survey))

    def import_view(self, request, pk):
        """Upload, preview, confirm: nothing is written before the admin confirms."""
        survey = self.get_survey(request, pk, "add")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "survey": survey,
            "title": _("Import responses into «%(survey)s»") % {"survey": survey},
            "form": ImportForm(),
        }
        if request.method == "POST" and "pending" in request.POST:
            return self.confirm_import(request, survey)
        if request.method == "POST":
            form = ImportForm(request.POST, request.FILES)
            context["form"] = form
            if form.is_valid():
                upload = form.cleaned_data["file"]
                content = upload.read()  # the form has checked its size
                try:
                    answers = admin_answers(survey, content, upload.name)
                    answers.validate()
                except ImportRejected as rejected:
                    context["errors"] = rejected.errors
                else:
                    PendingImport.objects.filter(
                        created__lt=timezone.now() - timedelta(days=1)
                    ).delete()
                    context["pending"] = PendingImport.objects.create(
                        survey=survey, filename=upload.name, content=content,
                        uploaded_by=request.user,
                    )  # fmt: skip
                    context["preview"] = preview(answers)
                    context["total"] = len(answers.responses)
        return TemplateResponse(request, "admin/surveys/survey/import.html", context)

    def confirm_import(self, request, survey):
        previews = PendingImport.objects.filter(
            pk=whole_number(request.POST["pending"]), survey=survey, uploaded_by=request.user
        )
        pending = previews.first()
        # Claimed by deleting it: of two clicks on «Import», only one deletes it.
        if pending is None or previews.delete()[0] == 0:
            messages.error(request, _("This preview is no longer there; upload the file again."))
            return redirect("admin:surveys_survey_import", survey.pk)
        answers = admin_answers(survey, bytes(pending.content), pending.filename)
        try:
            answers.validate()  # again: the survey may have changed since the preview
            imported = answers.save()
        except ImportRejected as rejected:
            for error in rejected.errors[:10]:
                messages.error(request, error)
            return redirect("admin:surveys_survey_import", survey.pk)
        messages.success(
            request,
            _("Imported %(count)s responses from %(file)s.")
            % {"count": imported, "file": pending.filename},
        )
        return redirect("admin:surveys_survey_change", survey.pk)


def admin_answers(survey, content, filename):
    """An answers file as the admin imports it: within what one request may write."""
    return AnswersFile(
        survey, io.BytesIO(content), filename, settings.SURVEY_IMPORT_ADMIN_MAX_RESPONSES
    )


def preview(answers):
    """The first rows as the admin will see them imported."""
    codes = list(answers.questions)
    rows = []
    for parsed in answers.responses[:PREVIEW_ROWS]:
        by_code = {code: [] for code in codes}
        for option in parsed.options:
            by_code[option.question.code].append(option.text)
        rows.append(
            {
                "row": parsed.row,
                "respondent": parsed.respondent,
                "centre": parsed.centre,
                "answers": ["; ".join(by_code[code]) for code in codes],
            }
        )
    return {"codes": codes, "rows": rows}


class OptionInline(KeepsAnsweredRows, admin.TabularInline):
    model = Option
    formset = OptionFormSet
    extra = 0
    fields = ["order", "text", "published_percent"]

    def answered(self, option):
        return option.choices.count()

    def refusal(self, option, count):
        return ngettext(
            "«%(option)s» is chosen in %(count)s response: take it out of it first, "
            "or keep the option.",
            "«%(option)s» is chosen in %(count)s responses: take it out of them first, "
            "or keep the option.",
            count,
        ) % {"count": count, "option": option.text}


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["code", "text", "kind", "survey", "order"]
    list_filter = ["survey", "kind"]
    search_fields = ["code", "text"]
    list_select_related = ["survey"]
    ordering = ["survey", "order", "pk"]
    inlines = [OptionInline]


@admin.register(Response)
class ResponseAdmin(AutocompleteKeysMixin, admin.ModelAdmin):
    """One page per questionnaire: every question as checkboxes or radio buttons."""

    list_display = ["respondent", "survey", "centre", "date", "is_reconstructed"]
    list_filter = ["survey", "centre__level", "centre__region", "is_reconstructed"]
    search_fields = ["respondent", "centre__name"]
    list_select_related = ["survey", "centre"]
    ordering = ["survey", "respondent"]
    autocomplete_fields = ["centre"]
    form = ResponseForm

    class Media:
        css = {"all": ["css/admin.css"]}

    def survey_for(self, request, obj):
        if obj is not None:
            return obj.survey
        return Survey.objects.filter(pk=whole_number(request.GET.get("survey"))).first()

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["form"] = response_form_for(self.survey_for(request, obj))
        return super().get_form(request, obj, change, **kwargs)

    def get_fieldsets(self, request, obj=None):
        survey = self.survey_for(request, obj)
        questions = [
            QUESTION_PREFIX + code for code in survey.questions.values_list("code", flat=True)
        ]
        return [
            (
                None,
                {"fields": ["survey", "respondent", "centre", "date", "note", "is_reconstructed"]},
            ),
            # Each question's text above its options (css/admin.css), not in a narrow column.
            (_("Answers"), {"fields": questions, "classes": ["answers"]}),
        ]

    def add_view(self, request, form_url="", extra_context=None):
        # A questionnaire belongs to a survey: ask which one before showing its questions.
        if self.survey_for(request, None) is None:
            surveys = Survey.objects.all()
            if len(surveys) == 1:
                return redirect(f"{reverse('admin:surveys_response_add')}?survey={surveys[0].pk}")
            return TemplateResponse(
                request,
                "admin/surveys/response/choose_survey.html",
                {
                    **self.admin_site.each_context(request),
                    "opts": self.model._meta,
                    "title": _("Which survey is the response to?"),
                    "surveys": surveys,
                },
            )
        return super().add_view(request, form_url, extra_context)
