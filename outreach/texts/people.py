"""Texts of the officials (Cán bộ) and agencies (Đơn vị) pages and of the review workbook."""

TEXT: dict[str, dict[str, str]] = {
    # Flags: label, rule (with the configured thresholds), the facts of one official.
    "people_flag_listed_never_present": {"vi": "Có tên nhưng không có mặt", "en": "Listed, never present"},
    "people_flag_rarely_present": {"vi": "Ít khi có mặt", "en": "Rarely present"},
    "people_flag_under_quota": {"vi": "Chưa đạt định mức", "en": "Under quota"},
    "people_flag_holding_information": {"vi": "Ý kiến chưa chuyển", "en": "Items not passed on"},
    "people_rule_listed_never_present": {
        "vi": "Có tên trong danh sách ít nhất {listed} buổi đã tổ chức trong kỳ (không tính các lần vắng có lý do) "
              "và không có mặt buổi nào; đến muộn được tính là có mặt.",
        "en": "Listed on at least {listed} held visits of the period (excused absences not counted) and present "
              "at none; arriving late counts as present.",
    },
    "people_rule_rarely_present": {
        "vi": "Không thuộc cảnh báo trên; có tên trong danh sách ít nhất {listed} buổi (không tính vắng có lý do) "
              "và tỷ lệ có mặt dưới {rate}.",
        "en": "Not the flag above; listed on at least {listed} visits (excused absences not counted) with an "
              "attendance rate below {rate}.",
    },
    "people_rule_under_quota": {
        "vi": "Không đạt định mức ít nhất {months} tháng liên tiếp. Chỉ tính tháng đã kết thúc, có phân công hiệu "
              "lực trọn tháng với định mức lớn hơn 0; một tháng không được tính sẽ ngắt chuỗi.",
        "en": "Below quota for at least {months} consecutive months. Only months that have ended, with an "
              "assignment active for the whole month and a quota above 0, count; a month not counted breaks the run.",
    },
    "people_rule_holding_information": {
        "vi": "Có ít nhất {items} ý kiến do cán bộ tiếp nhận, không giải đáp tại chỗ, chưa được chuyển và chưa được "
              "trả lời trong {days} ngày kể từ ngày tiếp nhận.",
        "en": "At least {items} items recorded by the official, not answered on the spot, neither passed on nor "
              "replied within {days} days of receipt.",
    },
    "people_headline_listed_never_present": {
        "vi": "Có tên trong danh sách {listed} buổi, không có mặt buổi nào",
        "en": "Listed on {listed} visits, present at none",
    },
    "people_headline_rarely_present": {
        "vi": "Có tên trong danh sách {listed} buổi, có mặt {present} buổi ({rate})",
        "en": "Listed on {listed} visits, present at {present} ({rate})",
    },
    "people_headline_excused": {
        "vi": " (ngoài ra {excused} buổi vắng có lý do, không tính)",
        "en": " (plus {excused} excused absences, not counted)",
    },
    "people_headline_under_quota": {
        "vi": "{months} tháng liên tiếp chưa đạt định mức; cả kỳ có {unmet}/{counted} tháng được tính chưa đạt",
        "en": "{months} consecutive months below quota; {unmet} of {counted} counted months below quota in the period",
    },
    "people_headline_holding_information": {
        "vi": "{items} ý kiến tiếp nhận chưa được chuyển hoặc trả lời trong {days} ngày",
        "en": "{items} items recorded were neither passed on nor replied within {days} days",
    },
    # Codes in words
    "people_status_present": {"vi": "Có mặt", "en": "Present"},
    "people_status_late": {"vi": "Đến muộn", "en": "Late"},
    "people_status_absent": {"vi": "Vắng", "en": "Absent"},
    "people_status_excused": {"vi": "Vắng có lý do", "en": "Excused"},
    "people_visit_type_tiep_xuc": {"vi": "Tiếp xúc", "en": "Meeting citizens"},
    "people_visit_type_doi_thoai": {"vi": "Đối thoại", "en": "Dialogue"},
    "people_visit_type_sinh_hoat": {"vi": "Sinh hoạt chi bộ", "en": "Party cell meeting"},
    "people_visit_type_kiem_tra": {"vi": "Kiểm tra", "en": "Inspection"},
    "people_visit_type_khac": {"vi": "Khác", "en": "Other"},
    "people_yes": {"vi": "Có", "en": "Yes"},
    "people_walk_in": {"vi": "Không (tự đến)", "en": "No (walk-in)"},
    "people_quota_met": {"vi": "Đạt định mức", "en": "Quota met"},
    "people_quota_not_met": {"vi": "Chưa đạt", "en": "Not met"},
    "people_quota_not_counted": {"vi": "Không tính", "en": "Not counted"},
    "people_group_commend": {"vi": "Biểu dương", "en": "Commend"},
    "people_group_correct": {"vi": "Cần chấn chỉnh", "en": "To correct"},
    # Column headers (tables and the workbook)
    "people_col_official_id": {"vi": "Mã cán bộ", "en": "Official ID"},
    "people_col_full_name": {"vi": "Họ và tên", "en": "Full name"},
    "people_col_agency_id": {"vi": "Mã đơn vị", "en": "Agency ID"},
    "people_col_agency_name": {"vi": "Đơn vị", "en": "Agency"},
    "people_col_position": {"vi": "Chức vụ", "en": "Position"},
    "people_col_assigned_communes": {"vi": "Xã, phường phụ trách", "en": "Assigned communes"},
    "people_col_communes_assigned": {"vi": "Số xã phụ trách", "en": "Communes assigned"},
    "people_col_listed": {"vi": "Có tên", "en": "Listed"},
    "people_col_present": {"vi": "Có mặt", "en": "Present"},
    "people_col_late": {"vi": "Đến muộn", "en": "Late"},
    "people_col_absent": {"vi": "Vắng", "en": "Absent"},
    "people_col_excused": {"vi": "Vắng có lý do", "en": "Excused"},
    "people_col_attendance_rate": {"vi": "Tỷ lệ có mặt", "en": "Attendance rate"},
    "people_col_months_counted": {"vi": "Tháng được tính", "en": "Months counted"},
    "people_col_months_met": {"vi": "Tháng đạt", "en": "Months met"},
    "people_col_quota_rate": {"vi": "Tỷ lệ đạt định mức", "en": "Quota rate"},
    "people_col_feedback_recorded": {"vi": "Ý kiến tiếp nhận", "en": "Feedback recorded"},
    "people_col_flag_labels": {"vi": "Cảnh báo", "en": "Flags"},
    "people_col_flags": {"vi": "Mã cảnh báo", "en": "Flag codes"},
    "people_col_flag": {"vi": "Mã cảnh báo", "en": "Flag code"},
    "people_col_flag_label": {"vi": "Cảnh báo", "en": "Flag"},
    "people_col_headline": {"vi": "Sự việc", "en": "What the record shows"},
    "people_col_rule": {"vi": "Quy tắc", "en": "Rule"},
    "people_col_evidence_count": {"vi": "Số căn cứ", "en": "Evidence count"},
    "people_col_evidence_summary": {"vi": "Căn cứ", "en": "Evidence"},
    "people_col_evidence_type": {"vi": "Loại căn cứ", "en": "Evidence type"},
    "people_col_evidence_date": {"vi": "Ngày", "en": "Date"},
    "people_col_evidence_id": {"vi": "Mã", "en": "ID"},
    "people_col_commune_name": {"vi": "Xã, phường", "en": "Commune"},
    "people_col_lead_agency_name": {"vi": "Đơn vị chủ trì", "en": "Lead agency"},
    "people_col_attendance_status": {"vi": "Điểm danh", "en": "Attendance"},
    "people_col_attended": {"vi": "Số buổi có mặt", "en": "Visits attended"},
    "people_col_required": {"vi": "Định mức", "en": "Quota"},
    "people_col_run_months": {"vi": "Chuỗi tháng liên tiếp", "en": "Run of consecutive months"},
    "people_col_topic": {"vi": "Nội dung, lĩnh vực", "en": "Topic"},
    "people_col_forwarded_to_name": {"vi": "Chuyển đến", "en": "Passed on to"},
    "people_col_forwarded_date": {"vi": "Ngày chuyển", "en": "Date passed on"},
    "people_col_replied_date": {"vi": "Ngày trả lời", "en": "Date replied"},
    "people_col_month": {"vi": "Tháng", "en": "Month"},
    "people_col_quota_state": {"vi": "Kết quả", "en": "Result"},
    "people_col_visit_date": {"vi": "Ngày", "en": "Date"},
    "people_col_hamlet_name": {"vi": "Thôn, ấp, tổ dân phố", "en": "Hamlet"},
    "people_col_visit_type": {"vi": "Hình thức", "en": "Kind of visit"},
    "people_col_listed_word": {"vi": "Trong danh sách", "en": "On the roster"},
    "people_col_visit_id": {"vi": "Mã buổi", "en": "Visit ID"},
    "people_col_feedback_id": {"vi": "Mã ý kiến", "en": "Item ID"},
    "people_col_received_date": {"vi": "Ngày tiếp nhận", "en": "Date received"},
    "people_col_recorded": {"vi": "Tiếp nhận", "en": "Recorded"},
    "people_col_handled_on_spot": {"vi": "Giải đáp tại chỗ", "en": "Answered on the spot"},
    "people_col_forwarded": {"vi": "Đã chuyển", "en": "Passed on"},
    "people_col_replied": {"vi": "Đã trả lời", "en": "Replied"},
    "people_col_held_information": {"vi": "Chưa chuyển trong hạn", "en": "Not passed on in time"},
    "people_col_rank": {"vi": "Hạng", "en": "Rank"},
    "people_col_officials": {"vi": "Số cán bộ", "en": "Officials"},
    "people_col_coverage_rate": {"vi": "Bao phủ địa bàn", "en": "Coverage"},
    "people_col_on_time_rate": {"vi": "Trả lời đúng hạn", "en": "Replied on time"},
    "people_col_held_items": {"vi": "Ý kiến chưa chuyển trong hạn", "en": "Items not passed on in time"},
    "people_col_score": {"vi": "Điểm", "en": "Score"},
    "people_col_coverage_cell": {"vi": "Bao phủ địa bàn", "en": "Coverage"},
    "people_col_coverage_standing": {"vi": "Vị thế bao phủ (0–100)", "en": "Coverage standing (0–100)"},
    "people_col_attendance_standing": {"vi": "Vị thế có mặt (0–100)", "en": "Attendance standing (0–100)"},
    "people_col_quota_standing": {"vi": "Vị thế định mức (0–100)", "en": "Quota standing (0–100)"},
    "people_col_on_time_standing": {"vi": "Vị thế đúng hạn (0–100)", "en": "On-time standing (0–100)"},
    "people_col_rates_with_evidence": {"vi": "Số tỷ lệ đủ dữ liệu", "en": "Rates with enough evidence"},
    "people_col_attendance_cell": {"vi": "Có mặt", "en": "Attendance"},
    "people_col_quota_cell": {"vi": "Đạt định mức", "en": "Quota met"},
    "people_col_on_time_cell": {"vi": "Trả lời đúng hạn", "en": "On time"},
    "people_col_review_group_label": {"vi": "Nhóm", "en": "Group"},
    "people_col_reasons": {"vi": "Lý do", "en": "Reasons"},
    "people_col_quarter": {"vi": "Quý", "en": "Quarter"},
    "people_help_listed": {"vi": "Số lượt có tên trong danh sách các buổi đã tổ chức trong kỳ.",
                           "en": "Times on the roster of a held visit in the period."},
    "people_help_present": {"vi": "Có mặt hoặc đến muộn, kể cả khi tự đến mà không có tên trong danh sách.",
                            "en": "Present or late, walk-ins included."},
    "people_help_attendance_rate": {
        "vi": "Có tên và có mặt / có tên trừ vắng có lý do. Để trống khi không có lượt nào được tính.",
        "en": "Listed and present / listed and not excused. Empty when nothing counts."},
    "people_help_months_counted": {
        "vi": "Tháng đã kết thúc, có phân công hiệu lực trọn tháng với định mức lớn hơn 0.",
        "en": "Months that ended, with an assignment active the whole month and a quota above 0."},
    "people_help_quota_rate": {"vi": "Tháng đạt / tháng được tính.", "en": "Months met / months counted."},
    "people_help_score": {"vi": "100 × trung bình có trọng số của các tỷ lệ có số liệu.",
                          "en": "100 × the weighted mean of the rates that have a value."},
    "people_help_held_items": {"vi": "Ý kiến do cán bộ của đơn vị tiếp nhận mà chưa chuyển, chưa trả lời trong hạn; "
                                     "không tính vào điểm.",
                               "en": "Items recorded by the agency's officials and neither passed on nor replied "
                                     "in time; not part of the score."},
    "people_help_officials_in_scope": {
        "vi": "Cán bộ trong phạm vi bộ lọc (theo đơn vị; khi lọc theo xã: cán bộ có điểm danh, phân công hoặc ý kiến ở xã đó).",
        "en": "Officials in the filter's scope (by agency; with a commune filter: those with attendance, an assignment "
              "or feedback there)."},
    "people_help_officials_flagged": {
        "vi": "Cán bộ có ít nhất một trong bốn cảnh báo: có tên nhưng không có mặt, ít khi có mặt, chưa đạt định mức, "
              "ý kiến chưa chuyển (như trang Tổng quan). Hai dấu hiệu còn lại (người đứng đầu chưa đối thoại, dồn buổi "
              "cuối tháng) được đếm riêng ở thẻ của chúng, không cộng vào đây.",
        "en": "Officials with at least one of the four flags: listed never present, rarely present, under quota, items "
              "not passed on (as on the overview). The other two (head without a dialogue, quota met at month end) are "
              "counted on their own cards, not in this one."},
    "people_help_feedback_recorded": {"vi": "Ý kiến nhận trong kỳ do cán bộ ghi nhận, mọi kênh.",
                                      "en": "Items received in the period that the official recorded, any channel."},
    # Officials page
    "people_flags_summary": {"vi": "Cảnh báo trong kỳ", "en": "Flags in the period"},
    "people_kpi_officials": {"vi": "Cán bộ trong phạm vi", "en": "Officials in scope"},
    "people_kpi_flagged": {"vi": "Cán bộ có cảnh báo", "en": "Officials flagged"},
    "people_tab_list": {"vi": "Danh sách cán bộ", "en": "Officials"},
    "people_tab_flags": {"vi": "Cảnh báo và căn cứ", "en": "Flags and evidence"},
    "people_tab_quota": {"vi": "Định mức theo tháng", "en": "Quota by month"},
    "people_tab_detail": {"vi": "Hồ sơ một cán bộ", "en": "One official's record"},
    "people_search": {"vi": "Tìm theo họ tên hoặc mã cán bộ", "en": "Search by name or official ID"},
    "people_search_placeholder": {"vi": "Ví dụ: nguyen van an", "en": "For example: nguyen van an"},
    "people_search_help": {"vi": "Không phân biệt dấu và chữ hoa: \"nguyen van an\" tìm được \"Nguyễn Văn An\".",
                           "en": "Accents and case are ignored: \"nguyen van an\" finds \"Nguyễn Văn An\"."},
    "people_filter_agency": {"vi": "Đơn vị", "en": "Agency"},
    "people_filter_agency_placeholder": {"vi": "Tất cả đơn vị", "en": "All agencies"},
    "people_filter_flag": {"vi": "Cảnh báo", "en": "Flag"},
    "people_more_filters": {"vi": "Lọc, sắp xếp ({count})", "en": "Filter, sort ({count})"},
    "people_more_filters_none": {"vi": "Lọc, sắp xếp", "en": "Filter, sort"},
    "people_flag_filter_all": {"vi": "Tất cả cán bộ", "en": "All officials"},
    "people_flag_filter_any": {"vi": "Có ít nhất một cảnh báo", "en": "At least one flag"},
    "people_flag_filter_none": {"vi": "Không có cảnh báo", "en": "No flag"},
    "people_sort": {"vi": "Sắp xếp", "en": "Sort by"},
    "people_sort_flags_first": {"vi": "Có cảnh báo trước", "en": "Flagged first"},
    "people_sort_name": {"vi": "Họ tên (A–Z)", "en": "Name (A–Z)"},
    "people_sort_attendance_low": {"vi": "Tỷ lệ có mặt thấp trước", "en": "Lowest attendance first"},
    "people_sort_quota_low": {"vi": "Tỷ lệ đạt định mức thấp trước", "en": "Lowest quota rate first"},
    "people_sort_listed_high": {"vi": "Có tên nhiều nhất trước", "en": "Most listings first"},
    "people_sort_absent_high": {"vi": "Vắng nhiều nhất trước", "en": "Most absences first"},
    "people_sort_feedback_high": {"vi": "Tiếp nhận nhiều ý kiến nhất trước", "en": "Most feedback recorded first"},
    "people_page_size": {"vi": "Số dòng mỗi trang", "en": "Rows per page"},
    "people_page_number": {"vi": "Trang", "en": "Page"},
    "people_page_caption": {
        "vi": "Dòng {first}–{last} trên {total} cán bộ · trang {number}/{pages}",
        "en": "Rows {first}–{last} of {total} officials · page {number} of {pages}",
    },
    "people_no_match": {"vi": "Không có cán bộ nào khớp bộ lọc.", "en": "No official matches the filters."},
    "people_file_officials": {"vi": "can-bo", "en": "officials"},
    "people_file_flags": {"vi": "canh-bao-can-bo", "en": "official-flags"},
    "people_file_scorecard": {"vi": "bang-diem-don-vi", "en": "agency-scorecard"},
    "people_file_review": {"vi": "so-ket-can-bo-don-vi", "en": "period-review"},
    "people_flags_none": {"vi": "Không có cán bộ nào có cảnh báo trong kỳ này.",
                          "en": "No official is flagged in this period."},
    "people_flag_rules_title": {"vi": "Quy tắc cảnh báo", "en": "Flag rules"},
    "people_flag_rules_note": {
        "vi": "Ngưỡng nằm trong tệp cấu hình (mục [flags]). Cảnh báo chỉ nêu sự việc theo số liệu; vắng có lý do "
              "không bao giờ bị tính. Cần trao đổi với cán bộ trước khi kết luận.",
        "en": "Thresholds are in the configuration file ([flags]). A flag states what the records show; excused "
              "absences never count. Talk with the official before drawing conclusions.",
    },
    "people_flagged_table": {"vi": "Cán bộ có cảnh báo", "en": "Flagged officials"},
    "people_evidence_choose": {"vi": "Xem căn cứ của cán bộ", "en": "Show the evidence for"},
    "people_rule_prefix": {"vi": "Quy tắc", "en": "Rule"},
    "people_evidence_visits": {"vi": "Các buổi có tên mà vắng (không kể vắng có lý do):",
                               "en": "Visits listed and absent (excused absences left out):"},
    "people_evidence_months": {"vi": "Các tháng được tính mà chưa đạt định mức:",
                               "en": "Counted months below quota:"},
    "people_evidence_items": {"vi": "Các ý kiến chưa chuyển, chưa trả lời trong hạn:",
                              "en": "Items neither passed on nor replied in time:"},
    "people_quota_agency": {"vi": "Đơn vị", "en": "Agency"},
    "people_quota_caption": {
        "vi": "Mỗi ô: số buổi có mặt ở xã được phân công / định mức của tháng. Ô xám: tháng không được tính (không có "
              "phân công hiệu lực trọn tháng, hoặc định mức bằng 0). Chỉ hiện các tháng đã kết thúc.",
        "en": "Each cell: visits attended in assigned communes / the month's quota. Grey: month not counted (no "
              "assignment active for the whole month, or a quota of 0). Only months that have ended are shown.",
    },
    "people_quota_no_months": {"vi": "Kỳ này chưa có tháng nào kết thúc, nên chưa có tháng định mức.",
                               "en": "No month of this period has ended yet, so there is no quota month."},
    "people_quota_hover": {"vi": "{name}<br>Tháng {month}: có mặt {attended} / định mức {required}<br>{state}",
                           "en": "{name}<br>{month}: attended {attended} / quota {required}<br>{state}"},
    "people_quota_hover_not_counted": {
        "vi": "{name}<br>Tháng {month}: không tính (định mức {required})",
        "en": "{name}<br>{month}: not counted (quota {required})",
    },
    "people_quota_month_axis": {"vi": "Tháng", "en": "Month"},
    "people_quota_visits_axis": {"vi": "Số buổi", "en": "Visits"},
    "people_detail_choose": {"vi": "Chọn cán bộ", "en": "Choose an official"},
    "people_options_capped": {
        "vi": "Danh sách chọn gồm {shown} cán bộ đầu tiên trong {total}; gõ tên hoặc mã vào ô tìm kiếm ở tab Danh sách "
              "cán bộ để thu hẹp.",
        "en": "The choice lists the first {shown} of {total} officials; type a name or id in the search box of the "
              "Officials tab to narrow it.",
    },
    "people_detail_hint": {"vi": "Danh sách chọn theo bộ lọc của tab Danh sách cán bộ.",
                           "en": "The choice follows the filters of the Officials tab."},
    "people_detail_heading": {"vi": "{name} · {position} · {agency}", "en": "{name} · {position} · {agency}"},
    "people_detail_communes": {"vi": "Xã, phường phụ trách trong kỳ: {communes}",
                               "en": "Communes assigned in the period: {communes}"},
    "people_detail_no_communes": {"vi": "Không có phân công địa bàn trong kỳ.",
                                  "en": "No commune assignment in the period."},
    "people_detail_flags": {"vi": "Cảnh báo", "en": "Flags"},
    "people_detail_no_flags": {"vi": "Không có cảnh báo nào trong kỳ.", "en": "No flag in this period."},
    "people_detail_visits": {"vi": "Các buổi xuống cơ sở trong kỳ", "en": "Visits in the period"},
    "people_detail_no_visits": {"vi": "Không có tên hoặc có mặt ở buổi nào đã tổ chức trong kỳ.",
                                "en": "Not listed for or present at any held visit in the period."},
    "people_detail_quota": {"vi": "Định mức theo tháng", "en": "Quota by month"},
    "people_detail_feedback": {"vi": "Ý kiến đã tiếp nhận theo tháng", "en": "Feedback recorded by month"},
    "people_detail_no_feedback": {"vi": "Không tiếp nhận ý kiến nào trong kỳ.", "en": "No feedback recorded in the period."},
    # Agencies page
    "people_weights_line": {
        "vi": "Trọng số: {weights}. Nhóm biểu dương và nhóm cần chấn chỉnh: mỗi nhóm {share} số đơn vị được xếp hạng "
              "(ít nhất 1); đơn vị dưới {min_officials} cán bộ, không có phân công địa bàn hoặc chưa đủ dữ liệu "
              "không được xếp hạng.",
        "en": "Weights: {weights}. Groups to commend and to correct: {share} of the ranked agencies each (at least "
              "1); agencies with fewer than {min_officials} officials, no commune assignment or too little evidence "
              "are not ranked.",
    },
    "people_downloads_flags": {"vi": "Tải danh sách cán bộ có cảnh báo (mọi cán bộ, mọi cảnh báo)",
                               "en": "Download the flagged officials (every official, every flag)"},
    "people_downloads_evidence": {"vi": "Tải toàn bộ căn cứ của các cảnh báo (mỗi buổi, tháng hoặc ý kiến một dòng)",
                                  "en": "Download all the evidence behind the flags (one row per visit, month or item)"},
    "people_groups_title": {"vi": "Nhóm biểu dương và nhóm cần chấn chỉnh", "en": "Groups to commend and to correct"},
    "people_groups_note": {
        "vi": "Mỗi đơn vị kèm các tỷ lệ đưa đơn vị vào nhóm (tử số/mẫu số, trung vị các đơn vị được xếp hạng, vị thế "
              "0–100). Tỷ lệ ghi \"chưa đủ dữ liệu\" được tính 50: không phải thành tích, cũng không phải khuyết điểm.",
        "en": "Each agency with the rates that put it in the group (numerator/divisor, the ranked agencies' median, "
              "standing 0–100). A rate marked \"not enough evidence\" counts 50: neither a merit nor a fault.",
    },
    "people_group_commend_title": {"vi": "Đề nghị biểu dương", "en": "To commend"},
    "people_group_correct_title": {"vi": "Cần chấn chỉnh", "en": "To correct"},
    "people_group_empty": {"vi": "Chưa có đơn vị nào được xếp hạng trong phạm vi này.",
                           "en": "No agency is ranked in this scope."},
    "people_group_card": {"vi": "**{rank}. {name}** · điểm {score}", "en": "**{rank}. {name}** · score {score}"},
    "people_group_more": {
        "vi": "… và {more} đơn vị khác trong nhóm ({total} đơn vị). Danh sách đủ kèm lý do ở bảng điểm bên dưới và "
              "trong sổ tổng hợp (Excel).",
        "en": "… and {more} more agencies in the group ({total} in all). The full list with reasons is in the "
              "scorecard below and in the review workbook (Excel).",
    },
    "people_reason_below": {"vi": "{rate} {value} ({detail}): thấp hơn trung vị các đơn vị được xếp hạng ({median}); "
                                  "vị thế {standing}/100",
                            "en": "{rate} {value} ({detail}): below the ranked agencies' median ({median}); "
                                  "standing {standing}/100"},
    "people_reason_above": {"vi": "{rate} {value} ({detail}): cao hơn trung vị các đơn vị được xếp hạng ({median}); "
                                  "vị thế {standing}/100",
                            "en": "{rate} {value} ({detail}): above the ranked agencies' median ({median}); "
                                  "standing {standing}/100"},
    "people_reason_lowest_score": {"vi": "Không tỷ lệ nào dưới mức giữa; điểm vẫn nằm trong nhóm thấp nhất.",
                                   "en": "No rate is below the middle; the score is still among the lowest."},
    "people_reason_highest_score": {"vi": "Không tỷ lệ nào trên mức giữa; điểm vẫn nằm trong nhóm cao nhất.",
                                    "en": "No rate is above the middle; the score is still among the highest."},
    "people_reason_short": {"vi": "{rate}: chưa đủ dữ liệu ({detail}), tính 50 điểm",
                            "en": "{rate}: not enough evidence ({detail}), counted as 50"},
    "people_short_evidence": {"vi": "chưa đủ dữ liệu", "en": "not enough evidence"},
    "people_score_sentence": {
        "vi": "Điểm (0–100) là trung bình có trọng số vị thế của đơn vị trên bốn tỷ lệ so với các đơn vị được xếp "
              "hạng: 100 là cao nhất, 0 là thấp nhất, 50 là ở giữa; một tỷ lệ chỉ được tính khi đủ dữ liệu (ít nhất "
              "{coverage} xã, {attendance} lượt có tên, {quota} tháng định mức, {on_time} ý kiến), nếu chưa đủ thì "
              "tính 50 (không khen, không chê), và đơn vị cần ít nhất {rates} tỷ lệ đủ dữ liệu mới được xếp hạng.",
        "en": "The score (0–100) is the weighted mean of the agency's standing on the four rates among the ranked "
              "agencies: 100 is the best, 0 the lowest, 50 the middle; a rate counts only with enough evidence (at "
              "least {coverage} communes, {attendance} listings, {quota} quota months, {on_time} items), otherwise it "
              "counts 50 (neither praise nor blame), and an agency needs at least {rates} rates with enough evidence "
              "to be ranked.",
    },
    "people_reason_held_items": {
        "vi": "{items} ý kiến do cán bộ của đơn vị tiếp nhận chưa được chuyển trong hạn (không tính vào điểm).",
        "en": "{items} items recorded by its officials were not passed on in time (not part of the score).",
    },
    "people_unit_communes": {"vi": "{part}/{whole} xã", "en": "{part}/{whole} communes"},
    "people_unit_listings": {"vi": "{part}/{whole} lượt", "en": "{part}/{whole} listings"},
    "people_unit_months": {"vi": "{part}/{whole} tháng", "en": "{part}/{whole} months"},
    "people_unit_items": {"vi": "{part}/{whole} ý kiến", "en": "{part}/{whole} items"},
    "people_scorecard_title": {"vi": "Bảng điểm đơn vị", "en": "Agency scorecard"},
    "people_scorecard_agency_filter": {
        "vi": "Bảng điểm luôn so sánh tất cả đơn vị; bộ lọc đơn vị ở thanh bên không áp dụng cho bảng này.",
        "en": "The scorecard always compares all agencies; the sidebar agency filter does not apply to it.",
    },
    "people_trend_title": {"vi": "Điểm theo quý", "en": "Score by quarter"},
    "people_trend_none_ranked": {"vi": "Không quý nào có đơn vị được xếp hạng (chưa đủ cán bộ hoặc chưa đủ dữ liệu): "
                                       "chưa có điểm để vẽ.",
                                 "en": "No agency is ranked in any quarter (too few officials or too little evidence): "
                                       "there is no score to draw."},
    "people_trend_choose": {"vi": "So sánh các đơn vị", "en": "Compare agencies"},
    "people_trend_placeholder": {"vi": "Chọn đơn vị để vẽ đường điểm theo quý",
                                 "en": "Choose agencies to draw their score by quarter"},
    "people_trend_note": {
        "vi": "Quý đầu và quý cuối có thể chỉ gồm một phần kỳ báo cáo (ghi tháng trong ngoặc); tháng định mức chỉ "
              "được tính khi đã kết thúc trong quý. Đơn vị xếp theo hạng của cả kỳ.",
        "en": "The first and last quarters may cover only part of the period (months in brackets); a quota month "
              "counts only when it ended inside the quarter. Agencies in order of their rank for the whole period.",
    },
    "people_trend_subset": {
        "vi": "Có {total} đơn vị; biểu đồ vẽ {top} đơn vị hạng cao nhất và {bottom} đơn vị hạng thấp nhất. Lọc theo "
              "xã để xem các đơn vị khác, hoặc tải tệp điểm theo quý để có đủ.",
        "en": "There are {total} agencies; the chart draws the {top} best and the {bottom} worst ranked. Filter by "
              "commune to see others, or download the score by quarter for all of them.",
    },
    "people_quarter": {"vi": "Q{quarter}/{year}", "en": "Q{quarter} {year}"},
    "people_quarter_axis": {"vi": "Quý", "en": "Quarter"},
    "people_review_title": {"vi": "Tài liệu cho cuộc họp sơ kết", "en": "For the period review meeting"},
    "people_review_button": {"vi": "Tải sổ tổng hợp (Excel)", "en": "Download the review workbook (Excel)"},
    "people_review_caption": {
        "vi": "Một tệp Excel gồm: bảng điểm đơn vị kèm lý do, cán bộ có cảnh báo kèm căn cứ, căn cứ chi tiết và mỗi "
              "đơn vị một trang danh sách cán bộ.",
        "en": "One Excel file: the agency scorecard with reasons, flagged officials with evidence, the evidence in "
              "detail and one sheet per agency listing its officials.",
    },
    # Review workbook
    "people_sheet_scorecard": {"vi": "Bảng điểm đơn vị", "en": "Agency scorecard"},
    "people_sheet_flags": {"vi": "Cán bộ có cảnh báo", "en": "Flagged officials"},
    "people_sheet_evidence": {"vi": "Căn cứ chi tiết", "en": "Evidence in detail"},
    "people_sheet_notes": {"vi": "Ghi chú", "en": "Notes"},
    "people_notes_item": {"vi": "Mục", "en": "Item"},
    "people_notes_value": {"vi": "Nội dung", "en": "Value"},
    "people_notes_title": {"vi": "Sổ tổng hợp cán bộ và đơn vị", "en": "Officials and agencies review workbook"},
    "people_notes_period": {"vi": "Kỳ báo cáo", "en": "Period"},
    "people_notes_as_of": {"vi": "Số liệu đến ngày", "en": "Data as of"},
    "people_notes_scope": {"vi": "Phạm vi", "en": "Scope"},
    "people_notes_all": {"vi": "Toàn tỉnh", "en": "Whole province"},
    "people_notes_weights": {"vi": "Trọng số điểm", "en": "Score weights"},
    "people_notes_score": {"vi": "Cách tính điểm", "en": "How the score is computed"},
    "people_notes_sources": {"vi": "Nguồn số liệu", "en": "Sources"},
    "people_notes_sources_value": {
        "vi": "queries/agency_scorecard_detail.sql, queries/official_participation.sql, queries/official_flags.sql, "
              "queries/official_flag_evidence.sql, queries/official_profile.sql; định nghĩa: docs/metrics.md",
        "en": "queries/agency_scorecard_detail.sql, queries/official_participation.sql, queries/official_flags.sql, "
              "queries/official_flag_evidence.sql, queries/official_profile.sql; definitions: docs/metrics.md",
    },
}

