"""The catalogue's texts, word for word from the source document.

Lists the source writes as one sentence are split into items at the commas or
semicolons that separate them, without changing a word.
"""

from django.db import transaction

from centres.models import Centre, ModelSetBy, Territory

from .models import (
    Characteristic,
    Definition,
    Example,
    InteractionForm,
    InteractionPurpose,
    NetworkEffect,
    OrganisationalModel,
    Point,
    Side,
    TransformationStep,
)
from .progress_counts import recount_progress

MODELS = [
    {
        "number": 1,
        "slug": "administrative",
        "name": "Административная",
        "characteristics": "создается путем закрепления функций по содействию развития НКО "
        "в должностном регламенте специалиста.",
        # One sentence about the specialist: cut at its commas, its second half
        # would have no subject.
        "pros": [
            "вся деятельность НКО, активных граждан координируется данным специалистом, "
            "который всегда в курсе всех процессов, происходящих в секторе, своевременно может "
            "среагировать на негативные практики, привлечь НКО в качестве ресурса для решения "
            "стоящих перед Администрацией задач",
        ],
        "cons": [
            "специалист всегда находится в «завале»",
            "очень много завязано на межличностном взаимодействии, личности самого сотрудника",
            "смена сотрудника часто приводит к деградации сектора",
        ],
        # (as the source writes it, territory slug)
        "examples": [
            ("Ханты-Мансийский район (ХМАО)", "khanty-mansiysky-district"),
            ("Сургутский район (ХМАО)", "surgutsky-district"),
            ("Сорокинский район (Тюм.обл.)", "sorokinsky-district"),
        ],
    },
    {
        "number": 2,
        "slug": "subordinate",
        "name": "Подведомственная",
        "characteristics": "создается путем расширения функций Учреждения за счет включения "
        "в его деятельность вопросов по работе с НКО, активными гражданами.",
        "pros": [
            "деятельность по развитию гражданской активности включена в муниципальное задание",
            "возможность концентрации на конкретной целевой аудитории (молодежь, дети и "
            "родители, обучающиеся школы-интерната)",
        ],
        "cons": [
            "отсутствие в штате учреждения сотрудников заинтересованных в развитии "
            "гражданской активности",
            "отсутствие у сотрудников опыта работы с активными гражданами",
            "наличие показателей за которые необходимо отчитываться – номинальность и "
            "формальность работы, концентрация на конкретной целевой аудитории",
        ],
        "examples": [
            ("Ямальский район (ЯНАО)", "yamalsky-district"),
            ("Шурышкарский район (ЯНАО)", "shuryshkarsky-district"),
            ("Нижняя Синячиха (Свердл.обл.)", "nizhnyaya-sinyachikha"),
            ("Верхний Уфалей (Челяб. обл.)", "verkhny-ufaley"),
        ],
    },
    {
        "number": 3,
        "slug": "municipal-resource-centre",
        "name": "«Муниципальный ресурсный центр»",
        "characteristics": "специализированный центр, основной деятельностью которого "
        "является формирование условий развития НКО на всей территории района, включая "
        "малые поселения.",
        "pros": [
            "целенаправленная деятельность по развитию сектора",
            "развитие гражданской активности на территориях",
            "работа с разными сообществами",
            "профессионализм кадров",
            "включенность в основные тенденции развития сектора за счет участия в различных "
            "программах и стажировках",
            "создание банка успешных социальных практик",
            "тиражирование успешного опыта",
        ],
        "cons": [
            "угроза нестабильности финансирования",
            "вероятность возникновения конкуренции с Администрацией",
            "отсутствие на территории организации/жителя способных реализовать данные функции",
        ],
        "examples": [
            ("Ялуторовский (+Исетский) район (Тюм.обл.)", "yalutorovsky-district"),
            ("Альменево (Курган. обл.)", "almenevo"),
            ("Белоярский район (ХМАО)", "beloyarsky-district"),
        ],
    },
    {
        "number": 4,
        "slug": "public-development",
        "name": "«Трансформация в центр общественного развития территории»",
        "characteristics": "расширение деятельности РЦ за пределы сектора за счет активной "
        "включенности его в решение различных значимых вопросов на территории.",
        "pros": [
            "ЦОР становится значимым субъектом развития территории, соисполнителем "
            "муниципальных программ развития гражданской активности",
            "представляет и продвигает территория на различных мероприятиях",
            "представлен профессиональной командой",
            "активно привлекает грантовые ресурсы в муниципалитет",
            "развивает благотворительную деятельность",
        ],
        # «Минусы: -»: the source names none.
        "cons": [],
        "examples": [
            ("Голышмановский городской округ (Тюм.обл.)", "golyshmanovsky"),
            ("Белоярский район (с. Казым) (ХМАО)", "kazym"),
            ("Нязепетровск (Челяб. обл.)", "nyazepetrovsk"),
        ],
    },
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
    (
        "network-interaction",
        "Сетевое взаимодействие",
        "способствует укреплению деятельности РЦ, их продвижению, профессионализации, "
        "трансформации его в центры общественного развития",
    ),
]

INTERACTION_FORMS = [
    (
        "Сетевые встречи",
        [
            "формирование сообщества",
            "обмен практиками",
            "совместный поиск решения системных проблем",
            "обучение, развитие компетенций",
            "выработка стратегии развития сети, НКО-сектора на территории, самой организации",
            "стажировки",
        ],
    ),
    (
        "Каналы оперативного информационного взаимодействия",
        ["сообщества в социальных сетях", "группы в мессенджерах"],
    ),
    ("Стажировочные площадки", ["передача опыта, практики, технологий"]),
    (
        "Сетевые проекты",
        [
            "определение новых направлений развития РЦ, входящих в Сеть",
            "включенность в решение вопросов отдельных целевых групп",
            "новые технологии и практики работы",
        ],
    ),
]

