import datetime
import random

import pytest
from django.urls import reverse
from django.utils import timezone

from centres.models import Centre
from tests.helpers import client_for, profile_post

pytestmark = pytest.mark.django_db


def edit_url(centre):
    return reverse("centres:edit", args=[centre.slug])


def test_a_coordinator_edits_the_profile_and_the_public_sees_it(personas, client):
    centre = personas.centre_a
    response = client_for(personas.coordinator_a).post(
        edit_url(centre),
        profile_post(
            centre,
            name="АНО «Тобольский ресурсный центр»",
            description="Консультации для НКО.\nШкола грантрайтинга.",
            phone="+7 3456 22-22-22",
            email="rc@tobolsk.example",
            website="rc-tobolsk.example",
            vk_url="https://vk.com/rc_tobolsk",
        ),
    )
    assert response.status_code == 302
    assert response["Location"] == centre.get_absolute_url()
    centre.refresh_from_db()
    assert centre.last_verified == timezone.localdate()
    assert centre.website == "https://rc-tobolsk.example"
    html = client.get(centre.get_absolute_url()).content.decode()
    assert "АНО «Тобольский ресурсный центр»" in html
    assert "Консультации для НКО.<br>Школа грантрайтинга." in html
    assert (
        client.get(reverse("centres:list"), {"q": "грантрайтинга"})
        .context["page_obj"]
        .paginator.count
        == 1
    )


def test_the_longest_description_allowed_is_saved_and_found(personas, client):
    """5,000 Cyrillic characters: more than an index entry may hold on PostgreSQL."""
    centre = personas.centre_a
    # Made-up words, which compress about as badly as a real text does.
    letters = random.Random(5000).choices("абвгдеёжзийклмнопрстуфхцчшщъыьэюя", k=4990)
    words = "".join(" " if index % 9 == 8 else letter for index, letter in enumerate(letters))
    description = words + " финал"
    assert len(description) <= 5000
    response = client_for(personas.coordinator_a).post(
        edit_url(centre), profile_post(centre, description=description)
    )
    assert response.status_code == 302
    centre.refresh_from_db()
    assert centre.description == description
    assert centre.slug in client.get(reverse("centres:list"), {"q": "финал"}).content.decode()


def test_the_form_is_in_sections(personas):
    html = client_for(personas.coordinator_a).get(edit_url(personas.centre_a)).content.decode()
    for legend in ["О центре", "Контакты", "В интернете", "Расположение"]:
        assert f"<legend>{legend}</legend>" in html or f">{legend}</legend>" in html


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"name": ""}, "name", "Обязательное поле."),
        ({"name": "Я" * 301}, "name", "не более 300 символов"),
        ({"description": "Я" * 5001}, "description", "не более 5000 символов"),
        ({"email": "rc@"}, "email", "Введите правильный адрес электронной почты."),
        ({"phone": "звоните"}, "phone", "Введите один номер телефона из 6–15 цифр"),
        ({"phone": "12-34"}, "phone", "Введите один номер телефона из 6–15 цифр"),
        ({"phone": "+7 3452 00-00-00, +7 3452 11-11-11"}, "phone", "Введите один номер"),
        ({"phone": "+7 3452 00-00-00 доб. пять"}, "phone", "после «доб.»"),
        ({"website": "http://"}, "website", "Введите правильный URL."),
        ({"vk_url": "https://example.com/rc"}, "vk_url", "Ссылка должна вести на vk.com"),
        ({"telegram_url": "https://vk.com/rc"}, "telegram_url", "Ссылка должна вести на t.me"),
        ({"telegram_url": "@rc"}, "telegram_url", "Введите правильный URL."),
        ({"telegram_url": "@1tobolsk"}, "telegram_url", "Введите правильный URL."),
        ({"ok_url": "https://t.me/rc"}, "ok_url", "Ссылка должна вести на ok.ru"),
        ({"latitude": "91"}, "latitude", "Широта точки в России — от 41 до 82 градусов."),
        ({"longitude": "-181"}, "longitude", "Долгота точки в России — от 19 до 180 градусов."),
        ({"latitude": "север"}, "latitude", "Введите число."),
        # Off Africa, or a point typed with its sign or exponent wrong: not in Russia.
        ({"latitude": "0", "longitude": "0"}, "latitude", "Широта точки в России — от 41 до 82"),
        ({"longitude": "-65.5343"}, "longitude", "Долгота точки в России — от 19 до 180"),
        ({"latitude": "1e1"}, "latitude", "Широта точки в России — от 41 до 82"),
        ({"latitude": "58.2", "longitude": ""}, None, "Укажите и широту, и долготу"),
    ],
)
def test_every_validation_error_is_clear_and_saves_nothing(personas, changes, field, message):
    centre = personas.centre_a
    response = client_for(personas.coordinator_a).post(
        edit_url(centre), profile_post(centre, **changes)
    )
    assert response.status_code == 200
    form = response.context["form"]
    errors = form.errors[field] if field else form.non_field_errors()
    assert any(message in error for error in errors), errors
    assert "Профиль не сохранён: исправьте отмеченные поля." in response.content.decode()
    assert Centre.objects.get(pk=centre.pk).version == centre.version


