"""Vietnamese word lists for the demo generators (outreach/demo/).

Plain data: names, places, agencies, positions, topics and feedback summaries. Weights are
rough shares, not statistics.
"""

from __future__ import annotations

PROVINCE_CODE = "99"
PROVINCE_NAME = "Tỉnh Sông Mây"

# Family names with rough shares of the population (Nguyễn alone is close to 4 in 10).
FAMILY_NAMES: tuple[tuple[str, float], ...] = (
    ("Nguyễn", 38.0), ("Trần", 11.0), ("Lê", 9.5), ("Phạm", 7.0), ("Huỳnh", 4.0),
    ("Hoàng", 2.5), ("Phan", 4.5), ("Vũ", 2.0), ("Võ", 3.5), ("Đặng", 2.1), ("Bùi", 2.0),
    ("Đỗ", 1.4), ("Hồ", 1.3), ("Ngô", 1.3), ("Dương", 1.0), ("Lý", 0.5), ("Trương", 1.0),
    ("Đinh", 0.6), ("Lâm", 0.5), ("Mai", 0.4), ("Châu", 0.3), ("Tạ", 0.2),
)

MALE_MIDDLE: tuple[tuple[str, float], ...] = (
    ("Văn", 30.0), ("Minh", 10.0), ("Đức", 8.0), ("Hữu", 8.0), ("Thanh", 7.0), ("Quốc", 6.0),
    ("Công", 5.0), ("Hoàng", 4.0), ("Tấn", 5.0), ("Ngọc", 3.0), ("Xuân", 3.0), ("Trung", 3.0),
    ("Anh", 3.0), ("Thành", 3.0), ("Văn Minh", 1.0), ("Hữu Quang", 1.0),
)
FEMALE_MIDDLE: tuple[tuple[str, float], ...] = (
    ("Thị", 40.0), ("Ngọc", 8.0), ("Thanh", 6.0), ("Thu", 5.0), ("Kim", 5.0), ("Mỹ", 4.0),
    ("Thị Bích", 4.0), ("Thị Thu", 4.0), ("Thị Kim", 3.0), ("Thị Ngọc", 3.0), ("Hồng", 3.0),
    ("Minh", 3.0), ("Phương", 2.0), ("Diệu", 1.0), ("Bảo", 1.0),
)
MALE_GIVEN: tuple[str, ...] = (
    "An", "Bình", "Cường", "Dũng", "Hùng", "Hải", "Hiếu", "Hoàng", "Huy", "Khang", "Khoa",
    "Kiên", "Long", "Minh", "Nam", "Nghĩa", "Phong", "Phúc", "Quang", "Sơn", "Tài", "Thắng",
    "Thành", "Trung", "Tuấn", "Việt", "Vinh", "Đạt", "Đông", "Hưng", "Lâm", "Lộc", "Tâm",
    "Thịnh", "Toàn", "Trí", "Tú", "Bảo", "Duy", "Hiển", "Khánh", "Luân", "Nhân", "Phát",
    "Quân", "Tín", "Thông", "Vũ",
)
FEMALE_GIVEN: tuple[str, ...] = (
    "Anh", "Bích", "Châu", "Dung", "Giang", "Hà", "Hạnh", "Hằng", "Hiền", "Hoa", "Hồng",
    "Hương", "Lan", "Liên", "Linh", "Loan", "Mai", "My", "Nga", "Ngân", "Ngọc", "Nhung",
    "Oanh", "Phương", "Quyên", "Tâm", "Thảo", "Thu", "Thủy", "Trang", "Trinh", "Tuyết",
    "Vân", "Vy", "Yến", "Diễm", "Huyền", "Kiều", "Nhi", "Thư",
)

# Two-syllable place names are built from these, the way many southern names are.
PLACE_FIRST: tuple[str, ...] = (
    "Tân", "Bình", "Phước", "Long", "An", "Hòa", "Thạnh", "Mỹ", "Vĩnh", "Phú", "Hiệp",
    "Thuận", "Xuân", "Hưng", "Minh", "Đức", "Lộc", "Thành", "Quang", "Định", "Nhơn", "Khánh",
)
PLACE_SECOND: tuple[str, ...] = (
    "Phú", "An", "Hòa", "Lợi", "Thành", "Hưng", "Thạnh", "Đông", "Tây", "Bình", "Long", "Mỹ",
    "Điền", "Lộc", "Thọ", "Khánh", "Sơn", "Hải", "Hiệp", "Tân", "Phước", "Thuận", "Trung",
    "Nghĩa", "Quới", "Định",
)
SPECIAL_ZONE_NAME = "Mây Sơn"

