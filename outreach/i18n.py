"""One translation table (Vietnamese first, English as a switch) and vi-VN formatting."""

from __future__ import annotations

import datetime as dt
import decimal
import functools
import re
from pathlib import Path
from typing import Any

import pandas as pd
from babel.numbers import format_decimal, format_percent, get_decimal_symbol, get_group_symbol

LANGUAGES = ("vi", "en")
LOCALES = {"vi": "vi_VN", "en": "en_US"}

TEXT: dict[str, dict[str, str]] = {
    # Shell and navigation
    "app_title": {"vi": "Hướng về cơ sở", "en": "Turning toward the grassroots"},
    "app_subtitle": {"vi": "Theo dõi cán bộ xuống cơ sở và trả lời ý kiến người dân",
                     "en": "Officials' grassroots visits and replies to citizens"},
    "nav_overview": {"vi": "Tổng quan", "en": "Overview"},
    "nav_coverage": {"vi": "Bao phủ", "en": "Coverage"},
    "nav_feedback": {"vi": "Ý kiến người dân", "en": "Citizen feedback"},
    "nav_officials": {"vi": "Cán bộ", "en": "Officials"},
    "nav_agencies": {"vi": "Đơn vị", "en": "Agencies"},
    "nav_data": {"vi": "Dữ liệu", "en": "Data"},
    "language": {"vi": "Ngôn ngữ", "en": "Language"},
    "filters": {"vi": "Bộ lọc", "en": "Filters"},
    "filters_chosen": {"vi": "{period} · {commune} · {agency}", "en": "{period} · {commune} · {agency}"},
    "period_from": {"vi": "Từ tháng", "en": "From month"},
    "period_to": {"vi": "Đến tháng", "en": "To month"},
    "commune": {"vi": "Xã, phường", "en": "Commune"},
    "agency": {"vi": "Đơn vị", "en": "Agency"},
    "all_communes": {"vi": "Tất cả xã, phường", "en": "All communes"},
    "all_agencies": {"vi": "Tất cả đơn vị", "en": "All agencies"},
    "as_of_line": {"vi": "Số liệu đến ngày **{as_of}** · Kỳ báo cáo **{period}** ({months} tháng)",
                   "en": "Data as of **{as_of}** · Period **{period}** ({months} months)"},
    "filter_line": {"vi": "Đang lọc: {filters}", "en": "Filtered: {filters}"},
    "data_start_from": {"vi": "Dữ liệu bắt đầu từ {since}: số liệu của kỳ được tính từ {since}; các tháng trước đó "
                              "không được tính (kể cả định mức).",
                        "en": "The data begin in {since}: the period's figures are computed from {since} on; earlier "
                              "months are not counted (quotas included)."},
    "data_start_none": {"vi": "Kỳ {period} kết thúc trước khi dữ liệu bắt đầu ({since}): không có số liệu. "
                              "Chọn kỳ từ {since} trở đi.",
                        "en": "The period {period} ends before the data begin ({since}): there are no figures. "
                              "Choose a period from {since} on."},
    "no_previous_data": {"vi": "Kỳ trước: chưa có số liệu", "en": "Previous period: no data"},
    "outdated_database": {
        "vi": "Cơ sở dữ liệu này được nạp bằng một phiên bản cũ của phần mềm nên các trang số liệu chưa đọc được. "
              "Hãy nạp lại dữ liệu: trang Dữ liệu → Nạp dữ liệu, hoặc lệnh `python -m outreach ingest THƯ_MỤC_XUẤT`.",
        "en": "This database was imported by an older version of the software, so the pages of figures cannot read it "
              "yet. Import the data again: Data page → Import, or `python -m outreach ingest EXPORT_FOLDER`.",
    },
    "copy_link_hint": {"vi": "Bộ lọc nằm trong địa chỉ trang: sao chép đường dẫn để chia sẻ đúng góc nhìn này.",
                       "en": "The filters are in the page address: copy the link to share this exact view."},
    "period_error": {"vi": "Tháng bắt đầu phải trước hoặc bằng tháng kết thúc.",
                     "en": "The start month must not be after the end month."},
    "building_demo": {"vi": "Chưa có cơ sở dữ liệu. Đang tạo dữ liệu mẫu của một tỉnh giả định…",
                      "en": "No database yet. Building the demo data of a fictional province…"},
    "demo_done": {"vi": "Đã tạo dữ liệu mẫu.", "en": "Demo data ready."},
    "dp_warming": {"vi": "Đang chuẩn bị sẵn số liệu mặc định của các trang…", "en": "Preparing every page's default view…"},
    "demo_failed": {"vi": "Không tạo được dữ liệu mẫu: {error}", "en": "Could not build the demo data: {error}"},
    "no_database": {"vi": "Chưa có cơ sở dữ liệu tại {path}.", "en": "No database at {path}."},
    # Overview
    "overview_title": {"vi": "Tổng quan", "en": "Overview"},
    "kpi_held_visits": {"vi": "Buổi xuống cơ sở", "en": "Visits held"},
    "kpi_communes_covered_share": {"vi": "Xã, phường được đến", "en": "Communes covered"},
    "kpi_quota_met_share": {"vi": "Tháng đạt định mức", "en": "Official-months meeting quota"},
    "kpi_attendance_rate": {"vi": "Tỷ lệ có mặt", "en": "Attendance rate"},
    "kpi_feedback_received": {"vi": "Ý kiến tiếp nhận", "en": "Feedback received"},
    "kpi_on_time_rate": {"vi": "Trả lời đúng hạn", "en": "Replied on time"},
    "kpi_median_days_km": {"vi": "Số ngày trả lời (trung vị)", "en": "Median days to reply"},
    "kpi_officials_flagged": {"vi": "Cán bộ cần lưu ý", "en": "Officials flagged"},
    "vs_previous": {"vi": "so với kỳ trước ({period})", "en": "vs previous period ({period})"},
    "vs_previous_short": {"vi": "so với kỳ trước", "en": "vs previous period"},
    "no_previous": {"vi": "kỳ trước không có số liệu", "en": "no figure for the previous period"},
    "points": {"vi": "điểm %", "en": "pts"},
    "days": {"vi": "ngày", "en": "days"},
    "trend_title": {"vi": "Diễn biến theo tháng", "en": "Monthly trend"},
    "trend_month": {"vi": "Tháng", "en": "Month"},
    "trend_count": {"vi": "Số lượng", "en": "Count"},
    "trend_held_visits": {"vi": "Buổi xuống cơ sở", "en": "Visits held"},
    "trend_feedback_received": {"vi": "Ý kiến tiếp nhận", "en": "Feedback received"},
    "trend_replied": {"vi": "Ý kiến đã trả lời", "en": "Replies sent"},
    "trend_partial": {"vi": "Tháng cuối tính đến ngày {date} (điểm rỗng trên biểu đồ).",
                      "en": "The last month runs to {date} (open points on the chart)."},
    "trend_partial_short": {"vi": "tháng chưa hết", "en": "month not over"},
    "definitions": {"vi": "Định nghĩa và nguồn số liệu", "en": "Definitions and sources"},
    "card_help": {"vi": "Định nghĩa", "en": "Definition"},
    "definitions_more": {"vi": "Định nghĩa đầy đủ: docs/metrics.md trong mã nguồn.",
                         "en": "Full definitions: docs/metrics.md in the source code."},
    "source_query": {"vi": "Truy vấn", "en": "Query"},
    "download_csv": {"vi": "Tải CSV", "en": "Download CSV"},
    "download_xlsx": {"vi": "Tải Excel", "en": "Download Excel"},
    "download_menu": {"vi": "Tải về", "en": "Download"},
    "download_menu_named": {"vi": "Tải về: {what}", "en": "Download: {what}"},
    "download_holds": {"vi": "{rows} dòng · {period}", "en": "{rows} rows · {period}"},
    "download_form": {"vi": "Dạng tệp", "en": "Form"},
    "download_form_reader": {"vi": "Như trên màn hình", "en": "As on screen"},
    "download_form_raw": {"vi": "Mã gốc (cho phân tích)", "en": "Raw codes (for analysis)"},
    "download_form_help": {"vi": "Như trên màn hình: tiêu đề tiếng Việt, tỷ lệ dạng %, ngày dd/mm/yyyy. "
                                 "Mã gốc: tên cột và giá trị như trong truy vấn (tỷ lệ 0–1, ngày yyyy-mm-dd).",
                           "en": "As on screen: headers as shown, rates as %, dates dd/mm/yyyy. Raw codes: the "
                                 "query's column names and values (rates 0–1, dates yyyy-mm-dd)."},
    "yes": {"vi": "Có", "en": "Yes"},
    "no": {"vi": "Không", "en": "No"},
    "empty_rate": {"vi": "—", "en": "—"},
    "no_data_period": {"vi": "Không có số liệu trong kỳ này.", "en": "No data in this period."},
    # Data page
    "data_title": {"vi": "Dữ liệu", "en": "Data"},
    "data_last_import": {"vi": "Lần nạp gần nhất: {when} · nguồn {source}", "en": "Last import: {when} · source {source}"},
    "data_counts": {"vi": "Số dòng theo bảng", "en": "Rows per table"},
    "col_table_name": {"vi": "Bảng", "en": "Table"},
    "col_rows_read": {"vi": "Đọc", "en": "Read"},
    "col_rows_loaded": {"vi": "Đã nạp", "en": "Loaded"},
    "col_rows_rejected": {"vi": "Bị loại", "en": "Rejected"},
    "col_rows_merged": {"vi": "Trùng lặp đã gộp", "en": "Duplicates merged"},
    "data_extracts": {"vi": "Trích xuất", "en": "Extracts"},
    "data_extract_choose": {"vi": "Chọn bảng trích xuất", "en": "Choose an extract"},
}

