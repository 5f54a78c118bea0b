"""Build the attack files of tests/test_attacks.py at test time (never committed as binaries).

Each builder writes into a folder it is given and returns the path. Run
`python tests/attacks/build.py OUT [--big-mb 150]` to write them all, e.g. to measure an import's
memory on the large CSV by hand:

    python tests/attacks/build.py /tmp/attacks --big-mb 150
    /usr/bin/time -v python -m outreach ingest /tmp/attacks/big_export --db /tmp/attacks/big.duckdb
"""

from __future__ import annotations

import argparse
import csv
import io
import shutil
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
FIXTURE = HERE.parent / "fixtures" / "export"
TABLES = ("communes", "hamlets", "agencies", "officials", "assignments", "visits", "attendance", "feedback")

CONTENT_TYPES = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                 '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                 '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                 '<Default Extension="xml" ContentType="application/xml"/>'
                 '<Override PartName="/xl/workbook.xml" '
                 'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                 '<Override PartName="/xl/worksheets/sheet1.xml" '
                 'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                 '</Types>')
ROOT_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
             '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
             '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
             'officeDocument" Target="xl/workbook.xml"/></Relationships>')
WORKBOOK = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<sheets><sheet name="{name}" sheetId="1" r:id="rId1"/></sheets></workbook>')
WORKBOOK_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                 '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                 '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
                 'worksheet" Target="worksheets/sheet1.xml"/></Relationships>')


def _inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def write_workbook(path: Path, sheet: str, sheet_xml: str) -> Path:
    """A minimal XLSX (one sheet) from the sheet's XML, built by hand so that nothing checks it."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK.format(name=sheet))
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet_xml)
    return path


def sheet_xml(rows: list[str], *, dimension: str | None, padding: str = "") -> str:
    head = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return head + dim + "<sheetData>" + "".join(rows) + padding + "</sheetData></worksheet>"


def far_cell_xlsx(folder: Path, *, declare: bool = True) -> Path:
    """The 'visits' sheet with a header and one cell at XFD1048576 (the reader would ask for 512 GiB).
    declare=False leaves the <dimension> out (or could lie), so only the cells tell."""
    rows = ['<row r="1">' + _inline("A1", "visit_id") + _inline("B1", "visit_date") + _inline("C1", "commune_code")
            + "</row>",
            '<row r="1048576">' + _inline("XFD1048576", "x") + "</row>"]
    return write_workbook(folder / "visits.xlsx", "visits",
                          sheet_xml(rows, dimension="A1:XFD1048576" if declare else None))


def lying_dimension_xlsx(folder: Path) -> Path:
    """The far cell again, behind a <dimension> that claims A1:C2."""
    rows = ['<row r="1">' + _inline("A1", "visit_id") + _inline("B1", "visit_date") + "</row>",
            "<row>" + '<c t="inlineStr"><is><t>a</t></is></c>' + "</row>",
            '<row r="1048576">' + _inline("XFD1048576", "x") + "</row>"]
    return write_workbook(folder / "visits.xlsx", "visits", sheet_xml(rows, dimension="A1:C2"))


def zip_bomb_xlsx(folder: Path, *, megabytes: int = 200) -> Path:
    """A workbook whose small archive unpacks to `megabytes` of sheet XML (a compression ratio near 1000)."""
    rows = ['<row r="1">' + _inline("A1", "visit_id") + _inline("B1", "visit_date") + "</row>"]
    return write_workbook(folder / "visits.xlsx", "visits",
                          sheet_xml(rows, dimension="A1:B1", padding=" " * (megabytes * 1024 * 1024)))


def copy_fixture(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for table in TABLES:
        shutil.copy(FIXTURE / f"{table}.csv", folder / f"{table}.csv")
    return folder


def long_field_export(folder: Path, *, length: int = 200_000, quoted_newlines: bool = True) -> Path:
    """The fixture export with two feedback rows whose summary is `length` characters long (one of
    them, quoted, spanning several lines), the other rows untouched."""
    copy_fixture(folder)
    path = folder / "feedback.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    summary = header.index("summary")
    rows[2][summary] = "Đường " * (length // 6 + 1)
    if quoted_newlines:
        rows[4][summary] = ("Nước ngập\n" * (length // 10 + 1))
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8", newline="")
    return folder


def shifted_personal_export(folder: Path) -> Path:
    """The fixture export with personal values where the import report quotes them: a feedback
    row shifted by a comma inside its summary (the citizen's phone lands beyond the named columns),
    a feedback row whose recorder is a phone number (an unknown reference), and an officials row
    with a phone in an extra cell."""
    copy_fixture(folder)
    path = folder / "feedback.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    summary, recorder = header.index("summary"), header.index("recorded_by")
    shifted = list(rows[1])
    shifted[summary:summary + 1] = ["Chậm cấp giấy", " quyền sử dụng đất"]   # name -> phone column, phone -> beyond
    rows[1] = shifted
    rows[2][recorder] = "0912 345 678"
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8", newline="")
    officials = folder / "officials.csv"
    lines = officials.read_text(encoding="utf-8").splitlines()
    lines[1] += ",+84 913 555 777"
    officials.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def big_export(folder: Path, *, megabytes: int = 150) -> Path:
    """The fixture export with feedback.csv grown to about `megabytes` MB of valid, distinct rows."""
    copy_fixture(folder)
    path = folder / "feedback.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    header, body = rows[0], rows[1:]
    key = header.index("feedback_id")
    target = megabytes * 1024 * 1024
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(header)
        number = 0
        while handle.tell() < target:
            block = []
            for _ in range(1000):
                row = list(body[number % len(body)])
                row[key] = f"YK{number:08d}"
                block.append(row)
                number += 1
            writer.writerows(block)
    return folder


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--big-mb", type=int, default=150)
    args = parser.parse_args()
    out = Path(args.out)
    for name, build in (("far_cell", far_cell_xlsx), ("lying_dimension", lying_dimension_xlsx),
                        ("zip_bomb", zip_bomb_xlsx)):
        (out / name).mkdir(parents=True, exist_ok=True)
        print(build(out / name))
    print(long_field_export(out / "long_field"))
    print(big_export(out / "big_export", megabytes=args.big_mb))
    return 0


if __name__ == "__main__":
    sys.exit(main())
