"""Texts of sign-in and roles, the extract builder and the chart-data downloads."""

TEXT = {
    # sign-in and roles
    "acc_sign_in_title": {"vi": "Đăng nhập", "en": "Sign in"},
    "acc_user": {"vi": "Tên đăng nhập", "en": "User name"},
    "acc_password": {"vi": "Mật khẩu", "en": "Password"},
    "acc_sign_in": {"vi": "Đăng nhập", "en": "Sign in"},
    "acc_sign_out": {"vi": "Đăng xuất", "en": "Sign out"},
    "acc_wrong": {"vi": "Sai tên đăng nhập hoặc mật khẩu.", "en": "Wrong user name or password."},
    "acc_expired": {"vi": "Phiên làm việc đã hết hạn. Vui lòng đăng nhập lại.",
                    "en": "Your session has expired. Please sign in again."},
    "acc_sign_in_help": {"vi": "Chưa có tài khoản? Nhờ quản trị viên tạo bằng lệnh "
                               "`python -m outreach users add TÊN --role ...`.",
                         "en": "No account? Ask the administrator to create one with "
                               "`python -m outreach users add NAME --role ...`."},
    "acc_locked": {"vi": "Đăng nhập tạm thời bị khoá do nhập sai mật khẩu nhiều lần. Vui lòng thử lại sau {time} "
                         "(khoảng {minutes} phút nữa).",
                   "en": "Sign-in is locked for a while after too many wrong passwords. Please try again after "
                         "{time} (in about {minutes} minutes)."},
    "acc_password_changed": {"vi": "Mật khẩu của tài khoản đã được đổi. Vui lòng đăng nhập lại bằng mật khẩu mới.",
                             "en": "The account's password has been changed. Please sign in again with the new "
                                   "password."},
    "acc_users_file_writable": {
        "vi": "Không dùng tệp tài khoản {path}: nhóm hoặc người dùng khác có quyền ghi tệp (hoặc thư mục chứa tệp), "
              "nên bất kỳ ai cũng có thể thêm tài khoản. Quản trị viên cần kiểm tra các tài khoản trong tệp rồi "
              "chạy `chmod 600` cho tệp.",
        "en": "The accounts file {path} is not used: group or others may write it (or its folder), so anyone could "
              "add an account. The administrator must check its accounts, then run `chmod 600` on it."},
    "acc_users_file_owner": {
        "vi": "Không dùng tệp tài khoản {path}: tệp thuộc về một người dùng khác của máy chủ. Tệp phải thuộc về "
              "người dùng chạy bảng điều khiển.",
        "en": "The accounts file {path} is not used: it belongs to another user of the server. It must belong to "
              "the user running the dashboard."},
    "acc_users_file_unreadable": {
        "vi": "Không đọc được tệp tài khoản {path}. Quản trị viên cần kiểm tra tệp.",
        "en": "The accounts file {path} cannot be read. The administrator must check it."},
    "acc_config_masked": {
        "vi": "Không dùng được tệp cấu hình ({problem}): họ tên và số điện thoại của người dân được che.",
        "en": "No settings file is in use ({problem}): citizen names and phones are masked."},
    "acc_signed_in_as": {"vi": "Đăng nhập: **{name}** ({role})", "en": "Signed in: **{name}** ({role})"},
    "acc_role_leader": {"vi": "lãnh đạo", "en": "leader"},
    "acc_role_analyst": {"vi": "chuyên viên phân tích", "en": "analyst"},
    "acc_role_commune_officer": {"vi": "cán bộ xã", "en": "commune officer"},
    "acc_commune_locked": {"vi": "Tài khoản cán bộ xã chỉ xem được số liệu của xã mình.",
                           "en": "A commune officer's account sees its own commune only."},
    "acc_refused": {"vi": "Tài khoản của bạn không được xem nội dung này. ({detail})",
                    "en": "Your account may not see this. ({detail})"},
    "acc_no_citizen_download": {"vi": "Tải danh sách từng ý kiến của người dân không dành cho vai trò lãnh đạo.",
                                "en": "Row-level citizen lists are not downloadable for the leader role."},
    "acc_no_import": {"vi": "Chỉ chuyên viên phân tích được nạp dữ liệu (nạp mới thay số liệu của mọi người dùng).",
                      "en": "Only analysts may import data (an import replaces everyone's figures)."},
    "acc_no_import_report": {"vi": "Báo cáo kiểm tra và lịch sử nạp gồm dòng của mọi xã: không dành cho tài khoản cán bộ xã.",
                             "en": "The validation report and import history list rows of every commune: not for a "
                                   "commune officer's account."},
    # audit log (Data page, analysts)
    "dp_tab_audit": {"vi": "Nhật ký truy cập", "en": "Audit log"},
    "au_intro": {"vi": "Ai đã làm gì và khi nào: đăng nhập, đăng xuất, khoá đăng nhập, nạp dữ liệu, trích xuất và "
                       "tải tệp ({count} sự kiện gần nhất, mới nhất trước). Nhật ký không ghi mật khẩu hay dữ liệu "
                       "cá nhân của người dân. Tệp: {path}",
                 "en": "Who did what and when: sign-ins, sign-outs, lockouts, imports, extracts and downloads (the "
                       "{count} latest events, newest first). The log holds no password and no citizen's personal "
                       "data. File: {path}"},
    "au_empty": {"vi": "Nhật ký chưa có sự kiện nào.", "en": "The log has no event yet."},
    "au_col_at": {"vi": "Thời điểm", "en": "When"},
    "au_col_event": {"vi": "Sự kiện", "en": "Event"},
    "au_col_user": {"vi": "Người dùng", "en": "User"},
    "au_col_client": {"vi": "Máy truy cập", "en": "Client"},
    "au_col_details": {"vi": "Chi tiết", "en": "Details"},
    "au_unknown_user": {"vi": "(tên không có trong danh sách)", "en": "(name not among the accounts)"},
    "au_event_sign_in": {"vi": "Đăng nhập", "en": "Signed in"},
    "au_event_sign_in_failed": {"vi": "Đăng nhập sai", "en": "Sign-in failed"},
    "au_event_sign_in_locked": {"vi": "Đăng nhập khi đang bị khoá", "en": "Sign-in while locked"},
    "au_event_lockout": {"vi": "Khoá đăng nhập", "en": "Lockout"},
    "au_event_sign_out": {"vi": "Đăng xuất", "en": "Signed out"},
    "au_event_session_ended": {"vi": "Kết thúc phiên", "en": "Session ended"},
    "au_event_import_start": {"vi": "Bắt đầu nạp dữ liệu", "en": "Import started"},
    "au_event_import_end": {"vi": "Kết thúc nạp dữ liệu", "en": "Import finished"},
    "au_event_export": {"vi": "Trích xuất", "en": "Extract"},
    "au_event_export_refused": {"vi": "Trích xuất bị từ chối", "en": "Extract refused"},
    "au_event_download": {"vi": "Tải tệp", "en": "Download"},
    "au_event_account_changed": {"vi": "Thay đổi tài khoản", "en": "Account changed"},
    # downloads of chart data
    "dl_chart_data": {"vi": "Số liệu của biểu đồ", "en": "Data behind the chart"},
    # extract builder
    "xb_intro": {"vi": "Chọn bảng trích xuất, các cột cần lấy và xem trước. Bộ lọc kỳ báo cáo, xã và đơn vị lấy từ "
                       "thanh bên. Tệp lớn được DuckDB ghi thẳng ra đĩa rồi tải về, không dựng trong bộ nhớ.",
                 "en": "Choose an extract and its columns, and preview it. The period, commune and agency filters "
                       "come from the sidebar. Large files are written to disk by DuckDB and downloaded from there, "
                       "never built in memory."},
    "xb_filters": {"vi": "Bộ lọc đang áp dụng: {filters}", "en": "Filters applied: {filters}"},
    "xb_all_communes_agencies": {"vi": "mọi xã, phường; mọi đơn vị", "en": "all communes; all agencies"},
    "xb_columns": {"vi": "Cột", "en": "Columns"},
    "xb_columns_placeholder": {"vi": "Để trống = mọi cột", "en": "Empty = every column"},
    "xb_preview": {"vi": "Xem trước {shown} dòng đầu / {total} dòng", "en": "First {shown} of {total} rows"},
    "table_first_rows": {
        "vi": "Bảng hiển thị {shown} dòng đầu trong {total} dòng (theo thứ tự của bảng); nút “Tải về” của bảng cho "
              "tệp CSV hoặc Excel đủ mọi dòng.",
        "en": "The table shows the first {shown} of {total} rows (in the table's order); the table's “Download” "
              "button gives a CSV or Excel file with every row.",
    },
    "xb_needs_commune": {"vi": "Bảng này là số liệu của một xã: hãy chọn xã, phường ở thanh bên.",
                         "en": "This extract is about one commune: choose a commune in the sidebar."},
    "xb_format": {"vi": "Định dạng tệp", "en": "File format"},
    "xb_prepare": {"vi": "Tạo tệp để tải", "en": "Prepare the file"},
    "xb_ready": {"vi": "Đã ghi {rows} dòng ({size}) trong {seconds} giây.", "en": "Wrote {rows} rows ({size}) in {seconds} s."},
    "xb_download": {"vi": "Tải tệp {name}", "en": "Download {name}"},
    "xb_link_note": {"vi": "Liên kết chỉ dành cho phiên này và tự xoá sau {minutes} phút.",
                     "en": "The link is for this session only and is deleted after {minutes} minutes."},
    "xb_too_big_xlsx": {"vi": "Quá nhiều dòng cho một trang Excel: hãy chọn CSV.",
                        "en": "Too many rows for one Excel sheet: choose CSV."},
    "xb_none": {"vi": "Tài khoản của bạn không có bảng trích xuất nào.", "en": "Your account has no extract."},
    "xb_personal_masked": {"vi": "Họ tên và số điện thoại của người dân được che (tài khoản không có quyền xem dữ liệu cá nhân).",
                           "en": "Citizen names and phones are masked (the account has no personal-data permission)."},
}

DEFINITIONS: dict[str, dict[str, str]] = {}