# Definitions shown in each page's expander: measure -> (vi, en). Kept short; docs/metrics.md has the full text.
DEFINITIONS: dict[str, dict[str, str]] = {
    "held_visits": {
        "vi": "Số buổi có trạng thái *đã tổ chức* và ngày trong kỳ. Buổi kế hoạch hoặc bị hủy không được tính.",
        "en": "Visits with status *held* dated in the period. Planned and cancelled visits do not count.",
    },
    "communes_covered_share": {
        "vi": "Số xã, phường có ít nhất một buổi đã tổ chức trong kỳ / tổng số xã, phường.",
        "en": "Communes with at least one held visit in the period / all communes.",
    },
    "quota_met_share": {
        "vi": "Số tháng đạt định mức / số tháng được tính, cộng trên mọi cán bộ. Một tháng được tính khi cán bộ có phân công "
              "hiệu lực trọn tháng với định mức > 0 và tháng đã kết thúc trước ngày chốt số liệu; đạt khi số buổi có mặt "
              "ở các xã được phân công ≥ định mức.",
        "en": "Months meeting quota / months counted, over all officials. A month counts when the official had assignments "
              "active for the whole month with a quota above 0 and the month ended by the as_of date; it is met when the "
              "official was present at at least that many held visits in the assigned communes.",
    },
    "attendance_rate": {
        "vi": "Số lượt có trong danh sách và có mặt (kể cả đến muộn) / số lượt có trong danh sách trừ vắng có lý do.",
        "en": "Rows listed and present (late included) / rows listed and not excused.",
    },
    "feedback_received": {
        "vi": "Số ý kiến có ngày tiếp nhận trong kỳ, mọi kênh.",
        "en": "Items received in the period, all channels.",
    },
    "on_time_rate": {
        "vi": "Đã trả lời đúng hạn / (đã trả lời + đang quá hạn). Ý kiến chưa trả lời nhưng chưa đến hạn không tính. "
              "Hạn là hạn ghi trong dữ liệu, nếu không có thì là ngày làm việc thứ {reply_working_days} sau ngày tiếp nhận "
              "(trừ thứ Bảy, Chủ nhật, ngày lễ, Tết; cộng ngày làm bù).",
        "en": "Replied on time / (replied + open and overdue). Open items not yet due are left out. The deadline is the "
              "given due date, else working day {reply_working_days} after receipt (weekends and public holidays excluded, "
              "make-up working days included).",
    },
    "median_days_km": {
        "vi": "Trung vị số ngày từ tiếp nhận đến trả lời theo ước lượng Kaplan–Meier: ý kiến còn mở được tính là "
              "\"đã chờ ít nhất đến nay\", nên con số không bị làm đẹp bởi việc bỏ qua ý kiến chưa trả lời.",
        "en": "Median calendar days from receipt to reply, Kaplan–Meier estimate: open items count as "
              "\"waiting at least until now\", so ignoring unanswered items cannot flatter the figure.",
    },
    "officials_flagged": {
        "vi": "Số cán bộ có ít nhất một cảnh báo: có tên nhưng không đến (≥ {never_present_min_listed} lần, không lần nào "
              "có mặt), ít khi có mặt (≥ {rarely_present_min_listed} lần, tỷ lệ < {rarely_present_max_percent}), không "
              "đạt định mức ≥ {under_quota_min_months} tháng liên tiếp, hoặc ≥ {holding_min_items} ý kiến bị giữ lại "
              "không chuyển.",
        "en": "Officials with at least one flag: listed but never present (≥ {never_present_min_listed} listings, none "
              "present), rarely present (≥ {rarely_present_min_listed} listings, rate < {rarely_present_max_percent}), "
              "under quota for ≥ {under_quota_min_months} consecutive months, or ≥ {holding_min_items} items held back.",
    },
    "monthly_trend": {
        "vi": "Buổi đã tổ chức và ý kiến tiếp nhận theo tháng của ngày diễn ra; ý kiến đã trả lời theo tháng của ngày trả lời.",
        "en": "Held visits and items received by the month they happened; replies by the month of the reply.",
    },
    "change": {
        "vi": "Mức thay đổi so với kỳ trước có cùng số tháng, ngay trước kỳ đang xem; trạng thái vẫn xét tại ngày chốt số liệu.",
        "en": "Change against the previous period of the same length, just before this one; statuses are still judged on the as_of date.",
    },
}