NETWORK_PROS = [
    "укрепление функций, наращивания опыта работы с инициативными гражданами и "
    "организациями, развитию их функций в качестве центров общественного развития",
    "укрепление имиджа РЦ, как значимого субъекта развития гражданского общества и территории",
    "тиражирование работающих практик работы с различными целевыми аудиториями, органами "
    "власти, бизнесом",
]
NETWORK_CONS = [
    "необходимость координации деятельности Сети («передача знамя» не работает)",
    "наращивание функций - стремление к отделению, самостоятельности, притязание на лидерство",
]

# Step 3 breaks off in the source («… территории на»): kept word for word and
# marked, so the page can show that the sentence is unfinished there.
CUT_OFF_STEP = "Привлечение финансовых ресурсов территории на"
STEPS = [
    "Команда – стратегический субъект развития территории (партнерство с властью, участие в "
    "принятии решений)",
    "Продвижение - наращивание опыта и развитие партнерства",
    CUT_OFF_STEP,
    "Развитие благотворительной деятельности",
]

# (text, the step it shows). The source lists the characteristics and the steps
# separately; the portal relates them so the self-assessment can name the next step.
CHARACTERISTICS = [
    (
        "«заметный» стратегический субъект включенный в развитие территории, особенно в "
        "сфере реализации социальной политики",
        1,
    ),
    ("признанный партнер муниципальной власти в решении вопросов местного значения", 1),
    ("канал продвижения территории на федеральных и региональных площадках", 2),
    ("распространитель имиджа социально-ориентированной и активной территории", 2),
    (
        "ключевой партнер от территории для взаимодействия с НКО территориями своего региона и "
        "других регионов",
        2,
    ),
    ("центр компетенций НКО-сектора территории по различным аспектам деятельности", None),
    ("лаборатория социальных проектов и активностей", None),
    ("«собиратель» профессиональных экспертов для использования их опыта на территории", None),
    ("инициатор создания новых НКО", None),
    (
        "источник внебюджетных (грантовых) средств, привлекаемых на территорию на решение "
        "социально-значимых проблем",
        3,
    ),
    ("развивающийся методист по вопросам развития благотворительной деятельности", 4),
]


def items(texts, **fields):
    return [{"text": text, "order": order, **fields} for order, text in enumerate(texts, 1)]


def load_models(created):
    territories = Territory.objects.in_bulk(field_name="slug")
    for data in MODELS:
        model, is_new = OrganisationalModel.objects.get_or_create(
            number=data["number"],
            defaults={key: data[key] for key in ("slug", "name", "characteristics")},
        )
        created["models"] += is_new
        if not model.characteristics:
            model.characteristics = data["characteristics"]
            model.save(update_fields=["characteristics"])
        if not model.points.exists():
            points = items(data["pros"], side=Side.PRO) + items(data["cons"], side=Side.CON)
            Point.objects.bulk_create(Point(model=model, **point) for point in points)
            created["pros and cons"] += len(points)
        if not model.examples.exists():
            examples = [
                Example(model=model, label=label, territory=territories[slug], order=order)
                for order, (label, slug) in enumerate(data["examples"], 1)
            ]
            Example.objects.bulk_create(examples)
            created["examples"] += len(examples)
            # A registry centre takes the model the source names its territory an
            # example of; this happens once, with the examples, so a later change
            # by a coordinator or staff stays.
            created["centres given a model"] += Centre.objects.filter(
                territory__in=[example.territory for example in examples],
                organisational_model=None,
            ).update(organisational_model=model, organisational_model_set_by=ModelSetBy.SOURCE)


def load_network(created):
    for order, (slug, term, text) in enumerate(DEFINITIONS, start=1):
        _definition, is_new = Definition.objects.get_or_create(
            slug=slug, defaults={"term": term, "text": text, "order": order}
        )
        created["definitions"] += is_new
    if not InteractionForm.objects.exists():
        for order, (name, purposes) in enumerate(INTERACTION_FORMS, start=1):
            form = InteractionForm.objects.create(name=name, order=order)
            InteractionPurpose.objects.bulk_create(
                InteractionPurpose(form=form, **item) for item in items(purposes)
            )
            created["forms of interaction"] += 1
    if not NetworkEffect.objects.exists():
        effects = items(NETWORK_PROS, side=Side.PRO) + items(NETWORK_CONS, side=Side.CON)
        NetworkEffect.objects.bulk_create(NetworkEffect(**effect) for effect in effects)
        created["network pros and cons"] += len(effects)
    if not TransformationStep.objects.exists():
        TransformationStep.objects.bulk_create(
            TransformationStep(number=number, text=text, breaks_off=text == CUT_OFF_STEP)
            for number, text in enumerate(STEPS, 1)
        )
        created["steps"] += len(STEPS)
    if not Characteristic.objects.exists():
        steps = TransformationStep.objects.in_bulk(field_name="number")
        Characteristic.objects.bulk_create(
            Characteristic(order=order, text=text, step=steps.get(step))
            for order, (text, step) in enumerate(CHARACTERISTICS, 1)
        )
        created["characteristics"] += len(CHARACTERISTICS)


@transaction.atomic
def load():
    """Create what is missing; never touch what exists. Returns {kind: number created}."""
    created = dict.fromkeys(
        [
            "models", "pros and cons", "examples", "centres given a model", "definitions",
            "forms of interaction", "network pros and cons", "steps", "characteristics",
        ],
        0,
    )  # fmt: skip
    load_models(created)
    load_network(created)
    # Centres get their model by a bulk update above, which the kept progress
    # counts don't see: count them afresh (a few ms on a fresh network).
    recount_progress()
    return created