HAMLET_NAMED: tuple[str, ...] = (
    "Bàu Sen", "Cây Điệp", "Bến Đò", "Suối Cát", "Trảng Lớn", "Đồng Sến", "Bưng Cầu",
    "Rạch Bắp", "Chợ", "Mới", "Giồng Lớn", "Bàu Tre", "Cây Da", "Suối Đá", "Gò Mối", "Bến Súc",
    "Láng Cát", "Ông Hường", "Bà Tri", "Cầu Sắt", "Xóm Bưng", "Lò Gạch", "Sóc Ruộng",
    "Đất Đỏ", "Bình Thới", "Hòa Lân", "Tân Định", "Phú Thọ", "Trảng Dài", "Bàu Bàng",
)
THON_NAMED: tuple[str, ...] = (
    "Đông", "Tây", "Nam", "Bắc", "Trung", "Thượng", "Hạ", "Tân Lập", "Tân Hợp", "Phú Lợi",
    "Đồng Tâm", "Quyết Thắng", "Hòa Bình", "Tiến Thành",
)

# (name, agency_type, kind, weight for the number of officials)
PROVINCIAL_AGENCIES: tuple[tuple[str, str, str, float], ...] = (
    ("Ban Tuyên giáo và Dân vận Tỉnh ủy", "Đảng", "ban", 1.2),
    ("Ban Tổ chức Tỉnh ủy", "Đảng", "ban", 0.8),
    ("Ủy ban Kiểm tra Tỉnh ủy", "Đảng", "ban", 0.6),
    ("Văn phòng Tỉnh ủy", "Đảng", "ban", 0.6),
    ("Ban Nội chính Tỉnh ủy", "Đảng", "ban", 0.6),
    ("Ủy ban MTTQ Việt Nam tỉnh", "Mặt trận", "mttq", 1.3),
    ("Hội Nông dân tỉnh", "Đoàn thể", "hoi", 1.2),
    ("Hội Liên hiệp Phụ nữ tỉnh", "Đoàn thể", "hoi", 1.1),
    ("Tỉnh đoàn", "Đoàn thể", "doan", 1.0),
    ("Hội Cựu chiến binh tỉnh", "Đoàn thể", "hoi", 0.7),
    ("Liên đoàn Lao động tỉnh", "Đoàn thể", "hoi", 0.8),
    ("Văn phòng Đoàn ĐBQH và HĐND tỉnh", "Dân cử", "van_phong", 0.6),
    ("Văn phòng UBND tỉnh", "Chính quyền", "van_phong", 0.8),
    ("Sở Nông nghiệp và Môi trường", "Chính quyền", "so", 1.4),
    ("Sở Xây dựng", "Chính quyền", "so", 1.0),
    ("Sở Y tế", "Chính quyền", "so", 1.0),
    ("Sở Giáo dục và Đào tạo", "Chính quyền", "so", 1.0),
    ("Sở Tài chính", "Chính quyền", "so", 0.9),
    ("Sở Nội vụ", "Chính quyền", "so", 0.9),
    ("Sở Tư pháp", "Chính quyền", "so", 0.7),
    ("Sở Công Thương", "Chính quyền", "so", 0.8),
    ("Sở Khoa học và Công nghệ", "Chính quyền", "so", 0.7),
    ("Sở Văn hóa, Thể thao và Du lịch", "Chính quyền", "so", 0.7),
    ("Sở Dân tộc và Tôn giáo", "Chính quyền", "so", 0.6),
    ("Thanh tra tỉnh", "Chính quyền", "thanh_tra", 0.7),
    ("Công an tỉnh", "Lực lượng vũ trang", "cong_an", 1.6),
    ("Bộ Chỉ huy Quân sự tỉnh", "Lực lượng vũ trang", "quan_su", 0.9),
    ("Bảo hiểm xã hội tỉnh", "Ngành dọc", "so", 0.6),
    ("Ban Quản lý các khu công nghiệp", "Chính quyền", "so", 0.0),
    ("Trung tâm Phục vụ hành chính công tỉnh", "Chính quyền", "so", 0.0),
)
# The two agencies above with weight 0 get only one or two officials (too small to rank).
SMALL_AGENCY_SIZES: dict[str, int] = {
    "Ban Quản lý các khu công nghiệp": 2,
    "Trung tâm Phục vụ hành chính công tỉnh": 1,
}
# Mass organisations sit under the Fatherland Front since 2025.
PARENT_OF_KIND = {"hoi": "Ủy ban MTTQ Việt Nam tỉnh", "doan": "Ủy ban MTTQ Việt Nam tỉnh"}