_PLACEHOLDER = re.compile(r"\{(\w+)[}:!]")


@functools.lru_cache(maxsize=8)
def _setting_words(source: str, mtime_ns: int, lang: str) -> dict[str, str]:
    from outreach.config import load_settings

    values = load_settings(Path(source) if source else None).query_settings()
    words = {key: fmt_number(value, lang, digits=2 if isinstance(value, float) and value % 1 else 0)
             for key, value in values.items()}
    # Rates as percentages ("< 50%"), shares of a group ("20%").
    words["rarely_present_max_percent"] = fmt_percent(values["rarely_present_max_rate"], lang, digits=0)
    words["group_percent"] = fmt_percent(values["group_share"], lang, digits=0)
    words["last_minute_min_percent"] = fmt_percent(values["last_minute_min_share"], lang, digits=0)
    return words


def setting_words(lang: str = "vi") -> dict[str, str]:
    """The current settings (outreach/defaults.toml with the user's outreach.toml), worded for texts that
    state a threshold: a text says "{held_after_days} ngày" and shows what the queries use."""
    from outreach.config import settings_file

    source = settings_file()
    mtime = source.stat().st_mtime_ns if source is not None else 0
    return _setting_words(str(source or ""), mtime, lang)


def _fill(text: str, lang: str, values: dict[str, Any]) -> str:
    names = set(_PLACEHOLDER.findall(text))
    if not names:
        return text
    missing = names - set(values)
    if missing:
        values = {**{key: value for key, value in setting_words(lang).items() if key in missing}, **values}
    return text.format(**values)


