import csv
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from surveys.models import Option, PendingImport, Question, Response
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ADD = reverse("admin:surveys_response_add")


def option(survey, code, text):
    return Option.objects.get(question__survey=survey, question__code=code, text=text)


def questionnaire(survey, respondent="Анкета с бумаги", **answers):
    data = {"respondent": respondent, "centre": "", "date": "", "note": ""}
    for code, texts in answers.items():
        data[f"question_{code}"] = [str(option(survey, code, text).pk) for text in texts]
    return data


def test_the_admin_form_shows_each_question_as_checkboxes_or_radios(admin_client, small_survey):
    html = admin_client.get(f"{ADD}?survey={small_survey.pk}").content.decode()
    assert html.count('type="checkbox" name="question_tasks"') == 3
    assert html.count('type="radio" name="question_size"') == 2


def test_the_answers_show_each_question_s_text_above_its_options_and_no_codes(
    admin_client, survey
):
    page = admin_client.get(f"{ADD}?survey={survey.pk}")
    content = page.content.decode()
    assert 'href="/static/css/admin.css"' in content  # lays the answers out
    answers = content.split('class="module aligned answers"', 1)[1].split("</fieldset>", 1)[0]
    text = " ".join(re.sub(r"<[^>]+>", " ", answers).split())
    for question in survey.questions.all():
        assert f"{question.text}:" in text
        assert question.code not in text
        assert answers.count(f'<div id="id_question_{question.code}" class="radiolist">') == 1


def test_the_messages_after_adding_and_deleting_responses_read_right(admin_client, survey):
    response = admin_client.post(
        f"{ADD}?survey={survey.pk}",
        questionnaire(survey, "Анкета с бумаги", rc_functions=["Консультирование НКО"]),
        follow=True,
    )
    text = re.sub(r"<[^>]+>", "", response.content.decode())
    assert 'Ответ "Анкета с бумаги" был успешно добавлен.' in text

    changelist = reverse("admin:surveys_response_changelist")
    chosen = survey.responses.order_by("respondent")[:2]
    action = {"action": "delete_selected", "_selected_action": [r.pk for r in chosen]}
    confirmation = admin_client.post(changelist, action).content.decode()
    assert "Вы уверены, что хотите удалить ответы?" in confirmation
    response = admin_client.post(changelist, {**action, "post": "yes"}, follow=True)
    html = " ".join(response.content.decode().split())
    assert "Удалено — ответы: 2." in html
    assert "Ответы: 10" in html
    assert survey.responses.count() == 10


def test_an_admin_enters_a_questionnaire_and_the_table_changes(admin_client, client, survey):
    before = client.get(survey.get_absolute_url()).context["results"]
    data = questionnaire(survey, rc_functions=["Консультирование НКО", "Развитие сектора"],
                         cor_functions=["Помощь в пандемию"])  # fmt: skip
    response = admin_client.post(f"{ADD}?survey={survey.pk}", data)
    assert response.status_code == 302
    saved = Response.objects.get(respondent="Анкета с бумаги")
    assert saved.choices.count() == 3

    after = client.get(survey.get_absolute_url())
    assert before.base == 11 and after.context["results"].base == 12
    html = after.content.decode()
    assert "n = 12" in html
    assert "41,7&nbsp;%" in html  # «Консультирование НКО»: 5 of 12


def test_a_questionnaire_with_nothing_chosen_is_refused_as_online(admin_client, small_survey):
    page = admin_client.post(f"{ADD}?survey={small_survey.pk}", questionnaire(small_survey))
    assert page.status_code == 200
    assert "Отметьте хотя бы один вариант" in page.content.decode()
    assert not small_survey.responses.exists()


def test_an_admin_corrects_a_questionnaire(admin_client, small_survey):
    admin_client.post(
        f"{ADD}?survey={small_survey.pk}", questionnaire(small_survey, tasks=["Гранты"])
    )
    saved = Response.objects.get(survey=small_survey)
    change = reverse("admin:surveys_response_change", args=[saved.pk])
    grants = option(small_survey, "tasks", "Гранты").pk
    html = admin_client.get(change).content.decode()
    assert (
        "checked"
        in re.search(rf'<input[^>]*name="question_tasks" value="{grants}"[^>]*>', html).group()
    )
    data = questionnaire(small_survey, tasks=["Обучение"], size=["до 5"])
    data["survey"] = small_survey.pk
    assert admin_client.post(change, data).status_code == 302
    assert set(saved.options.values_list("text", flat=True)) == {"до 5", "Обучение"}


