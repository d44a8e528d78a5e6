"""The network as the source document describes it.

Source: «Сетевое взаимодействие как фактор укрепления ресурсных центров
поддержки СО НКО», А. А. Попкова. The document names places, not
organisations, so centre names are descriptive until coordinators enter the
real ones. Coordinates are the towns' public coordinates.
"""

from decimal import Decimal

from django.db import transaction

from .models import Centre, Level, Region, Territory

CITY, OKRUG, DISTRICT, VILLAGE, LOCALITY = Territory.Kind

# (short name, full name, slug), in the order the source lists them.
REGIONS = [
    ("ТО", "Тюменская область", "tyumen-oblast"),
    ("СО", "Свердловская область", "sverdlovsk-oblast"),
    ("ЧО", "Челябинская область", "chelyabinsk-oblast"),
    ("КО", "Курганская область", "kurgan-oblast"),
    ("ХМАО", "Ханты-Мансийский автономный округ — Югра", "khmao"),
    ("ЯНАО", "Ямало-Ненецкий автономный округ", "yanao"),
    ("ЛНР", "Луганская Народная Республика", "lnr"),
]

# (slug, region, kind, name, part of): every place the source names.
TERRITORIES = [
    ("tyumen", "ТО", CITY, "Тюмень", None),
    ("golyshmanovsky", "ТО", OKRUG, "Голышмановский городской округ", None),
    ("tobolsk", "ТО", CITY, "Тобольск", None),
    ("ishim", "ТО", CITY, "Ишим", None),
    ("yalutorovsk", "ТО", CITY, "Ялуторовск", None),
    ("sorokinsky-district", "ТО", DISTRICT, "Сорокинский район", None),
    ("yalutorovsky-district", "ТО", DISTRICT, "Ялуторовский район", None),
    ("isetsky-district", "ТО", DISTRICT, "Исетский район", None),
    ("yekaterinburg", "СО", CITY, "Екатеринбург", None),
    ("nizhny-tagil", "СО", CITY, "Нижний Тагил", None),
    ("pervouralsk", "СО", CITY, "Первоуральск", None),
    ("nizhnyaya-sinyachikha", "СО", LOCALITY, "Нижняя Синячиха", None),
    ("chelyabinsk", "ЧО", CITY, "Челябинск", None),
    ("snezhinsk", "ЧО", CITY, "Снежинск", None),
    ("nyazepetrovsk", "ЧО", CITY, "Нязепетровск", None),
    ("magnitogorsk", "ЧО", CITY, "Магнитогорск", None),
    ("plast", "ЧО", CITY, "Пласт", None),
    ("verkhny-ufaley", "ЧО", CITY, "Верхний Уфалей", None),
    ("zlatoust", "ЧО", CITY, "Златоуст", None),
    ("katav-ivanovsk", "ЧО", CITY, "Катав-Ивановск", None),
    ("ozersk", "ЧО", CITY, "Озерск", None),
    ("sosnovsky-district", "ЧО", DISTRICT, "Сосновский район", None),
    ("troitsk", "ЧО", CITY, "Троицк", None),
    ("yuzhnouralsk", "ЧО", CITY, "Южноуральск", None),
    ("kurgan", "КО", CITY, "Курган", None),
    ("shadrinsk", "КО", CITY, "Шадринск", None),
    ("almenevo", "КО", LOCALITY, "Альменево", None),
    ("mishkino", "КО", LOCALITY, "Мишкино", None),
    ("khanty-mansiysk", "ХМАО", CITY, "Ханты-Мансийск", None),
    ("megion", "ХМАО", CITY, "Мегион", None),
    ("nizhnevartovsk", "ХМАО", CITY, "Нижневартовск", None),
    ("beloyarsky-district", "ХМАО", DISTRICT, "Белоярский район", None),
    ("kazym", "ХМАО", VILLAGE, "Казым", "beloyarsky-district"),
    ("khanty-mansiysky-district", "ХМАО", DISTRICT, "Ханты-Мансийский район", None),
    ("surgutsky-district", "ХМАО", DISTRICT, "Сургутский район", None),
    ("nadym", "ЯНАО", CITY, "Надым", None),
    ("yamalsky-district", "ЯНАО", DISTRICT, "Ямальский район", None),
    ("shuryshkarsky-district", "ЯНАО", DISTRICT, "Шурышкарский район", None),
    ("lugansk", "ЛНР", CITY, "Луганск", None),
    ("krasnodon", "ЛНР", CITY, "Краснодон", None),
]

REGIONAL, MUNICIPAL, PARTNER = Level.REGIONAL, Level.MUNICIPAL, Level.PARTNER

NAME_PATTERNS = {
    REGIONAL: "Региональный ресурсный центр, {place}",
    MUNICIPAL: "Муниципальный ресурсный центр, {place}",
    PARTNER: "Партнёр сети, {place}",
}

