"""The framework's own words (Streamlit's menus, status, widgets, table toolbar and uploader) in
Vietnamese. Streamlit has no translation of its interface: outreach/ui/framework_words.py puts
these on the page in Vietnamese mode, in text, tooltips (aria-label, title) and placeholders.

WORDS: the English text exactly as Streamlit writes it -> Vietnamese. PATTERNS: texts with a
number or a name inside ("200MB per file"), as (regular expression, replacement with $1 …).
Neither is part of TEXT: the English side is the framework's, not ours.
"""

WORDS = {
    # Status of a run (top right while a page computes) and connection.
    "Running...": "Đang tính…",
    "Stop": "Dừng",
    "Rerun": "Chạy lại",
    "Always rerun": "Luôn chạy lại",
    "Connecting": "Đang kết nối",
    "Please wait...": "Xin chờ…",
    "Connection error": "Mất kết nối",
    "Source file changed.": "Mã nguồn đã đổi.",
    # Page frame.
    "Skip to main content": "Chuyển đến nội dung chính",
    "Main menu": "Trình đơn",
    "Sidebar": "Thanh bên",
    "Collapse sidebar": "Thu gọn thanh bên",
    "Expand sidebar": "Mở thanh bên",
    "Link to heading": "Liên kết đến tiêu đề",
    "Close": "Đóng",
    "Open": "Mở",
    "Copy to clipboard": "Sao chép",
    "Map": "Bản đồ",
    "Toggle attribution": "Hiện/ẩn nguồn bản đồ",
    "Print": "In",
    "Settings": "Cài đặt",
    "Clear cache": "Xóa bộ nhớ đệm",
    "Record a screencast": "Quay màn hình",
    "About": "Giới thiệu",
    "Made with Streamlit": "Xây dựng bằng Streamlit",
    # Choice widgets.
    "Choose an option": "Chọn một mục",
    "Choose options": "Chọn các mục",
    "No results": "Không có kết quả",
    "Select all": "Chọn tất cả",
    "Clear all": "Bỏ chọn tất cả",
    "Clear value": "Xóa lựa chọn",
    "Selected values": "Các mục đã chọn",
    "Decrement": "Giảm",
    "Increment": "Tăng",
    "Show password": "Hiện mật khẩu",
    "Hide password": "Ẩn mật khẩu",
    # The table toolbar and its menus (the CSV download is off: disableDataExport).
    "Search": "Tìm trong bảng",
    "Type to search": "Gõ để tìm",
    "Fullscreen": "Toàn màn hình",
    "Close fullscreen": "Thoát toàn màn hình",
    "Show/hide columns": "Hiện/ẩn cột",
    "Download as CSV": "Tải CSV",
    "Sort ascending": "Sắp xếp tăng dần",
    "Sort descending": "Sắp xếp giảm dần",
    "Autosize": "Tự co giãn",
    "Pin column": "Ghim cột",
    "Unpin column": "Bỏ ghim cột",
    "Hide column": "Ẩn cột",
    "Format": "Định dạng",
    "Automatic": "Tự động",
    "Localized": "Theo ngôn ngữ",
    "Plain": "Số thường",
    "Compact": "Rút gọn",
    "Dollar": "Đô la",
    "Euro": "Euro",
    "Percent": "Phần trăm",
    "Scientific": "Khoa học",
    "Engineering": "Kỹ thuật",
    "Accounting": "Kế toán",
    "Distance": "Khoảng cách",
    "Calendar": "Lịch",
    "Relative": "Tương đối",
    # The file uploader.
    "Drag and drop files here": "Kéo thả tệp vào đây",
    "Drag and drop a file here": "Kéo thả một tệp vào đây",
    "Drag and drop directories here": "Kéo thả thư mục vào đây",
    "Upload": "Chọn tệp",
    "Browse files": "Chọn tệp",
    "file upload": "tải tệp lên",
    "Remove file": "Bỏ tệp",
    "Delete": "Xóa",
    "Uploading...": "Đang tải lên…",
}

PATTERNS = [
    (r"^(\S+) per file$", "Tối đa $1 mỗi tệp"),
    (r"^Press Enter to (apply|submit)$", "Nhấn Enter để áp dụng"),
    (r"^Select (\d+) matches$", "Chọn $1 mục khớp"),
    (r"^Showing page (\d+) of (\d+)$", "Trang $1 / $2"),
    (r"^([a-z_]+) icon$", "biểu tượng"),
    (r"^You can only select up to (\d+) (\w+)\. Remove an option first\.$", "Chỉ chọn được tối đa $1 mục. Bỏ bớt một mục trước."),
]
