"""Texts of the extract downloads (outreach/ui/downloads.py): the builder's notices and the answers of
the download route."""

TEXT = {
    "xb_no_route": {"vi": "Không tạo được đường tải: máy chủ này không có đường tải an toàn cho tệp trích xuất. "
                          "Hãy khởi động bảng điều khiển bằng `streamlit run dashboard.py`.",
                    "en": "No download link: this server has no safe download route for extracts. "
                          "Start the dashboard with `streamlit run dashboard.py`."},
    "xb_no_browser": {"vi": "Không tạo được đường tải: trình duyệt không gửi cookie phiên của bảng điều khiển "
                            "(cần bật server.enableXsrfProtection). Hãy tải lại trang rồi thử lại.",
                      "en": "No download link: the browser sent no dashboard session cookie (server.enableXsrfProtection "
                            "must be on). Reload the page and try again."},
    "xb_expires": {"vi": "Hết hạn lúc {time}.", "en": "Expires at {time}."},
    "dl_gone": {"vi": "Tệp không còn: đường tải đã hết hạn ({minutes} phút) hoặc tệp đã bị xoá. "
                      "Hãy tạo lại tệp ở trang Dữ liệu.",
                "en": "The file is gone: the link expired ({minutes} minutes) or the file was removed. "
                      "Prepare it again on the Data page."},
    "dl_refused": {"vi": "Không được tải tệp này: đường tải chỉ dùng được trong phiên đăng nhập đã tạo tệp, trên cùng "
                         "trình duyệt, khi tài khoản vẫn có quyền với bảng trích xuất này.",
                   "en": "This file may not be downloaded: the link works only in the signed-in session that prepared "
                         "it, in the same browser, while the account may still run this extract."},
}
