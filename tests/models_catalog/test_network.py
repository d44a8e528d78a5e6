import re

import pytest
from django.urls import reverse

from centres.models import Centre
from models_catalog.models import Characteristic, InteractionForm, TransformationStep

pytestmark = pytest.mark.django_db


@pytest.fixture
def html(client, network):
    response = client.get(reverse("models_catalog:network"))
    assert response.status_code == 200
    return response.content.decode()


def items_of(html, list_id):
    block = re.search(rf'id="{list_id}"[^>]*>(.*?)</(?:ol|ul)>', html, re.S).group(1)
    return re.findall(r"<li[^>]*>(.*?)</li>", block, re.S)


def test_network_meetings_have_six_purposes(network, html):
    meetings = InteractionForm.objects.get(name="Сетевые встречи")
    assert list(meetings.purposes.values_list("text", flat=True)) == [
        "формирование сообщества",
        "обмен практиками",
        "совместный поиск решения системных проблем",
        "обучение, развитие компетенций",
        "выработка стратегии развития сети, НКО-сектора на территории, самой организации",
        "стажировки",
    ]
    for text in [
        "Сетевые встречи",
        "Каналы оперативного информационного взаимодействия",
        "Стажировочные площадки",
        "Сетевые проекты",
        "группы в мессенджерах",
        "передача опыта, практики, технологий",
        "новые технологии и практики работы",
    ]:
        assert text in html


def test_the_four_steps_without_the_dangling_word(network, html):
    steps = [" ".join(item.split()) for item in items_of(html, "steps")]
    assert steps[2] == "<strong>Шаг 3.</strong> Привлечение финансовых ресурсов территории"
    assert len(steps) == 4
    assert steps[0].startswith("<strong>Шаг 1.</strong> Команда – стратегический субъект")
    assert "ресурсов территории на" not in html
    assert TransformationStep.objects.get(number=3).text.endswith("территории")


def test_the_eleven_characteristics(network, html):
    items = items_of(html, "characteristics")
    assert len(items) == 11 == Characteristic.objects.count()
    assert items[0] == (
        "«заметный» стратегический субъект включенный в развитие территории, особенно в "
        "сфере реализации социальной политики"
    )
    assert items[-1] == (
        "развивающийся методист по вопросам развития благотворительной деятельности"
    )


def test_pros_and_cons_of_network_interaction(network, html):
    assert len(items_of(html, "network-pros")) == 3
    assert items_of(html, "network-cons") == [
        "необходимость координации деятельности Сети («передача знамя» не работает)",
        "наращивание функций - стремление к отделению, самостоятельности, притязание на лидерство",
    ]
    assert "способствует укреплению деятельности РЦ" in html


def test_members_by_level_with_links(network, html):
    for centre in Centre.objects.all():
        assert f'href="{centre.get_absolute_url()}"' in html
    counts = re.findall(r'<span class="badge text-bg-secondary">(\d+)</span>', html)
    assert counts == ["4", "17", "9"]