def t(key: str, lang: str = "vi", **values: Any) -> str:
    entry = TEXT.get(key)
    if entry is None:
        raise KeyError(f"no translation for {key!r}")
    text = entry.get(lang) or entry["vi"]
    return _fill(text, lang, values)


# Imported text shown through Markdown (st.markdown, st.caption, st.subheader, st.info, labels, ...)
# must stay text: a commune named "![i](http://host/x.png)" is not an image, "**x**" is not bold,
# ":red[x]" is not red, "$x$" is not maths. Characters with a meaning there become numeric character
# references (the renderer shows them as typed), line breaks become spaces, a leading list, quote or
# heading marker is encoded too, and a zero-width space goes before "://", "www." and "@" so that a
# URL or e-mail address is not turned into a link.
_MD_SPECIAL = re.compile(r"[\\`*_{}\[\]<>#!|~$:&^]")
_MD_BREAKS = re.compile(r"[\r\n\t\v\f\u2028\u2029]+")
_MD_LINE_START = re.compile(r"^(\s*)([-+=>]|\d+[.)])")
_MD_AUTOLINK = re.compile(r"(?i)(?<=[a-z])(&#58;//)|(?<=www)(\.)|(?<=[a-z0-9])(&#64;|@)(?=[a-z0-9])")