def test_two_options_of_a_single_choice_question_are_refused(admin_client, small_survey):
    data = questionnaire(small_survey, size=["до 5", "больше 5"])
    response = admin_client.post(f"{ADD}?survey={small_survey.pk}", data)
    assert response.status_code == 200
    assert "В этом вопросе один ответ, а выбрано вариантов: 2." in response.content.decode()
    assert not Response.objects.filter(survey=small_survey).exists()


def test_an_option_sent_twice_counts_once(admin_client, small_survey):
    """A hand-made form that repeats a checkbox is saved, not a server error."""
    data = questionnaire(small_survey, tasks=["Обучение", "Обучение"], size=["до 5", "до 5"])
    response = admin_client.post(f"{ADD}?survey={small_survey.pk}", data)
    assert response.status_code == 302
    saved = Response.objects.get(survey=small_survey)
    assert sorted(saved.options.values_list("text", flat=True)) == sorted(["до 5", "Обучение"])


def test_an_option_of_another_question_is_refused(admin_client, small_survey):
    data = questionnaire(small_survey, tasks=["Обучение"])
    data["question_tasks"].append(str(option(small_survey, "size", "до 5").pk))
    response = admin_client.post(f"{ADD}?survey={small_survey.pk}", data)
    assert "не относится к этому вопросу" in response.content.decode()
    assert not Response.objects.filter(survey=small_survey).exists()


def test_a_respondent_label_is_unique_within_the_survey(admin_client, survey):
    response = admin_client.post(
        f"{ADD}?survey={survey.pk}", questionnaire(survey, "Респондент 01")
    )
    assert response.status_code == 200
    assert survey.responses.count() == 11


def test_adding_asks_for_the_survey_first(admin_client, small_survey, survey):
    assert admin_client.get(f"{ADD}?survey=abc").status_code == 200
    html = admin_client.get(ADD).content.decode()
    assert f'href="{ADD}?survey={small_survey.pk}"' in html
    assert f'href="{ADD}?survey={survey.pk}"' in html


def upload(admin_client, survey, text, name="answers.csv"):
    url = reverse("admin:surveys_survey_import", args=[survey.pk])
    return admin_client.post(url, {"file": SimpleUploadedFile(name, text.encode("utf-8"))})


def test_import_shows_a_preview_and_writes_only_on_confirmation(admin_client, small_survey):
    response = upload(
        admin_client, small_survey, "respondent,tasks\nА,Обучение\nБ,Гранты;Консультации\n"
    )
    html = response.content.decode()
    assert "к импорту готовы 2 анкеты" in html
    assert "Гранты; Консультации" in html
    assert not small_survey.responses.exists()

    pending = PendingImport.objects.get()
    url = reverse("admin:surveys_survey_import", args=[small_survey.pk])
    response = admin_client.post(url, {"pending": pending.pk})
    assert response.status_code == 302
    assert small_survey.responses.count() == 2
    assert not PendingImport.objects.exists()


def test_import_of_a_bad_file_lists_the_faults_and_writes_nothing(admin_client, small_survey):
    html = upload(admin_client, small_survey, "respondent,tasks\nА,Вышивание\n").content.decode()
    assert "Файл не импортирован, ничего не записано" in html
    assert "Строка 2, столбец «tasks»" in html
    assert not small_survey.responses.exists() and not PendingImport.objects.exists()


def test_confirming_a_preview_that_went_stale_imports_nothing(admin_client, small_survey):
    upload(admin_client, small_survey, "respondent,tasks\nА,Обучение\n")
    Response.objects.create(survey=small_survey, respondent="А")  # typed in meanwhile
    url = reverse("admin:surveys_survey_import", args=[small_survey.pk])
    response = admin_client.post(url, {"pending": PendingImport.objects.get().pk}, follow=True)
    assert "«А» уже отвечал" in response.content.decode()
    assert small_survey.responses.count() == 1


