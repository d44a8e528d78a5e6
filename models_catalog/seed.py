"""The catalogue's texts, word for word from the source document."""

from django.db import transaction

from .models import Definition, OrganisationalModel

# (number, slug, name)
MODELS = [
    (1, "administrative", "Административная"),
    (2, "subordinate", "Подведомственная"),
    (3, "municipal-resource-centre", "«Муниципальный ресурсный центр»"),
    (4, "public-development", "«Трансформация в центр общественного развития территории»"),
]

# (slug, term, text). The first is quoted from a regulation, hence the closing
# quotation mark the source keeps.
DEFINITIONS = [
    (
        "resource-centre",
        "Ресурсный центр поддержки СОНКО",
        "организация, оказывающая информационную, консультационную, образовательную, "
        "организационную и иную ресурсную поддержку социально-ориентированным некоммерческим "
        "организациям, содействующая внедрению в их деятельность новых социальных и "
        "управленческих технологий, а также формированию среды, способствующей формированию, "
        "развитию и деятельности» данных организаций",
    ),
    (
        "public-development-centre",
        "Центр общественного развития",
        "это площадка для взаимодействия активных граждан, некоммерческих организаций, органов "
        "власти, бизнеса с целью кооперации ресурсов, выработки технологий совместной "
        "деятельности для решения значимых задач и формировании приоритетов развития "
        "территории.",
    ),
]


@transaction.atomic
def load():
    """Create what is missing; never touch what exists. Returns {kind: number created}."""
    created = {"models": 0, "definitions": 0}
    for number, slug, name in MODELS:
        _model, is_new = OrganisationalModel.objects.get_or_create(
            number=number, defaults={"slug": slug, "name": name}
        )
        created["models"] += is_new
    for order, (slug, term, text) in enumerate(DEFINITIONS, start=1):
        _definition, is_new = Definition.objects.get_or_create(
            slug=slug, defaults={"term": term, "text": text, "order": order}
        )
        created["definitions"] += is_new
    return created