DEFINITIONS: dict[str, dict[str, str]] = {
    "people_participation": {
        "vi": "Chỉ tính điểm danh của các buổi đã tổ chức trong kỳ. Có tên: số lượt có trong danh sách. Có mặt: có mặt "
              "hoặc đến muộn, kể cả tự đến. Vắng, vắng có lý do: các lượt có tên với trạng thái đó. Ý kiến tiếp nhận: "
              "ý kiến nhận trong kỳ do cán bộ ghi nhận, mọi kênh.",
        "en": "Attendance rows of held visits in the period only. Listed: times on the roster. Present: present or "
              "late, walk-ins included. Absent, excused: listed rows with that status. Feedback recorded: items "
              "received in the period that the official recorded, any channel.",
    },
    "people_attendance_rate": {
        "vi": "Số lượt có tên và có mặt / số lượt có tên trừ vắng có lý do. Vắng có lý do không bao giờ bị tính; để "
              "trống khi không có lượt nào được tính.",
        "en": "Rows listed and present / rows listed and not excused. Excused absences never count; empty when "
              "nothing counts.",
    },
    "people_quota": {
        "vi": "Tháng được tính: tháng đã kết thúc trước ngày chốt số liệu, cán bộ có phân công hiệu lực trọn tháng với "
              "tổng định mức > 0. Đạt khi số buổi đã tổ chức có mặt ở các xã được phân công ≥ định mức. Tỷ lệ = tháng "
              "đạt / tháng được tính.",
        "en": "A month counts when it ended by the as_of date and the official had assignments active for the whole "
              "month with a quota above 0. It is met when the official was present at that many held visits in the "
              "assigned communes. Rate = months met / months counted.",
    },
    "people_flags": {
        "vi": "Bốn cảnh báo, ngưỡng trong tệp cấu hình: có tên nhưng không có mặt; ít khi có mặt; chưa đạt định mức "
              "nhiều tháng liên tiếp; ý kiến chưa chuyển, chưa trả lời trong hạn. Mỗi cảnh báo kèm quy tắc bằng lời "
              "và căn cứ.",
        "en": "Four flags with thresholds in the configuration file: listed but never present; rarely present; under "
              "quota for consecutive months; feedback not passed on in time. Each comes with its rule in words and "
              "its evidence.",
    },
    "people_flag_evidence": {
        "vi": "Căn cứ: các buổi có tên mà vắng (ngày, xã, đơn vị chủ trì), các tháng được tính chưa đạt định mức, các "
              "ý kiến chưa chuyển, chưa trả lời trong hạn. Vắng có lý do không phải là căn cứ.",
        "en": "Evidence: the visits listed and absent (date, commune, lead agency), the counted months below quota, "
              "the items neither passed on nor replied in time. Excused absences are never evidence.",
    },
    "people_heatmap": {
        "vi": "Mỗi ô là một cán bộ trong một tháng: xanh = đạt định mức, cam = chưa đạt, xám = không tính.",
        "en": "Each cell is one official in one month: blue = quota met, orange = not met, grey = not counted.",
    },
    "people_detail": {
        "vi": "Toàn bộ lượt điểm danh của cán bộ ở các buổi đã tổ chức trong kỳ, định mức từng tháng và ý kiến đã "
              "tiếp nhận, để trao đổi khi sơ kết.",
        "en": "All of the official's attendance rows at held visits in the period, quota by month and feedback "
              "recorded, for the review conversation.",
    },
    "people_profile": {
        "vi": "Xã, phường phụ trách: các phân công có hiệu lực giao với kỳ báo cáo (bắt đầu trước ngày chốt kỳ và chưa "
              "kết thúc trước ngày đầu kỳ).",
        "en": "Communes assigned: assignments overlapping the period (starting by its last day and not ended before "
              "its first day).",
    },
    "people_scorecard": {
        "vi": "Bao phủ: tỷ lệ xã được phân công cho cán bộ của đơn vị có ít nhất một buổi đã tổ chức với cán bộ của "
              "đơn vị có mặt. Có mặt, đạt định mức: cộng dồn trên mọi cán bộ của đơn vị. Đúng hạn: trên ý kiến chuyển "
              "đến đơn vị. Ý kiến chưa chuyển trong hạn: do cán bộ của đơn vị tiếp nhận (không tính vào điểm).",
        "en": "Coverage: share of the communes assigned to the agency's officials with at least one held visit where "
              "one of them was present. Attendance and quota: pooled over all its officials. On time: over feedback "
              "passed on to the agency. Items not passed on in time: recorded by its officials (not in the score).",
    },
    "people_score": {
        "vi": "Vị thế của đơn vị trên một tỷ lệ (0–100): 100 × (số đơn vị có tỷ lệ thấp hơn + ½ × số đơn vị khác có "
              "tỷ lệ bằng) / (n − 1), trong n đơn vị được xếp hạng đủ dữ liệu về tỷ lệ đó; 50 khi chỉ có một đơn vị. "
              "Tỷ lệ đủ dữ liệu khi mẫu số đạt tối thiểu: {min_evidence_coverage} xã, {min_evidence_attendance} lượt "
              "có tên, {min_evidence_quota} tháng định mức, {min_evidence_on_time} ý kiến. Điểm = trung bình có trọng "
              "số bốn vị thế, tỷ lệ chưa đủ dữ liệu tính 50. Được xếp hạng: ít nhất {min_officials} cán bộ, có phân "
              "công giao với kỳ và ít nhất {min_rates_with_evidence} tỷ lệ đủ dữ liệu. Hạng 1 là điểm cao nhất; bằng "
              "điểm thì cùng hạng (1, 2, 2, 4). k = max(1, phần nguyên của {group_percent} × số đơn vị được xếp "
              "hạng); k đơn vị đầu được biểu dương, k đơn vị cuối cần chấn chỉnh (nếu trùng thì biểu dương).",
        "en": "An agency's standing on a rate (0–100): 100 × (agencies with a lower rate + ½ × the others with an "
              "equal rate) / (n − 1), among the n ranked agencies with enough evidence on that rate; 50 when there is "
              "one. A rate has enough evidence when its divisor reaches {min_evidence_coverage} communes, "
              "{min_evidence_attendance} listings, {min_evidence_quota} quota months, {min_evidence_on_time} items. "
              "Score = the weighted mean of the four standings, a rate without enough evidence counting 50. Ranked: "
              "at least {min_officials} officials, an assignment overlapping the period and at least "
              "{min_rates_with_evidence} rates with enough evidence. Rank 1 is the highest score; ties share the "
              "better rank (1, 2, 2, 4). k = max(1, floor({group_percent} × ranked agencies)); the top k are "
              "commended, the bottom k are to correct (commend wins if both).",
    },
    "people_review_groups": {
        "vi": "Lý do: các tỷ lệ có vị thế trên mức giữa (nhóm biểu dương, cao nhất trước) hoặc dưới mức giữa (nhóm cần "
              "chấn chỉnh, thấp nhất trước), với tử số/mẫu số và trung vị của các đơn vị được xếp hạng; tỷ lệ chưa đủ "
              "dữ liệu được ghi rõ và không bao giờ là lý do khen.",
        "en": "Reasons: the rates with a standing above the middle (to commend, highest first) or below it (to "
              "correct, lowest first), with numerator/divisor and the ranked agencies' median; a rate without enough "
              "evidence is named as such and is never a merit.",
    },
    "people_trend": {
        "vi": "Bảng điểm tính lại trên phần của từng quý nằm trong kỳ, trạng thái vẫn xét tại ngày chốt số liệu.",
        "en": "The scorecard computed again on the part of each quarter inside the period; statuses still judged on "
              "the as_of date.",
    },
}
