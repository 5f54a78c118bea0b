"""Texts of "Beyond the roster" (docs/metrics.md): quota by visit type, heads' dialogues, heard
elsewhere first, signs of form's sake, on the officials, coverage and agencies pages."""

TEXT: dict[str, dict[str, str]] = {
    "people_flag_head_without_dialogue": {"vi": "Người đứng đầu chưa đối thoại", "en": "Head without a dialogue"},
    "people_flag_last_minute_quota": {"vi": "Dồn buổi cuối tháng", "en": "Quota met at month end"},
    "people_rule_head_without_dialogue": {
        "vi": "Người đứng đầu không có mặt ở buổi đối thoại trực tiếp với nhân dân nào trong ít nhất {months} tháng "
              "liên tiếp được tính (tháng đã kết thúc, trong thời gian giữ chức vụ).",
        "en": "A head present at no direct dialogue with citizens for at least {months} consecutive counted months "
              "(months that have ended, while in office).",
    },
    "people_rule_last_minute_quota": {
        "vi": "Ít nhất {months} tháng trong kỳ chỉ đạt định mức nhờ các buổi trong {days} ngày cuối tháng, và số tháng "
              "đó chiếm từ {share} số tháng đạt trở lên.",
        "en": "At least {months} months of the period met only thanks to visits in the month's last {days} days, "
              "and those are at least {share} of the months met.",
    },
    "people_headline_head_without_dialogue": {
        "vi": "{months} tháng liên tiếp không đối thoại; cả kỳ {held} buổi đối thoại",
        "en": "{months} consecutive months without a dialogue; {held} dialogues in the period",
    },
    "people_headline_last_minute_quota": {
        "vi": "{months}/{met} tháng đạt định mức nhờ các buổi cuối tháng",
        "en": "{months} of {met} months met thanks to visits at month end",
    },
    "people_filter_heads": {"vi": "Chỉ người đứng đầu", "en": "Heads only"},
    "people_filter_heads_help": {
        "vi": "Người đứng đầu (is_head): số buổi đối thoại trực tiếp và số tháng chưa đối thoại.",
        "en": "Heads (is_head): direct dialogues held and months without one.",
    },
    "people_quota_missing": {"vi": "thiếu {count} buổi {kind}", "en": "missing {count} {kind}"},
    "people_quota_requirement_any": {"vi": "bất kỳ", "en": "of any kind"},
    "people_quota_all_met": {"vi": "đủ mọi yêu cầu", "en": "every requirement met"},
    "people_tab_beyond": {"vi": "Dấu hiệu hình thức", "en": "Signs of form's sake"},
    "beyond_heard_by_official": {"vi": "Ý kiến đến cấp trên trước cán bộ phụ trách", "en": "Heard elsewhere first"},
    "beyond_heard_by_official_intro": {
        "vi": "Ý kiến qua đường dây nóng, trực tuyến, thư hoặc kênh khác từ xã cán bộ được phân công, khi trong "
              "{heard_elsewhere_window_days} ngày trước đó không có ý kiến cùng lĩnh vực qua buổi tiếp xúc hay đối thoại. "
              "Là tín hiệu, không phải cảnh báo.",
        "en": "Items by hotline, online, letter or other from a commune the official was assigned to, with no item "
              "on the same topic through a visit or dialogue in the {heard_elsewhere_window_days} days before. A "
              "signal, not a flag.",
    },
    "beyond_many_places": {"vi": "Có mặt ở quá nhiều xã trong một ngày", "en": "Present in too many communes on one day"},
    "beyond_many_places_intro": {
        "vi": "Cán bộ có mặt tại buổi đã tổ chức ở ít nhất {multi_commune_min_communes} xã khác nhau trong cùng một "
              "ngày: dấu hiệu nhập liệu cũng như dấu hiệu đối phó, là tín hiệu, không phải cảnh báo.",
        "en": "Officials present at held visits in at least {multi_commune_min_communes} different communes on one "
              "date: a sign of data entry as much as of conduct; a signal, not a flag.",
    },
    "beyond_none": {"vi": "Không có trường hợp nào trong kỳ.", "en": "None in the period."},
    "cov_metric_heard_elsewhere_first": {"vi": "Ý kiến đến cấp trên trước", "en": "Heard elsewhere first"},
    "cov_tab_heard": {"vi": "Đến cấp trên trước", "en": "Heard elsewhere first"},
    "cov_tab_empty": {"vi": "Buổi không có dân", "en": "Empty visits"},
    "cov_heard_intro": {
        "vi": "Ý kiến qua đường dây nóng, trực tuyến, thư hoặc kênh khác, khi trong {heard_elsewhere_window_days} ngày "
              "trước đó xã không có ý kiến cùng lĩnh vực qua buổi tiếp xúc hay đối thoại (cùng ngày được tính là trước).",
        "en": "Items by hotline, online, letter or other when the commune had no item on the same topic through a "
              "visit or dialogue in the {heard_elsewhere_window_days} days before (the same day counts as before).",
    },
    "cov_heard_items": {"vi": "Từng ý kiến và ý kiến qua buổi gần nhất cùng lĩnh vực", "en": "Each item and the last visit item on its topic"},
    "cov_empty_intro": {
        "vi": "Buổi đã tổ chức không ghi số người dân tham dự (hoặc ghi 0) và không có ý kiến nào gắn với buổi đó.",
        "en": "Held visits with no citizens recorded (or 0) and no feedback item naming them.",
    },
    "cov_empty_by_agency": {"vi": "Theo đơn vị chủ trì", "en": "By lead agency"},
    "cov_empty_by_commune": {"vi": "Theo xã", "en": "By commune"},
    "cov_empty_list": {"vi": "Danh sách buổi", "en": "The visits"},
    "agency_heads_title": {"vi": "Đối thoại của người đứng đầu (không tính vào điểm)", "en": "Heads' dialogues (not in the score)"},
    "beyond_heads_intro": {
        "vi": "Số buổi đối thoại trực tiếp với nhân dân mà người đứng đầu có mặt, và số người đứng đầu ≥ "
              "{head_without_dialogue_min_months} tháng liên tiếp chưa đối thoại. Là dữ kiện để xem xét, không tính vào điểm.",
        "en": "Direct dialogues with citizens attended by the heads, and heads without one for ≥ "
              "{head_without_dialogue_min_months} consecutive months. Facts for the review, not in the score.",
    },
    "agency_heads_line": {
        "vi": "{heads} người đứng đầu, {dialogues} buổi đối thoại trong kỳ; {flagged} người ≥ "
              "{head_without_dialogue_min_months} tháng liên tiếp chưa đối thoại",
        "en": "{heads} heads, {dialogues} dialogues in the period; {flagged} without a dialogue for ≥ "
              "{head_without_dialogue_min_months} consecutive months",
    },
}

