"""The admin reads as the portal's own, in Russian that holds inside Django's sentences."""

import html
import json
import re

import pytest
from django.contrib import admin
from django.urls import reverse

from surveys.models import Survey

pytestmark = pytest.mark.django_db

# Every table of the portal's apps in the admin, with its names as a person reads
# them: Django says «Добавить %s», «Выберите %s для изменения» (the accusative)
# and «Удалить выбранные %s», so a name must read the same in the nominative.
NAMES = {
    "centres.region": ("субъект РФ", "субъекты РФ"),
    "centres.territory": (
        "муниципалитет или населённый пункт",
        "муниципалитеты и населённые пункты",
    ),
    "centres.centre": ("центр", "центры"),
    "models_catalog.organisationalmodel": (
        "способ организации поддержки НКО",
        "способы организации поддержки НКО",
    ),
    "models_catalog.definition": ("термин", "термины"),
    "models_catalog.interactionform": (
        "вид сетевого взаимодействия",
        "виды сетевого взаимодействия",
    ),
    "models_catalog.networkeffect": (
        "плюс или минус сетевого взаимодействия",
        "плюсы и минусы сетевого взаимодействия",
    ),
    "models_catalog.transformationstep": (
        "шаг к центру общественного развития",
        "шаги к центру общественного развития",
    ),
    "models_catalog.characteristic": (
        "признак центра общественного развития",
        "признаки центра общественного развития",
    ),
    "models_catalog.savedassessment": (
        "сохранённый результат самооценки",
        "сохранённые результаты самооценки",
    ),
    "surveys.survey": ("опрос", "опросы"),
    "surveys.question": ("вопрос", "вопросы"),
    "surveys.response": ("ответ", "ответы"),
    # Django's own tables of people and permission sets, named by the portal.
    "auth.user": ("аккаунт", "аккаунты"),
    "auth.group": ("набор прав", "наборы прав"),
}

# Tables edited inside another's page: Django offers «Добавить еще один %s» there.
INLINES = {
    "models_catalog.organisationalmodel": ["Плюс или минус", "Пример территории"],
    "models_catalog.interactionform": ["Пункт списка"],
    "surveys.survey": ["Вопрос"],
    "surveys.question": ["Вариант ответа"],
}


def text_of(response):
    """The page's text as a person reads it: no tags, entities decoded, spaces collapsed."""
    content = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", content)).split())


def title_of(response):
    return html.unescape(re.search(r"<h1[^>]*>(.*?)</h1>", response.content.decode()).group(1))


def test_the_admin_index_carries_the_portal_s_name_and_russian_section_names(admin_client):
    response = admin_client.get(reverse("admin:index"))
    text = text_of(response)
    assert "Уральская сеть ресурсных центров" in text
    assert "<title>Разделы портала | Администрирование портала #УралНКО</title>" in (
        response.content.decode()
    )
    assert "django" not in text.lower() and "axes" not in text.lower()
    sections = re.findall(r'class="section"[^>]*>(.*?)</a>', response.content.decode())
    assert sections == [
        "Аккаунты и наборы прав",
        "Защита от подбора паролей",
        "Исследования сети",
        "Модели и сеть",
        "Реестр",
    ]


def test_every_table_of_the_portal_is_named_in_the_table_of_names():
    registered = {
        model._meta.label_lower
        for model in admin.site._registry
        if model._meta.app_label in {"auth", "centres", "models_catalog", "surveys"}
    }
    assert registered == set(NAMES)


@pytest.mark.parametrize("label", NAMES)
def test_each_table_reads_right_inside_the_admin_s_sentences(admin_client, network, label):
    singular, plural = NAMES[label]
    app, model = label.split(".")
    changelist = admin_client.get(reverse(f"admin:{app}_{model}_changelist"))
    assert title_of(changelist) == f"Выберите {singular} для изменения"
    actions = dict(changelist.context["action_form"].fields["action"].choices)
    assert actions["delete_selected"] == f"Удалить выбранные {plural}"
    count = changelist.context["cl"].result_count
    assert f"{plural[0].upper()}{plural[1:]}: {count}" in text_of(changelist)

    add_url = reverse(f"admin:{app}_{model}_add")
    if label == "surveys.response":
        add_url += f"?survey={Survey.objects.get().pk}"
    add = admin_client.get(add_url)
    assert title_of(add) == f"Добавить {singular}"
    formsets = re.findall(r'data-inline-formset="([^"]*)"', add.content.decode())
    add_texts = [json.loads(html.unescape(data))["options"]["addText"] for data in formsets]
    assert add_texts == [f"Добавить еще один {inline}" for inline in INLINES.get(label, [])]


def test_a_protected_row_s_delete_page_reads_right(admin_client, network):
    from centres.models import Region

    region = Region.objects.get(short_name="ТО")
    response = admin_client.get(reverse("admin:centres_region_delete", args=[region.pk]))
    assert (
        f"Чтобы удалить субъект РФ «{region.name}», придётся удалить эти связанные защищённые "
        "объекты:" in text_of(response)
    )


def test_the_brute_force_protection_keeps_working_under_its_russian_name(client, admin_client):
    for _attempt in range(2):
        client.post(reverse("login"), {"username": "somebody", "password": "wrong"})
    response = admin_client.get(reverse("admin:axes_accessattempt_changelist"))
    assert title_of(response) == "Выберите счётчик неудачных входов для изменения"
    assert response.context["cl"].result_count == 1
    assert "Счётчики неудачных входов: 1" in text_of(response)
    for table, title in [
        ("accesslog", "Выберите успешный вход для изменения"),
        ("accessfailurelog", "Выберите неудачный вход для изменения"),
    ]:
        assert title_of(admin_client.get(reverse(f"admin:axes_{table}_changelist"))) == title


def test_rights_are_named_in_russian_where_the_admin_hands_them_out(admin_client):
    from django.contrib.auth.models import Permission

    assert not Permission.objects.filter(name__startswith="Can ").exists()
    assert Permission.objects.get(codename="change_centre").name == "может изменять: центр"
    assert (
        Permission.objects.get(codename="view_historicalcentre").name
        == "может просматривать: версия профиля"
    )
    page = admin_client.get(reverse("admin:auth_group_add")).content.decode()
    assert "может добавлять: опрос" in page and "Can add" not in page
