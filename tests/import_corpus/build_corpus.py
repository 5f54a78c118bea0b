"""Build the import corpus: one folder per case under cases/, each a copy of the fixture export
with one real-world twist, plus expected.json with the exact outcome of each case.

Run `python tests/import_corpus/build_corpus.py` after changing the fixture; the test
(tests/test_import_corpus.py) also rebuilds into a temporary folder and compares, so the
committed files never drift from this script.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
FIXTURE = HERE.parent / "fixtures" / "export"
TABLES = ("communes", "hamlets", "agencies", "officials", "assignments", "visits", "attendance", "feedback")

sys.path.insert(0, str(HERE.parent.parent))
from outreach.ingest import contract  # noqa: E402


def read(table: str) -> tuple[list[str], list[list[str]]]:
    with (FIXTURE / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    return rows[0], rows[1:]


def write_csv(path: Path, header: list[str], rows: list[list[str]], *, encoding: str = "utf-8",
              delimiter: str = ",") -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))


TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def cp1258_form(text: str) -> str:
    out = []
    for char in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", char)
        tones = "".join(ch for ch in parts if ch in TONES)
        out.append(unicodedata.normalize("NFC", "".join(ch for ch in parts if ch not in TONES)) + tones)
    return "".join(out)


def copy_fixture(target: Path, *, skip: tuple[str, ...] = ()) -> None:
    target.mkdir(parents=True, exist_ok=True)
    for table in TABLES:
        if table not in skip:
            shutil.copy(FIXTURE / f"{table}.csv", target / f"{table}.csv")


def edit(target: Path, table: str, change) -> None:
    header, rows = read(table)
    header, rows = change(header, [list(row) for row in rows])
    write_csv(target / f"{table}.csv", header, rows)


def column(header: list[str], name: str) -> int:
    return header.index(name)


def build_xlsx(path: Path, sheets: dict[str, tuple[list[str], list[list[object]]]], *, title_rows: int = 0) -> None:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path))
    for name, (header, rows) in sheets.items():
        sheet = book.add_worksheet(name)
        offset = 0
        if title_rows:
            sheet.write(0, 0, "BÁO CÁO XUỐNG CƠ SỞ — TỈNH SÔNG MÂY")
            offset = title_rows + 1  # a title row and an empty row before the header
        sheet.write_row(offset, 0, header)
        for index, row in enumerate(rows, start=offset + 1):
            sheet.write_row(index, 0, row)
    book.close()


# ---------------------------------------------------------------- the cases

CASES: dict[str, dict] = {}


def case(name: str, expected: dict):
    def register(builder):
        CASES[name] = {"builder": builder, "expected": expected}
        return builder
    return register


@case("utf8_bom_semicolon", {"exit_code": 0, "read": {"communes": 4}})
def _(target: Path) -> None:
    copy_fixture(target)
    header, rows = read("communes")
    write_csv(target / "communes.csv", header, rows, encoding="utf-8-sig", delimiter=";")


@case("utf16_tab", {"exit_code": 0, "read": {"officials": 8}})
def _(target: Path) -> None:
    copy_fixture(target)
    header, rows = read("officials")
    write_csv(target / "officials.csv", header, rows, encoding="utf-16", delimiter="\t")


@case("windows_1258", {"exit_code": 0, "read": {"communes": 4}, "same_as_fixture": ["communes"]})
def _(target: Path) -> None:
    copy_fixture(target)
    header, rows = read("communes")
    # Windows-1258 has ă, â, ê, ô, ơ, ư, đ precomposed and the five tones as combining marks.
    decomposed = [[cp1258_form(value) for value in row] for row in rows]
    write_csv(target / "communes.csv", header, decomposed, encoding="cp1258")


@case("vietnamese_headers_any_spelling", {"exit_code": 0, "same_as_fixture": ["visits", "attendance"]})
def _(target: Path) -> None:
    copy_fixture(target)
    titles = {c.name: c.title_vi for c in contract.table("visits").columns}
    spellings = ["MÃ BUỔI", "ngay", "Ma_xa", "Mã thôn", "hinh thuc", "Đơn vị chủ trì", "nội dung", "TRANG THAI",
                 "Số người dân tham dự"]
    assert len(spellings) == len(titles)
    header, rows = read("visits")
    write_csv(target / "visits.csv", spellings, rows)
    header, rows = read("attendance")
    write_csv(target / "attendance.csv", ["Mã buổi", "Mã cán bộ", "Có trong danh sách", "Điểm danh"], rows)


@case("unknown_column_kept_aside", {"exit_code": 0, "warnings": {"unknown_column": 1}})
def _(target: Path) -> None:
    copy_fixture(target)
    edit(target, "hamlets", lambda header, rows: (header + ["Ghi chú"], [row + ["mới thành lập"] for row in rows]))


@case("missing_required_column", {"exit_code": 1, "error_contains": ["attendance.csv", "status", "Cần:"]})
def _(target: Path) -> None:
    copy_fixture(target)
    edit(target, "attendance", lambda header, rows: (header[:3], [row[:3] for row in rows]))


@case("missing_table", {"exit_code": 1, "error_contains": ["Thiếu bảng: feedback"]})
def _(target: Path) -> None:
    copy_fixture(target, skip=("feedback",))


@case("codes_excel_made_numbers", {"exit_code": 0, "loaded_values": {"visits.commune_code": ["00071", "99002", "99003", "99004"]}})
def _(target: Path) -> None:
    # Commune 99001 is renumbered 00071; the visits file lost the zeros as Excel does ("71").
    copy_fixture(target)
    for table in ("communes", "hamlets", "assignments", "feedback"):
        edit(target, table, lambda header, rows: (header, [[value.replace("99001", "00071") for value in row] for row in rows]))
    edit(target, "visits", lambda header, rows: (header, [
        [("71" if value == "99001" else value.replace("99001", "00071")) for value in row] for row in rows]))


@case("date_formats", {"exit_code": 0, "same_as_fixture": ["visits", "feedback"]})
def _(target: Path) -> None:
    copy_fixture(target)
    formats = [
        lambda d: d.strftime("%d/%m/%Y"),
        lambda d: f"{d.day}/{d.month}/{d.strftime('%y')}",
        lambda d: str((d - dt.date(1899, 12, 30)).days),
        lambda d: d.strftime("%Y-%m-%d 00:00:00"),
        lambda d: d.isoformat(),
    ]

    def reformat(header, rows, names):
        positions = [header.index(name) for name in names if name in header]
        for index, row in enumerate(rows):
            for position in positions:
                if row[position]:
                    row[position] = formats[index % len(formats)](dt.date.fromisoformat(row[position]))
        return header, rows

    edit(target, "visits", lambda h, r: reformat(h, r, ["visit_date"]))
    edit(target, "feedback", lambda h, r: reformat(h, r, ["received_date", "forwarded_date", "due_date",
                                                          "replied_date", "resolved_date"]))


@case("vietnamese_labels_and_booleans", {"exit_code": 0, "same_as_fixture": ["attendance", "visits", "feedback"]})
def _(target: Path) -> None:
    copy_fixture(target)
    labels = {"present": "Có mặt", "absent": "Vắng", "excused": "Vắng có lý do", "late": "Đến muộn"}
    booleans = {"true": "có", "false": "không"}

    def attendance(header, rows):
        for index, row in enumerate(rows):
            row[2] = (booleans if index % 2 else {"true": "x", "false": ""})[row[2]]
            row[3] = labels[row[3]]
        return header, rows

    edit(target, "attendance", attendance)
    edit(target, "visits", lambda header, rows: (header, [
        row[:7] + [{"held": "Đã tổ chức", "cancelled": "Hủy", "planned": "Kế hoạch"}[row[7]]] + row[8:] for row in rows]))
    position = read("feedback")[0].index("handled_on_spot")
    edit(target, "feedback", lambda header, rows: (header, [
        row[:position] + [{"true": "Có", "false": "Không"}[row[position]]] + row[position + 1:] for row in rows]))


@case("vietnamese_number_separators", {"exit_code": 0, "same_as_fixture": ["communes"]})
def _(target: Path) -> None:
    copy_fixture(target)

    def change(header, rows):
        population, area = header.index("population"), header.index("area_km2")
        for row in rows:
            if row[population]:
                row[population] = f"{int(row[population]):,}".replace(",", ".")
            if row[area]:
                row[area] = row[area].replace(".", ",")
        return header, rows

    edit(target, "communes", change)


@case("bad_values_rejected", {"exit_code": 2, "rejects": [
    ["visits.csv", 3, "visit_date", "bad_date"],
    ["visits.csv", 4, "citizens_attending", "bad_integer"],
    ["visits.csv", 5, "status", "bad_enum"],
    ["assignments.csv", 2, "required_visits_per_month", "out_of_range"],
    ["feedback.csv", 2, "received_date", "date_out_of_range"],
], "cascade": True})
def _(target: Path) -> None:
    copy_fixture(target)

    def visits(header, rows):
        rows[1][1] = "31/02/2025"                  # row 3: no such day
        rows[2][8] = "khoảng 40"                   # row 4: not a number
        rows[3][7] = "maybe"                       # row 5: not a status
        return header, rows

    edit(target, "visits", visits)
    edit(target, "assignments", lambda header, rows: (header, [row[:3] + ["99"] + row[4:] if i == 0 else row
                                                               for i, row in enumerate(rows)]))
    edit(target, "feedback", lambda header, rows: (header, [row[:1] + ["1999-12-31"] + row[2:] if i == 0 else row
                                                            for i, row in enumerate(rows)]))


@case("unknown_references", {"exit_code": 2, "rejects": [
    ["visits.csv", 2, "commune_code", "unknown_reference"],
    ["attendance.csv", 2, "official_id", "unknown_reference"],
], "cascade": True})
def _(target: Path) -> None:
    copy_fixture(target)
    edit(target, "visits", lambda header, rows: (header, [row[:2] + ["99999"] + row[3:] if i == 0 else row
                                                          for i, row in enumerate(rows)]))
    edit(target, "attendance", lambda header, rows: (header, [row[:1] + ["CB9999"] + row[2:] if i == 0 else row
                                                              for i, row in enumerate(rows)]))


@case("duplicates", {"exit_code": 2, "merged": {"hamlets": 1}, "rejects": [
    ["agencies.csv", 2, "agency_id", "duplicate_key"],
    ["agencies.csv", 6, "agency_id", "duplicate_key"],
], "cascade": True})
def _(target: Path) -> None:
    copy_fixture(target)
    edit(target, "hamlets", lambda header, rows: (header, rows + [list(rows[0])]))           # identical copy
    edit(target, "agencies", lambda header, rows: (header, rows + [[rows[0][0], rows[0][1] + " (cũ)"] + rows[0][2:]]))


@case("impossible_dates", {"exit_code": 2, "rejects": [
    ["feedback.csv", 2, "replied_date", "date_order"],
    ["feedback.csv", 3, "received_date", "date_after_export"],
]})
def _(target: Path) -> None:
    copy_fixture(target)

    def change(header, rows):
        received, replied = header.index("received_date"), header.index("replied_date")
        rows[0][replied] = (dt.date.fromisoformat(rows[0][received]) - dt.timedelta(days=3)).isoformat()
        rows[1][received] = "2026-12-01"          # after the export date 2026-11-22
        for position in (header.index("forwarded_date"), replied, header.index("resolved_date"), header.index("due_date")):
            rows[1][position] = ""
        return header, rows

    edit(target, "feedback", change)


@case("workbook_sheet_per_table", {"exit_code": 0, "same_as_fixture": list(TABLES)})
def _(target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    sheets = {}
    for table in TABLES:
        header, rows = read(table)
        titles = [contract.table(table).column(name).title_vi for name in header]
        sheets[contract.table(table).title_vi[:31]] = (titles, rows)
    build_xlsx(target / "du_lieu_xuong_co_so.xlsx", sheets)


@case("header_below_a_title", {"exit_code": 2, "rejects": [["can_bo.xlsx", 5, "agency_id", "unknown_reference"]], "cascade": True})
def _(target: Path) -> None:
    copy_fixture(target, skip=("officials",))
    header, rows = read("officials")
    rows = [list(row) for row in rows]
    rows[1][2] = "DV99"  # the second data row: Excel row 5 (title, empty, header, row 4, row 5)
    build_xlsx(target / "can_bo.xlsx", {"Sheet1": (header, rows)}, title_rows=1)


@case("recognised_by_columns", {"exit_code": 0, "same_as_fixture": ["hamlets", "agencies"],
                                "warnings": {"unrecognised_table": 1}})
def _(target: Path) -> None:
    copy_fixture(target, skip=("hamlets", "agencies"))
    header, rows = read("hamlets")
    write_csv(target / "export_1.csv", header, rows)
    header, rows = read("agencies")
    write_csv(target / "export_2.csv", header, rows)
    write_csv(target / "ghi_chu.csv", ["ngày họp", "nội dung"], [["01/10/2025", "rà soát danh sách"]])


@case("extra_cells_reported", {"exit_code": 0, "warnings": {"extra_cells": 1}})
def _(target: Path) -> None:
    copy_fixture(target)
    edit(target, "hamlets", lambda header, rows: (header, [row + ["lệch cột"] if i == 0 else row
                                                           for i, row in enumerate(rows)]))


@case("excel_as_people_save_it", {"exit_code": 0, "same_as_fixture": list(TABLES)})
def _(target: Path) -> None:
    """One workbook: Vietnamese headers, dates typed dd/mm/yyyy, commune codes and counts as
    numbers, names in NFD (as some phones and Macs write them)."""
    target.mkdir(parents=True, exist_ok=True)
    sheets = {}
    for table in TABLES:
        spec = contract.table(table)
        header, rows = read(table)
        out_rows = []
        for row in rows:
            out = []
            for name, value in zip(header, row):
                column = spec.column(name)
                if value and column.type == contract.DATE:
                    out.append(dt.date.fromisoformat(value).strftime("%d/%m/%Y"))
                elif value and (column.code_width or column.type == contract.INTEGER) and value.isdigit():
                    out.append(int(value))
                elif value and column.type == contract.TEXT:
                    out.append(unicodedata.normalize("NFD", value))
                else:
                    out.append(value)
            out_rows.append(out)
        sheets[spec.title_vi[:31]] = ([spec.column(name).title_vi for name in header], out_rows)
    build_xlsx(target / "bao_cao.xlsx", sheets)


# ---------------------------------------------------------------- names outside the alias tables (issue 15)

# Headers as another district's system writes them: extra words, units, other word orders, no
# accents, abbreviations, English and Vietnamese mixed. None of them is in header_aliases.csv.
OTHER_HEADERS = {
    "communes": ["Mã ĐVHC (5 số)", "Tên xã/phường", "Ma tinh", "Tên tỉnh/thành", "Loại ĐVHC", "Dân số (người)",
                 "Diện tích (km2)"],
    "hamlets": ["Mã thôn/tổ dân phố", "Tên thôn, tổ dân phố", "Thuộc xã (mã)", "Số hộ gia đình"],
    "agencies": ["Mã cơ quan đơn vị", "Tên cơ quan đơn vị", "Cấp quản lý", "Khối/loại", "Mã ĐV cấp trên"],
    "officials": ["Mã CB", "Họ và tên cán bộ", "Đơn vị công tác (mã)", "Chức vụ hiện nay", "Là người đứng đầu (x)",
                  "Ngày bắt đầu", "Ngày kết thúc"],
    "assignments": ["Mã cán bộ phụ trách", "Mã xã được phân công", "Mã thôn phụ trách", "Định mức (buổi/tháng)",
                    "Phụ trách từ", "Phụ trách đến"],
    "visits": ["Mã buổi làm việc", "Ngày làm việc", "Xã (mã)", "Thôn/ấp (mã)", "Hình thức làm việc",
               "Đơn vị chủ trì (mã)", "Nội dung làm việc", "Tình trạng", "Số người dân đến dự"],
    "attendance": ["Visit ID", "Official ID", "Có tên trong DS", "Điểm danh (tình trạng)"],
    "feedback": ["Số phiếu ý kiến", "Ngày nhận ý kiến", "Xã nơi cư trú (mã)", "Tại buổi (mã)", "Kênh nhận",
                 "Lĩnh vực ý kiến", "Người ghi nhận (mã CB)", "Trả lời ngay tại chỗ", "Chuyển cho đơn vị (mã)",
                 "Ngày chuyển đi", "Hạn xử lý trả lời", "Ngày trả lời công dân", "Ngày giải quyết xong",
                 "Tóm tắt nội dung", "Họ tên cử tri", "SĐT cử tri"],
}
# Sheets and files named with other common words (none in table_aliases.csv).
OTHER_NAMES = {"communes": "DS xã phường 2026", "hamlets": "Danh mục thôn ấp", "agencies": "Cơ quan, đơn vị (tỉnh, xã)",
               "officials": "Cán bộ công chức - danh sách", "assignments": "Phân công địa bàn phụ trách",
               "visits": "Buổi làm việc tại cơ sở", "attendance": "Điểm danh cán bộ", "feedback": "Ý kiến cử tri"}


@case("names_outside_aliases", {"exit_code": 0, "same_as_fixture": list(TABLES), "warnings": {"unknown_column": 0},
                                "guessed_tables": {
                                    "bao_cao_huyen.xlsx [DS xã phường 2026]": "communes",
                                    "bao_cao_huyen.xlsx [Danh mục thôn ấp]": "hamlets",
                                    "bao_cao_huyen.xlsx [Cơ quan, đơn vị (tỉnh, xã)]": "agencies",
                                    "bao_cao_huyen.xlsx [Cán bộ công chức - danh sách]": "officials",
                                    "bao_cao_huyen.xlsx [Phân công địa bàn phụ trách]": "assignments",
                                    "Buoi lam viec tai co so.csv": "visits",
                                    "bao_cao_huyen.xlsx [Điểm danh cán bộ]": "attendance",
                                    "bao_cao_huyen.xlsx [Ý kiến cử tri]": "feedback"}})
def _(target: Path) -> None:
    """A workbook of sheets and a Windows-1258 CSV from another system: the acceptance case."""
    target.mkdir(parents=True, exist_ok=True)
    sheets = {}
    for table in TABLES:
        header, rows = read(table)
        assert len(OTHER_HEADERS[table]) == len(header)
        if table == "visits":
            decomposed = [[cp1258_form(value) for value in row] for row in rows]
            write_csv(target / "Buoi lam viec tai co so.csv", [cp1258_form(h) for h in OTHER_HEADERS[table]],
                      decomposed, encoding="cp1258", delimiter=";")
            continue
        sheets[OTHER_NAMES[table]] = (OTHER_HEADERS[table], rows)
    build_xlsx(target / "bao_cao_huyen.xlsx", sheets)


@case("ambiguous_column_stops", {"exit_code": 1, "error_contains": [
    "visits.csv", "không rõ cột nào là visit_date", "“Ngày lập kế hoạch”", "“Ngày thực hiện”", "--mapping"]})
def _(target: Path) -> None:
    """Two date columns, either of which could be the visit's date: the import must not choose."""
    copy_fixture(target)
    edit(target, "visits", lambda header, rows: (
        ["visit_id", "Ngày lập kế hoạch", "Ngày thực hiện", *header[2:]],
        [[row[0], "2024-12-20", row[1], *row[2:]] for row in rows]))