def test_a_lost_update_is_refused_and_the_input_kept(personas):
    centre = personas.centre_a
    anna, editor = client_for(personas.coordinator_a), client_for(personas.centre_editor)
    stale = profile_post(centre, phone="+7 3456 11-11-11", address="ул. Анны, 1")
    # A centre editor saves first, from a form opened at the same version.
    editor.post(edit_url(centre), profile_post(centre, phone="+7 3456 99-99-99"))

    response = anna.post(edit_url(centre), stale)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Кто-то другой сохранил этот профиль" in html
    assert "«+7 3456 99-99-99»" in html  # what the other editor changed
    assert 'value="ул. Анны, 1"' in html  # Anna's input stays
    centre.refresh_from_db()
    assert centre.phone == "+7 3456 99-99-99"  # nothing overwritten

    # Having seen the changes, Anna saves deliberately.
    form = response.context["form"]
    again = anna.post(edit_url(centre), {**stale, "version": form.data["version"]})
    assert again.status_code == 302
    centre.refresh_from_db()
    assert (centre.phone, centre.address) == ("+7 3456 11-11-11", "ул. Анны, 1")


def test_after_a_refused_save_the_page_around_the_form_shows_what_is_saved(personas):
    centre = personas.centre_a
    saved_name, saved_completeness = centre.name, centre.completeness
    response = client_for(personas.coordinator_a).post(
        edit_url(centre),
        profile_post(
            centre, name="АНО «Новое имя»", email="info@@tobolsk", phone="+7 3456 11-11-11"
        ),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="АНО «Новое имя»"' in html  # the input stays in the form
    breadcrumbs = html.split('aria-label="Навигационная цепочка"')[1].split("</nav>")[0]
    assert saved_name in breadcrumbs and "Новое имя" not in breadcrumbs
    gaps = html.split('id="profile-gaps"')[1].split("</section>")[0]
    assert f"{saved_completeness} %" in gaps


def test_saving_again_after_a_conflict_keeps_the_other_editors_change(personas):
    """Anna changed the phone, the other editor the address: after the conflict both stay."""
    centre = personas.centre_a
    anna, editor = client_for(personas.coordinator_a), client_for(personas.centre_editor)
    stale = profile_post(centre, phone="+7 3456 11-11-11")
    editor.post(edit_url(centre), profile_post(centre, address="ул. Ленина, 3"))

    response = anna.post(edit_url(centre), stale)
    html = response.content.decode()
    assert "Кто-то другой сохранил этот профиль" in html
    assert 'value="ул. Ленина, 3"' in html  # what is saved now, in the field Anna left alone
    assert 'value="+7 3456 11-11-11"' in html  # her own change
    assert 'id="changed-by-both"' not in html
    # What is saved now: the address is filled, Anna's phone not yet.
    saved_now = Centre.objects.get(pk=centre.pk).completeness
    gaps = html.split('id="profile-gaps"')[1].split("</section>")[0]
    assert f"{saved_now} %" in gaps
    assert anna.post(edit_url(centre), response.context["form"].data).status_code == 302
    centre.refresh_from_db()
    assert (centre.phone, centre.address) == ("+7 3456 11-11-11", "ул. Ленина, 3")


def test_a_field_both_editors_changed_is_named_and_keeps_the_later_input(personas):
    centre = personas.centre_a
    anna, editor = client_for(personas.coordinator_a), client_for(personas.centre_editor)
    stale = profile_post(centre, phone="+7 3456 11-11-11", latitude="57,2")
    editor.post(edit_url(centre), profile_post(centre, phone="+7 3456 99-99-99", latitude="57.2"))

    html = anna.post(edit_url(centre), stale).content.decode()
    # The same latitude written another way is no change of Anna's against theirs.
    assert "Вы тоже изменили эти поля; в форме ваш вариант: Телефон." in html


def test_the_data_is_current_button_confirms_an_unchanged_profile(personas):
    centre = personas.centre_a
    client = client_for(personas.coordinator_a)
    response = client.post(
        reverse("centres:confirm", args=[centre.slug]),
        {"version": centre.version, "next": reverse("my_centres")},
    )
    assert response["Location"] == reverse("my_centres")
    centre.refresh_from_db()
    assert centre.last_verified == timezone.localdate()
    assert centre.history.first().history_change_reason == "подтверждено как актуальное"


def test_confirming_a_stale_page_is_refused(personas):
    centre = personas.centre_a
    client = client_for(personas.coordinator_a)
    response = client.post(
        reverse("centres:confirm", args=[centre.slug]),
        {"version": centre.version - 1},
        follow=True,
    )
    assert "Профиль изменился после того, как вы открыли страницу" in response.content.decode()
    assert Centre.objects.get(pk=centre.pk).last_verified is None


def test_confirm_does_not_redirect_off_site(personas):
    centre = personas.centre_a
    response = client_for(personas.coordinator_a).post(
        reverse("centres:confirm", args=[centre.slug]),
        {"version": centre.version, "next": "https://evil.example/"},
    )
    assert response["Location"] == centre.get_absolute_url()


def test_profiles_unverified_for_a_year_need_an_update(personas, client):
    today = timezone.localdate()
    Centre.objects.update(last_verified=today)
    Centre.objects.filter(pk=personas.centre_a.pk).update(
        last_verified=today - datetime.timedelta(days=366)
    )
    Centre.objects.filter(pk=personas.centre_b.pk).update(
        last_verified=today - datetime.timedelta(days=300)
    )
    registry = client.get(reverse("centres:list"), {"stale": "1"})
    assert [c.slug for c in registry.context["page_obj"]] == [personas.centre_a.slug]
    assert "не подтверждался больше года" in registry.content.decode()
    profile = client.get(personas.centre_a.get_absolute_url()).content.decode()
    assert "не подтверждался больше года" in profile
    assert "ещё не подтверждался" not in profile
    assert "подтверждался" not in client.get(personas.centre_b.get_absolute_url()).content.decode()


def test_never_confirmed_and_overdue_profiles_are_named_apart(personas, client):
    """The registry's "needs an update" keeps both cases; each has its own name and filter."""
    today = timezone.localdate()
    Centre.objects.update(last_verified=today)
    Centre.objects.filter(pk=personas.centre_a.pk).update(
        last_verified=today - datetime.timedelta(days=366)
    )
    Centre.objects.filter(pk=personas.centre_b.pk).update(last_verified=None)

    def listed(stale):
        page = client.get(reverse("centres:list"), {"stale": stale}).context["page_obj"]
        return sorted(centre.slug for centre in page)

    assert listed("1") == sorted([personas.centre_a.slug, personas.centre_b.slug])
    assert listed("never") == [personas.centre_b.slug]
    assert listed("overdue") == [personas.centre_a.slug]
    profile = client.get(personas.centre_b.get_absolute_url()).content.decode()
    assert "ещё не подтверждался" in profile
    assert "Актуальность профиля ещё никто не подтверждал." in profile
    assert "больше года" not in profile


def test_my_centres_lists_completeness_gaps_and_freshness(personas):
    personas.centre_b.coordinators.add(personas.coordinator_a)
    html = client_for(personas.coordinator_a).get(reverse("my_centres")).content.decode()
    assert html.count('class="card mb-3 my-centre"') == 2
    assert "Муниципальный ресурсный центр, г. Тобольск" in html
    assert "25 %" in html
    assert "описание, адрес, телефон" in html
    assert "ещё не подтверждался" in html and "никогда" not in html
    assert "впишите собственное название центра" in html
    assert f'href="{edit_url(personas.centre_a)}"' in html
    assert f'<a href="{reverse("models_catalog:self_assessment")}">Пройти самооценку</a>' in html


def test_the_edit_form_shows_what_the_profile_lacks(personas):
    anna = client_for(personas.coordinator_a)
    html = anna.get(edit_url(personas.centre_a)).content.decode()
    gaps = html.split('id="profile-gaps"', 1)[1].split("</section>", 1)[0]
    assert "25 %" in gaps and "описание, адрес, телефон" in gaps
    assert "впишите собственное название центра" in gaps

    anna.post(
        edit_url(personas.centre_a), profile_post(personas.centre_a, phone="+7 3456 1-11-11")
    )
    gaps = anna.get(edit_url(personas.centre_a)).content.decode().split('id="profile-gaps"')[1]
    assert "описание, адрес, эл. почта" in gaps.split("</section>", 1)[0]
    assert "собственное название" in gaps.split("</section>", 1)[0]  # the name is unchanged


def test_the_edit_form_offers_a_map_for_the_location(personas):
    html = client_for(personas.coordinator_a).get(edit_url(personas.centre_a)).content.decode()
    assert 'id="location-picker"' in html and "js/location-picker.js" in html
    assert html.index('id="location-picker"') < html.index('name="latitude"')


def test_my_centres_is_empty_for_an_outsider(personas):
    html = client_for(personas.outsider).get(reverse("my_centres")).content.decode()
    assert "Вы пока не координатор ни одного центра" in html


@pytest.mark.parametrize(
    ("typed", "saved"),
    [
        ("@tobolsk_nko", "https://t.me/tobolsk_nko"),
        (" @TobolskNKO ", "https://t.me/TobolskNKO"),
        ("t.me/tobolsk_nko", "https://t.me/tobolsk_nko"),
    ],
)
def test_a_telegram_channel_may_be_given_by_its_name(personas, typed, saved):
    centre = personas.centre_a
    response = client_for(personas.coordinator_a).post(
        edit_url(centre), profile_post(centre, telegram_url=typed)
    )
    assert response.status_code == 302
    centre.refresh_from_db()
    assert centre.telegram_url == saved


def test_history_lists_a_versions_changes_in_the_edit_form_s_order(personas):
    """The website before VK, as the form shows them, not by the fields' code names."""
    centre = personas.centre_a
    anna = client_for(personas.coordinator_a)
    anna.post(
        edit_url(centre), profile_post(centre, website="rc.example", vk_url="https://vk.com/rc")
    )
    changes = anna.get(reverse("centres:history", args=[centre.slug])).context["entries"][0][1]
    assert [str(label) for label, _old, _new in changes][:2] == ["сайт", "страница ВКонтакте"]


def test_history_records_who_changed_what_and_a_centre_editor_can_revert(personas, client):
    centre = personas.centre_a
    anna = client_for(personas.coordinator_a)
    anna.post(edit_url(centre), profile_post(centre, phone="+7 3456 11-11-11"))
    centre.refresh_from_db()
    anna.post(edit_url(centre), profile_post(centre, phone="+7 3456 22-22-22", address="ул. Мира"))

    history = anna.get(reverse("centres:history", args=[centre.slug]))
    entries = history.context["entries"]
    assert len(entries) == 3
    latest_record, latest_changes = entries[0]
    assert latest_record.history_user == personas.coordinator_a
    assert ("телефон", "+7 3456 11-11-11", "+7 3456 22-22-22") in [
        (str(label), old, new) for label, old, new in latest_changes
    ]
    html = history.content.decode()
    assert "Анна" in html and "Вернуть версию" not in html  # coordinators don't revert

    first_edit = entries[1][0]
    editor = client_for(personas.centre_editor)
    assert (
        "Вернуть версию"
        in editor.get(reverse("centres:history", args=[centre.slug])).content.decode()
    )
    response = editor.post(reverse("centres:revert", args=[centre.slug, first_edit.history_id]))
    assert response.status_code == 302
    centre.refresh_from_db()
    assert (centre.phone, centre.address) == ("+7 3456 11-11-11", "")
    assert centre.history.count() == 4
    assert centre.history.first().history_change_reason == f"возврат к версии {first_edit.version}"
    assert "+7 3456 11-11-11" in client.get(centre.get_absolute_url()).content.decode()


def test_revert_keeps_coordinators_and_publication(personas):
    centre = personas.centre_a
    first = centre.history.earliest("history_id")
    client_for(personas.centre_editor).post(
        reverse("centres:revert", args=[centre.slug, first.history_id])
    )
    centre.refresh_from_db()
    assert list(centre.coordinators.all()) == [personas.coordinator_a]
    assert centre.is_published


def test_revert_brings_back_the_profile_but_never_publication_or_place(personas, client):
    centre = personas.centre_a
    client_for(personas.coordinator_a).post(
        edit_url(centre), profile_post(centre, phone="+7 3456 11-11-11")
    )
    edited = centre.history.latest("history_id")
    # Later an admin unpublishes the centre, moves it and renames its slug.
    centre.refresh_from_db()
    centre.phone = "+7 3456 99-99-99"
    centre.is_published = False
    centre.slug = "tobolsk-renamed"
    centre.level = Centre.Level.PARTNER
    centre.parent = None
    centre.save()
    # Another centre takes the old slug.
    Centre.objects.filter(slug="municipal-ishim").update(slug="municipal-tobolsk")

    editor = client_for(personas.centre_editor)
    response = editor.post(reverse("centres:revert", args=[centre.slug, edited.history_id]))
    assert response.status_code == 302
    centre.refresh_from_db()
    assert centre.phone == "+7 3456 11-11-11"
    assert (centre.is_published, centre.slug, centre.level, centre.parent) == (
        False, "tobolsk-renamed", Centre.Level.PARTNER, None,
    )  # fmt: skip
    assert client.get("/centres/tobolsk-renamed/").status_code == 404


def test_a_version_that_breaks_todays_rules_is_not_brought_back(personas):
    centre = personas.centre_a
    # Stored before the rule on where a VK link may lead existed.
    Centre.objects.filter(pk=centre.pk).update(vk_url="https://evil.example/")
    centre.refresh_from_db()
    centre.save()
    bad = centre.history.latest("history_id")
    centre.vk_url = ""
    centre.save()

    editor = client_for(personas.centre_editor)
    response = editor.post(
        reverse("centres:revert", args=[centre.slug, bad.history_id]), follow=True
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert f"Версию {bad.version} нельзя вернуть как есть" in html
    assert "vk.com" in html
    centre.refresh_from_db()
    assert centre.vk_url == ""


def test_a_saved_self_assessment_shows_on_the_profile(personas, client):
    answers = "organisation=centre&beyond_sector=no&characteristics=1&characteristics=2"
    coordinator = client_for(personas.coordinator_a)
    result = coordinator.get(f"{reverse('models_catalog:self_assessment')}?{answers}")
    assert 'id="save-assessment"' in result.content.decode()
    response = coordinator.post(
        reverse("models_catalog:save_self_assessment"),
        {"centre": personas.centre_a.slug, "answers": answers},
    )
    assert response["Location"] == personas.centre_a.get_absolute_url()
    html = client.get(personas.centre_a.get_absolute_url()).content.decode()
    assert "Модель 3: «Муниципальный ресурсный центр»" in html
    assert "выполняется 2 из 11 характеристик" in html
    assert f"/self-assessment/?{answers.replace('&', '&amp;')}" in html


def test_tampered_answers_are_not_saved(personas):
    response = client_for(personas.coordinator_a).post(
        reverse("models_catalog:save_self_assessment"),
        {"centre": personas.centre_a.slug, "answers": "organisation=mayor"},
        follow=True,
    )
    assert "Не удалось прочитать ответы" in response.content.decode()
    assert not personas.centre_a.assessments.exists()


def test_the_result_page_offers_saving_only_to_coordinators(personas, client):
    url = f"{reverse('models_catalog:self_assessment')}?organisation=none"
    assert 'id="save-assessment"' not in client.get(url).content.decode()
    assert 'id="save-assessment"' not in client_for(personas.outsider).get(url).content.decode()


@pytest.mark.parametrize("version", ["abc", "", "9" * 30, "-1"])
def test_a_lost_version_keeps_the_input_and_the_next_save_goes_through(personas, version):
    centre = personas.centre_a
    anna = client_for(personas.coordinator_a)
    data = profile_post(centre, phone="+7 3456 55-55-55", version=version)
    response = anna.post(edit_url(centre), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Страница не сообщила, с какой версии профиля вы начали" in html
    assert 'value="+7 3456 55-55-55"' in html
    centre.refresh_from_db()
    assert centre.phone == ""
    again = response.context["form"].data.copy()
    assert anna.post(edit_url(centre), again).status_code == 302
    centre.refresh_from_db()
    assert centre.phone == "+7 3456 55-55-55"


def test_coordinates_take_a_decimal_comma_or_a_point(personas):
    anna, centre = client_for(personas.coordinator_a), personas.centre_a
    post = profile_post(centre, latitude="57,15300", longitude="65.5343")
    assert anna.post(edit_url(centre), post).status_code == 302
    centre.refresh_from_db()
    assert (str(centre.latitude), str(centre.longitude)) == ("57.15300", "65.53430")
    html = anna.get(edit_url(centre)).content.decode()
    assert 'inputmode="decimal"' in html and 'type="number"' not in html


def test_coordinates_copied_with_more_decimals_are_rounded_to_a_metre(personas):
    """Map services copy nine decimals or more; the profile keeps five (about a metre)."""
    anna, centre = client_for(personas.coordinator_a), personas.centre_a
    post = profile_post(centre, latitude="54,943312345", longitude="65.534349999")
    assert anna.post(edit_url(centre), post).status_code == 302
    centre.refresh_from_db()
    assert (str(centre.latitude), str(centre.longitude)) == ("54.94331", "65.53435")


def test_a_conflict_with_no_record_of_the_version_opened_merges_nothing_and_says_so(personas):
    """A profile saved before its history was kept: nothing to compare the editor's input with."""
    centre = personas.centre_a
    anna, editor = client_for(personas.coordinator_a), client_for(personas.centre_editor)
    stale = profile_post(centre, phone="+7 3456 11-11-11")
    centre.history.filter(version=centre.version).delete()
    editor.post(edit_url(centre), profile_post(centre, address="ул. Ленина, 3"))

    html = anna.post(edit_url(centre), stale).content.decode()
    assert "Кто-то другой сохранил этот профиль" in html
    assert "поля, которые вы не меняли, показывают их значения" not in html
    assert "Ваши данные остались в форме. Проверьте их и сохраните снова." in html


def test_line_breaks_as_a_browser_sends_them_are_no_change_of_the_editor(personas):
    centre = personas.centre_a
    centre.description = "Строка один.\nСтрока два."  # as a script or an import writes it
    centre.save()
    anna, editor = client_for(personas.coordinator_a), client_for(personas.centre_editor)
    stale = profile_post(
        centre, description="Строка один.\r\nСтрока два.", phone="+7 3456 11-11-11"
    )
    editor.post(edit_url(centre), profile_post(centre, description="Новое описание."))

    response = anna.post(edit_url(centre), stale)
    assert 'id="changed-by-both"' not in response.content.decode()
    assert response.context["form"].data["description"] == "Новое описание."


@pytest.mark.parametrize(
    ("phone", "link"),
    [
        ("8 (35242) 9-12-34 доб. 105", 'href="tel:83524291234,105"'),
        ("+7 3452 00-00-00, доб.7", 'href="tel:+73452000000,7"'),
        ("+7 (3452) 00-00-00", 'href="tel:+73452000000"'),
    ],
)
def test_a_phone_with_an_extension_is_saved_and_dialled(personas, client, phone, link):
    """Municipal offices answer on extensions: the link dials the number, then the extension."""
    centre = personas.centre_a
    response = client_for(personas.coordinator_a).post(
        edit_url(centre), profile_post(centre, phone=phone)
    )
    assert response.status_code == 302
    assert f"{link}>{phone}</a>" in client.get(centre.get_absolute_url()).content.decode()