# Positions per kind of agency: (head title, deputy title, other titles with weights)
POSITIONS: dict[str, tuple[str, str, tuple[tuple[str, float], ...]]] = {
    "so": ("Giám đốc", "Phó Giám đốc", (("Trưởng phòng", 1.0), ("Phó Trưởng phòng", 1.5),
           ("Chuyên viên chính", 2.0), ("Chuyên viên", 5.0), ("Cán sự", 0.5))),
    "ban": ("Trưởng ban", "Phó Trưởng ban", (("Trưởng phòng", 1.0), ("Phó Trưởng phòng", 1.5),
            ("Chuyên viên chính", 2.0), ("Chuyên viên", 5.0))),
    "mttq": ("Chủ tịch", "Phó Chủ tịch", (("Trưởng ban", 1.0), ("Phó Trưởng ban", 1.5),
             ("Chuyên viên", 5.0), ("Ủy viên Ban Thường trực", 0.5))),
    "hoi": ("Chủ tịch", "Phó Chủ tịch", (("Trưởng ban", 1.0), ("Phó Trưởng ban", 1.5),
            ("Chuyên viên", 5.0))),
    "doan": ("Bí thư", "Phó Bí thư", (("Trưởng ban", 1.0), ("Phó Trưởng ban", 1.5),
             ("Chuyên viên", 5.0))),
    "van_phong": ("Chánh Văn phòng", "Phó Chánh Văn phòng", (("Trưởng phòng", 1.0),
                  ("Phó Trưởng phòng", 1.5), ("Chuyên viên", 5.0))),
    "thanh_tra": ("Chánh Thanh tra", "Phó Chánh Thanh tra", (("Trưởng phòng", 1.0),
                  ("Phó Trưởng phòng", 1.0), ("Thanh tra viên chính", 2.0), ("Thanh tra viên", 4.0))),
    "cong_an": ("Giám đốc", "Phó Giám đốc", (("Trưởng phòng", 1.0), ("Phó Trưởng phòng", 1.5),
                ("Đội trưởng", 2.0), ("Cán bộ", 5.0))),
    "quan_su": ("Chỉ huy trưởng", "Phó Chỉ huy trưởng", (("Trưởng ban", 1.0),
                ("Trợ lý", 4.0), ("Cán bộ", 3.0))),
    "ubnd": ("Chủ tịch", "Phó Chủ tịch", (("Trưởng phòng Kinh tế", 0.6),
             ("Chánh Văn phòng HĐND và UBND", 0.6), ("Công chức Văn hóa - Xã hội", 1.5),
             ("Công chức Địa chính - Xây dựng", 1.5), ("Công chức Tư pháp - Hộ tịch", 1.2),
             ("Chuyên viên", 3.0))),
}

