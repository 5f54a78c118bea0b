"""Texts of the Data page (Dữ liệu)."""

TEXT = {
    "dp_tab_import": {"vi": "Nạp dữ liệu", "en": "Import"},
    "dp_tab_report": {"vi": "Kết quả kiểm tra", "en": "Validation report"},
    "dp_tab_history": {"vi": "Lịch sử nạp", "en": "Import history"},
    "dp_tab_extracts": {"vi": "Trích xuất", "en": "Extracts"},
    "dp_fixable": {"vi": "Tệp {count} dòng bị loại để sửa: mỗi dòng có khóa, lý do và toàn bộ dòng như đã đọc. Sửa "
                         "các ô, xóa dòng không cần sửa, rồi nạp lại chính tệp này: chỉ các dòng trong tệp được kiểm "
                         "tra và nạp thêm vào dữ liệu hiện có.",
                   "en": "The {count} rejected rows to fix: each line has the key, the reason and the whole row as "
                         "read. Correct the cells, delete the lines not worth fixing and import this file back: only "
                         "its rows are checked and added to the current data."},
    "map_title": {"vi": "Ánh xạ bảng và cột", "en": "Map tables and columns"},
    "map_intro": {"vi": "Có tệp hoặc trang tính chưa xác định được là bảng nào, hoặc thiếu cột bắt buộc. Chọn bảng và "
                        "cột nguồn cho từng cột (các phỏng đoán đã được chọn sẵn), đặt tên rồi lưu: lần nạp sau, tệp "
                        "có cùng các tiêu đề sẽ được đọc theo ánh xạ này mà không hỏi lại. Lưu xong, bấm nạp lại.",
                  "en": "A file or sheet could not be matched to a table, or lacks a required column. Choose the table "
                        "and a source column for each column (the guesses are preselected), name the mapping and save "
                        "it: the next import reads files with the same headers this way without asking. Then import "
                        "again."},
    "map_table": {"vi": "Bảng", "en": "Table"},
    "map_values": {"vi": "Giá trị: {values}", "en": "Values: {values}"},
    "map_no_values": {"vi": "(trống)", "en": "(empty)"},
    "map_in_question": {"vi": "Chưa chọn được giữa {headers}", "en": "Could not choose between {headers}"},
    "map_name": {"vi": "Tên ánh xạ", "en": "Mapping name"},
    "map_save": {"vi": "Lưu ánh xạ", "en": "Save the mapping"},
    "map_missing": {"vi": "Còn thiếu cột bắt buộc: {columns}", "en": "Required columns still missing: {columns}"},
    "map_twice": {"vi": "Một cột nguồn được chọn cho hai cột.", "en": "One source column is chosen for two columns."},
    "map_saved": {"vi": "Đã lưu ánh xạ “{name}”. Bấm nạp lại các tệp: ánh xạ sẽ được dùng.",
                  "en": "Mapping “{name}” saved. Import the files again: it will be used."},
    "map_guesses": {"vi": "Tên bảng, tên cột được nhận ra theo phỏng đoán ({count})",
                    "en": "Table and column names recognised by a guess ({count})"},
    "map_guesses_help": {"vi": "Các tên không có trong bảng tên gọi nhưng đủ gần, hoặc được xác định theo nội dung. "
                               "Nếu có phỏng đoán sai, lưu một ánh xạ cho tệp đó.",
                         "en": "Names not in the alias tables but close enough, or decided by their contents. If one is "
                               "wrong, save a mapping for that file."},
    "map_col_file": {"vi": "Tệp", "en": "File"},
    "map_col_sheet": {"vi": "Trang tính", "en": "Sheet"},
    "map_col_table_name": {"vi": "Bảng", "en": "Table"},
    "map_col_column": {"vi": "Cột", "en": "Column"},
    "map_col_header": {"vi": "Tiêu đề trong tệp", "en": "Header in the file"},
    "map_col_message": {"vi": "Phỏng đoán", "en": "Guess"},
    "map_profiles": {"vi": "Ánh xạ đã lưu ({count})", "en": "Saved mappings ({count})"},
    "map_profiles_none": {"vi": "Chưa có ánh xạ nào. Ánh xạ được lưu ở bước ánh xạ khi một tệp chưa nhận ra được.",
                          "en": "No mapping yet. A mapping is saved in the mapping step when a file is not recognised."},
    "map_profile_line": {"vi": "**{name}** (lưu lúc {saved}): {sources}", "en": "**{name}** (saved {saved}): {sources}"},
    "map_download": {"vi": "Tải ánh xạ (JSON)", "en": "Download the mapping (JSON)"},
    "dp_upload_intro": {
        "vi": "Chọn các tệp xuất từ hệ thống của tỉnh, xã, phường: CSV (UTF-8, UTF-16 hoặc Windows-1258; dấu phẩy, "
              "chấm phẩy hoặc tab), Excel (mỗi bảng một trang tính hoặc một tệp) hoặc Parquet; có thể kèm tệp ranh "
              "giới xã (GeoJSON, GeoPackage, Shapefile nén zip). Tiêu đề cột tiếng Việt hay tiếng Anh, có dấu hay "
              "không dấu đều được. **Tối đa {limit} MB mỗi tệp.**",
        "en": "Choose the files exported from the province and commune systems: CSV (UTF-8, UTF-16 or Windows-1258; "
              "comma, semicolon or tab), Excel (one sheet or one file per table) or Parquet; optionally a commune "
              "boundary file (GeoJSON, GeoPackage, zipped Shapefile). Headers in Vietnamese or English, with or "
              "without accents. **At most {limit} MB per file.**",
    },
    "dp_uploader": {"vi": "Tệp dữ liệu", "en": "Data files"},
    "dp_import_upload": {"vi": "Kiểm tra và nạp các tệp đã chọn", "en": "Check and import the chosen files"},
    "dp_folder": {"vi": "Hoặc nạp từ một thư mục trên máy chủ", "en": "Or import a folder on the server"},
    "dp_folder_path": {"vi": "Đường dẫn thư mục", "en": "Folder path"},
    "dp_import_folder": {"vi": "Nạp thư mục", "en": "Import the folder"},
    "dp_folder_missing": {"vi": "Không tìm thấy thư mục {path}.", "en": "No folder at {path}."},
    "dp_folder_outside": {"vi": "Không nạp thư mục {path}: chỉ được nạp từ các thư mục dữ liệu đã cấu hình trên máy "
                                "chủ ({roots}; mục [import] folder_roots).",
                          "en": "Not importing {path}: only the data folders configured on the server may be "
                                "imported ({roots}; [import] folder_roots)."},
    "dp_folder_link_outside": {"vi": "Không nạp thư mục này: tệp {name} là liên kết tới một nơi ngoài các thư mục dữ "
                                     "liệu được phép.",
                               "en": "Not importing this folder: {name} links to a place outside the allowed data "
                                     "folders."},
    "dp_upload_source": {"vi": "tải lên: {files}", "en": "uploaded: {files}"},
    "dp_nothing_chosen": {"vi": "Chưa chọn tệp nào.", "en": "No file chosen."},
    "dp_too_large": {"vi": "Tệp {name} nặng {size} MB, vượt giới hạn {limit} MB: không nạp. Hãy tách tệp hoặc "
                           "nhờ quản trị viên nạp bằng lệnh `python -m outreach ingest`.",
                     "en": "{name} is {size} MB, above the {limit} MB limit: not imported. Split it, or ask an "
                           "administrator to run `python -m outreach ingest`."},
    "dp_reading": {"vi": "Đang đọc", "en": "Reading"},
    "dp_read_done": {"vi": "Đã đọc", "en": "Read"},
    "dp_checking": {"vi": "Đang kiểm tra và dựng cơ sở dữ liệu mới…", "en": "Checking and building the new database…"},
    "dp_result_clean": {"vi": "Đã nạp xong, không dòng nào bị loại. Cơ sở dữ liệu mới đã thay thế bản cũ.",
                        "en": "Imported with no row rejected. The new database has replaced the old one."},
    "dp_result_rejected": {"vi": "Đã nạp; {count} dòng bị loại (xem lý do bên dưới và tải danh sách). "
                                 "Cơ sở dữ liệu mới đã thay thế bản cũ.",
                           "en": "Imported; {count} rows rejected (see the reasons below and download the list). "
                                 "The new database has replaced the old one."},
    "dp_result_failed": {"vi": "Không nạp được: {error} Cơ sở dữ liệu cũ vẫn giữ nguyên.",
                         "en": "Import failed: {error} The previous database is unchanged."},
    "dp_accounting": {"vi": "Đối soát từng tệp: đọc = nạp + loại + gộp trùng", "en": "Per file: read = loaded + rejected + merged"},
    "dp_problems_by_reason": {"vi": "Vấn đề theo lý do", "en": "Problems by reason"},
    "dp_problems_all": {"vi": "Tải toàn bộ danh sách dòng bị loại và cảnh báo", "en": "Download every rejected row and warning"},
    "dp_no_problems": {"vi": "Lần nạp gần nhất không có dòng bị loại hay cảnh báo.", "en": "The last import had no rejected row or warning."},
    "dp_last_import": {"vi": "Lần nạp gần nhất: {when} · nguồn “{source}” · số liệu đến ngày {as_of}",
                       "en": "Last import: {when} · source “{source}” · data as of {as_of}"},
    "dp_freshness": {"vi": "Độ mới của từng bảng", "en": "Freshness of each table"},
    "dp_template": {"vi": "Tải mẫu nhập liệu (Excel)", "en": "Download the input template (Excel)"},
    "dp_template_help": {"vi": "Mỗi bảng một trang tính, tiêu đề tiếng Việt, một dòng ví dụ.",
                         "en": "One sheet per table, Vietnamese headers, example rows."},
    "dp_history_empty": {"vi": "Chưa có lần nạp nào được ghi lại.", "en": "No import recorded yet."},
    "dp_extract_choose": {"vi": "Chọn bảng trích xuất", "en": "Choose an extract"},
    "dp_extract_preview": {"vi": "Xem trước {shown} / {total} dòng", "en": "Preview of {shown} / {total} rows"},
    "dpcol_table_name": {"vi": "Bảng", "en": "Table"},
    "dpcol_table": {"vi": "Bảng", "en": "Table"},
    "dpcol_file": {"vi": "Tệp", "en": "File"},
    "dpcol_sheet": {"vi": "Trang tính", "en": "Sheet"},
    "dpcol_rows_read": {"vi": "Đọc", "en": "Read"},
    "dpcol_rows_loaded": {"vi": "Đã nạp", "en": "Loaded"},
    "dpcol_rows_rejected": {"vi": "Bị loại", "en": "Rejected"},
    "dpcol_rows_merged": {"vi": "Trùng đã gộp", "en": "Duplicates merged"},
    "dpcol_balanced": {"vi": "Khớp", "en": "Adds up"},
    "dpcol_sha256": {"vi": "Mã băm SHA-256", "en": "SHA-256"},
    "dpcol_outcome": {"vi": "Kết quả", "en": "Outcome"},
    "dpcol_reason": {"vi": "Lý do", "en": "Reason"},
    "dpcol_problems": {"vi": "Số dòng", "en": "Rows"},
    "dpcol_tables": {"vi": "Bảng", "en": "Tables"},
    "dpcol_example_message": {"vi": "Ví dụ", "en": "Example"},
    "dpcol_example_position": {"vi": "Vị trí ví dụ", "en": "Where"},
    "dpcol_row": {"vi": "Dòng", "en": "Row"},
    "dpcol_column": {"vi": "Cột", "en": "Column"},
    "dpcol_value": {"vi": "Giá trị", "en": "Value"},
    "dpcol_message": {"vi": "Chi tiết", "en": "Detail"},
    "dpcol_latest_date": {"vi": "Ngày mới nhất", "en": "Latest date"},
    "dpcol_imported_at": {"vi": "Thời điểm nạp", "en": "Imported at"},
    "dpcol_outcome": {"vi": "Kết quả", "en": "Result"},
    "dp_outcome_clean": {"vi": "Sạch", "en": "Clean"},
    "dp_outcome_failed": {"vi": "Thất bại, giữ dữ liệu cũ", "en": "Failed, old data kept"},
    "dp_outcome_some_rejected": {"vi": "Có dòng bị loại", "en": "Some rows rejected"},
    "dpcol_exit_code": {"vi": "Mã kết quả (0 sạch, 2 có loại, 1 lỗi)", "en": "Exit code (0 clean, 2 rejected rows, 1 failed)"},
    "dpcol_source": {"vi": "Nguồn", "en": "Source"},
    "dpcol_files": {"vi": "Tệp (mã băm)", "en": "Files (checksum)"},
    "dpcol_as_of": {"vi": "Số liệu đến ngày", "en": "Data as of"},
    "dpcol_error": {"vi": "Lỗi", "en": "Error"},
    "dp_outcome_rejected": {"vi": "Bị loại", "en": "Rejected"},
    "dp_outcome_warning": {"vi": "Cảnh báo (vẫn nạp)", "en": "Warning (kept)"},
}

