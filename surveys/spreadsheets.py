"""Rows of an answers file, read as a stream within fixed bounds, whatever the file claims.

Every reader yields `(row number, [cell text, …])`, skipping nothing, and stops
with `FileRefused` at the first bound a file oversteps: too many rows or
columns, a line or a workbook part too large. Memory stays proportional to one
row plus, for XLSX, the workbook's shared strings, which are bounded too.

XLSX is read with the standard library's zip reader and defusedxml's SAX
parser (which refuses DTDs and entity tricks), piece by piece, rather than
with openpyxl: openpyxl's reader pads every row to the size the sheet declares
and holds each row's XML in memory, so a 2 KB workbook declaring
`A1:XFD1048576` can take every byte of memory the machine has.
"""

import csv
import io
import lzma
import posixpath
import zipfile
import zlib
from xml.sax import SAXException
from xml.sax.handler import ContentHandler

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, iterparse
from defusedxml.expatreader import DefusedExpatParser
from django.utils.translation import gettext as _

MAX_ROWS = 200_000  # the header and blank rows count
MAX_COLUMNS = 256
# 100,000 responses to a dozen questions and more; reading this many cells of
# any kind takes seconds (docs/performance.md).
MAX_CELLS = 2_500_000
MAX_TEXT_CHARS = 40_000_000
# Shared strings are kept in memory while the sheet is read.
MAX_SHARED_STRINGS = 1_000_000
MAX_SHARED_CHARS = 20_000_000
MAX_CELL_CHARS = 10_000
MAX_LINE_CHARS = 1_000_000
# Uncompressed size of one workbook part (a sheet, the shared strings); zipfile
# stops reading a part at the size its directory declares.
MAX_XLSX_PART_BYTES = 128 * 1024 * 1024
# The workbook's index and its relationships are a few hundred bytes each.
MAX_XLSX_INDEX_BYTES = 1024 * 1024
# XML is parsed in pieces; every element, text and instruction is an event.
# 100,000 responses to three questions are about 4 million events.
XML_PIECE_BYTES = 64 * 1024
MAX_XML_EVENTS = 6_000_000
MAX_XML_TOKEN_BYTES = 1024 * 1024

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIPS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
RELATIONSHIP_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


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
    """2 500 000: a large number as Russian typography writes it."""
    return f"{number:,}".replace(",", "\N{NO-BREAK SPACE}")


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
    text = io.TextIOWrapper(file, encoding="utf-8-sig", newline="")
    # strict: a stray or unterminated quote is an error, not a silently merged row.
    reader = csv.reader(bounded_lines(text), strict=True)
    budget = Budget()
    try:
        for number, row in enumerate(reader, start=1):
            if number > MAX_ROWS:
                raise too_many_rows()
            if len(row) > MAX_COLUMNS:
                raise too_many_columns(number)
            budget.spend(number, len(row), sum(map(len, row)))
            yield number, [cell.strip() for cell in row]
    except UnicodeDecodeError as error:
        raise FileRefused(_("The CSV file is not in UTF-8.")) from error
    except csv.Error as error:
        raise FileRefused(
            _("Line %(line)s can't be read as CSV: %(error)s (check the quotation marks).")
            % {"line": reader.line_num, "error": error}
        ) from error
    finally:
        text.detach()


def bounded_lines(text):
    """Lines of a text stream, refusing one so long that it can't be a row of answers."""
    number = 0
    while line := text.readline(MAX_LINE_CHARS + 1):
        number += 1
        if len(line) > MAX_LINE_CHARS:
            raise FileRefused(
                _("Line %(line)s is longer than %(count)s characters.")
                % {"line": number, "count": MAX_LINE_CHARS}
            )
        yield line


UNREADABLE_XLSX = (
    zipfile.BadZipFile,
    zlib.error,
    lzma.LZMAError,
    ParseError,
    SAXException,
    DefusedXmlException,
    LookupError,  # a missing part or shared string; an XML encoding Python doesn't know
    ValueError,
    EOFError,
    OSError,
    NotImplementedError,  # a compression method zipfile doesn't know
    RuntimeError,  # an encrypted part
)


def xlsx_rows(file):
    try:
        with zipfile.ZipFile(file) as archive:
            workbook = part_path(archive, "", "officeDocument")
            sheet = first_sheet(archive, workbook)
            strings = shared_strings(archive, workbook)
            yield from stream(archive, sheet, SheetHandler(strings))
    except UNREADABLE_XLSX as error:
        raise FileRefused(_("The file is not a readable XLSX workbook.")) from error


