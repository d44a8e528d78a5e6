"""Every CSV and XLSX file the portal writes, made safe to open in a spreadsheet.

A cell that starts with =, +, -, @, a tab or a carriage return is read by
spreadsheet programs as a formula (OWASP «CSV injection»): a centre named
`=HYPERLINK(…)` would become a live link in a downloaded registry. Such a cell
gets a leading apostrophe, which spreadsheets show as text; so does every part
of a cell after a «;», where spreadsheets set up for Russian split CSV files.
XLSX string cells are always written as text; numbers stay numbers.
"""

import csv
import io
import re

from django.http import HttpResponse, HttpResponseBadRequest
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from openpyxl import Workbook

from .inputs import error_lines

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Characters XML (so XLSX) can't hold: most control characters, NUL among
# them, which PostgreSQL can't hold either; surrogates; U+FFFE and U+FFFF.
NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Spreadsheets set up for Russian split a CSV file at «;» (the list separator
# there), so every part between them is checked as a cell of its own; blanks
# and control characters before a part don't keep it from running.
PART_SEPARATOR = ";"
# A line feed is treated as a trigger too: XML reads a carriage return back as
# one, and an exported workbook must read back as it was written.
NEUTRALISED = (*FORMULA_TRIGGERS, "\n")
IGNORED_BEFORE = "".join(
    chr(code) for code in [*range(32), 127, 32] if chr(code) not in NEUTRALISED
)


def needs_apostrophe(text):
    """Whether `text` could run as a formula, or reads as a neutralised one."""
    return text.lstrip("'").startswith(NEUTRALISED)


def neutralise(value):
    """The value as a spreadsheet must show it: text that can never run as a formula.

    A part that could run gets an apostrophe before it; one that already starts
    with apostrophes before a trigger gets one more, so that `restore` gives
    back exactly what was written.
    """
    if not isinstance(value, str):
        return value
    return PART_SEPARATOR.join(map(neutralise_part, value.split(PART_SEPARATOR)))


def neutralise_part(part):
    text = part.lstrip(IGNORED_BEFORE)
    if needs_apostrophe(text):
        return part[: len(part) - len(text)] + "'" + text
    return part


def restore(text):
    """Undo `neutralise` on a cell read back from an exported file."""
    return PART_SEPARATOR.join(map(restore_part, text.split(PART_SEPARATOR)))


def restore_part(part):
    text = part.lstrip(IGNORED_BEFORE)
    if text.startswith("'") and needs_apostrophe(text[1:]):
        return part[: len(part) - len(text)] + text[1:]
    return part


def safe_rows(rows):
    for row in rows:
        yield [neutralise(value) for value in row]


def attachment(response, filename):
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def csv_response(filename, rows):
    """A UTF-8 CSV download of `rows` (the header first)."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    csv.writer(response).writerows(safe_rows(rows))
    return attachment(response, filename)


def xlsx_bytes(sheet_title, rows):
    """A one-sheet workbook of `rows`; no string can become a formula."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title)
    for row in rows:
        sheet.append([xlsx_value(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_value(value):
    """A value as a cell holds it: openpyxl writes a string as a formula only when it
    starts with «=», which a neutralised string never does."""
    if not isinstance(value, str):
        return value
    # What XML can't carry goes before the check for a formula.
    return neutralise(NOT_IN_XML.sub("", value))


def xlsx_response(filename, sheet_title, rows):
    """An XLSX download of `rows` (the header first)."""
    response = HttpResponse(xlsx_bytes(sheet_title, rows), content_type=XLSX_CONTENT_TYPE)
    return attachment(response, filename)


def filters_not_understood(filterset):
    """A 400 naming the filters a download could not read; None when it read them all.

    A page shows what it found beside the filters it left out; a file can't say
    so, and one that quietly dropped a filter would look filtered when it is not.
    """
    if filterset.is_valid():
        return None
    lines = [_("The file is not made: some filters were not understood.")]
    lines += error_lines(filterset.form)
    return HttpResponseBadRequest(
        "\n".join(lines) + "\n", content_type="text/plain; charset=utf-8"
    )
