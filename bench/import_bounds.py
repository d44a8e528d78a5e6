"""Answers files of every hostile shape, and honest large ones, through `import_responses`.

Usage (from the project folder, on a database you can throw away):

    DATABASE_URL=sqlite:////tmp/bounds.sqlite3 .venv/bin/python bench/import_bounds.py

Each file is imported by `manage.py import_responses` in a process of its own,
timed and measured by /usr/bin/time (peak resident memory). Prints a Markdown
table: file, its size, what the command said, seconds, peak memory.
"""

import csv
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from network_portal.downloads import xlsx_bytes  # noqa: E402
from tests.helpers import inline_row, raw_xlsx  # noqa: E402

SURVEY = "ural-network-functions"
WIDE_SURVEY = "bench-twelve-questions"
WIDE_CODES = [f"q{number:02}" for number in range(12)]
OPTIONS = [
    "Анализ ситуации в секторе",
    "Консультирование НКО",
    "Оценка общественных проектов и инициатив",
]


def honest_rows(count):
    rng = random.Random(2026)
    yield ["respondent", "centre", "rc_functions"]
    for number in range(count):
        yield [f"r{number:06}", "", "; ".join(rng.sample(OPTIONS, rng.randint(0, 3)))]


def honest_csv(path, count=100_000):
    with open(path, "w", newline="", encoding="utf-8") as file:
        csv.writer(file).writerows(honest_rows(count))


def honest_xlsx(path, count=100_000):
    path.write_bytes(xlsx_bytes("answers", honest_rows(count)))


def wide_export(path, count=100_000):
    """What the admin's export writes for 100,000 responses to twelve questions."""
    rng = random.Random(2026)
    rows = [["respondent", "centre", *WIDE_CODES]]
    rows += (
        [f"r{number:06}", "municipal-tobolsk"]
        + ["; ".join(rng.sample(OPTIONS, rng.randint(0, 2))) for _code in WIDE_CODES]
        for number in range(count)
    )
    path.write_bytes(xlsx_bytes("responses", rows))


# A respondent, then shared string 0: every option of the question.
EVERY_OPTION_ROW = (
    '<row r="{number}"><c t="inlineStr"><is><t>r{number}</t></is></c><c t="s"><v>0</v></c></row>'
)

SHAPES = {
    "100,000 honest answers, CSV": ("answers.csv", honest_csv),
    "100,000 honest answers, XLSX": ("answers.xlsx", honest_xlsx),
    "the export of 100,000 answers to 12 questions, XLSX": ("answers.xlsx", wide_export),
    "XLSX declaring A1:XFD1048576, a cell in its last row": (
        "answers.xlsx",
        lambda path: raw_xlsx(
            path,
            [inline_row(1, "respondent"), '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'],
            dimension="A1:XFD1048576",
        ),
    ),
    "XLSX, one row of 5,000,000 cells": (
        "answers.xlsx",
        lambda path: raw_xlsx(path, ["<row>", *['<c r="A1"/>'] * 5_000_000, "</row>"]),
    ),
    "XLSX deflate bomb: 1 GB of spaces in one cell": (
        "answers.xlsx",
        lambda path: raw_xlsx(
            path,
            [inline_row(1, "respondent"), '<row r="2"><c t="inlineStr"><is><t>']
            + [" " * 10_000_000] * 100
            + ["</t></is></c></row>"],
        ),
    ),
    "XLSX, one cell of 120,000,000 characters": (
        "answers.xlsx",
        lambda path: raw_xlsx(
            path,
            [inline_row(1, "respondent"), '<row r="2"><c t="inlineStr"><is><t>']
            + ["ж" * 1_000_000] * 60
            + ["</t></is></c></row>"],
        ),
    ),
    "XLSX shared-strings bomb: 60,000 × 1,000 characters": (
        "answers.xlsx",
        lambda path: raw_xlsx(
            path,
            [inline_row(1, "respondent"), '<row r="2"><c t="s"><v>0</v></c></row>'],
            shared_strings=("<si><t>" + "я" * 1000 + "</t></si>" for _ in range(60_000)),
        ),
    ),
    "XLSX, 25,000,000 empty shared strings": (
        "answers.xlsx",
        lambda path: raw_xlsx(
            path,
            [inline_row(1, "respondent"), '<row r="2"><c t="s"><v>0</v></c></row>'],
            shared_strings=("<si/>" * 1000 for _ in range(25_000)),
        ),
    ),
    "XLSX, 10,000 rows of 250 empty cells (the cell budget)": (
        "answers.xlsx",
        lambda path: raw_xlsx(
            path, [inline_row(1, "respondent")] + ["<row>" + "<c/>" * 250 + "</row>"] * 10_001
        ),
    ),
    "XLSX, 25,000,000 elements that mean nothing": (
        "answers.xlsx",
        lambda path: raw_xlsx(path, [inline_row(1, "respondent"), *["<x/>" * 1000] * 25_000]),
    ),
    "XLSX, a comment of 100 MB": (
        "answers.xlsx",
        lambda path: raw_xlsx(
            path, [inline_row(1, "respondent"), "<!--", *["x" * 10**6] * 100, "-->"]
        ),
    ),
    "XLSX, 199,999 answers choosing every option (shared strings)": (
        "answers.xlsx",
        lambda path: raw_xlsx(
            path,
            [inline_row(1, "respondent", "rc_functions")]
            + [EVERY_OPTION_ROW.format(number=n) for n in range(2, 200_001)],
            shared_strings=["<si><t>" + ";".join(OPTIONS) + "</t></si>"],
        ),
    ),
    "CSV, one line of 2,000,000 characters": (
        "answers.csv",
        lambda path: path.write_text("respondent\n" + "x" * 2_000_000 + "\n"),
    ),
    "CSV, 1,000,000 rows": (
        "answers.csv",
        lambda path: path.write_text("respondent\n" + "".join(f"r{n}\n" for n in range(10**6))),
    ),
}


