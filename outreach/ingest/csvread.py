"""Reading a CSV in bounded memory: the encoding decided by reading the file in blocks, the
delimiter from its first lines, then the records streamed one by one with the line on which each
begins (as a spreadsheet numbers them). A record that cannot be read (a value longer than
[import] max_field_chars, or a line beyond any sane length) is not an error for the whole file: it
comes out as a record without values and the reason, and the reading goes on after its end, so
every row of the file is either loaded or reported."""

from __future__ import annotations

import codecs
import csv
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from outreach.ingest.limits import SourceError

# Reasons of rows read but not readable as values (rejected; worded with the other reasons in checks).
READ_REASONS = {
    "field_too_long": "Ô dài quá giới hạn",
    "unreadable_row": "Dòng không đọc được (dấu ngoặc kép hoặc ký tự lạ)",
}

BLOCK = 1 << 20
# A physical line may hold several long values; past this many times max_field_chars it is refused.
LINE_FACTOR = 8


def csv_encoding(path: Path) -> str:
    """BOMs first, then strict UTF-8 over the whole file (read in blocks), else Windows-1258."""
    with path.open("rb") as handle:
        head = handle.read(4)
        if head.startswith(codecs.BOM_UTF8):
            return "utf-8-sig"
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return "utf-16"
        if len(head) >= 4 and head[1] == 0 and head[3] == 0 and head[0] != 0:
            return "utf-16-le"
        handle.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8")()
        try:
            for block in iter(lambda: handle.read(BLOCK), b""):
                decoder.decode(block)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "cp1258"
    return "utf-8"


def sniff_delimiter(lines: list[str]) -> str:
    """Comma, semicolon or tab: the one that splits the header and the next lines consistently."""
    sample = [line for line in lines if line.strip()][:20]
    best, best_score = ",", -1
    for delimiter in (",", ";", "\t"):
        counts = []
        for line in sample:
            try:
                counts.append(len(next(csv.reader([line], delimiter=delimiter))))
            except (csv.Error, StopIteration):
                counts.append(0)
        if not counts or counts[0] < 2:
            continue
        score = sum(count == counts[0] for count in counts) * 100 + counts[0]
        if score > best_score:
            best, best_score = delimiter, score
    return best


@dataclass(frozen=True)
class Unreadable:
    """Why a record has no values: 'field_too_long' (column: its position, if known) or
    'unreadable_row'; length: how many characters were seen of it."""

    reason: str
    column: int | None
    length: int


class _LineTooLong(Exception):
    pass


class _Lines:
    """The physical lines of the text for csv.reader: counted, each bounded in length, with the
    quote characters since the current record began (to find its end after a failure) and the
    record's first characters (to say which value was too long)."""

    def __init__(self, handle, *, line_limit: int, keep: int) -> None:
        self.handle, self.line_limit, self.keep = handle, line_limit, keep
        self.number = 0
        self.quotes = 0
        self.record: list[str] = []
        self.kept = 0
        self.seen = 0

    def __iter__(self) -> "_Lines":
        return self

    def start_record(self) -> None:
        self.quotes, self.record, self.kept, self.seen = 0, [], 0, 0

    def _note(self, text: str) -> None:
        self.quotes += text.count('"')
        self.seen += len(text)
        if self.kept < self.keep:
            self.record.append(text[:self.keep - self.kept])
            self.kept += len(self.record[-1])

    def __next__(self) -> str:
        line = self.handle.readline(self.line_limit)
        if not line:
            raise StopIteration
        self.number += 1
        self._note(line)
        if len(line) >= self.line_limit and not line.endswith(("\n", "\r")):
            self._rest_of_line()
            raise _LineTooLong()
        return line

    def _rest_of_line(self) -> bool:
        """Skip to the end of the physical line (in bounded pieces); False at the end of the file."""
        while True:
            piece = self.handle.readline(self.line_limit)
            if not piece:
                return False
            self._note(piece)
            if piece.endswith(("\n", "\r")):
                return True

    def finish_record(self) -> None:
        """After a record that could not be read: skip to its end, the line where its quotes balance."""
        while self.quotes % 2:
            self.number += 1
            if not self._rest_of_line():
                break


def _long_field(text: str, delimiter: str, limit: int) -> int | None:
    """Position of the first value longer than `limit` in the record's text (quoted or not)."""
    pattern = re.compile(r'"(?:[^"]+|"")*(?:"|$)|[^' + re.escape(delimiter) + r'\r\n]*')
    position, index = 0, 0
    while position <= len(text):
        match = pattern.match(text, position)
        value = match.group(0)
        if len(value) - (2 if value.startswith('"') else 0) > limit:
            return index
        position = match.end()
        if position < len(text) and text[position] == delimiter:
            position, index = position + 1, index + 1
            continue
        return None
    return None


Record = tuple[int, list[str], Unreadable | None]


class CsvRecords:
    """The records of one CSV file, streamed: `with CsvRecords(path, field_limit) as records:`
    then records.encoding, records.delimiter and iteration over (line, values, unreadable) with
    blank lines left out. Values up to field_limit are read (or longer, when the process's csv
    limit is already higher: the caller checks every value's length)."""

    def __init__(self, path: Path, field_limit: int) -> None:
        self.path, self.field_limit = path, field_limit
        self.encoding = csv_encoding(path)
        self._handle = None

    def __enter__(self) -> "CsvRecords":
        try:
            with self.path.open(encoding=self.encoding, newline="") as handle:
                sample = handle.read(BLOCK)
        except UnicodeDecodeError as error:
            raise self._undecodable(error) from None
        lines = sample.splitlines()
        if len(sample) == BLOCK and len(lines) > 1:
            lines = lines[:-1]  # the last one may be cut
        self.delimiter = sniff_delimiter(lines[:50])
        self._handle = self.path.open(encoding=self.encoding, newline="")
        return self

    def __exit__(self, *exc) -> None:
        if self._handle is not None:
            self._handle.close()

    def _undecodable(self, error: UnicodeDecodeError) -> SourceError:
        return SourceError(f"{self.path.name}: có byte không đọc được theo bảng mã {self.encoding} "
                           "(tệp hỏng hoặc lẫn nhiều bảng mã). Hãy lưu lại tệp dạng CSV UTF-8.")

    def __iter__(self) -> Iterator[Record]:
        limit = self.field_limit
        # The csv module's limit is one for the process: raise it if needed, never lower it.
        csv.field_size_limit(max(csv.field_size_limit(), limit))
        lines = _Lines(self._handle, line_limit=limit * LINE_FACTOR, keep=limit * LINE_FACTOR)
        reader = csv.reader(lines, delimiter=self.delimiter)
        while True:
            start = lines.number + 1
            lines.start_record()
            try:
                values = next(reader)
            except StopIteration:
                return
            except UnicodeDecodeError as error:
                raise self._undecodable(error) from None
            except (csv.Error, _LineTooLong) as error:
                lines.finish_record()
                too_long = isinstance(error, _LineTooLong) or "field larger than field limit" in str(error)
                column = _long_field("".join(lines.record), self.delimiter, limit) if too_long else None
                yield start, [], Unreadable("field_too_long" if too_long else "unreadable_row", column, lines.seen)
                continue
            if any(value.strip() for value in values):  # a blank line is not a row
                yield start, values, None
