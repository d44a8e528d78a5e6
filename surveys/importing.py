"""Survey answers files: one row per response, as the product contract fixes them.

Columns: `respondent`, `centre` (a centre's slug, may be empty), then one column
per question headed by its code. A cell lists the chosen options' texts
separated by «;», compared ignoring case and surrounding spaces. Any fault
rejects the whole file, naming the row and column; nothing is imported.
"""

from contextlib import closing
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from centres.models import Centre
from network_portal.cache import answers_changed
from network_portal.downloads import NOT_IN_XML, restore
from network_portal.text import match_key

from .models import Choice, Response
from .spreadsheets import MAX_CELL_CHARS, FileRefused, grouped, read_rows

FIXED_COLUMNS = ["respondent", "centre"]
MAX_ERRORS = 50
SAVE_BATCH = 2000
RESPONDENT_LENGTH = Response._meta.get_field("respondent").max_length


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


def quoted(text, limit=60):
    """A value from the file as an error message may show it: short, no control characters."""
    text = NOT_IN_XML.sub("\N{REPLACEMENT CHARACTER}", text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


class AnswersFile:
    """Validates an answers file against a survey; `save()` writes it all or nothing.

    `file` is a binary file object; its rows are read once, as a stream.
    `max_responses` bounds what one request may write, where a request has a
    time limit (the admin's import).
    """

    def __init__(self, survey, file, filename, max_responses=None):
        self.survey = survey
        self.file = file
        self.filename = filename
        self.max_responses = max_responses
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
        try:
            # Closed here, while the file is still open, even if parsing stops early.
            with closing(read_rows(self.file, self.filename)) as rows:
                return self.parse_rows(rows)
        except FileRefused as refused:
            raise ImportRejected([*self.errors, str(refused)]) from refused

    def parse_rows(self, rows):
        header_row, header = next(rows, (1, []))
        header = [restore(name) for name in header]
        # Spreadsheets often carry empty columns at the right; data in them is
        # still caught below as outside the header.
        while header and not header[-1]:
            header.pop()
        if not header and not any(any(cells) for _number, cells in rows):
            raise ImportRejected([_("The file is empty.")])
        self.check_header(header_row, header)
        if self.errors:
            raise ImportRejected(self.errors[:MAX_ERRORS])

        centres = Centre.objects.in_bulk(field_name="slug")
        existing = set(self.survey.responses.values_list("respondent", flat=True))
        # A centre answers a survey once: its rows so far, and whether it already has.
        self.centre_rows = {}
        self.answered = set(self.survey.responses.values_list("centre_id", flat=True))
        seen = {}
        options = {
            code: {match_key(option.text): option for option in question.options.all()}
            for code, question in self.questions.items()
        }
        for number, row in rows:
            if not any(row):
                continue
            if len(row) > len(header) and any(row[len(header) :]):
                column = get_column_letter(len(header) + 1)
                self.error(number, column, _("a value outside the header's columns"))
            # A cell that an export neutralised ('=…) reads back as it was.
            cells = dict(zip(header, map(restore, row), strict=False))
            self.responses.append(self.parse_row(number, cells, centres, existing, seen, options))
            if self.max_responses is not None and len(self.responses) > self.max_responses:
                raise ImportRejected(
                    [
                        _(
                            "The admin imports up to %(count)s responses at a time; split the "
                            "file, or import it with «manage.py import_responses»."
                        )
                        % {"count": grouped(self.max_responses)}
                    ]
                )
            if len(self.errors) >= MAX_ERRORS:
                self.errors.append(_("…and maybe more; fix these first."))
                break
        if self.errors:
            raise ImportRejected(self.errors)
        if not self.responses:
            raise ImportRejected(
                [_("The file has a header but no answers under it: there is nothing to import.")]
            )
        return self.responses

    def check_header(self, row, header):
        for position, name in enumerate(header, start=1):
            if not name:
                # By its letter, as a spreadsheet shows it.
                self.error(row, get_column_letter(position), _("a column without a heading"))
            elif name not in FIXED_COLUMNS and name not in self.questions:
                self.error(
                    row,
                    quoted(name),
                    _(
                        "unknown column; expected respondent, centre or one of the "
                        "question codes: %(codes)s"
                    )
                    % {"codes": ", ".join(self.questions)},
                )
        if "respondent" not in header:
            self.error(row, "respondent", _("the file has no respondent column"))
        duplicates = {name for name in header if name and header.count(name) > 1}
        for name in sorted(duplicates):
            self.error(row, quoted(name), _("the column appears more than once"))

    def parse_row(self, number, cells, centres, existing, seen, options):
        for column, text in cells.items():
            if len(text) > MAX_CELL_CHARS:
                self.error(
                    number,
                    column,
                    _("the value is longer than %(count)s characters")
                    % {"count": grouped(MAX_CELL_CHARS)},
                )
                cells[column] = ""
        respondent = self.check_respondent(number, cells.get("respondent", ""), existing, seen)

        centre = None
        if slug := cells.get("centre", ""):
            centre = centres.get(slug)
            if centre is None:
                self.error(
                    number,
                    "centre",
                    _("no centre in the registry has the slug «%(slug)s»")
                    % {"slug": quoted(slug)},
                )
            elif centre.pk in self.answered:
                self.error(number, "centre", _("this centre has already answered this survey"))
            elif centre.pk in self.centre_rows:
                self.error(
                    number,
                    "centre",
                    _("the centre is repeated from row %(row)s")
                    % {"row": self.centre_rows[centre.pk]},
                )
            else:
                self.centre_rows[centre.pk] = number

        chosen = []
        for code, question in self.questions.items():
            texts = [text.strip() for text in cells.get(code, "").split(";") if text.strip()]
            picked = []
            for text in texts:
                option = options[code].get(match_key(text))
                if option is None:
                    self.error(
                        number,
                        code,
                        _("«%(text)s» is not an option of this question") % {"text": quoted(text)},
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

    def check_respondent(self, number, respondent, existing, seen):
        """The respondent label, if the database can hold it and nobody else has it."""
        if not respondent:
            message = _("the respondent is empty")
        elif len(respondent) > RESPONDENT_LENGTH:
            message = _("the label is longer than %(count)s characters") % {
                "count": RESPONDENT_LENGTH
            }
        elif NOT_IN_XML.search(respondent):
            message = _("the label contains a control character")
        elif respondent in existing:
            message = _("«%(label)s» already answered this survey") % {"label": quoted(respondent)}
        elif respondent in seen:
            message = _("«%(label)s» is repeated from row %(row)s") % {
                "label": quoted(respondent),
                "row": seen[respondent],
            }
        else:
            seen[respondent] = number
            return respondent
        self.error(number, "respondent", message)
        return respondent

    def save(self):
        """Write the validated responses; all of them or, on any error, none.

        Written a batch at a time, so that memory holds one batch of responses
        and their choices rather than every choice of the file at once.
        """
        try:
            with transaction.atomic():
                for start in range(0, len(self.responses), SAVE_BATCH):
                    self.save_batch(self.responses[start : start + SAVE_BATCH])
        except IntegrityError as error:
            # Answers with the same labels arrived between the check and the save.
            raise ImportRejected(
                [_("Some of these respondents answered meanwhile; check the file again.")]
            ) from error
        answers_changed(self.survey)  # bulk_create sends no signal
        return len(self.responses)

    def save_batch(self, batch):
        responses = Response.objects.bulk_create(
            Response(survey=self.survey, respondent=parsed.respondent, centre=parsed.centre)
            for parsed in batch
        )
        # Ids rather than objects: a million choices are built in a fraction of the time.
        Choice.objects.bulk_create(
            Choice(response_id=response.pk, option_id=option.pk)
            for response, parsed in zip(responses, batch, strict=True)
            for option in parsed.options
        )


def import_answers(survey, file, filename):
    """Validate and import an answers file; returns the number of responses imported."""
    answers = AnswersFile(survey, file, filename)
    answers.validate()
    return answers.save()