def open_part(archive, path, limit=MAX_XLSX_PART_BYTES):
    info = archive.getinfo(path)
    if info.file_size > limit:
        raise FileRefused(
            _("The workbook's part %(part)s unpacks to more than %(size)s MB.")
            % {"part": path, "size": max(limit // (1024 * 1024), 1)}
        )
    return archive.open(info)


def relationships(archive, folder, name=""):
    """{id: (type, target path)} of a package part's relationships."""
    path = posixpath.join(folder, "_rels", f"{name}.rels")
    with open_part(archive, path, MAX_XLSX_INDEX_BYTES) as source:
        found = {}
        for _event, element in iterparse(source, forbid_dtd=True):
            if element.tag == f"{RELATIONSHIPS}Relationship":
                target = element.get("Target", "")
                if target.startswith("/"):
                    target = target.lstrip("/")
                else:
                    target = posixpath.join(folder, target)
                kind = element.get("Type", "").rsplit("/", 1)[-1]
                found[element.get("Id")] = (kind, posixpath.normpath(target))
        return found


def part_path(archive, folder, kind, name=""):
    """The path of the first part of `kind` that a part relates to, or None."""
    for part_kind, target in relationships(archive, folder, name).values():
        if part_kind == kind:
            return target
    return None


def first_sheet(archive, workbook):
    if workbook is None:
        raise KeyError("no workbook")
    folder, name = posixpath.split(workbook)
    targets = relationships(archive, folder, name)
    with open_part(archive, workbook, MAX_XLSX_INDEX_BYTES) as source:
        for _event, element in iterparse(source, forbid_dtd=True):
            if element.tag == f"{{{MAIN}}}sheet":
                return targets[element.get(RELATIONSHIP_ID)][1]
    raise KeyError("no sheet")


def shared_strings(archive, workbook):
    """The workbook's shared strings, as many characters as the bound allows."""
    folder, name = posixpath.split(workbook)
    path = part_path(archive, folder, "sharedStrings", name)
    if path is None or path not in archive.NameToInfo:
        return []
    return list(stream(archive, path, SharedStringsHandler()))


def stream(archive, path, handler):
    """Feed a part to a SAX handler piece by piece; yield what it completes meanwhile.

    Nothing of the part is held but the piece being parsed and the text of
    the cell being read, itself cut at MAX_CELL_CHARS + 1. A stretch of XML
    that gives the handler nothing (a huge comment, tag or processing
    instruction) is refused once it passes MAX_XML_TOKEN_BYTES: expat before
    2.6 parses such a token again with every piece, in quadratic time.
    """
    parser = DefusedExpatParser(namespaceHandling=1, forbid_dtd=True)
    parser.setContentHandler(handler)
    silent = 0
    with open_part(archive, path) as source:
        while piece := source.read(XML_PIECE_BYTES):
            events = handler.events
            parser.feed(piece)
            silent = 0 if handler.events != events else silent + len(piece)
            if silent > MAX_XML_TOKEN_BYTES:
                raise FileRefused(
                    _("The workbook's part %(part)s has a piece of XML over %(size)s MB long.")
                    % {"part": path, "size": MAX_XML_TOKEN_BYTES // (1024 * 1024)}
                )
            yield from handler.take()
    parser.close()
    yield from handler.take()


class TextHandler(ContentHandler):
    """Collects the text of <t> and <v> elements in the main namespace, within bounds.

    Every callback counts as an event; a part may cause MAX_XML_EVENTS of them,
    which bounds the time spent on it, elements of no interest included.
    """

    def __init__(self):
        super().__init__()
        self.done = []
        self.parts = []
        self.length = 0
        self.collecting = False
        self.phonetic = 0  # inside <rPh>: a reading aid, not the text
        self.events = 0

    def take(self):
        done, self.done = self.done, []
        return done

    def tick(self):
        self.events += 1
        if self.events > MAX_XML_EVENTS:
            raise FileRefused(
                _("The workbook is too large to read at once; split it into smaller files.")
            )

    def start_text(self):
        self.parts, self.length = [], 0

    def text(self):
        return "".join(self.parts)

    def characters(self, content):
        self.tick()
        if self.collecting and self.length <= MAX_CELL_CHARS:
            self.parts.append(content[: MAX_CELL_CHARS + 1 - self.length])
            self.length += len(content)

    def ignorableWhitespace(self, whitespace):
        self.tick()

    def processingInstruction(self, target, data):
        self.tick()

    def startPrefixMapping(self, prefix, uri):
        self.tick()

    def startElementNS(self, name, qname, attrs):
        self.tick()
        namespace, tag = name
        if namespace != MAIN:
            return
        if tag == "rPh":
            self.phonetic += 1
        elif tag in {"t", "v"} and not self.phonetic:
            self.collecting = True
        self.start(tag, attrs)

    def endElementNS(self, name, qname):
        self.tick()
        namespace, tag = name
        if namespace != MAIN:
            return
        if tag == "rPh":
            self.phonetic -= 1
        elif tag in {"t", "v"}:
            self.collecting = False
        self.end(tag)


class SharedStringsHandler(TextHandler):
    def __init__(self):
        super().__init__()
        self.count = self.total = 0

    def start(self, tag, attrs):
        if tag == "si":
            self.start_text()

    def end(self, tag):
        if tag == "si":
            text = self.text()
            self.count += 1
            self.total += len(text)
            if self.total > MAX_SHARED_CHARS or self.count > MAX_SHARED_STRINGS:
                raise FileRefused(
                    _(
                        "The workbook holds more than %(strings)s texts or %(chars)s "
                        "characters of text."
                    )
                    % {"strings": grouped(MAX_SHARED_STRINGS), "chars": grouped(MAX_SHARED_CHARS)}
                )
            self.done.append(text)


class SheetHandler(TextHandler):
    """Hands out (row number, cells) as the sheet's rows end."""

    def __init__(self, strings):
        super().__init__()
        self.strings = strings
        self.budget = Budget()
        self.number, self.reference = 0, None
        self.row, self.cells, self.column, self.at_row = {}, 0, 0, 0
        self.kind = "n"

    def start(self, tag, attrs):
        if tag == "row":
            self.reference = attrs.get((None, "r"))
            self.row, self.cells, self.column = {}, 0, 0
        elif tag == "c":
            self.column, self.at_row = cell_position(
                attrs.get((None, "r"), ""), self.column + 1, self.number + 1
            )
            self.cells += 1
            if self.at_row > MAX_ROWS:
                raise too_many_rows()
            if self.column > MAX_COLUMNS or self.cells > MAX_COLUMNS:
                raise too_many_columns(self.at_row)
            self.kind = attrs.get((None, "t"), "n")
            self.start_text()

    def end(self, tag):
        if tag == "c":
            text = cell_text(self.kind, self.text(), self.strings)
            self.budget.spend(self.at_row, 1, len(text))
            if text:
                self.row[self.column] = text.strip()
        elif tag == "row":
            number = row_number(self.reference, self.number + 1)
            if number <= self.number:
                raise FileRefused(
                    _("Row %(row)s comes after row %(previous)s: the sheet is damaged.")
                    % {"row": number, "previous": self.number}
                )
            self.number = number
            if self.number > MAX_ROWS:
                raise too_many_rows()
            width = max(self.row, default=0)
            self.done.append((self.number, [self.row.get(n, "") for n in range(1, width + 1)]))


def cell_text(kind, value, strings):
    """A cell's value as text: shared strings looked up, whole numbers without «.0»."""
    if kind == "s":
        return strings[int(value)] if value else ""
    if kind == "b":
        return {"1": "TRUE", "0": "FALSE"}.get(value, value)
    if kind == "n" and value.endswith(".0"):
        return value[:-2]  # a whole number typed into a cell: «7», not «7.0»
    return value


def cell_position(reference, next_column, this_row):
    """(column, row) of a cell reference such as «AB7»; a cell may leave out either part."""
    letters = reference.rstrip("0123456789")
    column = 0
    for char in letters:
        if not "A" <= char <= "Z":
            raise ValueError(f"not a cell reference: {reference}")
        column = column * 26 + ord(char) - ord("A") + 1
    digits = reference[len(letters) :]
    return column or next_column, int(digits) if digits else this_row


def row_number(reference, fallback):
    """The row of a row's own `r` attribute, or the next one when it has none."""
    return int(reference) if reference else fallback
