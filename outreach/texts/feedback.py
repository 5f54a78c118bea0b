"""Texts of the citizen feedback page (Ý kiến người dân). Every key starts with fb_."""

TEXT: dict[str, dict[str, str]] = {
    "fb_intro": {
        "vi": "Người dân nêu ý kiến thì có được trả lời không, và nhanh đến đâu? Số liệu gồm các ý kiến "
              "tiếp nhận trong kỳ; trạng thái (đã trả lời, quá hạn, ém thông tin) xét tại ngày chốt số liệu.",
        "en": "When citizens raise something, do they get an answer, and how fast? Figures cover the items "
              "received in the period; statuses (replied, overdue, held) are judged on the as-of date.",
    },
    "fb_no_items": {"vi": "Không có ý kiến nào được tiếp nhận trong kỳ và phạm vi đang xem.",
                    "en": "No feedback was received in this period and scope."},
    # Flow
    "fb_flow_title": {"vi": "Ý kiến đi đến đâu", "en": "Where the items went"},
    "fb_card_received": {"vi": "Tiếp nhận", "en": "Received"},
    "fb_card_handled_on_spot": {"vi": "Giải đáp tại chỗ", "en": "Answered on the spot"},
    "fb_card_forwarded": {"vi": "Chuyển đơn vị", "en": "Forwarded"},
    "fb_card_replied": {"vi": "Đã trả lời", "en": "Replied"},
    "fb_card_resolved": {"vi": "Đã giải quyết xong", "en": "Resolved"},
    "fb_card_open": {"vi": "Đang chờ trả lời", "en": "Still open"},
    "fb_card_open_overdue": {"vi": "Quá hạn chưa trả lời", "en": "Open and overdue"},
    "fb_card_on_time_rate": {"vi": "Trả lời đúng hạn", "en": "Replied on time"},
    "fb_share_of_received": {"vi": "{share} số tiếp nhận", "en": "{share} of received"},
    "fb_share_of_open": {"vi": "{share} số đang chờ", "en": "{share} of open items"},
    "fb_share_of_replied": {"vi": "{share} số đã trả lời", "en": "{share} of replied"},
    "fb_flow_sentence": {
        "vi": "Trong {received} ý kiến tiếp nhận, {replied} ({replied_share}) đã được trả lời, {on_time} trong số đó "
              "đúng hạn; {open} ý kiến còn chờ, trong đó {overdue} đã quá hạn.",
        "en": "Of {received} items received, {replied} ({replied_share}) have been replied to, {on_time} of them on "
              "time; {open} are still open, {overdue} of which are overdue.",
    },
    "fb_route_on_spot": {"vi": "Giải đáp tại chỗ", "en": "Answered on the spot"},
    "fb_route_forwarded": {"vi": "Chuyển đơn vị xử lý", "en": "Forwarded to an agency"},
    "fb_route_not_forwarded": {"vi": "Chưa chuyển đơn vị", "en": "Not forwarded"},
    "fb_status_replied_on_time": {"vi": "Trả lời đúng hạn", "en": "Replied on time"},
    "fb_status_replied_late": {"vi": "Trả lời trễ hạn", "en": "Replied late"},
    "fb_status_open_in_time": {"vi": "Đang chờ, chưa đến hạn", "en": "Open, not yet due"},
    "fb_status_open_overdue": {"vi": "Đang chờ, đã quá hạn", "en": "Open, overdue"},
    "fb_flow_all": {"vi": "Tất cả ý kiến", "en": "All items"},
    "fb_flow_share_axis": {"vi": "Tỷ lệ trong nhóm", "en": "Share of the route"},
    "fb_items_unit": {"vi": "ý kiến", "en": "items"},
    # Tabs
    "fb_tab_time": {"vi": "Thời gian trả lời", "en": "Time to reply"},
    "fb_tab_monthly": {"vi": "Theo tháng", "en": "By month"},
    "fb_tab_league": {"vi": "Xếp hạng đơn vị", "en": "Agency league table"},
    "fb_tab_breakdown": {"vi": "Theo nhóm", "en": "Breakdowns"},
    "fb_tab_backlog": {"vi": "Tồn đọng", "en": "Backlog"},
    "fb_tab_held": {"vi": "Ém thông tin", "en": "Held information"},
    # Time to reply
    "fb_km_title": {"vi": "Bao lâu thì người dân nhận được trả lời", "en": "How long citizens wait for a reply"},
    "fb_km_axis_days": {"vi": "Số ngày kể từ khi tiếp nhận", "en": "Days since receipt"},
    "fb_km_axis_waiting": {"vi": "Tỷ lệ ý kiến còn chờ trả lời", "en": "Share of items still waiting"},
    "fb_km_curve_name": {"vi": "Còn chờ (Kaplan–Meier)", "en": "Still waiting (Kaplan–Meier)"},
    "fb_km_hover": {"vi": "Sau {days} ngày: {share} còn chờ", "en": "After {days} days: {share} still waiting"},
    "fb_km_median_label": {"vi": "Trung vị {days} ngày", "en": "Median {days} days"},
    "fb_km_p90_label": {"vi": "90% sau {days} ngày", "en": "90% after {days} days"},
    "fb_km_naive_label": {"vi": "Chỉ tính đã trả lời: {days} ngày", "en": "Replied only: {days} days"},
    "fb_metric_median_km": {"vi": "Một nửa được trả lời trong", "en": "Half answered within"},
    "fb_metric_p90_km": {"vi": "90% được trả lời trong", "en": "90% answered within"},
    "fb_metric_median_naive": {"vi": "Chỉ tính ý kiến đã trả lời", "en": "Replied items only"},
    "fb_km_counted_note": {"vi": "gồm cả ý kiến chờ", "en": "open items counted"},
    "fb_days_value": {"vi": "{days} ngày", "en": "{days} days"},
    "fb_working_days_value": {"vi": "{days} ngày làm việc", "en": "{days} working days"},
    "fb_not_reached": {"vi": "chưa đạt", "en": "not reached"},
    "fb_not_reached_help": {
        "vi": "Chưa đến lúc tỷ lệ còn chờ xuống tới mức này: quá nhiều ý kiến vẫn chưa được trả lời.",
        "en": "The share still waiting has not fallen this far: too many items are still unanswered.",
    },
    "fb_why_none_replied": {
        "vi": "Chưa có ý kiến nào được trả lời, nên chưa tính được thời gian trả lời.",
        "en": "No item has been replied to yet, so there is no time to reply to measure.",
    },
    "fb_why_unreached": {
        "vi": "Chỉ tính {replied} ý kiến đã trả lời thì trung vị là {naive} ngày, nhưng hơn một nửa số ý kiến vẫn "
              "chưa có trả lời (có ý kiến đã chờ {oldest} ngày), nên thực tế một nửa số người dân còn chờ lâu hơn "
              "mọi thời gian quan sát được.",
        "en": "Counting only the {replied} replied items the median is {naive} days, but more than half of the items "
              "have no reply yet (one has waited {oldest} days), so half of the citizens really wait longer than any "
              "time observed so far.",
    },
    "fb_why_longer": {
        "vi": "Chỉ tính {replied} ý kiến đã trả lời thì trung vị là {naive} ngày; nhưng còn {open} ý kiến đang chờ "
              "(lâu nhất {oldest} ngày), và khi tính cả những ý kiến này thì phải {km} ngày mới có một nửa số ý kiến "
              "được trả lời.",
        "en": "Counting only the {replied} replied items the median is {naive} days; but {open} items are still "
              "waiting (the oldest for {oldest} days), and once they are counted it takes {km} days before half of "
              "the items are answered.",
    },
    "fb_why_close": {
        "vi": "Hai con số gần nhau ({km} và {naive} ngày) vì {replied_share} số ý kiến đã được trả lời: {open} ý kiến "
              "còn chờ không đủ nhiều để kéo dài thời gian trả lời.",
        "en": "The two figures are close ({km} and {naive} days) because {replied_share} of the items have been "
              "replied to: the {open} still open are too few to lengthen the time to reply.",
    },
    "fb_why_all_replied": {
        "vi": "Mọi ý kiến đều đã được trả lời, nên cả hai con số ({km} và {naive} ngày) tính trên cùng các ý kiến, "
              "không bỏ sót ý kiến nào đang chờ.",
        "en": "Every item has been replied to, so both figures ({km} and {naive} days) rest on the same items and "
              "leave out no open item.",
    },
    "fb_why_shorter": {
        "vi": "Trung vị chỉ tính ý kiến đã trả lời ({naive} ngày) lấy trung bình của hai ý kiến ở giữa, còn {km} ngày "
              "là ngày mà một nửa số ý kiến đã thực sự được trả lời; các ý kiến còn chờ không làm con số này dài thêm.",
        "en": "The replied-only median ({naive} days) averages the two middle items, while {km} days is the day by "
              "which half of the items had actually been answered; the items still open do not lengthen it.",
    },
    "fb_monthly_settling": {
        "vi": "Tháng {months} (mờ, dấu *): còn ý kiến chưa đến hạn nên tỷ lệ đúng hạn và trung vị còn thay đổi; "
              "trung vị chỉ tính ý kiến đã trả lời không vẽ cho các tháng này vì mới chỉ gồm những ý kiến trả lời nhanh.",
        "en": "{months} (faded, *): items are not yet due, so the on-time rate and medians can still change; the "
              "replied-only median is not drawn for them, as it would count only the quick replies so far.",
    },
    "fb_monthly_title": {"vi": "Diễn biến theo tháng tiếp nhận", "en": "Trend by month received"},
    "fb_monthly_median": {"vi": "Trung vị (tính cả ý kiến đang chờ)", "en": "Median (open items counted)"},
    "fb_monthly_naive": {"vi": "Trung vị (chỉ tính đã trả lời)", "en": "Median (replied only)"},
    "fb_monthly_days_axis": {"vi": "Số ngày", "en": "Days"},
    "fb_monthly_rate_axis": {"vi": "Đúng hạn", "en": "On time"},
    "fb_monthly_rate": {"vi": "Tỷ lệ trả lời đúng hạn", "en": "On-time rate"},
    "fb_monthly_note": {
        "vi": "Mỗi tháng gồm các ý kiến tiếp nhận trong tháng đó. Ở các tháng gần đây nhiều ý kiến chưa đến hạn nên "
              "số liệu còn thay đổi; trung vị để trống khi hơn một nửa số ý kiến của tháng chưa được trả lời.",
        "en": "Each month covers the items received in it. Recent months still have many items not yet due, so their "
              "figures will move; the median is blank while more than half of a month's items are unanswered.",
    },
    # League table
    "fb_league_title": {"vi": "Xếp hạng đơn vị trả lời ý kiến", "en": "Agencies answering citizens"},
    "fb_league_note": {
        "vi": "Đơn vị yếu nhất ở trên cùng: tỷ lệ đúng hạn thấp nhất, rồi nhiều ý kiến quá hạn nhất, rồi trung vị dài "
              "nhất. Hạng 1 là tốt nhất; đơn vị chưa được chuyển ý kiến nào không xếp hạng. Bấm tiêu đề cột để sắp "
              "xếp lại.",
        "en": "Weakest agency on top: lowest on-time rate, then most overdue items, then the longest median. Rank 1 "
              "is the best; agencies that were forwarded nothing are not ranked. Click a column header to re-sort.",
    },
    # Breakdowns
    "fb_dimension": {"vi": "Xem theo", "en": "Break down by"},
    "fb_dimension_agency": {"vi": "Đơn vị xử lý", "en": "Agency"},
    "fb_dimension_topic": {"vi": "Lĩnh vực", "en": "Topic"},
    "fb_dimension_commune": {"vi": "Xã, phường", "en": "Commune"},
    "fb_dimension_channel": {"vi": "Kênh tiếp nhận", "en": "Channel"},
    "fb_breakdown_chart_title": {"vi": "Tỷ lệ trả lời đúng hạn, {count} nhóm yếu nhất",
                                 "en": "On-time rate, the {count} weakest groups"},
    "fb_breakdown_hover": {"vi": "Đúng hạn {rate} · trung vị {median} · {items} ý kiến",
                           "en": "On time {rate} · median {median} · {items} items"},
    "fb_no_agency": {"vi": "(chưa chuyển đơn vị)", "en": "(not forwarded)"},
    "fb_no_topic": {"vi": "(không ghi lĩnh vực)", "en": "(no topic)"},
    "fb_no_recorder": {"vi": "(không ghi người tiếp nhận)", "en": "(no recorder)"},
    "fb_channel_visit": {"vi": "Qua buổi tiếp xúc", "en": "At a visit"},
    "fb_channel_dialogue": {"vi": "Qua đối thoại", "en": "At a dialogue"},
    "fb_channel_hotline": {"vi": "Đường dây nóng", "en": "Hotline"},
    "fb_channel_online": {"vi": "Trực tuyến", "en": "Online"},
    "fb_channel_letter": {"vi": "Đơn thư", "en": "Letter"},
    "fb_channel_other": {"vi": "Khác", "en": "Other"},
    # Backlog
    "fb_backlog_title": {"vi": "Ý kiến đang chờ theo thời gian chờ", "en": "Open items by age"},
    "fb_backlog_agency_title": {"vi": "Ý kiến đang chờ theo đơn vị", "en": "Open items by agency"},
    "fb_backlog_axis_age": {"vi": "Đã chờ (ngày)", "en": "Waiting (days)"},
    "fb_backlog_in_time": {"vi": "Chưa đến hạn", "en": "Not yet due"},
    "fb_backlog_overdue": {"vi": "Quá hạn", "en": "Overdue"},
    "fb_backlog_bucket": {"vi": "{bucket} ngày", "en": "{bucket} days"},
    "fb_backlog_agency_hover": {"vi": "{bucket} ngày: {count} ý kiến", "en": "{bucket} days: {count} items"},
    "fb_backlog_top": {"vi": "{count} đơn vị có nhiều ý kiến đang chờ nhất; bảng tải về có đủ mọi đơn vị.",
                       "en": "The {count} agencies with the most open items; the download has every agency."},
    "fb_backlog_none": {"vi": "Không còn ý kiến nào đang chờ trả lời.", "en": "No item is waiting for a reply."},
    "fb_oldest_title": {"vi": "Ý kiến chờ lâu nhất", "en": "Oldest open items"},
    "fb_oldest_note": {
        "vi": "Sắp xếp từ ý kiến chờ lâu nhất. Không hiển thị họ tên, số điện thoại của người dân.",
        "en": "Oldest first. Citizens' names and phone numbers are never shown.",
    },
    # Held information
    "fb_held_title": {"vi": "Ém thông tin: ý kiến bị giữ lại", "en": "Held information: items kept back"},
    "fb_held_rule": {
        "vi": "**Quy tắc.** Một ý kiến bị coi là *ém thông tin* khi không được giải đáp tại chỗ, đã tiếp nhận từ "
              "{days} ngày trở lên trước ngày chốt số liệu, mà trong {days} ngày kể từ ngày tiếp nhận không được "
              "chuyển đơn vị xử lý và cũng không được trả lời (chuyển đúng ngày thứ {days} vẫn là kịp). Ý kiến được "
              "tính cho cán bộ ghi nhận và đơn vị của cán bộ đó. Cán bộ có từ {flag_min} ý kiến trở lên bị cảnh báo.",
        "en": "**Rule.** An item counts as *held information* when it was not answered on the spot, was received "
              "{days} or more days before the as-of date, and was neither forwarded to an agency nor replied to "
              "within {days} days of receipt (forwarding on day {days} is still in time). It is charged to the "
              "official who recorded it and to that official's agency. An official with {flag_min} or more such "
              "items is flagged.",
    },
    "fb_held_caution": {
        "vi": "Đây là dấu hiệu cần xem lại, không phải kết luận vi phạm: hãy đối chiếu hồ sơ từng ý kiến (ngày chuyển "
              "có thể bị nhập thiếu) trước khi nhắc nhở cán bộ.",
        "en": "This is a sign to look into, not a finding of misconduct: check each item's record (a forwarding date "
              "may simply be missing) before taking it up with the official.",
    },
    "fb_held_none": {"vi": "Không có ý kiến nào bị giữ lại quá {days} ngày trong kỳ.",
                     "en": "No item was held back for more than {days} days in this period."},
    "fb_held_by_official": {"vi": "Theo cán bộ ghi nhận", "en": "By recording official"},
    "fb_held_by_agency": {"vi": "Theo đơn vị của cán bộ ghi nhận", "en": "By the recorder's agency"},
    "fb_held_items_title": {"vi": "Danh sách ý kiến bị giữ lại", "en": "The items held back"},
    # Table columns
    "fb_col_rank": {"vi": "Hạng", "en": "Rank"},
    "fb_col_agency_id": {"vi": "Mã đơn vị", "en": "Agency id"},
    "fb_col_agency_name": {"vi": "Đơn vị", "en": "Agency"},
    "fb_col_forwarded": {"vi": "Được chuyển", "en": "Forwarded"},
    "fb_col_replied": {"vi": "Đã trả lời", "en": "Replied"},
    "fb_col_replied_on_time": {"vi": "Trả lời đúng hạn", "en": "Replied on time"},
    "fb_col_open": {"vi": "Đang chờ", "en": "Open"},
    "fb_col_open_overdue": {"vi": "Quá hạn chưa trả lời", "en": "Open overdue"},
    "fb_col_on_time_rate": {"vi": "Tỷ lệ đúng hạn", "en": "On-time rate"},
    "fb_col_median_days_km": {"vi": "Trung vị (ngày)", "en": "Median (days)"},
    "fb_col_p90_days_km": {"vi": "90% trong (ngày)", "en": "90% within (days)"},
    "fb_col_median_days_replied_only": {"vi": "Trung vị chỉ tính đã trả lời", "en": "Median, replied only"},
    "fb_col_group_name": {"vi": "Nhóm", "en": "Group"},
    "fb_col_items": {"vi": "Tiếp nhận", "en": "Items"},
    "fb_col_route": {"vi": "Hướng xử lý", "en": "Route"},
    "fb_col_status": {"vi": "Tình trạng trả lời", "en": "Reply status"},
    "fb_col_resolved": {"vi": "Đã giải quyết xong", "en": "Resolved"},
    "fb_col_held_information": {"vi": "Ém thông tin", "en": "Held"},
    "fb_col_feedback_id": {"vi": "Mã ý kiến", "en": "Item id"},
    "fb_col_received_date": {"vi": "Ngày tiếp nhận", "en": "Received"},
    "fb_col_commune_name": {"vi": "Xã, phường", "en": "Commune"},
    "fb_col_forwarded_to_name": {"vi": "Đơn vị xử lý", "en": "Agency responsible"},
    "fb_col_channel": {"vi": "Kênh", "en": "Channel"},
    "fb_col_topic": {"vi": "Lĩnh vực", "en": "Topic"},
    "fb_col_summary": {"vi": "Tóm tắt", "en": "Summary"},
    "fb_col_due_effective": {"vi": "Hạn trả lời", "en": "Due"},
    "fb_col_is_overdue": {"vi": "Quá hạn", "en": "Overdue"},
    "fb_col_age_days": {"vi": "Đã chờ (ngày)", "en": "Waiting (days)"},
    "fb_col_working_days_open": {"vi": "Đã chờ (ngày làm việc)", "en": "Waiting (working days)"},
    "fb_col_days_overdue": {"vi": "Quá hạn (ngày)", "en": "Overdue by (days)"},
    "fb_col_is_held_information": {"vi": "Ém thông tin", "en": "Held"},
    "fb_col_full_name": {"vi": "Cán bộ ghi nhận", "en": "Recording official"},
    "fb_col_position": {"vi": "Chức vụ", "en": "Position"},
    "fb_col_items_recorded": {"vi": "Ý kiến đã ghi nhận", "en": "Items recorded"},
    "fb_col_held_items": {"vi": "Ý kiến bị giữ lại", "en": "Items held"},
    "fb_col_held_share": {"vi": "Tỷ lệ bị giữ lại", "en": "Share held"},
    "fb_col_is_flagged": {"vi": "Bị cảnh báo", "en": "Flagged"},
    "fb_col_first_held_received": {"vi": "Ý kiến đầu tiên", "en": "First item"},
    "fb_col_last_held_received": {"vi": "Ý kiến gần nhất", "en": "Latest item"},
    "fb_col_officials_with_held": {"vi": "Cán bộ có ý kiến bị giữ", "en": "Officials with held items"},
    "fb_col_officials_flagged": {"vi": "Cán bộ bị cảnh báo", "en": "Officials flagged"},
    "fb_col_recorded_by_name": {"vi": "Cán bộ ghi nhận", "en": "Recording official"},
    "fb_col_recorder_agency_name": {"vi": "Đơn vị cán bộ", "en": "Official's agency"},
    "fb_col_forwarded_date": {"vi": "Ngày chuyển", "en": "Forwarded"},
    "fb_col_days_to_forward": {"vi": "Chuyển sau (ngày)", "en": "Forwarded after (days)"},
    "fb_col_replied_date": {"vi": "Ngày trả lời", "en": "Replied"},
    "fb_col_days_to_reply": {"vi": "Trả lời sau (ngày)", "en": "Replied after (days)"},
    "fb_col_is_open": {"vi": "Còn chờ", "en": "Open"},
    # Definitions expander labels
    "fb_def_flow": {"vi": "Luồng xử lý ý kiến", "en": "Flow of items"},
    "fb_def_due": {"vi": "Hạn trả lời và ngày làm việc", "en": "Deadline and working days"},
    "fb_def_km": {"vi": "Thời gian trả lời (Kaplan–Meier)", "en": "Time to reply (Kaplan–Meier)"},
    "fb_def_naive": {"vi": "Trung vị chỉ tính ý kiến đã trả lời", "en": "Median over replied items only"},
    "fb_def_items": {"vi": "Bảng từng ý kiến (trích xuất)", "en": "One row per item (extract)"},
}

