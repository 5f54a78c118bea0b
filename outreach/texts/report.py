"""Texts of the printable meeting report (outreach/views/report.py)."""

TEXT = {
    "rp_button": {"vi": "Báo cáo họp (in được)", "en": "Meeting report (printable)"},
    "rp_button_help": {"vi": "Một trang HTML để in hoặc lưu PDF: chỉ số, bản đồ bao phủ, điểm trắng, bảng xếp hạng "
                              "đơn vị, danh sách cán bộ cần lưu ý, kèm phụ lục định nghĩa và nguồn số liệu.",
                       "en": "One HTML page to print or save as PDF: KPIs, coverage map, blind spots, agency scorecard, "
                             "the officials flagged by name, with an annex of definitions and sources."},
    "rp_title": {"vi": "Báo cáo giao ban: Hướng về cơ sở", "en": "Meeting report: Grassroots outreach"},
    "rp_subtitle": {"vi": "Kỳ báo cáo {period} · Số liệu đến ngày {as_of} · Phạm vi: {scope}",
                    "en": "Period {period} · Data as of {as_of} · Scope: {scope}"},
    "rp_scope_all": {"vi": "toàn tỉnh", "en": "whole province"},
    "rp_kpis": {"vi": "1. Chỉ số chính", "en": "1. Headline figures"},
    "rp_kpi_value": {"vi": "Kỳ này", "en": "This period"},
    "rp_kpi_change": {"vi": "So với kỳ trước ({period})", "en": "Change vs {period}"},
    "rp_map": {"vi": "2. Bản đồ bao phủ: {metric}", "en": "2. Coverage map: {metric}"},
    "rp_map_title": {"vi": "Bản đồ bao phủ", "en": "Coverage map"},
    "rp_map_none": {"vi": "Chưa có ranh giới xã, phường để vẽ bản đồ.", "en": "No commune boundaries to draw a map."},
    "rp_map_note_days": {"vi": "Cùng thang màu với trang Bao phủ: từ 0 ngày (vàng nhạt) đến {days} ngày, ngưỡng điểm "
                                "trắng (đỏ sẫm); xã, phường lâu hơn nữa cũng tô đỏ sẫm.",
                         "en": "The coverage page's scale: from 0 days (light yellow) to {days} days, the blind-spot "
                               "threshold (dark red); communes beyond it are dark red too."},
    "rp_map_note_count": {"vi": "Cùng thang màu với trang Bao phủ: từ 0 (nhạt) đến mức của 95% số xã, phường (đậm); "
                                 "\"≥\" khi có xã, phường vượt mức đó.",
                          "en": "The coverage page's scale: from 0 (light) to the level of 95% of communes (dark); "
                                "\"≥\" when communes lie beyond it."},
    "rp_map_note_rate": {"vi": "Cùng thang màu với trang Bao phủ: từ 0% (đỏ) đến 100% (xanh).",
                         "en": "The coverage page's scale: from 0% (red) to 100% (blue)."},
    "rp_blind": {"vi": "3. Điểm trắng: xã, phường quá {days} ngày không có buổi nào",
                 "en": "3. Blind spots: communes with no visit for more than {days} days"},
    "rp_blind_intro": {"vi": "{count} xã, phường không có buổi đã tổ chức nào trong {days} ngày tính đến {date}, "
                              "đông dân trước.",
                       "en": "{count} communes with no held visit in the {days} days up to {date}, most populous first."},
    "rp_blind_none": {"vi": "Không có điểm trắng: xã, phường nào cũng có buổi trong {days} ngày tính đến {date}.",
                      "en": "No blind spots: every commune had a visit in the {days} days up to {date}."},
    "rp_col_commune": {"vi": "Xã, phường", "en": "Commune"},
    "rp_col_population": {"vi": "Dân số", "en": "Population"},
    "rp_col_days": {"vi": "Số ngày từ buổi gần nhất", "en": "Days since the last visit"},
    "rp_col_last_visit": {"vi": "Buổi gần nhất", "en": "Last visit"},
    "rp_col_assigned": {"vi": "Cán bộ phụ trách", "en": "Officials assigned"},
    "rp_never_visited": {"vi": "chưa có buổi nào", "en": "no visit yet"},
    "rp_more_communes": {"vi": "và {count} xã, phường khác (xem trang Bao phủ, mục Điểm trắng)",
                         "en": "and {count} other communes (see the Coverage page, Blind spots)"},
    "rp_scorecard": {"vi": "4. Bảng xếp hạng đơn vị", "en": "4. Agency scorecard"},
    "rp_flags": {"vi": "5. Cán bộ cần lưu ý", "en": "5. Officials flagged"},
    "rp_flags_intro": {"vi": "{count} cán bộ có ít nhất một trong bốn cảnh báo về tham gia và ý kiến (như trang Cán bộ)"
                             "{others}; theo loại cảnh báo, đơn vị và họ tên.",
                       "en": "{count} officials with at least one of the four flags on participation and feedback (as on "
                             "the officials page){others}; by flag, agency and name."},
    "rp_flags_others": {"vi": ", và {count} cán bộ khác chỉ có dấu hiệu người đứng đầu chưa đối thoại hoặc dồn buổi cuối tháng",
                        "en": ", and {count} more with only a head-without-dialogue or month-end signal"},
    "rp_flags_none": {"vi": "Không có cán bộ nào bị cảnh báo trong kỳ.", "en": "No official is flagged in the period."},
    "rp_flag_group": {"vi": "{label}: {count} cán bộ", "en": "{label}: {count} officials"},
    "rp_col_name": {"vi": "Họ và tên", "en": "Full name"},
    "rp_col_reason": {"vi": "Lý do", "en": "Reason"},
    "rp_also_flagged": {"vi": "Cũng bị cảnh báo: {labels}", "en": "Also flagged: {labels}"},
    "rp_more_officials": {"vi": "và {count} cán bộ khác (xem trang Cán bộ)",
                          "en": "and {count} other officials (see the Officials page)"},
    "rp_annex": {"vi": "Phụ lục: định nghĩa và nguồn số liệu", "en": "Annex: definitions and sources"},
    "rp_annex_definitions": {"vi": "Định nghĩa", "en": "Definitions"},
    "rp_annex_flags": {"vi": "Quy tắc cảnh báo", "en": "Flag rules"},
    "rp_annex_sources": {"vi": "Nguồn số liệu", "en": "Sources"},
    "rp_annex_section": {"vi": "Mục", "en": "Section"},
    "rp_annex_queries": {"vi": "Truy vấn (thư mục queries/)", "en": "Queries (folder queries/)"},
    "rp_annex_settings": {"vi": "Thiết lập dùng: điểm trắng sau {days} ngày; các ngưỡng cảnh báo như trong quy tắc trên.",
                          "en": "Settings used: blind spot after {days} days; the flag thresholds as in the rules above."},
    "rp_blind_rule": {
        "vi": "Xã, phường không có buổi xuống cơ sở nào đã tổ chức trong hơn {days} ngày tính đến cuối kỳ, hoặc chưa "
              "từng có buổi nào (\"chưa có buổi nào\"). Số ngày tính từ buổi đã tổ chức gần nhất, kể cả trước kỳ báo cáo.",
        "en": "Communes with no held visit in more than {days} days up to the end of the period, or never visited "
              "(\"no visit yet\"). Days count from the last held visit, before the period too.",
    },
    "rp_blind_definition": {"vi": "Điểm trắng", "en": "Blind spot"},
    "rp_generated": {"vi": "Tạo lúc {when} từ bảng điều khiển Hướng về cơ sở.",
                     "en": "Made at {when} by the outreach dashboard."},
    "rp_col_agency": {"vi": "Đơn vị", "en": "Agency"},
    "rp_col_rank": {"vi": "Hạng", "en": "Rank"},
    "rp_col_score": {"vi": "Điểm", "en": "Score"},
    "rp_col_coverage": {"vi": "Bao phủ", "en": "Coverage"},
    "rp_col_attendance": {"vi": "Có mặt", "en": "Attendance"},
    "rp_col_quota": {"vi": "Đạt định mức", "en": "Quota"},
    "rp_col_on_time": {"vi": "Đúng hạn", "en": "On time"},
    "rp_col_group": {"vi": "Nhóm", "en": "Group"},
    "rp_no_rows": {"vi": "Không có dòng nào trong phạm vi này.", "en": "No rows in this scope."},
}

DEFINITIONS = {
    "rp_map": {
        "vi": "Mỗi xã, phường tô theo số đo của trang Bao phủ. Xã, phường không có buổi đã tổ chức nào trong kỳ có "
              "màu riêng (tím xám), ngoài thang màu; xám nhạt khi không tính được.",
        "en": "Each commune is coloured by the coverage page's measure. Communes with no held visit in the period "
              "have their own colour (purple-grey), outside the scale; light grey when it cannot be computed.",
    },
}