@case("ambiguous_table_stops", {"exit_code": 1, "error_contains": [
    "danh_muc.csv", "không rõ là bảng", "officials", "assignments"]})
def _(target: Path) -> None:
    """A file that has every required column of two tables: named by neither, it must stop."""
    copy_fixture(target)
    write_csv(target / "danh_muc.csv", ["Mã cán bộ", "Họ tên", "Mã đơn vị", "Mã xã", "Định mức", "Từ ngày"],
              [["CB0001", "Nguyễn Văn An", "DV01", "99001", "1", "2024-08-01"]])


@case("content_decides_between_columns", {"exit_code": 0, "same_as_fixture": ["visits"], "warnings": {"unknown_column": 1}})
def _(target: Path) -> None:
    """Two 'Trạng thái …' columns: only one holds the labels of a visit's status."""
    copy_fixture(target)
    edit(target, "visits", lambda header, rows: (
        [*header[:7], "Trạng thái tổ chức", "Trạng thái duyệt", header[8]],
        [[*row[:7], {"held": "Đã tổ chức", "cancelled": "Hủy", "planned": "Kế hoạch"}[row[7]], "Đã duyệt", row[8]]
         for row in rows]))


@case("several_files_for_one_table", {"exit_code": 2, "read": {"visits": 16, "feedback": 16}, "merged": {"visits": 1},
                                       "rejects": [["visits_quan_1.csv", 3, "visit_id", "duplicate_key"],
                                                   ["visits_quan_2.csv", 10, "visit_id", "duplicate_key"]],
                                       "cascade": True})
def _(target: Path) -> None:
    """Visits in one file per district, feedback in one file per quarter: unioned, each file
    accounted for; a row copied into both visits files merges, a row changed in the copy rejects both."""
    copy_fixture(target, skip=("visits", "feedback"))
    header, rows = read("visits")
    first, second = rows[:7], rows[7:]
    second = second + [list(rows[0]), [rows[1][0], rows[1][1], *rows[1][2:6], "Chủ đề khác", *rows[1][7:]]]
    write_csv(target / "visits_quan_1.csv", header, first)
    write_csv(target / "visits_quan_2.csv", header, second)
    header, rows = read("feedback")
    for index, part in enumerate((rows[:5], rows[5:10], rows[10:] + [list(rows[-1])]), start=1):
        write_csv(target / f"y_kien_quy_{index}.csv", header, part)


def build(root: Path) -> dict:
    if root.exists():
        shutil.rmtree(root)
    expected = {}
    for name, spec in CASES.items():
        spec["builder"](root / name)
        expected[name] = spec["expected"]
    (root / "expected.json").write_text(json.dumps(expected, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return expected


if __name__ == "__main__":
    build(HERE / "cases")
    print(f"built {len(CASES)} cases in {HERE / 'cases'}")