# (slug, level, territory, latitude, longitude), in the source's order.
CENTRES = [
    ("regional-tyumen", REGIONAL, "tyumen", "57.15300", "65.53430"),
    ("regional-yekaterinburg", REGIONAL, "yekaterinburg", "56.83890", "60.60570"),
    ("regional-chelyabinsk", REGIONAL, "chelyabinsk", "55.16440", "61.43680"),
    ("regional-kurgan", REGIONAL, "kurgan", "55.44100", "65.34110"),
    ("municipal-golyshmanovo", MUNICIPAL, "golyshmanovsky", "56.47500", "68.61670"),
    ("municipal-tobolsk", MUNICIPAL, "tobolsk", "58.19810", "68.26450"),
    ("municipal-ishim", MUNICIPAL, "ishim", "56.11280", "69.49020"),
    ("municipal-yalutorovsk", MUNICIPAL, "yalutorovsk", "56.65470", "66.31220"),
    ("municipal-nizhny-tagil", MUNICIPAL, "nizhny-tagil", "57.91010", "59.98130"),
    ("municipal-pervouralsk", MUNICIPAL, "pervouralsk", "56.90540", "59.94330"),
    ("municipal-snezhinsk", MUNICIPAL, "snezhinsk", "56.08500", "60.73140"),
    ("municipal-nyazepetrovsk", MUNICIPAL, "nyazepetrovsk", "56.05360", "59.61000"),
    ("municipal-magnitogorsk", MUNICIPAL, "magnitogorsk", "53.40720", "58.97910"),
    ("municipal-plast", MUNICIPAL, "plast", "54.36920", "60.81510"),
    ("municipal-shadrinsk", MUNICIPAL, "shadrinsk", "56.08700", "63.62970"),
    ("municipal-almenevo", MUNICIPAL, "almenevo", "54.94330", "63.57890"),
    ("municipal-khanty-mansiysk", MUNICIPAL, "khanty-mansiysk", "61.00420", "69.00190"),
    ("municipal-megion", MUNICIPAL, "megion", "61.02960", "76.11360"),
    ("municipal-nizhnevartovsk", MUNICIPAL, "nizhnevartovsk", "60.93440", "76.55310"),
    ("municipal-kazym", MUNICIPAL, "kazym", "63.72000", "67.23000"),
    ("municipal-nadym", MUNICIPAL, "nadym", "65.53330", "72.51670"),
    ("partner-zlatoust", PARTNER, "zlatoust", "55.17110", "59.65080"),
    ("partner-katav-ivanovsk", PARTNER, "katav-ivanovsk", "54.75220", "58.19830"),
    ("partner-ozersk", PARTNER, "ozersk", "55.75560", "60.70280"),
    ("partner-sosnovsky-district", PARTNER, "sosnovsky-district", "55.34780", "61.34670"),
    ("partner-troitsk", PARTNER, "troitsk", "54.08430", "61.55860"),
    ("partner-yuzhnouralsk", PARTNER, "yuzhnouralsk", "54.44250", "61.25810"),
    ("partner-mishkino", PARTNER, "mishkino", "55.33890", "63.91790"),
    ("partner-lugansk", PARTNER, "lugansk", "48.57400", "39.30780"),
    ("partner-krasnodon", PARTNER, "krasnodon", "48.29720", "39.73750"),
]


# Where the seed puts each centre: its town's public coordinates.
TOWN_COORDINATES = {
    slug: (Decimal(latitude), Decimal(longitude))
    for slug, _level, _place, latitude, longitude in CENTRES
}


def at_town_coordinates(centre):
    """Whether the centre still stands where the seed put it: its town's public coordinates.

    A centre the seed did not create, or one whose coordinators set its place, does not.
    """
    town = TOWN_COORDINATES.get(centre.slug)
    return town is not None and (centre.latitude, centre.longitude) == town


# The source's heading over the municipal centres says «14 муниципальных РЦ»,
# while the list under it names 17 places; the registry holds every place listed.
MUNICIPAL_HEADING_COUNT = 14


def municipal_listing():
    """(the number the source's heading gives, the number of places listed under it)."""
    listed = sum(1 for _slug, level, *_rest in CENTRES if level == MUNICIPAL)
    return MUNICIPAL_HEADING_COUNT, listed


def place_label(territory):
    """«г. Тобольск», «с. Казым Белоярского района» as the source writes them."""
    if territory.slug == "kazym":
        return "с. Казым Белоярского района"
    return territory.label


@transaction.atomic
def load():
    """Create what is missing; never touch what exists. Returns {kind: number created}."""
    created = {"regions": 0, "territories": 0, "centres": 0}

    regions = {}
    for order, (short_name, name, slug) in enumerate(REGIONS, start=1):
        regions[short_name], is_new = Region.objects.get_or_create(
            slug=slug, defaults={"short_name": short_name, "name": name, "order": order}
        )
        created["regions"] += is_new

    territories = {}
    for slug, region, kind, name, parent in TERRITORIES:
        territories[slug], is_new = Territory.objects.get_or_create(
            slug=slug,
            defaults={
                "region": regions[region],
                "kind": kind,
                "name": name,
                "parent": territories.get(parent),
            },
        )
        created["territories"] += is_new

    regional_centres = {}
    for slug, level, territory_slug, latitude, longitude in CENTRES:
        territory = territories[territory_slug]
        centre, is_new = Centre.objects.get_or_create(
            slug=slug,
            defaults={
                "name": NAME_PATTERNS[level].format(place=place_label(territory)),
                "name_is_descriptive": True,
                "level": level,
                "region_id": territory.region_id,
                "territory": territory,
                "parent": regional_centres.get(territory.region_id),
                "latitude": latitude,
                "longitude": longitude,
            },
        )
        if level == REGIONAL:
            regional_centres[centre.region_id] = centre
        created["centres"] += is_new
    return created
