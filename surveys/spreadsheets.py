"""Rows of an answers file, read as a stream within fixed bounds, whatever the file claims.

Every reader yields `(row number, [cell text, …])` and stops with `FileRefused`
at the first bound a file oversteps: too many rows, columns, cells or
characters, a line or a workbook part too large. Memory stays proportional to
one row plus, for XLSX, the workbook's shared strings, which are bounded too;
time stays proportional to the bounds.

XLSX is read with the standard library's zip reader and its expat parser, piece
by piece, rather than with openpyxl: openpyxl's reader pads every row to the
size the sheet declares and holds each row's XML in memory, so a 2 KB workbook
declaring `A1:XFD1048576` can take every byte of memory the machine has. The
parser refuses DTDs and entity declarations, as defusedxml would: a workbook
has no use for them.
"""

import csv
import io
import lzma
import posixpath
import zipfile
import zlib
from contextlib import contextmanager
from itertools import chain
from xml.parsers import expat

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from network_portal.inputs import whole_number

MAX_ROWS = 200_000  # the header and blank rows count
MAX_COLUMNS = 256
# 100,000 responses to a dozen questions and more.
MAX_CELLS = 2_500_000
MAX_TEXT_CHARS = 100_000_000
MAX_CELL_CHARS = 10_000
MAX_LINE_CHARS = 1_000_000
# Uncompressed size of one workbook part (a sheet, the shared strings); zipfile
# stops reading a part at the size its directory declares.
MAX_XLSX_PART_BYTES = 256 * 1024 * 1024
# The workbook's index and its relationships are a few hundred bytes each.
MAX_XLSX_INDEX_BYTES = 1024 * 1024
# Shared strings are kept in memory while the sheet is read.
MAX_SHARED_STRINGS = 1_000_000
MAX_SHARED_CHARS = 20_000_000
# XML is parsed in pieces. Every element start, end and text is an event: a
# cell written as inline text is seven, so the bound follows the cells' one.
# A stretch of XML that gives no event at all (a huge comment, tag or
# processing instruction) is refused: expat before 2.6 parses such a token
# again with every piece, in quadratic time.
XML_PIECE_BYTES = 64 * 1024
MAX_XML_EVENTS = 8 * MAX_CELLS
MAX_XML_TOKEN_BYTES = 1024 * 1024

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
PACKAGE = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
# expat names an element or attribute «namespace local-name».
CELL, ROW, VALUE, TEXT, STRING_ITEM, PHONETIC = (
    f"{MAIN} {tag}" for tag in ["c", "row", "v", "t", "si", "rPh"]
)


class FileRefused(Exception):
    """The file can't be read within the bounds; the message says why, for people."""


def too_many_rows():
    return FileRefused(
        _("The file has more than %(count)s rows; split it into smaller files.")
        % {"count": grouped(MAX_ROWS)}
    )


class Budget:
    """Counts the cells and characters read, so that no shape of file takes long to read.

    Shared strings let a small workbook repeat one long text in every cell;
    counting characters as cells are read keeps that bounded too.
    """

    def __init__(self):
        self.cells = MAX_CELLS
        self.chars = MAX_TEXT_CHARS

    def spend(self, row, cells, chars):
        self.cells -= cells
        self.chars -= chars
        if self.cells < 0 or self.chars < 0:
            raise FileRefused(
                _(
                    "The file holds more than %(cells)s cells or %(chars)s characters (by row "
                    "%(row)s); split it into smaller files."
                )
                % {"cells": grouped(MAX_CELLS), "chars": grouped(MAX_TEXT_CHARS), "row": row}
            )


def grouped(number):
    """A large number with its thousands grouped, as the active language writes them."""
    return number_format(number, force_grouping=True)


def too_many_columns(row):
    return FileRefused(
        _("Row %(row)s has more than %(count)s columns.") % {"row": row, "count": MAX_COLUMNS}
    )