# Topics of visits and feedback, with the agencies a feedback item on the topic goes to.
TOPICS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Đất đai", ("Sở Nông nghiệp và Môi trường",)),
    ("Giải phóng mặt bằng", ("Sở Nông nghiệp và Môi trường", "Sở Xây dựng")),
    ("Môi trường", ("Sở Nông nghiệp và Môi trường",)),
    ("An sinh xã hội", ("Sở Y tế", "Sở Nội vụ")),
    ("Giao thông nông thôn", ("Sở Xây dựng",)),
    ("Chuyển đổi số", ("Sở Khoa học và Công nghệ",)),
    ("Y tế", ("Sở Y tế",)),
    ("Giáo dục", ("Sở Giáo dục và Đào tạo",)),
    ("An ninh trật tự", ("Công an tỉnh",)),
    ("Nước sạch", ("Sở Nông nghiệp và Môi trường", "Sở Xây dựng")),
    ("Điện sinh hoạt", ("Sở Công Thương",)),
    ("Xây dựng nông thôn mới", ("Sở Nông nghiệp và Môi trường", "Sở Tài chính")),
    ("Chính sách người có công", ("Sở Nội vụ",)),
    ("Bảo hiểm xã hội", ("Bảo hiểm xã hội tỉnh",)),
    ("Thủ tục hành chính", ("Sở Nội vụ", "Sở Tư pháp")),
    ("Sản xuất nông nghiệp", ("Sở Nông nghiệp và Môi trường",)),
    ("Lao động, việc làm", ("Sở Nội vụ",)),
    ("Phòng chống thiên tai", ("Sở Nông nghiệp và Môi trường", "Bộ Chỉ huy Quân sự tỉnh")),
    ("Khiếu nại, tố cáo", ("Thanh tra tỉnh",)),
    ("Hộ tịch, cư trú", ("Sở Tư pháp", "Công an tỉnh")),
    ("Văn hóa, thể thao", ("Sở Văn hóa, Thể thao và Du lịch",)),
    ("Dân tộc, tôn giáo", ("Sở Dân tộc và Tôn giáo",)),
    ("Thuế, phí", ("Sở Tài chính",)),
    ("Chính quyền địa phương hai cấp", ("Sở Nội vụ",)),
)
# Topics only visits have (party cell meetings, campaigns); feedback never uses them.
VISIT_ONLY_TOPICS: tuple[str, ...] = (
    "Xây dựng Đảng", "Triển khai nghị quyết", "Sắp xếp đơn vị hành chính",
    "Phong trào thi đua", "Quy chế dân chủ ở cơ sở",
)
# Topics a commune can answer itself: forwarded to its own UBND when it has one.
LOCAL_TOPICS: tuple[str, ...] = (
    "Giao thông nông thôn", "Thủ tục hành chính", "An ninh trật tự", "Hộ tịch, cư trú",
    "Văn hóa, thể thao", "Xây dựng nông thôn mới", "Nước sạch",
)

