"""The XLSX template users fill in: one sheet per table, Vietnamese headers, the contract's
example rows, and a notes sheet. Importing the template as is loads cleanly."""

from __future__ import annotations

import io

from outreach.ingest import contract


def template_bytes() -> bytes:
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    header_format = book.add_format({"bold": True, "bg_color": "#E8EEF4", "text_wrap": True, "valign": "top"})
    required_format = book.add_format({"bold": True, "bg_color": "#F9D9B8", "text_wrap": True, "valign": "top"})
    text_format = book.add_format({"num_format": "@"})
    notes = book.add_worksheet("Hướng dẫn")
    notes.set_column(0, 0, 110)
    lines = [
        "Mẫu nhập dữ liệu xuống cơ sở — mỗi trang tính là một bảng; giữ nguyên dòng tiêu đề.",
        "Ô tiêu đề màu cam là cột bắt buộc. Mã (mã xã, mã cán bộ, ...) là văn bản: giữ nguyên số 0 ở đầu.",
        "Ngày ghi dạng dd/mm/yyyy (31/12/2025). Có/không: có, không, x hoặc để trống.",
        "Điểm danh: Có mặt, Đến muộn, Vắng, Vắng có lý do. Trạng thái buổi: Kế hoạch, Đã tổ chức, Hủy.",
        "Các dòng ví dụ có thể xóa. Nạp: trang Dữ liệu, hoặc python -m outreach ingest TEP.xlsx",
    ]
    for row, line in enumerate(lines):
        notes.write(row, 0, line)
    for table in contract.TABLES:
        sheet = book.add_worksheet(table.title_vi[:31])
        for index, column in enumerate(table.columns):
            sheet.write(0, index, column.title_vi, required_format if column.required else header_format)
            sheet.set_column(index, index, max(14, len(column.title_vi) + 2),
                             text_format if column.type in (contract.TEXT, contract.DATE) else None)
            if column.allowed:
                sheet.data_validation(1, index, 5000, index, {
                    "validate": "list", "source": list(column.allowed.values()), "ignore_blank": True})
        for row, example in enumerate(table.example, start=1):
            for index, column in enumerate(table.columns):
                value = example.get(column.name, "")
                if value and column.type == contract.DATE:
                    year, month, day = value.split("-")
                    value = f"{day}/{month}/{year}"
                elif value and column.type == contract.ENUM:
                    value = column.allowed.get(value, value)
                sheet.write_string(row, index, value)
        sheet.freeze_panes(1, 0)
    book.close()
    return buffer.getvalue()
