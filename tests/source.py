"""The source document, read the way a person reads it: its lists, texts and table.

Tests compare what the portal holds and shows with these, not with a copy of the
seed's own constants. Each function returns the text as the source writes it.
"""

import re
from functools import cache

from tests.helpers import source_lines

# The source shortens kinds of places; the registry writes them in full.
PLACE_WORDS = {"ГО": "городской округ", "р-н": "район"}
PLACE_PREFIXES = ("гг.", "г.", "с.")


@cache
def lines():
    """The document's lines without the blank ones, stripped."""
    return tuple(line.strip() for line in source_lines() if line.strip())


def section(start, end):
    """The lines after the line `start` and before the first line `end` after it."""
    text = lines()
    first = text.index(start) + 1
    return text[first : text.index(end, first)]


def items_after(heading):
    """The «- …» items under a heading, without their separating comma or semicolon."""
    text = lines()
    found = []
    for line in text[text.index(heading) + 1 :]:
        if not line.startswith("- "):
            break
        found.append(line[2:].rstrip(",;"))
    return found


def after_label(line, label):
    assert line.startswith(f"{label}: "), line
    return line[len(label) + 2 :]


def split_top_level(text, separator=", "):
    """Split at separators outside parentheses."""
    parts, depth, current = [], 0, ""
    index = 0
    while index < len(text):
        char = text[index]
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth == 0 and text.startswith(separator, index):
            parts.append(current)
            current = ""
            index += len(separator)
            continue
        current += char
        index += 1
    return [*parts, current]


# The network ------------------------------------------------------------------


def regional_centres():
    """«Тюмень, Екатеринбург, Челябинск, Курган»: the cities of the regional centres."""
    (listing,) = section("4 региональных РЦ:", "14 муниципальных РЦ:")
    return listing.split(", ")


def by_region(start, end):
    """{region as the source shortens it: [place as written]}, in the source's order.

    A region's list may run over a line break («с.» / «Казым Белоярского района»).
    """
    listing = " ".join(section(start, end))
    regions = {}
    for region, places in re.findall(r"([А-Я]+) – (.*?)(?= [А-Я]+ – |$)", listing):
        regions[region] = [place.strip() for place in places.split(",")]
    return regions


def municipal_centres():
    return by_region("14 муниципальных РЦ:", "Партнеры:")


def partners():
    return by_region(
        "Партнеры:",
        "Исследование функций организаций, входящих в Уральскую сеть РЦ поддержки СО НКО",
    )


def place_name(written):
    """(place, the district it lies in) as the registry names them.

    «гг.Тобольск» → («Тобольск», None); «Сосновский р-н» → («Сосновский район», None);
    «с. Казым Белоярского района» → («Казым», «Белоярский район»).
    """
    for prefix in PLACE_PREFIXES:
        if written.startswith(prefix):
            written = written[len(prefix) :].strip()
            break
    words = [PLACE_WORDS.get(word, word) for word in written.split()]
    if words[-1] == "района":  # a village named with its district
        return words[0], f"{words[1].removesuffix('ого')}ий район"
    return " ".join(words), None


def regions():
    """The regions in the order the source first names them."""
    named = [*municipal_centres(), *partners()]
    return list(dict.fromkeys(named))


# The four models --------------------------------------------------------------


def models():
    """[{number, name, characteristics, pros, cons, examples}] as the source writes them.

    `pros` and `cons` are the source's sentences; `examples` are the territories,
    each with the region the source puts after it or after the group it ends.
    """
    text = lines()
    found = []
    for index, line in enumerate(text):
        heading = re.fullmatch(r"Модель (\d) [-–] (.*)", line)
        if not heading:
            continue
        characteristics, pros, cons, examples = text[index + 1 : index + 5]
        found.append(
            {
                "number": int(heading[1]),
                "name": heading[2],
                "characteristics": after_label(characteristics, "Общие характеристики"),
                "pros": after_label(pros, "Плюсы"),
                "cons": after_label(cons, "Минусы"),
                "examples": example_labels(after_label(examples, "Примеры территорий")),
            }
        )
    return found


def example_labels(listing):
    """«Ямальский район, Шурышкарский район (ЯНАО), …» → each with its region."""
    labels = split_top_level(listing.rstrip("."))
    region = ""
    for index in reversed(range(len(labels))):
        if labels[index].endswith(")"):
            region = labels[index][labels[index].rindex("(") :]
        else:
            labels[index] = f"{labels[index]} {region}"
    return labels


def assert_split_of(items, sentence):
    """`items` are `sentence` cut at its commas or semicolons, in order, word for word."""
    rest = sentence
    for item in items:
        before, found, rest = rest.partition(item)
        assert found, (item, sentence)
        assert before.strip(" ,;") == "", (before, item)
    assert rest.strip(" .") == "", rest


# Definitions, the network's interaction, steps and characteristics -------------


def definitions():
    """[(term, text)] of the two terms the source defines with «- …»."""
    text = lines()
    return [
        (text[index - 1], line[2:])
        for index, line in enumerate(text)
        if line.startswith("- ") and index < text.index("Модель 1 - Административная")
    ]


def network_interaction_line():
    """«Сетевое взаимодействие способствует …», which the portal shows as a definition."""
    return next(line for line in lines() if line.startswith("Сетевое взаимодействие способствует"))


def interaction_forms():
    """[(form, [purposes])] under «Сетевое взаимодействие:»."""
    block = section("Сетевое взаимодействие:", "#УралНКО")
    return [(line.removesuffix(":"), items_after(line)) for line in block if line.endswith(":")]


def steps():
    """[(number, text)] of «ШАГ N. …»."""
    return [
        (int(match[1]), match[2].strip())
        for line in lines()
        if (match := re.fullmatch(r"ШАГ (\d)\. (.*)", line))
    ]


def network_pros():
    return items_after("ПЛЮСЫ:")


def network_cons():
    return items_after("МИНУСЫ:")


def characteristics():
    return items_after("Характеристики трансформации РЦ в ЦОР")


# The survey -------------------------------------------------------------------

SURVEY_TITLE = "Исследование функций организаций, входящих в Уральскую сеть РЦ поддержки СО НКО"


def survey_table():
    """{question heading: [(option, percent as written)]}, columns in the source's order."""
    text = source_lines()
    start = next(index for index, line in enumerate(text) if line.startswith("РЦ\t%\t"))
    headings = text[start].split("\t")[0::2]
    columns = {heading: [] for heading in headings}
    for line in text[start + 1 :]:
        if "\t" not in line:
            break
        cells = line.split("\t")
        for index, heading in enumerate(headings):
            option, value = cells[2 * index : 2 * index + 2]
            if option:
                columns[heading].append((option, value))
    return columns
