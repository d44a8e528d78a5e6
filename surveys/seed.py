"""The survey the source document publishes, rebuilt as answers.

The source gives only percentages of respondents; every one is a multiple of
1/11, so the survey had 11 respondents. The seed holds 11 anonymous responses
whose results reproduce the published table exactly.
"""

from django.db import transaction

from .models import Choice, Option, Question, Response, Survey

SLUG = "ural-network-functions"
TITLE = "Исследование функций организаций, входящих в Уральскую сеть РЦ поддержки СО НКО"
RESPONDENTS = 11
NOTE = "Восстановлено по опубликованной таблице источника"

# (code, text, [(option, respondents who chose it)]), as the source's table.
QUESTIONS = [
    (
        "rc_functions",
        "РЦ",
        [
            ("Реализация программ обучения для НКО, профессионализация сектора", 6),
            ("Анализ ситуации в секторе", 4),
            ("Консультирование НКО", 4),
            ("Оценка общественных проектов и инициатив", 2),
            ("Разработка и внедрение электронных технологий для НКО-сектора", 1),
            ("Организация предоставления социальных услуг", 1),
            ("Формирование стратегии развития сектора НКО в регионе", 1),
            ("Популяризация деятельности НКО", 1),
            ("Развитие сектора", 1),
            ("Мобилизация ресурсов в регионе", 1),
        ],
    ),
    (
        "directions",
        "Функциональные направления",
        [
            ("Помощь детям-инвалидам", 2),
            ("Социализация детей и молодежи с ОВЗ", 1),
            ("Работа с пожилыми", 1),
            ("Добровольческая деятельность", 1),
            ("Сохранение культуры", 1),
            ("Работа с детьми", 1),
        ],
    ),
    (
        "cor_functions",
        "ЦОР",
        [
            ("Развитие инициатив активных граждан", 5),
            ("Помощь семьям, участникам СВО", 4),
            ("Помощь в пандемию", 2),
            ("Влияние на развитие муниципалитета", 1),
            ("Адаптация беженцев с Украины", 1),
            ("Благоустройство и озеленение территории", 1),
            ("Создание пространств развития для муниципалитетов", 1),
            ("Помощь бизнесу в развитии корпоративной социальной ответственности", 1),
            ('"Рупор" для власти о проблемах людей', 1),
            ("Объединение секторов (НКО, СМИ, бизнес, администрация)", 1),
        ],
    ),
]


@transaction.atomic
def load():
    """Create the survey with its answers unless it exists. Returns {kind: number created}."""
    created = {"surveys": 0, "responses": 0}
    if Survey.objects.filter(slug=SLUG).exists():
        return created
    survey = Survey.objects.create(
        slug=SLUG,
        title=TITLE,
        is_published=True,
        description="Доля респондентов, назвавших каждую функцию. Опубликовано в презентации "
        "«Сетевое взаимодействие как фактор укрепления ресурсных центров поддержки СО НКО».",
    )
    responses = Response.objects.bulk_create(
        Response(survey=survey, respondent=f"Респондент {number:02}", note=NOTE)
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
        for option_order, (option_text, chosen_by) in enumerate(options, 1):
            option = Option.objects.create(question=question, text=option_text, order=option_order)
            for _ in range(chosen_by):
                choices.append(Choice(response=responses[turn % RESPONDENTS], option=option))
                turn += 1
    Choice.objects.bulk_create(choices)
    created.update(surveys=1, responses=RESPONDENTS)
    return created