def md(value: Any) -> str:
    """`value` (imported text: a name, a topic, a summary) as literal text for Streamlit Markdown.
    The one helper for every name or other imported text placed in Markdown; None and NaN give ""."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    text = _MD_BREAKS.sub(" ", str(value))
    text = _MD_SPECIAL.sub(lambda match: f"&#{ord(match.group())};", text)
    text = _MD_AUTOLINK.sub(lambda match: "&#8203;" + match.group(), text)
    return _MD_LINE_START.sub(lambda match: match.group(1) + "".join(f"&#{ord(c)};" for c in match.group(2)), text)


def definition(key: str, lang: str = "vi") -> str:
    entry = DEFINITIONS[key]
    return _fill(entry.get(lang) or entry["vi"], lang, {})


def is_missing(value: Any) -> bool:
    """None, NaN, pandas NA or NaT: a value to show as a dash."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


@functools.lru_cache(maxsize=None)
def _group_symbol(lang: str) -> str:
    return get_group_symbol(locale=LOCALES[lang])


def fmt_int(value: Any, lang: str = "vi") -> str:
    """1234567 -> '1.234.567' (vi) or '1,234,567' (en): the locale's grouping, as Babel gives it,
    without Babel's per-call pattern parsing (tables format tens of thousands of counts)."""
    if is_missing(value):
        return "—"
    return f"{int(value):,}".replace(",", _group_symbol(lang))


@functools.lru_cache(maxsize=None)
def _symbols(lang: str) -> dict[int, str]:
    """str.translate table from Python's ',' and '.' to the locale's group and decimal symbols."""
    locale = LOCALES[lang]
    return str.maketrans({",": get_group_symbol(locale=locale), ".": get_decimal_symbol(locale=locale)})


def _fixed(value: Any, digits: int, scale: int, lang: str) -> str:
    """Babel's '#,##0.0…' formatting without its per-call pattern parsing (a national scorecard
    formats thousands of rates): the float's shortest decimal text (as Babel takes it), times
    `scale`, rounded half to even to `digits` places, grouped in threes."""
    number = decimal.Decimal(repr(float(value))) * scale
    rounded = number.quantize(decimal.Decimal(1).scaleb(-digits), rounding=decimal.ROUND_HALF_EVEN)
    if rounded == 0:
        rounded = abs(rounded)     # 0,0 and never -0,0 (Babel would print -0,0)
    return f"{rounded:,.{digits}f}".translate(_symbols(lang))


def fmt_number(value: Any, lang: str = "vi", *, digits: int = 1) -> str:
    if is_missing(value):
        return "—"
    return _fixed(value, digits, 1, lang)


def fmt_percent(value: Any, lang: str = "vi", *, digits: int = 1) -> str:
    if is_missing(value):
        return "—"
    return _fixed(value, digits, 100, lang) + "%"


def fmt_date(value: Any, lang: str = "vi") -> str:
    if is_missing(value):
        return "—"
    day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])
    return day.strftime("%d/%m/%Y")


def fmt_month(value: Any, lang: str = "vi") -> str:
    if is_missing(value):
        return "—"
    day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])
    return day.strftime("%m/%Y")


def _merge_text_parts() -> None:
    """Add each page's part (outreach/texts/<page>.py) to the one table; a key may exist once."""
    import importlib
    import pkgutil

    from outreach import texts

    for info in sorted(pkgutil.iter_modules(texts.__path__), key=lambda module: module.name):
        module = importlib.import_module(f"outreach.texts.{info.name}")
        for table, part in ((TEXT, getattr(module, "TEXT", {})), (DEFINITIONS, getattr(module, "DEFINITIONS", {}))):
            duplicated = set(table) & set(part)
            if duplicated:
                raise KeyError(f"outreach/texts/{info.name}.py redefines {sorted(duplicated)}")
            table.update(part)


_merge_text_parts()