SUMMARIES: dict[str, tuple[str, ...]] = {
    "Đất đai": (
        "Đề nghị sớm cấp giấy chứng nhận quyền sử dụng đất",
        "Tranh chấp ranh giới đất với hộ liền kề",
        "Hỏi thủ tục tách thửa đất nông nghiệp",
        "Chậm chỉnh lý biến động đất đai",
        "Đề nghị chuyển mục đích sử dụng đất ở",
    ),
    "Giải phóng mặt bằng": (
        "Kiến nghị xem lại đơn giá bồi thường khi thu hồi đất",
        "Chưa nhận tiền hỗ trợ tái định cư",
        "Đề nghị bố trí đất tái định cư gần nơi ở cũ",
        "Phản ánh đo đạc diện tích thu hồi chưa chính xác",
    ),
    "Môi trường": (
        "Phản ánh mùi hôi từ trại chăn nuôi heo",
        "Rác thải tồn đọng chưa được thu gom",
        "Nước thải xả ra kênh gây ô nhiễm",
        "Khói bụi từ cơ sở sản xuất gạch",
        "Hỏi lịch thu gom rác",
    ),
    "An sinh xã hội": (
        "Đề nghị xét hộ nghèo, hộ cận nghèo",
        "Chậm chi trả trợ cấp xã hội hằng tháng",
        "Đề nghị hỗ trợ sửa nhà cho hộ khó khăn",
        "Hỏi chế độ cho người cao tuổi",
    ),
    "Giao thông nông thôn": (
        "Đường liên ấp xuống cấp, nhiều ổ gà",
        "Đề nghị lắp đèn chiếu sáng tuyến đường",
        "Cầu dân sinh bị hư hỏng",
        "Đề nghị nâng cấp đường đất thành đường bê tông",
    ),
    "Chuyển đổi số": (
        "Khó khăn khi nộp hồ sơ trực tuyến",
        "Đề nghị hướng dẫn kích hoạt định danh điện tử",
        "Sóng điện thoại yếu ở khu vực ấp xa",
    ),
    "Y tế": (
        "Trạm y tế thiếu thuốc điều trị",
        "Đề nghị tăng ngày khám bệnh tại trạm",
        "Phản ánh thái độ nhân viên y tế",
        "Hỏi lịch tiêm chủng cho trẻ em",
    ),
    "Giáo dục": (
        "Đề nghị sửa chữa phòng học xuống cấp",
        "Phản ánh các khoản thu đầu năm học",
        "Đề nghị mở thêm lớp bán trú",
    ),
    "An ninh trật tự": (
        "Tụ tập thanh thiếu niên gây mất trật tự ban đêm",
        "Phản ánh tình trạng trộm cắp vặt",
        "Đua xe trái phép trên tuyến đường chính",
        "Đề nghị tăng cường tuần tra",
    ),
    "Nước sạch": (
        "Nước máy yếu, mất nước thường xuyên",
        "Đề nghị kéo đường ống nước sạch về ấp",
        "Nước giếng bị nhiễm phèn",
    ),
    "Điện sinh hoạt": (
        "Điện chập chờn, thường xuyên mất điện",
        "Đề nghị di dời trụ điện chắn lối đi",
        "Hóa đơn tiền điện tăng bất thường",
    ),
    "Xây dựng nông thôn mới": (
        "Đóng góp xây dựng nông thôn mới chưa công khai",
        "Đề nghị xây nhà văn hóa ấp",
        "Hỏi tiêu chí nông thôn mới nâng cao",
    ),
    "Chính sách người có công": (
        "Đề nghị xem xét chế độ thương binh",
        "Chậm giải quyết hồ sơ người có công",
        "Đề nghị sửa chữa nhà tình nghĩa",
    ),
    "Bảo hiểm xã hội": (
        "Hỏi thủ tục hưởng bảo hiểm xã hội một lần",
        "Đề nghị hỗ trợ mua bảo hiểm y tế hộ gia đình",
        "Chậm cấp lại thẻ bảo hiểm y tế",
    ),
    "Thủ tục hành chính": (
        "Giải quyết hồ sơ trễ hẹn",
        "Đề nghị niêm yết công khai thủ tục",
        "Phản ánh phải đi lại nhiều lần để bổ sung hồ sơ",
    ),
    "Sản xuất nông nghiệp": (
        "Giá cao su, điều xuống thấp",
        "Đề nghị hỗ trợ giống cây trồng",
        "Dịch bệnh trên đàn heo",
        "Đề nghị nạo vét kênh tưới tiêu",
    ),
    "Lao động, việc làm": (
        "Đề nghị mở lớp dạy nghề cho thanh niên",
        "Công ty nợ lương công nhân",
        "Hỏi thủ tục hưởng trợ cấp thất nghiệp",
    ),
    "Phòng chống thiên tai": (
        "Sạt lở bờ suối đe dọa nhà dân",
        "Đề nghị hỗ trợ sau giông lốc tốc mái",
        "Ngập úng cục bộ khi mưa lớn",
    ),
    "Khiếu nại, tố cáo": (
        "Khiếu nại quyết định xử phạt hành chính",
        "Tố cáo cán bộ ấp nhận tiền trái quy định",
        "Đề nghị giải quyết dứt điểm đơn khiếu nại cũ",
    ),
    "Hộ tịch, cư trú": (
        "Chậm đăng ký thường trú",
        "Hỏi thủ tục cấp trích lục khai sinh",
        "Sai thông tin trên cơ sở dữ liệu dân cư",
    ),
    "Văn hóa, thể thao": (
        "Đề nghị xây sân chơi cho trẻ em",
        "Tiếng ồn từ karaoke quá giờ",
        "Đề nghị tổ chức hội thi văn nghệ ấp",
    ),
    "Dân tộc, tôn giáo": (
        "Đề nghị hỗ trợ đồng bào dân tộc thiểu số",
        "Hỏi thủ tục đăng ký sinh hoạt tôn giáo",
    ),
    "Thuế, phí": (
        "Hỏi mức thuế sử dụng đất phi nông nghiệp",
        "Phản ánh thu phí chợ chưa hợp lý",
        "Đề nghị giảm thuế cho hộ kinh doanh nhỏ",
    ),
    "Chính quyền địa phương hai cấp": (
        "Hỏi nơi nộp hồ sơ sau khi sắp xếp xã",
        "Đề nghị giữ bộ phận một cửa gần dân",
        "Khó khăn đi lại đến trụ sở xã mới",
    ),
}
GENERAL_SUMMARIES: tuple[str, ...] = (
    "Đề nghị chính quyền quan tâm giải quyết",
    "Hỏi thông tin chính sách mới",
    "Phản ánh vấn đề ở khu dân cư",
)