DEFINITIONS = {
    "dp_files": {
        "vi": "Mỗi tệp của lần nạp gần nhất: số dòng đọc được = số dòng nạp + số dòng bị loại + số dòng gộp vì trùng; "
              "không dòng nào bị mất mà không được báo.",
        "en": "Each file of the latest import: rows read = rows loaded + rows rejected + rows merged as duplicates; "
              "no row is lost unreported.",
    },
    "dp_problems": {
        "vi": "Các dòng bị loại và cảnh báo của lần nạp gần nhất, gộp theo lý do: bao nhiêu, ở bảng nào, ví dụ đầu tiên; "
              "dòng bị loại không được nạp, dòng có cảnh báo vẫn được nạp. Tệp tải về liệt kê từng dòng với tệp, số dòng "
              "và cột.",
        "en": "The latest import's rejected rows and warnings by reason: how many, in which tables, the first example; a "
              "rejected row is not loaded, a warned one is. The download lists each row with its file, row number and "
              "column.",
    },
    "dp_freshness": {
        "vi": "Với mỗi bảng: số dòng đã nạp và ngày mới nhất bảng đó có (ngày buổi, ngày tiếp nhận, ngày bắt đầu phân công…).",
        "en": "For each table: the rows loaded and the latest date it holds (visit date, received date, assignment start…).",
    },
}
