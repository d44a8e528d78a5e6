import pytest

from surveys.models import Option, Question, Survey


@pytest.fixture
def survey(network):
    return Survey.objects.get(slug="ural-network-functions")


@pytest.fixture
def small_survey(network):
    """A survey with one multiple- and one single-choice question."""
    survey = Survey.objects.create(slug="small", title="Малая анкета", is_published=True)
    tasks = Question.objects.create(survey=survey, code="tasks", text="Задачи", order=1)
    size = Question.objects.create(
        survey=survey, code="size", text="Штат", kind=Question.Kind.SINGLE, order=2
    )
    for order, text in enumerate(["Обучение", "Консультации", "Гранты"], 1):
        Option.objects.create(question=tasks, text=text, order=order)
    for order, text in enumerate(["до 5", "больше 5"], 1):
        Option.objects.create(question=size, text=text, order=order)
    return survey