def read_rows(file, filename):
    """The rows of a .csv or .xlsx answers file (a binary file object)."""
    name = filename.lower()
    if name.endswith(".csv"):
        return csv_rows(file)
    if name.endswith(".xlsx"):
        return xlsx_rows(file)
    raise FileRefused(_("Only .csv and .xlsx files can be imported."))


def csv_rows(file):
    """The rows of a CSV file in UTF-8.

    Separated by commas, or by semicolons as Excel in Russian saves «CSV UTF-8»:
    whichever splits the header into more columns (commas when as many).
    """
    text = io.TextIOWrapper(file, encoding="utf-8-sig", newline="")
    budget = Budget()
    try:
        lines = bounded_lines(text)
        header = next(lines, "")
        delimiter = max(",;", key=lambda delimiter: columns_in(header, delimiter))
        # strict: a stray or unterminated quote is an error, not a silently merged row.
        reader = csv.reader(chain([header], lines), delimiter=delimiter, strict=True)
        for number, row in enumerate(reader, start=1):
            if number > MAX_ROWS:
                raise too_many_rows()
            if len(row) > MAX_COLUMNS:
                raise too_many_columns(number)
            budget.spend(number, len(row), sum(map(len, row)))
            yield number, [cell.strip() for cell in row]
    except UnicodeDecodeError as error:
        raise FileRefused(
            _(
                "The CSV file is not in UTF-8. In Excel, save it as «CSV UTF-8», "
                "or import the .xlsx workbook itself."
            )
        ) from error
    except csv.Error as error:
        if "field larger than field limit" in str(error):
            raise FileRefused(
                _("Line %(line)s holds a value longer than %(count)s characters.")
                % {"line": reader.line_num, "count": grouped(MAX_CELL_CHARS)}
            ) from error
        # Python's own words («unexpected end of data») are English: the line says enough.
        raise FileRefused(
            _("Line %(line)s can't be read as CSV: check its quotation marks.")
            % {"line": reader.line_num}
        ) from error
    finally:
        text.detach()


def columns_in(line, delimiter):
    """How many columns a CSV line holds with this delimiter; 0 when it can't be read so."""
    try:
        return len(next(csv.reader([line], delimiter=delimiter), []))
    except csv.Error:
        return 0


def bounded_lines(text):
    """Lines of a text stream, refusing one so long that it can't be a row of answers."""
    number = 0
    while line := text.readline(MAX_LINE_CHARS + 1):
        number += 1
        if len(line) > MAX_LINE_CHARS:
            raise FileRefused(
                _("Line %(line)s is longer than %(count)s characters.")
                % {"line": number, "count": grouped(MAX_LINE_CHARS)}
            )
        yield line


def unreadable():
    return FileRefused(_("The file is not a readable XLSX workbook."))


@contextmanager
def reading_the_workbook():
    """Errors of the zip reader and the XML parser, said as one thing people understand."""
    try:
        yield
    except (
        zipfile.BadZipFile,  # a damaged archive, or a part that fails its checksum
        zlib.error,
        lzma.LZMAError,
        EOFError,
        OSError,
        NotImplementedError,  # a compression method zipfile doesn't know
        RuntimeError,  # an encrypted part
        expat.ExpatError,
        LookupError,  # an XML encoding Python doesn't know
        ValueError,  # a multi-byte XML encoding expat can't take
    ) as error:
        raise unreadable() from error


def xlsx_rows(file):
    with reading_the_workbook():
        archive = zipfile.ZipFile(file)
    with archive:
        workbook = related_part(archive, "", "officeDocument")
        if workbook is None:
            raise unreadable()
        sheet = first_sheet(archive, workbook)
        strings = shared_strings(archive, workbook)
        yield from parse(archive, sheet, SheetReader(strings))


def relationships(archive, part):
    """{id: (kind, path)} of the parts `part` relates to; "" is the package itself."""
    folder, name = posixpath.split(part)
    rels = posixpath.join(folder, "_rels", f"{name}.rels")
    found = {}
    reader = ElementReader(f"{PACKAGE} Relationship")
    for attributes in parse(archive, rels, reader, MAX_XLSX_INDEX_BYTES):
        target = attributes.get("Target", "")
        path = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
        kind = attributes.get("Type", "").rsplit("/", 1)[-1]
        found[attributes.get("Id")] = (kind, posixpath.normpath(path))
    return found


