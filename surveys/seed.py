"""The survey the source document publishes, rebuilt as answers.

The source gives only percentages of respondents; every one is a multiple of
1/11, so the survey had 11 respondents. The seed holds 11 anonymous responses
whose results reproduce the published table exactly.
"""

from decimal import Decimal

from django.db import transaction

from .models import Choice, Option, Question, Response, Survey

SLUG = "ural-network-functions"
TITLE = "Исследование функций организаций, входящих в Уральскую сеть РЦ поддержки СО НКО"
RESPONDENTS = 11
NOTE = "Восстановлено по опубликованной таблице источника"

# (code, text, [(option, percent as published)]), as the source's table.
QUESTIONS = [
    (
        "rc_functions",
        "РЦ",
        [
            ("Реализация программ обучения для НКО, профессионализация сектора", "54,5"),
            ("Анализ ситуации в секторе", "36,4"),
            ("Консультирование НКО", "36,4"),
            ("Оценка общественных проектов и инициатив", "18,2"),
            ("Разработка и внедрение электронных технологий для НКО-сектора", "9,1"),
            ("Организация предоставления социальных услуг", "9,1"),
            ("Формирование стратегии развития сектора НКО в регионе", "9,1"),
            ("Популяризация деятельности НКО", "9,1"),
            ("Развитие сектора", "9,1"),
            ("Мобилизация ресурсов в регионе", "9,1"),
        ],
    ),
    (
        "directions",
        "Функциональные направления",
        [
            ("Помощь детям-инвалидам", "18,2"),
            ("Социализация детей и молодежи с ОВЗ", "9,1"),
            ("Работа с пожилыми", "9,1"),
            ("Добровольческая деятельность", "9,1"),
            ("Сохранение культуры", "9,1"),
            ("Работа с детьми", "9,1"),
        ],
    ),
    (
        "cor_functions",
        "ЦОР",
        [
            ("Развитие инициатив активных граждан", "45,5"),
            ("Помощь семьям, участникам СВО", "36,4"),
            ("Помощь в пандемию", "18,2"),
            ("Влияние на развитие муниципалитета", "9,1"),
            ("Адаптация беженцев с Украины", "9,1"),
            ("Благоустройство и озеленение территории", "9,1"),
            ("Создание пространств развития для муниципалитетов", "9,1"),
            ("Помощь бизнесу в развитии корпоративной социальной ответственности", "9,1"),
            ('"Рупор" для власти о проблемах людей', "9,1"),
            ("Объединение секторов (НКО, СМИ, бизнес, администрация)", "9,1"),
        ],
    ),
]


def published_percent(text):
    """«54,5» as the source writes it, as a number."""
    return Decimal(text.replace(",", "."))


def respondents_for(text):
    """How many of the 11 respondents a published percent stands for."""
    return round(published_percent(text) * RESPONDENTS / 100)


def fill_published_percents(survey):
    """Give the seed survey's options the source's figures where they have none yet."""
    filled = 0
    for code, _text, options in QUESTIONS:
        for option_text, percent in options:
            filled += Option.objects.filter(
                question__survey=survey,
                question__code=code,
                text=option_text,
                published_percent=None,
            ).update(published_percent=published_percent(percent))
    return filled


@transaction.atomic
def load():
    """Create the survey with its answers unless it exists. Returns {kind: number created}."""
    created = {"surveys": 0, "responses": 0}
    if existing := Survey.objects.filter(slug=SLUG).first():
        fill_published_percents(existing)
        return created
    survey = Survey.objects.create(
        slug=SLUG,
        title=TITLE,
        is_published=True,
        description="Доля респондентов, назвавших каждую функцию. Опубликовано в презентации "
        "«Сетевое взаимодействие как фактор укрепления ресурсных центров поддержки СО НКО».",
    )
    responses = Response.objects.bulk_create(
        Response(
            survey=survey, respondent=f"Респондент {number:02}", note=NOTE, is_reconstructed=True
        )
        for number in range(1, RESPONDENTS + 1)
    )
    choices = []
    for question_order, (code, text, options) in enumerate(QUESTIONS, 1):
        question = Question.objects.create(
            survey=survey, code=code, text=text, kind=Question.Kind.MULTIPLE, order=question_order
        )
        # Hand each option to the next respondents in turn, so no respondent
        # takes an option twice and the choices spread over everyone.
        turn = 0
        for option_order, (option_text, percent) in enumerate(options, 1):
            option = Option.objects.create(
                question=question,
                text=option_text,
                order=option_order,
                published_percent=published_percent(percent),
            )
            for _ in range(respondents_for(percent)):
                choices.append(Choice(response=responses[turn % RESPONDENTS], option=option))
                turn += 1
    Choice.objects.bulk_create(choices)
    created.update(surveys=1, responses=RESPONDENTS)
    return created
