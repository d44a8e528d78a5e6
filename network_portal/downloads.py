"""Every CSV and XLSX file the portal writes, made safe to open in a spreadsheet.

A cell that starts with =, +, -, @, a tab or a carriage return is read by
spreadsheet programs as a formula (OWASP «CSV injection»): a centre named
`=HYPERLINK(…)` would become a live link in a downloaded registry. Such a cell
gets a leading apostrophe, which spreadsheets show as text. XLSX string cells
are always written as text; numbers stay numbers.
"""

import csv
import io
import re

from django.http import HttpResponse
from openpyxl import Workbook

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Characters XML (so XLSX) can't hold: most control characters, NUL among
# them, which PostgreSQL can't hold either; surrogates; U+FFFE and U+FFFF.
NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def needs_apostrophe(text):
    """Whether `text` could run as a formula, or reads as a neutralised one."""
    return text.lstrip("'").startswith(FORMULA_TRIGGERS)


def neutralise(value):
    """The value as a spreadsheet must show it: text that can never run as a formula.

    Text that already starts with apostrophes before a trigger gets one more,
    so that `restore` gives back exactly what was written.
    """
    if isinstance(value, str) and needs_apostrophe(value):
        return "'" + value
    return value


def restore(text):
    """Undo `neutralise` on a cell read back from an exported file."""
    if text.startswith("'") and needs_apostrophe(text[1:]):
        return text[1:]
    return text


def safe_rows(rows):
    for row in rows:
        yield [neutralise(value) for value in row]


def attachment(response, filename):
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
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