DEFINITIONS: dict[str, dict[str, str]] = {
    "fb_flow": {
        "vi": "Ý kiến có ngày tiếp nhận trong kỳ. Nhánh: giải đáp tại chỗ; chuyển đơn vị (có đơn vị xử lý); chưa "
              "chuyển. Trạng thái tại ngày chốt số liệu: đã trả lời (đúng hạn hoặc trễ hạn), đang chờ chưa đến hạn, "
              "đang chờ đã quá hạn. Ý kiến giải đáp tại chỗ mà không ghi ngày trả lời được coi là trả lời ngay ngày "
              "tiếp nhận. Đã giải quyết xong: có ngày giải quyết.",
        "en": "Items received in the period. Routes: answered on the spot; forwarded (an agency is responsible); not "
              "forwarded. Status on the as-of date: replied (on time or late), open and not yet due, open and "
              "overdue. An item answered on the spot with no reply date counts as replied on its received date. "
              "Resolved: has a resolution date.",
    },
    "fb_due": {
        "vi": "Hạn trả lời là hạn ghi trong dữ liệu; nếu không có thì là ngày làm việc thứ {reply_working_days} sau ngày tiếp nhận (cấu "
              "hình được). Ngày làm việc: thứ Hai đến thứ Sáu và ngày làm bù, trừ ngày lễ, Tết, lấy từ thư viện "
              "ngày lễ `holidays`. Trả lời đúng ngày hạn là đúng hạn; ý kiến đến hạn đúng ngày chốt số liệu chưa "
              "quá hạn. Số ngày trả lời tính cả theo ngày lịch và ngày làm việc.",
        "en": "The deadline is the given due date, else working day {reply_working_days} after receipt (configurable). Working "
              "days: Monday to Friday and official make-up days, minus public holidays and Tết, from the `holidays` "
              "library. A reply on the due date is on time; an item due on the as-of date is not yet overdue. Days "
              "to reply are shown in calendar and in working days.",
    },
    "fb_p90": {
        "vi": "Số ngày nhỏ nhất mà sau đó chỉ còn tối đa 10% số ý kiến chưa được trả lời (Kaplan–Meier); để trống nếu "
              "chưa đạt.",
        "en": "The smallest number of days after which at most 10% of the items are still unanswered (Kaplan–Meier); "
              "blank if never reached.",
    },
    "fb_naive": {
        "vi": "Trung vị thông thường của số ngày trả lời, chỉ trên các ý kiến đã được trả lời (có thể lẻ 0,5). Con số "
              "này bỏ qua ý kiến còn chờ nên thường đẹp hơn thực tế.",
        "en": "The ordinary median of days to reply over replied items only (it can end in .5). It ignores open "
              "items, so it usually looks better than the truth.",
    },
    "fb_monthly": {
        "vi": "Theo tháng tiếp nhận: tỷ lệ đúng hạn, trung vị Kaplan–Meier và trung vị chỉ tính đã trả lời của các ý "
              "kiến tiếp nhận trong tháng; trạng thái xét tại ngày chốt số liệu.",
        "en": "By month received: on-time rate, Kaplan–Meier median and replied-only median of the items received in "
              "the month; statuses judged on the as-of date.",
    },
    "fb_league": {
        "vi": "Theo đơn vị được chuyển xử lý (forwarded_to): số ý kiến được chuyển, đã trả lời, đúng hạn, đang chờ, "
              "quá hạn; tỷ lệ đúng hạn = đúng hạn / (đã trả lời + quá hạn); trung vị và 90% theo Kaplan–Meier. Hạng: "
              "tỷ lệ đúng hạn cao hơn thì hạng tốt hơn; bằng nhau thì ít ý kiến quá hạn hơn, rồi trung vị ngắn hơn; "
              "bằng nhau hoàn toàn thì cùng hạng.",
        "en": "By the agency the item was forwarded to: items forwarded, replied, on time, open, overdue; on-time rate "
              "= on time / (replied + open overdue); Kaplan–Meier median and 90th percentile. Rank: a higher on-time "
              "rate ranks better; ties go to fewer overdue items, then the shorter median; full ties share a rank.",
    },
    "fb_by_dimension": {
        "vi": "Cùng các chỉ số, chia theo đơn vị xử lý, lĩnh vực, xã phường nơi người dân cư trú hoặc kênh tiếp nhận. "
              "Biểu đồ hiện các nhóm có tỷ lệ đúng hạn thấp nhất; bảng có đủ mọi nhóm.",
        "en": "The same measures by agency responsible, topic, the citizen's commune or channel. The chart shows the "
              "groups with the lowest on-time rate; the table has every group.",
    },
    "fb_backlog": {
        "vi": "Ý kiến tiếp nhận trong kỳ chưa được trả lời tại ngày chốt số liệu, theo số ngày đã chờ (ngày chốt − "
              "ngày tiếp nhận): 0–7, 8–15, 16–30, 31–60, trên 60 ngày; và số ý kiến quá hạn, theo đơn vị xử lý.",
        "en": "Items of the period with no reply on the as-of date, by days waited (as-of − received): 0–7, 8–15, "
              "16–30, 31–60, over 60; and how many are overdue, by agency responsible.",
    },
    "fb_open_items": {
        "vi": "Từng ý kiến đang chờ, chờ lâu nhất trước, với xã phường và đơn vị xử lý; số ngày chờ tính theo ngày "
              "lịch và ngày làm việc. Không có thông tin cá nhân của người dân.",
        "en": "Each open item, oldest first, with its commune and agency; days waited in calendar and working days. "
              "No personal data of citizens.",
    },
    "fb_held": {
        "vi": "Ý kiến không giải đáp tại chỗ, tiếp nhận từ {held_after_days} ngày trở lên trước ngày chốt, không được "
              "chuyển (ngày chuyển ≤ ngày tiếp nhận + {held_after_days}) và không được trả lời trong {held_after_days} ngày. Tính cho cán bộ ghi nhận và đơn vị "
              "của cán bộ; ý kiến không ghi người tiếp nhận vẫn được liệt kê nhưng không tính cho ai. Bộ lọc đơn vị "
              "giữ ý kiến do cán bộ của đơn vị đó ghi nhận.",
        "en": "Items not answered on the spot, received {held_after_days} or more days before the as-of date, neither "
              "forwarded (forwarded date ≤ received + {held_after_days}) nor replied within {held_after_days} days. Charged to the recording official and that "
              "official's agency; an item with no recorder is listed but charged to nobody. The agency filter keeps "
              "items recorded by the agency's officials.",
    },
    "fb_items": {
        "vi": "Một dòng mỗi ý kiến trong kỳ với hạn trả lời, số ngày trả lời (ngày lịch và ngày làm việc), đúng hạn, "
              "còn chờ, quá hạn, ém thông tin; không có họ tên, số điện thoại người dân. Tải ở trang Dữ liệu.",
        "en": "One row per item of the period with its deadline, days to reply (calendar and working), on time, open, "
              "overdue, held; no citizen name or phone. Download it from the Data page.",
    },
}