def related_part(archive, part, kind):
    """The path of the first part of `kind` that `part` relates to, or None."""
    return next(
        (path for each, path in relationships(archive, part).values() if each == kind), None
    )


def first_sheet(archive, workbook):
    reader = ElementReader(f"{MAIN} sheet")
    sheets = list(parse(archive, workbook, reader, MAX_XLSX_INDEX_BYTES))
    if not sheets:
        raise unreadable()
    kind, path = relationships(archive, workbook).get(sheets[0].get(f"{OFFICE} id"), (None, None))
    if path is None:
        raise unreadable()
    return path


def shared_strings(archive, workbook):
    """The workbook's shared strings, as many as the bounds allow."""
    path = related_part(archive, workbook, "sharedStrings")
    if path is None or path not in archive.namelist():
        return []
    return list(parse(archive, path, SharedStringsReader()))


def open_part(archive, path, limit):
    try:
        info = archive.getinfo(path)
    except KeyError:
        raise unreadable() from None
    if info.file_size > limit:
        raise FileRefused(
            _("The workbook's part %(part)s unpacks to more than %(size)s MB.")
            % {"part": path, "size": max(limit // (1024 * 1024), 1)}
        )
    with reading_the_workbook():
        return archive.open(info)


def parse(archive, path, reader, limit=MAX_XLSX_PART_BYTES):
    """Feed a part to `reader` piece by piece; yield what it completes meanwhile.

    Nothing of the part is held but the piece being parsed and what the reader
    keeps.
    """
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.buffer_text = True
    parser.StartDoctypeDeclHandler = refuse_declarations
    parser.EntityDeclHandler = refuse_declarations
    parser.ExternalEntityRefHandler = refuse_declarations
    parser.StartElementHandler = reader.start
    parser.EndElementHandler = reader.end
    parser.CharacterDataHandler = reader.characters
    silent = 0
    with open_part(archive, path, limit) as source:
        while True:
            with reading_the_workbook():
                piece = source.read(XML_PIECE_BYTES)
                events = reader.events
                parser.Parse(piece, not piece)
            if reader.events > MAX_XML_EVENTS:
                raise FileRefused(
                    _("The workbook is too large to read at once; split it into smaller files.")
                )
            silent = 0 if reader.events != events else silent + len(piece)
            if silent > MAX_XML_TOKEN_BYTES:
                raise FileRefused(
                    _("The workbook's part %(part)s has a piece of XML over %(size)s MB long.")
                    % {"part": path, "size": MAX_XML_TOKEN_BYTES // (1024 * 1024)}
                )
            yield from reader.take()
            if not piece:
                return


def refuse_declarations(*args):
    raise unreadable()


class PartReader:
    """Receives a part's XML events, counting them; `take()` hands out what it completed."""

    def __init__(self):
        self.events = 0
        self.done = []

    def take(self):
        done, self.done = self.done, []
        return done

    def start(self, name, attributes):
        self.events += 1

    def end(self, name):
        self.events += 1

    def characters(self, data):
        self.events += 1


class ElementReader(PartReader):
    """The attributes of every element with one name."""

    def __init__(self, name):
        super().__init__()
        self.name = name

    def start(self, name, attributes):
        self.events += 1
        if name == self.name:
            self.done.append(attributes)


class TextReader(PartReader):
    """Collects the text of the elements `collect_in` names, cut at MAX_CELL_CHARS + 1.

    Text inside <rPh> is a reading aid (phonetics), not the text.
    """

    collect_in = frozenset()

    def __init__(self):
        super().__init__()
        self.parts, self.length, self.collecting, self.phonetic = [], 0, False, 0

    def start_text(self):
        self.parts, self.length = [], 0

    def text(self):
        return "".join(self.parts)

    def start(self, name, attributes):
        self.events += 1
        if name in self.collect_in and not self.phonetic:
            self.collecting = True
        elif name == PHONETIC:
            self.phonetic += 1
        self.started(name, attributes)

    def end(self, name):
        self.events += 1
        if name in self.collect_in:
            self.collecting = False
        elif name == PHONETIC:
            self.phonetic -= 1
        self.ended(name)

    def characters(self, data):
        self.events += 1
        if self.collecting and self.length <= MAX_CELL_CHARS:
            self.parts.append(data[: MAX_CELL_CHARS + 1 - self.length])
            self.length += len(data)


SHARED_STRINGS_REFUSED = gettext_lazy(
    "The workbook holds more than %(strings)s texts or %(chars)s characters of text."
)


class SharedStringsReader(TextReader):
    collect_in = frozenset([TEXT])

    def __init__(self):
        super().__init__()
        self.count = self.total = 0

    def started(self, name, attributes):
        if name == STRING_ITEM:
            self.start_text()

    def ended(self, name):
        if name != STRING_ITEM:
            return
        text = self.text()
        self.count += 1
        self.total += len(text)
        if self.total > MAX_SHARED_CHARS or self.count > MAX_SHARED_STRINGS:
            raise FileRefused(
                SHARED_STRINGS_REFUSED
                % {"strings": grouped(MAX_SHARED_STRINGS), "chars": grouped(MAX_SHARED_CHARS)}
            )
        self.done.append(text)


class SheetReader(TextReader):
    """Hands out (row number, cells) as the sheet's rows end."""

    collect_in = frozenset([VALUE, TEXT])

    def __init__(self, strings):
        super().__init__()
        self.strings = strings
        self.budget = Budget()
        self.number = 0
        self.row, self.cells, self.column, self.kind = {}, 0, 0, None

    def started(self, name, attributes):
        if name == ROW:
            self.start_row(attributes.get("r"))
        elif name == CELL:
            self.cells += 1
            self.column = cell_column(attributes.get("r", ""), self.column + 1)
            if self.column > MAX_COLUMNS or self.cells > MAX_COLUMNS:
                raise too_many_columns(self.number)
            self.kind = attributes.get("t", "n")
            self.start_text()
        elif name == TEXT and self.kind != "inlineStr":
            self.collecting = False  # text in a cell only counts inside <is>

    def start_row(self, reference):
        number = self.number + 1 if reference is None else whole_number(reference, digits=9)
        if number is None:
            raise unreadable()
        if number <= self.number:
            raise FileRefused(
                _("Row %(row)s comes after row %(previous)s: the sheet is damaged.")
                % {"row": number, "previous": self.number}
            )
        if number > MAX_ROWS:
            raise too_many_rows()
        self.number, self.row, self.cells, self.column = number, {}, 0, 0

    def ended(self, name):
        if name == CELL:
            text = self.cell_text()
            self.budget.spend(self.number, 1, len(text))
            if text:
                self.row[self.column] = text.strip()
            self.kind = None
        elif name == ROW:
            width = max(self.row, default=0)
            self.done.append((self.number, [self.row.get(n, "") for n in range(1, width + 1)]))

    def cell_text(self):
        """The cell's value as text: shared strings looked up, whole numbers without «.0»."""
        value = self.text()
        if self.kind == "s":
            index = whole_number(value)
            if index is None or index >= len(self.strings):
                raise unreadable()
            return self.strings[index]
        if self.kind == "b":
            return {"1": "TRUE", "0": "FALSE"}.get(value, value)
        if self.kind == "n" and value.endswith(".0"):
            return value[:-2]  # a whole number typed into a cell: «7», not «7.0»
        return value


def cell_column(reference, next_column):
    """The column of a cell reference such as «AB7»: 28; a cell may leave it out."""
    letters = reference.rstrip("0123456789")
    if not letters:
        return next_column
    if not (letters.isascii() and letters.isalpha() and letters.isupper()):
        raise unreadable()
    if len(letters) > 3:
        return MAX_COLUMNS + 1  # beyond XFD, the last column a workbook may have
    column = 0
    for char in letters:
        column = column * 26 + ord(char) - ord("A") + 1
    return column