DEFINITIONS: dict[str, dict[str, str]] = {
    "beyond_quota_type": {
        "vi": "Định mức theo loại buổi: mỗi yêu cầu có loại (ví dụ 1 buổi sinh hoạt chi bộ) lấy trước các buổi đúng "
              "loại; các buổi còn lại tính cho yêu cầu \"bất kỳ\". Tháng đạt khi mọi yêu cầu đều đủ.",
        "en": "Quota by visit type: each typed requirement (e.g. 1 party cell meeting) takes visits of its type "
              "first; the rest serve the \"any\" requirement. A month is met when every requirement is.",
    },
    "beyond_heads": {
        "vi": "Người đứng đầu: tháng có đối thoại là tháng có mặt ở ít nhất 1 buổi đối thoại đã tổ chức; cảnh báo khi "
              "≥ {head_without_dialogue_min_months} tháng liên tiếp không có.",
        "en": "Heads: a dialogue month has at least one held dialogue with the head present; flagged after "
              "≥ {head_without_dialogue_min_months} consecutive months without one.",
    },
    "beyond_heard": {
        "vi": "Ý kiến qua đường dây nóng, trực tuyến, thư, kênh khác mà {heard_elsewhere_window_days} ngày trước đó xã "
              "không có ý kiến cùng lĩnh vực qua buổi tiếp xúc hay đối thoại; tỷ lệ trên số ý kiến các kênh đó có lĩnh vực.",
        "en": "Items by hotline, online, letter or other with no item on the same topic through a visit or dialogue "
              "in the {heard_elsewhere_window_days} days before; share of those channels' items with a topic.",
    },
    "beyond_last_minute": {
        "vi": "Tháng đạt định mức nhưng bỏ các buổi của {last_minute_days} ngày cuối tháng thì không đạt; cảnh báo khi "
              "≥ {last_minute_min_months} tháng như vậy và chiếm từ {last_minute_min_percent} số tháng đạt.",
        "en": "A met month that would not be met without the visits of its last {last_minute_days} days; flagged "
              "with ≥ {last_minute_min_months} such months making at least {last_minute_min_percent} of the months met.",
    },
    "beyond_empty": {
        "vi": "Buổi đã tổ chức, số người dân tham dự bằng 0 hoặc để trống và không có ý kiến nào gắn với buổi.",
        "en": "Held visits with 0 or no citizens attending and no feedback item naming them.",
    },
    "beyond_many": {
        "vi": "Cán bộ có mặt ở buổi đã tổ chức tại ≥ {multi_commune_min_communes} xã khác nhau trong một ngày.",
        "en": "An official present at held visits in ≥ {multi_commune_min_communes} different communes on one date.",
    },
}

