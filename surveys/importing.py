"""Survey answers files: one row per response, as the product contract fixes them.

Columns: `respondent`, `centre` (a centre's slug, may be empty), then one column
per question headed by its code. A cell lists the chosen options' texts
separated by «;», compared ignoring case and surrounding spaces. Any fault
rejects the whole file, naming the row and column; nothing is imported.
"""

import csv
import io
from dataclasses import dataclass, field
from zipfile import BadZipFile

from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from centres.models import Centre
from network_portal.cache import content_changed

from .models import Choice, Response

FIXED_COLUMNS = ["respondent", "centre"]
# Rows in a spreadsheet are counted from 1, and the header is row 1.
FIRST_DATA_ROW = 2
MAX_ERRORS = 50


class ImportRejected(Exception):
    """The file can't be imported; `errors` says why, row by row."""

    def __init__(self, errors):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class ParsedResponse:
    row: int
    respondent: str
    centre: Centre | None
    options: list = field(default_factory=list)


def normalise(text):
    return " ".join(str(text).split()).casefold()


def read_rows(content, filename):
    """The file's rows as lists of strings, header first."""
    name = filename.lower()
    if name.endswith(".xlsx"):
        try:
            workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except (InvalidFileException, BadZipFile, OSError, KeyError, ValueError) as error:
            raise ImportRejected([_("The file is not a readable XLSX workbook.")]) from error
        sheet = workbook.worksheets[0]
        rows = [
            ["" if cell is None else str(cell).strip() for cell in row]
            for row in sheet.iter_rows(values_only=True)
        ]
        workbook.close()
        return rows
    if name.endswith(".csv"):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise ImportRejected([_("The CSV file is not in UTF-8.")]) from error
        try:
            return list(csv.reader(io.StringIO(text)))
        except csv.Error as error:
            raise ImportRejected(
                [_("The CSV file can't be read: %(error)s") % {"error": error}]
            ) from error
    raise ImportRejected([_("Only .csv and .xlsx files can be imported.")])


class AnswersFile:
    """Validates an answers file against a survey; `save()` writes it all or nothing."""

    def __init__(self, survey, content, filename):
        self.survey = survey
        self.rows = read_rows(content, filename)
        self.questions = {q.code: q for q in survey.questions.prefetch_related("options")}
        self.errors = []
        self.responses = []

    def error(self, row, column, message):
        self.errors.append(
            _("Row %(row)s, column «%(column)s»: %(message)s")
            % {"row": row, "column": column, "message": message}
        )

    def validate(self):
        """Parse every row; raise ImportRejected with all faults found (up to a limit)."""
        if not any(cell.strip() for row in self.rows for cell in row):
            raise ImportRejected([_("The file is empty.")])
        header = [cell.strip() for cell in self.rows[0]]
        # Spreadsheets often carry empty columns at the right; data in them is
        # still caught below as outside the header.
        while header and not header[-1]:
            header.pop()
        self.check_header(header)
        if self.errors:
            raise ImportRejected(self.errors)

        centres = Centre.objects.in_bulk(field_name="slug")
        existing = set(self.survey.responses.values_list("respondent", flat=True))
        seen = {}
        options = {
            code: {normalise(option.text): option for option in question.options.all()}
            for code, question in self.questions.items()
        }
        for number, row in enumerate(self.rows[1:], start=FIRST_DATA_ROW):
            if not any(cell.strip() for cell in row):
                continue
            cells = dict(zip(header, [cell.strip() for cell in row], strict=False))
            if len(row) > len(header) and any(cell.strip() for cell in row[len(header) :]):
                self.error(number, len(header) + 1, _("a value outside the header's columns"))
            parsed = self.parse_row(number, cells, centres, existing, seen, options)
            if parsed:
                self.responses.append(parsed)
            if len(self.errors) >= MAX_ERRORS:
                self.errors.append(_("…and maybe more; fix these first."))
                break
        if self.errors:
            raise ImportRejected(self.errors)
        return self.responses

    def check_header(self, header):
        for position, name in enumerate(header, start=1):
            if not name:
                self.error(1, position, _("a column without a heading"))
            elif name not in FIXED_COLUMNS and name not in self.questions:
                self.error(
                    1,
                    name,
                    _(
                        "unknown column; expected respondent, centre or one of the "
                        "question codes: %(codes)s"
                    )
                    % {"codes": ", ".join(self.questions)},
                )
        if "respondent" not in header:
            self.error(1, "respondent", _("the file has no respondent column"))
        duplicates = {name for name in header if name and header.count(name) > 1}
        for name in sorted(duplicates):
            self.error(1, name, _("the column appears more than once"))

    def parse_row(self, number, cells, centres, existing, seen, options):
        respondent = cells.get("respondent", "")
        if not respondent:
            self.error(number, "respondent", _("the respondent is empty"))
        elif respondent in existing:
            self.error(
                number,
                "respondent",
                _("«%(label)s» already answered this survey") % {"label": respondent},
            )
        elif respondent in seen:
            self.error(
                number,
                "respondent",
                _("«%(label)s» is repeated from row %(row)s")
                % {"label": respondent, "row": seen[respondent]},
            )
        else:
            seen[respondent] = number

        centre = None
        if slug := cells.get("centre", ""):
            centre = centres.get(slug)
            if centre is None:
                self.error(
                    number,
                    "centre",
                    _("no centre in the registry has the slug «%(slug)s»") % {"slug": slug},
                )

        chosen = []
        for code, question in self.questions.items():
            texts = [text.strip() for text in cells.get(code, "").split(";") if text.strip()]
            picked = []
            for text in texts:
                option = options[code].get(normalise(text))
                if option is None:
                    self.error(
                        number,
                        code,
                        _("«%(text)s» is not an option of this question") % {"text": text},
                    )
                elif option not in picked:
                    picked.append(option)
            if not question.is_multiple and len(picked) > 1:
                self.error(
                    number,
                    code,
                    _("a single-choice question has %(count)s options chosen")
                    % {"count": len(picked)},
                )
            chosen += picked
        return ParsedResponse(number, respondent, centre, chosen)

    @transaction.atomic
    def save(self):
        """Write the validated responses; all of them or, on any error, none."""
        responses = Response.objects.bulk_create(
            (
                Response(survey=self.survey, respondent=p.respondent, centre=p.centre)
                for p in self.responses
            ),
            batch_size=2000,
        )
        Choice.objects.bulk_create(
            (
                Choice(response=response, option=option)
                for response, parsed in zip(responses, self.responses, strict=True)
                for option in parsed.options
            ),
            batch_size=5000,
        )
        content_changed()  # bulk_create sends no signal
        return len(responses)


def import_answers(survey, content, filename):
    """Validate and import an answers file; returns the number of responses imported."""
    answers = AnswersFile(survey, content, filename)
    answers.validate()
    return answers.save()
