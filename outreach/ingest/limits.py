"""Bounds on what an import reads, checked before a file is parsed, so that no file can take the
server's memory or abort it: a workbook's archive (unpacked size, compression ratio, every member
read through once so that its sizes are true), each sheet's used range as the reader will allocate
it (the cells with a value, wherever they are, whatever <dimension> claims), a Parquet file's
unpacked size, and the length of one value. The bounds are settings ([import] in
outreach/defaults.toml); a file beyond them is refused with a message naming the file and sheet.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass, fields
from pathlib import Path
from xml.etree import ElementTree

from outreach.i18n import fmt_int

MB = 1024 * 1024
# Members smaller than this are not held to the compression ratio (tiny XML compresses oddly).
RATIO_FLOOR = 1 * MB
# workbook.xml and its relationships are parsed whole: they are small in any real workbook.
SMALL_XML = 16 * MB
CHUNK = 4 * MB
# A cell or row tag is never this long in a real sheet; a sheet holding one is refused.
LONGEST_TAG_RUN = 64 * MB


class SourceError(Exception):
    """A file that cannot be read at all (or may not be: beyond the import's limits)."""


@dataclass(frozen=True)
class Limits:
    """[import] in outreach/defaults.toml: max_sheet_cells, max_unpacked_mb,
    max_compression_ratio, max_field_chars."""

    max_sheet_cells: int = 10_000_000
    max_unpacked_mb: int = 2048
    max_compression_ratio: int = 200
    max_field_chars: int = 131_072

    @classmethod
    def from_settings(cls, section: dict) -> "Limits":
        return cls(**{f.name: int(section[f.name]) for f in fields(cls) if f.name in section})


# ---------------------------------------------------------------- workbooks (XLSX, XLSM)

def column_letters(number: int) -> str:
    """1 -> A, 26 -> Z, 27 -> AA, 16384 -> XFD."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def column_number(letters: bytes | str) -> int:
    number = 0
    for char in letters.upper() if isinstance(letters, str) else letters.decode("ascii").upper():
        number = number * 26 + ord(char) - 64
    return number


def check_workbook(path: Path, limits: Limits) -> None:
    """Refuse (SourceError) a workbook beyond the limits, before any reader opens it. Does nothing
    for a file that is not a zip archive (the old .xls format; the reader checks it)."""
    name = path.name
    if not zipfile.is_zipfile(path):
        return
    try:
        with zipfile.ZipFile(path) as archive:
            members = [member for member in archive.infolist() if not member.is_dir()]
            _check_sizes(name, members, limits)
            sheets = _sheet_members(archive, name)
            for member in members:
                if member.filename in sheets:
                    _check_sheet(archive, member, name, sheets[member.filename], limits)
                else:
                    _read_through(archive, member)
    except SourceError:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError,
            ElementTree.ParseError, ValueError) as error:
        raise SourceError(f"{name}: sổ Excel bị hỏng hoặc không đúng định dạng, không đọc được "
                          f"({type(error).__name__}).") from error


def _check_sizes(name: str, members: list[zipfile.ZipInfo], limits: Limits) -> None:
    unpacked = sum(member.file_size for member in members)
    if unpacked > limits.max_unpacked_mb * MB:
        raise SourceError(
            f"{name}: giải nén ra {fmt_int(unpacked / MB)} MB, vượt giới hạn {fmt_int(limits.max_unpacked_mb)} MB "
            "([import] max_unpacked_mb). Tệp không được đọc; hãy tách sổ hoặc lưu từng bảng thành CSV.")
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > RATIO_FLOOR and ratio > limits.max_compression_ratio:
            raise SourceError(
                f"{name}: phần {member.filename} nén bất thường (giải nén gấp {fmt_int(ratio)} lần, giới hạn "
                f"{fmt_int(limits.max_compression_ratio)} lần, [import] max_compression_ratio): có thể là tệp "
                "“bom nén”. Tệp không được đọc.")


def _read_through(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> None:
    """Decompress a member without keeping it: zipfile stops at the declared size and checks the
    CRC, so a member whose header lies about its size is refused as damaged."""
    with archive.open(member) as stream:
        while stream.read(CHUNK):
            pass


def _small_xml(archive: zipfile.ZipFile, member: str, name: str) -> ElementTree.Element | None:
    try:
        info = archive.getinfo(member)
    except KeyError:
        return None
    if info.file_size > SMALL_XML:
        raise SourceError(f"{name}: phần {member} của sổ dài {fmt_int(info.file_size / MB)} MB, bất thường "
                          f"(quá {fmt_int(SMALL_XML / MB)} MB). Tệp không được đọc.")
    return ElementTree.fromstring(archive.read(member))


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _sheet_members(archive: zipfile.ZipFile, name: str) -> dict[str, str]:
    """Worksheet member -> sheet name: from the workbook and its relationships, plus any other
    member under xl/worksheets/ (named by its file)."""
    found: dict[str, str] = {}
    workbook = _small_xml(archive, "xl/workbook.xml", name)
    relations = _small_xml(archive, "xl/_rels/workbook.xml.rels", name)
    if workbook is not None and relations is not None:
        targets = {rel.get("Id"): rel.get("Target") or "" for rel in relations.iter() if _local(rel.tag) == "Relationship"}
        for sheet in workbook.iter():
            if _local(sheet.tag) != "sheet":
                continue
            rid = next((value for key, value in sheet.attrib.items() if _local(key) == "id"), None)
            target = targets.get(rid)
            if target:
                member = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
                found[member] = sheet.get("name") or member
    for member in archive.namelist():
        if member.startswith("xl/worksheets/") and member.endswith(".xml") and member not in found:
            found[member] = posixpath.basename(member)[:-4]
    return found


_NS = rb"(?:[A-Za-z_][\w.-]*:)?"
_FORMULA = rb"(?:<" + _NS + rb"f\b[^>]*/>\s*|<" + _NS + rb"f\b[^>]*>[^<]*</" + _NS + rb"f>\s*)?"
_VALUE = rb"<" + _NS + rb"(?:v|is)[\s>]"
# A cell with a value (what the reader keeps; a cell with only a style is skipped by it) ...
_VALUE_CELL = re.compile(rb"<" + _NS + rb"c(?=[\s>])[^>]*>\s*" + _FORMULA + _VALUE)
# ... and the same with its reference captured (r="XFD1048576").
_VALUE_CELL_REF = re.compile(rb"<" + _NS + rb"c\s[^>]*?\br=\"([A-Z]{1,3})(\d{1,7})\"[^>]*>\s*" + _FORMULA + _VALUE)
# Any row or cell tag, for sheets whose cells do not all carry a reference.
_TAG = re.compile(rb"<" + _NS + rb"(row|c)(?=[\s/>])([^>]*)>")
_TAG_START = re.compile(rb"<" + _NS + rb"(?:row|c)(?=[\s/>])")
_ATTR_R = re.compile(rb"\br\s*=\s*[\"']([A-Za-z]*)(\d*)[\"']")


class _Extent:
    """The rows and columns a sheet's cells reach (from A1), and how many cells there are."""

    def __init__(self) -> None:
        self.rows = self.columns = self.cells = 0

    def add(self, row: int, column: int, count: int = 1) -> None:
        self.rows, self.columns = max(self.rows, row), max(self.columns, column)
        self.cells += count

    @property
    def area(self) -> int:
        return self.rows * self.columns


def _chunks(archive: zipfile.ZipFile, member: zipfile.ZipInfo):
    """The member's bytes in pieces that never cut a row or cell tag from what follows it."""
    with archive.open(member) as stream:
        pending = b""
        while True:
            block = stream.read(CHUNK)
            if not block:
                if pending:
                    yield pending
                return
            pending += block
            cut = _last_tag_start(pending)
            if cut <= 0:
                if len(pending) > LONGEST_TAG_RUN:
                    raise SourceError("cell")
                continue
            yield pending[:cut]
            pending = pending[cut:]


def _last_tag_start(data: bytes) -> int:
    window = 4096
    while True:
        start = max(0, len(data) - window)
        last = None
        for last in _TAG_START.finditer(data, start):
            pass
        if last is not None:
            return last.start()
        if start == 0:
            return -1
        window *= 8


def _scan_with_references(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> _Extent | None:
    """Fast path: every cell with a value carries its reference. None when one does not."""
    extent = _Extent()
    for chunk in _chunks(archive, member):
        references = _VALUE_CELL_REF.findall(chunk)
        if len(references) != len(_VALUE_CELL.findall(chunk)):
            return None
        if references:
            extent.add(max(int(row) for _, row in references),
                       max(column_number(letters) for letters in {letters for letters, _ in references}),
                       len(references))
    return extent


def _scan_in_order(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> _Extent:
    """Every row and cell tag in order, placing those without a reference after the previous one
    (counting cells with only a style too: an upper bound)."""
    extent = _Extent()
    row = column = 0
    for chunk in _chunks(archive, member):
        for match in _TAG.finditer(chunk):
            reference = _ATTR_R.search(match.group(2))
            if match.group(1) == b"row":
                row = int(reference.group(2)) if reference and reference.group(2) else row + 1
                column = 0
                continue
            if reference and reference.group(1) and reference.group(2):
                row, column = int(reference.group(2)), column_number(reference.group(1))
            else:
                column += 1
            extent.add(max(row, 1), column)
    return extent


def _check_sheet(archive: zipfile.ZipFile, member: zipfile.ZipInfo, name: str, sheet: str, limits: Limits) -> None:
    try:
        extent = _scan_with_references(archive, member) or _scan_in_order(archive, member)
    except SourceError:
        raise SourceError(f"{name}, trang tính “{sheet}”: có một ô hoặc một dòng dài quá "
                          f"{fmt_int(LONGEST_TAG_RUN / MB)} MB. Trang tính không được đọc.") from None
    limit = limits.max_sheet_cells
    if extent.area > limit or extent.cells > limit:
        raise SourceError(
            f"{name}, trang tính “{sheet}”: dữ liệu trải đến ô {column_letters(extent.columns)}{extent.rows} "
            f"({fmt_int(extent.rows)} dòng × {fmt_int(extent.columns)} cột = {fmt_int(extent.area)} ô), vượt giới hạn "
            f"{fmt_int(limit)} ô mỗi trang tính ([import] max_sheet_cells). Trang tính không được đọc: hãy xóa các "
            "dòng, cột thừa ở cuối trang tính (Ctrl+End cho biết ô cuối cùng có dữ liệu) hoặc lưu bảng thành CSV.")


def check_sheet_range(name: str, sheet: str, rows: int, columns: int, limits: Limits) -> None:
    """The same bound on a sheet as the reader loaded it (the old .xls format, which is not a zip)."""
    if rows * columns > limits.max_sheet_cells:
        raise SourceError(
            f"{name}, trang tính “{sheet}”: {fmt_int(rows)} dòng × {fmt_int(columns)} cột = {fmt_int(rows * columns)} "
            f"ô, vượt giới hạn {fmt_int(limits.max_sheet_cells)} ô mỗi trang tính ([import] max_sheet_cells). Hãy xóa "
            "các dòng, cột thừa ở cuối trang tính hoặc lưu bảng thành CSV.")


# ---------------------------------------------------------------- Parquet

def check_parquet(path: Path, limits: Limits) -> None:
    """Refuse a Parquet file whose data unpack beyond max_unpacked_mb (read from its footer)."""
    import pyarrow.parquet as pq

    try:
        metadata = pq.ParquetFile(path).metadata
    except Exception as error:  # pyarrow raises several types for damaged files
        raise SourceError(f"{path.name}: không đọc được tệp Parquet ({type(error).__name__}).") from error
    unpacked = sum(metadata.row_group(index).total_byte_size for index in range(metadata.num_row_groups))
    if unpacked > limits.max_unpacked_mb * MB:
        raise SourceError(
            f"{path.name}: dữ liệu giải nén ra {fmt_int(unpacked / MB)} MB, vượt giới hạn "
            f"{fmt_int(limits.max_unpacked_mb)} MB ([import] max_unpacked_mb). Tệp không được đọc; hãy tách tệp.")