def main():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "network_portal.settings"}
    for command in (["migrate", "--verbosity", "0"], ["seed_network"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True,
                       capture_output=True)  # fmt: skip
    subprocess.run([sys.executable, "-c", WIDE], cwd=ROOT, env=env, check=True)
    print("| file | size | outcome | seconds | peak memory |")
    print("| --- | --- | --- | --- | --- |")
    with tempfile.TemporaryDirectory() as folder:
        for title, (name, make) in SHAPES.items():
            path = Path(folder) / name
            make(path)
            survey = WIDE_SURVEY if make is wide_export else SURVEY
            result = subprocess.run(
                ["/usr/bin/time", "-f", "%e %M", sys.executable, "manage.py",
                 "import_responses", survey, str(path)],
                cwd=ROOT, env=env, capture_output=True, text=True,
            )  # fmt: skip
            seconds, kilobytes = result.stderr.strip().splitlines()[-1].split()
            outcome = first_reason(result.stdout + result.stderr)
            print(f"| {title} | {path.stat().st_size / 1e6:.2f} MB | {outcome.strip()} "
                  f"| {float(seconds):.1f} | {int(kilobytes) // 1024} MB |")  # fmt: skip
            subprocess.run([sys.executable, "-c", CLEAR], cwd=ROOT, env=env, check=True)
            path.unlink()


def first_reason(output):
    """«Imported …», or the first reason given for refusing the file."""
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    for number, line in enumerate(lines):
        if "Imported" in line or "Импортировано" in line:
            return line
        if "Nothing was imported" in line or "Ничего не импортировано" in line:
            return lines[number + 1]
    return lines[0]


# Removes what an honest file imported, so the next one starts from the seed.
CLEAR = (
    "import django; django.setup()\n"
    "from surveys.models import Response\n"
    f"Response.objects.filter(survey__slug__in=['{SURVEY}', '{WIDE_SURVEY}'])"
    ".exclude(respondent__startswith='Респондент').delete()\n"
)

# A survey of twelve questions with the options the files choose from.
WIDE = (
    "import django; django.setup()\n"
    "from surveys.models import Survey\n"
    f"Survey.objects.filter(slug='{WIDE_SURVEY}').delete()\n"
    f"survey = Survey.objects.create(slug='{WIDE_SURVEY}', title='Twelve questions')\n"
    f"for order, code in enumerate({WIDE_CODES!r}):\n"
    "    question = survey.questions.create(code=code, text=code, order=order)\n"
    f"    for position, text in enumerate({OPTIONS!r}):\n"
    "        question.options.create(text=text, order=position)\n"
)


if __name__ == "__main__":
    main()