def test_raw_responses_export_in_the_import_format(admin_client, survey):
    response = admin_client.get(reverse("admin:surveys_survey_export_csv", args=[survey.pk]))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["respondent", "centre", "rc_functions", "directions", "cor_functions"]
    assert len(rows) == 12
    assert rows[1][2].startswith("Реализация программ обучения для НКО")

    response = admin_client.get(reverse("admin:surveys_survey_export_xlsx", args=[survey.pk]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [[cell or "" for cell in row] for row in sheet.iter_rows(values_only=True)]
    assert cells == rows


def test_an_exported_file_imports_back_into_an_empty_wave(admin_client, survey, tmp_path):
    from django.core.management import call_command

    from surveys.models import Survey

    exported = admin_client.get(reverse("admin:surveys_survey_export_csv", args=[survey.pk]))
    copy = Survey.objects.create(slug="copy", title="Копия", is_published=True)
    for question in survey.questions.all():
        new = copy.questions.create(code=question.code, text=question.text, order=question.order)
        new.options.bulk_create(
            Option(question=new, text=o.text, order=o.order) for o in question.options.all()
        )
    path = tmp_path / "raw.csv"
    path.write_bytes(exported.content)
    call_command("import_responses", "copy", str(path), stdout=io.StringIO())
    original = admin_client.get(reverse("surveys:results_csv", args=[survey.slug])).content
    copied = admin_client.get(reverse("surveys:results_csv", args=["copy"])).content
    assert copied == original


@pytest.mark.parametrize("name", ["import", "export_csv", "export_xlsx"])
def test_survey_tools_are_for_staff_with_permission(client, small_survey, name):
    url = reverse(f"admin:surveys_survey_{name}", args=[small_survey.pk])
    assert client.get(url).status_code == 302  # to the admin login
    client.force_login(UserFactory(is_staff=True))  # staff without survey permissions
    assert client.get(url).status_code == 403


def test_a_25_mb_upload_is_refused_before_it_is_read(admin_client, small_survey, monkeypatch):
    def must_not_parse(*args, **kwargs):
        raise AssertionError("the file was parsed")

    monkeypatch.setattr("surveys.importing.read_rows", must_not_parse)
    big = "respondent,tasks\n" + "А,Обучение\n" * (25 * 1024 * 1024 // 20)
    response = upload(admin_client, small_survey, big)
    html = response.content.decode()
    assert "Файл весит 25 МБ; импортировать можно файлы до 10 МБ." in html
    assert not PendingImport.objects.exists() and not small_survey.responses.exists()


def test_the_upload_form_says_the_size_limit(admin_client, small_survey, settings):
    settings.SURVEY_IMPORT_MAX_BYTES = 5 * 1024 * 1024 // 2
    url = reverse("admin:surveys_survey_import", args=[small_survey.pk])
    assert "до 2,5 МБ" in admin_client.get(url).content.decode()


def test_a_respondent_with_a_nul_byte_is_refused_in_the_preview(admin_client, small_survey):
    html = upload(admin_client, small_survey, "respondent,tasks\nА\x00Б,Обучение\n").content
    assert "в метке есть управляющий символ" in html.decode()
    assert not PendingImport.objects.exists()


@pytest.mark.parametrize("pending", ["abc", "", "-1", "99999999999999999999999", "1e3"])
def test_a_confirmation_of_no_real_preview_asks_for_the_file_again(
    admin_client, small_survey, pending
):
    url = reverse("admin:surveys_survey_import", args=[small_survey.pk])
    response = admin_client.post(url, {"pending": pending}, follow=True)
    assert response.status_code == 200
    assert "Этого предпросмотра уже нет; загрузите файл ещё раз." in response.content.decode()
    assert not small_survey.responses.exists()


def test_someone_elses_preview_cannot_be_confirmed(admin_client, small_survey):
    upload(admin_client, small_survey, "respondent,tasks\nА,Обучение\n")
    pending = PendingImport.objects.get()
    other = UserFactory(username="other-admin", is_staff=True, is_superuser=True)
    client = type(admin_client)()
    client.force_login(other)
    url = reverse("admin:surveys_survey_import", args=[small_survey.pk])
    client.post(url, {"pending": pending.pk})
    assert not small_survey.responses.exists()


def test_a_second_click_on_import_imports_nothing_more(admin_client, small_survey):
    upload(admin_client, small_survey, "respondent,tasks\nА,Обучение\nБ,Гранты\n")
    url = reverse("admin:surveys_survey_import", args=[small_survey.pk])
    pending = PendingImport.objects.get().pk
    assert admin_client.post(url, {"pending": pending}).status_code == 302
    second = admin_client.post(url, {"pending": pending}, follow=True)
    assert "Этого предпросмотра уже нет" in second.content.decode()
    assert small_survey.responses.count() == 2


def test_the_admin_imports_a_bounded_number_of_responses_at_a_time(
    admin_client, small_survey, settings
):
    settings.SURVEY_IMPORT_ADMIN_MAX_RESPONSES = 2
    html = upload(admin_client, small_survey, "respondent,tasks\nА,\nБ,\nВ,\n").content.decode()
    assert "За один раз в админке импортируется до 2 ответов" in html
    assert "manage.py import_responses" in html
    assert not PendingImport.objects.exists()


def test_admins_see_and_set_what_is_reconstructed_and_what_the_source_published(
    admin_client, survey
):
    response = survey.responses.first()
    form = admin_client.get(reverse("admin:surveys_response_change", args=[response.pk]))
    assert re.search(r'<input[^>]*name="is_reconstructed"[^>]*checked', form.content.decode())
    listing = admin_client.get(reverse("admin:surveys_response_changelist"))
    assert "is_reconstructed" in listing.content.decode()  # the list filter
    question = survey.questions.get(code="rc_functions")
    page = admin_client.get(reverse("admin:surveys_question_change", args=[question.pk]))
    assert 'name="options-0-published_percent" value="54.5"' in page.content.decode()


def question_form(client, question, extra=0):
    """The question's admin page as its form would send it back, with `extra` empty options."""
    url = reverse("admin:surveys_question_change", args=[question.pk])
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    options = list(question.options.all())
    data.update(
        {
            "options-TOTAL_FORMS": str(len(options) + extra),
            "options-INITIAL_FORMS": str(len(options)),
            "options-MIN_NUM_FORMS": "0",
            "options-MAX_NUM_FORMS": "1000",
        }
    )
    for index, existing in enumerate(options):
        data.update(
            {
                f"options-{index}-id": str(existing.pk),
                f"options-{index}-question": str(question.pk),
                f"options-{index}-order": str(existing.order),
                f"options-{index}-text": existing.text,
            }
        )
    return url, data, options


def test_options_that_differ_only_in_capitals_or_spaces_are_refused(admin_client, small_survey):
    """An answers file matches options ignoring case and spaces: two such would be one."""
    question = small_survey.questions.get(code="tasks")
    url, data, options = question_form(admin_client, question, extra=1)
    new = len(options)
    data.update({f"options-{new}-question": str(question.pk), f"options-{new}-order": "9"})
    data[f"options-{new}-text"] = "  ОБУЧЕНИЕ "
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "отличаются только заглавными буквами или пробелами" in response.content.decode()
    assert question.options.count() == len(options)

    data[f"options-{new}-text"] = "Стажировки"
    assert admin_client.post(url, data).status_code == 302
    assert question.options.count() == len(options) + 1


def test_an_option_that_answers_chose_is_not_deleted_with_them(admin_client, client, survey):
    question = survey.questions.get(code="rc_functions")
    url, data, options = question_form(admin_client, question)
    chosen = option(survey, "rc_functions", "Консультирование НКО")
    answers = chosen.choices.count()
    assert answers > 0
    data[f"options-{options.index(chosen)}-DELETE"] = "on"
    response = admin_client.post(url, data)
    assert response.status_code == 200
    page = " ".join(response.content.decode().split())
    assert f"Вариант «Консультирование НКО» отмечен в {answers} ответ" in page
    assert chosen.choices.count() == answers
    results = client.get(reverse("surveys:detail", args=[survey.slug])).content.decode()
    assert "Консультирование НКО" in results

    unchosen = Option.objects.create(question=question, text="Новое направление", order=99)
    url, data, options = question_form(admin_client, question)
    data[f"options-{options.index(unchosen)}-DELETE"] = "on"
    assert admin_client.post(url, data).status_code == 302
    assert not Option.objects.filter(pk=unchosen.pk).exists()


def test_a_survey_is_deleted_with_its_answers(admin_client, survey):
    delete = reverse("admin:surveys_survey_delete", args=[survey.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 302
    assert not Response.objects.filter(survey_id=survey.pk).exists()
    assert not Option.objects.filter(question__survey_id=survey.pk).exists()


def test_a_question_answered_with_several_options_stays_multiple_choice(
    admin_client, small_survey
):
    question = small_survey.questions.get(code="tasks")
    url, data, _ = question_form(admin_client, question)
    data["kind"] = "single"
    response = Response.objects.create(survey=small_survey, respondent="Две задачи")
    response.options.add(*question.options.filter(text__in=["Обучение", "Гранты"]))
    page = admin_client.post(url, data)
    assert page.status_code == 200
    assert "В 1 ответе отмечено несколько вариантов этого вопроса" in page.content.decode()
    question.refresh_from_db()
    assert question.is_multiple and response.options.count() == 2

    response.options.remove(question.options.get(text="Гранты"))
    assert admin_client.post(url, data).status_code == 302
    question.refresh_from_db()
    assert not question.is_multiple


def survey_form(admin_client, survey, **changes):
    """The survey's admin page as its form would send it back, with its questions."""
    url = reverse("admin:surveys_survey_change", args=[survey.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data = {name: value for name, value in data.items() if value is not False}
    questions = list(survey.questions.all())
    data.update(
        {
            "questions-TOTAL_FORMS": str(len(questions)),
            "questions-INITIAL_FORMS": str(len(questions)),
        }
    )
    for index, question in enumerate(questions):
        for field in ["id", "survey", "order", "code", "text", "kind"]:
            value = getattr(question, "pk" if field == "id" else f"{field}_id", None)
            value = value if field in ("id", "survey") else getattr(question, field)
            data[f"questions-{index}-{field}"] = str(value)
    data.update(changes)
    return url, data


def test_a_survey_is_published_only_when_each_question_has_options(admin_client, small_survey):
    empty = Question.objects.create(survey=small_survey, code="needs", text="Что нужнее?", order=3)
    url, data = survey_form(admin_client, small_survey)
    page = admin_client.post(url, data)
    assert page.status_code == 200
    assert "«needs» пока без вариантов ответа" in page.content.decode()

    data.pop("is_published")
    assert admin_client.post(url, data).status_code == 302
    small_survey.refresh_from_db()
    assert not small_survey.is_published

    Option.objects.create(question=empty, text="Помещение", order=1)
    url, data = survey_form(admin_client, small_survey, is_published="on")
    assert admin_client.post(url, data).status_code == 302
    small_survey.refresh_from_db()
    assert small_survey.is_published


def test_a_published_survey_s_question_keeps_an_option(admin_client, small_survey):
    question = small_survey.questions.get(code="size")
    url, data, options = question_form(admin_client, question)
    for index in range(len(options)):
        data[f"options-{index}-DELETE"] = "on"
    page = admin_client.post(url, data)
    assert page.status_code == 200
    assert "нужен хотя бы один вариант ответа" in page.content.decode()
    assert question.options.count() == len(options)


def test_a_question_that_answers_chose_is_not_deleted_from_the_survey_page(admin_client, survey):
    question = survey.questions.get(code="rc_functions")
    answered = Response.objects.filter(choices__option__question=question).distinct().count()
    url, data = survey_form(admin_client, survey)
    index = list(survey.questions.all()).index(question)
    data[f"questions-{index}-DELETE"] = "on"
    page = admin_client.post(url, data)
    assert page.status_code == 200
    assert f"На вопрос «rc_functions» есть {answered} ответ" in page.content.decode()
    assert survey.questions.filter(pk=question.pk).exists()


def test_a_questionnaire_saved_empty_before_can_still_be_corrected(admin_client, small_survey):
    empty = Response.objects.create(survey=small_survey, respondent="Старая пустая анкета")
    url = reverse("admin:surveys_response_change", args=[empty.pk])
    data = questionnaire(small_survey, "Старая пустая анкета")
    data["note"] = "бумажная анкета без отметок"
    assert admin_client.post(url, data).status_code == 302
    empty.refresh_from_db()
    assert empty.note == "бумажная анкета без отметок"