_COLUMNS = {
    "people_col_dialogues_held": ("Buổi đối thoại", "Dialogues held"),
    "people_col_months_without_dialogue": ("Tháng chưa đối thoại", "Months without a dialogue"),
    "people_col_heard_elsewhere_first": ("Ý kiến đến cấp trên trước", "Heard elsewhere first"),
    "people_col_communes": ("Số xã", "Communes"),
    "people_col_commune_names": ("Xã", "Communes"),
    "people_col_first_received_date": ("Ý kiến đầu tiên", "First item"),
    "people_col_last_received_date": ("Ý kiến gần nhất", "Last item"),
    "people_col_commune_codes": ("Mã xã", "Commune codes"),
    "people_col_visit_ids": ("Mã buổi", "Visit ids"),
    "people_col_requirement": ("Yêu cầu", "Requirement"),
    "people_col_requirement_required": ("Định mức của yêu cầu", "Required"),
    "people_col_counted": ("Số buổi được tính", "Counted"),
    "people_col_missing": ("Còn thiếu", "Missing"),
    "people_col_is_head": ("Người đứng đầu", "Head"),
    "people_col_heads": ("Người đứng đầu", "Heads"),
    "people_col_heads_without_dialogue": ("Chưa đối thoại ≥ ngưỡng", "Without a dialogue"),
    "people_col_heads_without_dialogue_names": ("Họ tên", "Names"),
    "people_col_quota_detail": ("Từng yêu cầu", "Each requirement"),
    "covcol_heard_elsewhere_first": ("Đến cấp trên trước", "Heard elsewhere first"),
    "covcol_heard_elsewhere_share": ("Tỷ lệ đến cấp trên trước", "Share heard elsewhere first"),
    "covcol_non_visit_items": ("Ý kiến qua kênh khác (có lĩnh vực)", "Non-visit items with a topic"),
    "covcol_last_visit_item_id": ("Ý kiến qua buổi gần nhất", "Last visit item"),
    "covcol_last_visit_channel_date": ("Ngày ý kiến qua buổi gần nhất", "Its date"),
    "covcol_days_after_visit_item": ("Số ngày sau", "Days after"),
    "covcol_empty_visits": ("Buổi không có dân", "Empty visits"),
    "covcol_empty_share": ("Tỷ lệ buổi không có dân", "Share empty"),
    "covcol_lead_agency_id": ("Mã đơn vị chủ trì", "Lead agency id"),
}
TEXT.update({key: {"vi": vi, "en": en} for key, (vi, en) in _COLUMNS.items()})
