"""The export contract (data/README.md, generated from this module) held as data.

The docs (data/README.md), the import checks and the demo generator all read these
definitions, so a change here changes all three.
"""

from __future__ import annotations

from dataclasses import dataclass, field

TEXT = "text"
DATE = "date"
INTEGER = "integer"
DECIMAL = "decimal"
BOOLEAN = "boolean"
ENUM = "enum"

SQL_TYPES = {
    TEXT: "varchar",
    DATE: "date",
    INTEGER: "bigint",
    DECIMAL: "double",
    BOOLEAN: "boolean",
    ENUM: "varchar",
}


@dataclass(frozen=True)
class Column:
    name: str
    title_vi: str
    type: str
    required: bool
    meaning: str
    # allowed codes -> Vietnamese label (for enums)
    allowed: dict[str, str] = field(default_factory=dict)
    # (table, column) this column refers to
    references: tuple[str, str] | None = None
    minimum: float | None = None
    maximum: float | None = None
    personal: bool = False
    # Events that cannot be dated after the export (a planned visit can; a reply cannot).
    event_date: bool = False
    # Zero-padded width of a numeric code that Excel may have turned into a number.
    code_width: int | None = None


@dataclass(frozen=True)
class Table:
    name: str
    title_vi: str
    meaning: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    example: tuple[dict[str, str], ...]

    def column(self, name: str) -> Column:
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(f"{self.name}.{name}")

    @property
    def column_names(self) -> list[str]:
        return [column.name for column in self.columns]

    @property
    def required_columns(self) -> list[str]:
        return [column.name for column in self.columns if column.required]


COMMUNE_TYPES = {"xa": "Xã", "phuong": "Phường", "dac_khu": "Đặc khu"}
AGENCY_LEVELS = {"tinh": "Cấp tỉnh", "xa": "Cấp xã"}
VISIT_TYPES = {
    "tiep_xuc": "Tiếp xúc",
    "doi_thoai": "Đối thoại",
    "sinh_hoat": "Sinh hoạt chi bộ",
    "kiem_tra": "Kiểm tra",
    "khac": "Khác",
}
VISIT_STATUSES = {"planned": "Kế hoạch", "held": "Đã tổ chức", "cancelled": "Hủy"}
ATTENDANCE_STATUSES = {
    "present": "Có mặt",
    "late": "Đến muộn",
    "absent": "Vắng",
    "excused": "Vắng có lý do",
}
CHANNELS = {
    "visit": "Qua buổi tiếp xúc",
    "dialogue": "Qua đối thoại",
    "hotline": "Đường dây nóng",
    "online": "Trực tuyến",
    "letter": "Đơn thư",
    "other": "Khác",
}

# Extra spellings accepted for enum values, beyond code and Vietnamese label.
# Compared after lower-casing, accent stripping (đ -> d) and space folding.
ENUM_SYNONYMS: dict[str, dict[str, str]] = {
    "commune_type": {"xa": "xa", "phuong": "phuong", "dac khu": "dac_khu"},
    "visit_status": {
        "da to chuc": "held", "to chuc": "held", "da thuc hien": "held",
        "ke hoach": "planned", "du kien": "planned",
        "huy": "cancelled", "da huy": "cancelled", "canceled": "cancelled",
    },
    "attendance_status": {
        "co mat": "present", "vang": "absent", "vang mat": "absent",
        "vang co ly do": "excused", "co ly do": "excused",
        "den muon": "late", "di muon": "late", "muon": "late",
    },
}

BOOLEAN_TRUE = {"true", "1", "co", "x", "yes", "y", "t"}
BOOLEAN_FALSE = {"false", "0", "khong", "", "no", "n", "f"}


def _c(name, title_vi, type_, required, meaning, **kw) -> Column:
    return Column(name=name, title_vi=title_vi, type=type_, required=required, meaning=meaning, **kw)


TABLES: tuple[Table, ...] = (
    Table(
        name="communes",
        title_vi="Xã, phường",
        meaning="One row per commune-level unit (xã, phường, đặc khu) of the province.",
        columns=(
            _c("commune_code", "Mã xã", TEXT, True, "Official commune code, text, 5 digits with leading zeros.", code_width=5),
            _c("commune_name", "Tên xã", TEXT, True, "Name with its type prefix, e.g. Xã Phước An."),
            _c("province_code", "Mã tỉnh", TEXT, True, "Province code, text, 2 digits.", code_width=2),
            _c("province_name", "Tên tỉnh", TEXT, True, "Province name."),
            _c("commune_type", "Loại đơn vị", ENUM, False, "xa, phuong or dac_khu.", allowed=COMMUNE_TYPES),
            _c("population", "Dân số", INTEGER, False, "Residents; used for visits per 1,000.", minimum=0, maximum=5_000_000),
            _c("area_km2", "Diện tích (km²)", DECIMAL, False, "Area in square kilometres.", minimum=0, maximum=50_000),
        ),
        key=("commune_code",),
        example=(
            {"commune_code": "99001", "commune_name": "Phường Bình An", "province_code": "99",
             "province_name": "Tỉnh Sông Mây", "commune_type": "phuong", "population": "24310", "area_km2": "18.4"},
            {"commune_code": "99004", "commune_name": "Xã Tân Phú", "province_code": "99",
             "province_name": "Tỉnh Sông Mây", "commune_type": "xa", "population": "", "area_km2": "96.1"},
        ),
    ),
    Table(
        name="hamlets",
        title_vi="Thôn, ấp, tổ dân phố",
        meaning="One row per hamlet (thôn, ấp, bản, tổ dân phố) inside a commune.",
        columns=(
            _c("hamlet_id", "Mã thôn", TEXT, True, "Hamlet id, unique in the export."),
            _c("hamlet_name", "Tên thôn", TEXT, True, "Name, e.g. Ấp 3 or Tổ dân phố 5."),
            _c("commune_code", "Mã xã", TEXT, True, "The commune it belongs to.", references=("communes", "commune_code"), code_width=5),
            _c("households", "Số hộ", INTEGER, False, "Households.", minimum=0, maximum=100_000),
        ),
        key=("hamlet_id",),
        example=(
            {"hamlet_id": "99001-01", "hamlet_name": "Khu phố 1", "commune_code": "99001", "households": "812"},
            {"hamlet_id": "99004-03", "hamlet_name": "Ấp Bàu Sen", "commune_code": "99004", "households": ""},
        ),
    ),
    Table(
        name="agencies",
        title_vi="Cơ quan, đơn vị",
        meaning="One row per agency whose officials go to the grassroots or that answers citizens.",
        columns=(
            _c("agency_id", "Mã đơn vị", TEXT, True, "Agency id."),
            _c("agency_name", "Tên đơn vị", TEXT, True, "Full name."),
            _c("level", "Cấp", ENUM, True, "tinh (provincial) or xa (commune).", allowed=AGENCY_LEVELS),
            _c("agency_type", "Loại đơn vị", TEXT, False, "Free text, e.g. Đảng, Chính quyền, Mặt trận."),
            _c("parent_agency_id", "Mã đơn vị cấp trên", TEXT, False, "Parent agency.", references=("agencies", "agency_id")),
        ),
        key=("agency_id",),
        example=(
            {"agency_id": "DV01", "agency_name": "Ban Dân vận Tỉnh ủy", "level": "tinh", "agency_type": "Đảng", "parent_agency_id": ""},
            {"agency_id": "DV31", "agency_name": "UBND Phường Bình An", "level": "xa", "agency_type": "Chính quyền", "parent_agency_id": ""},
        ),
    ),
    Table(
        name="officials",
        title_vi="Cán bộ",
        meaning="One row per official (cán bộ, công chức, đảng viên) on any roster.",
        columns=(
            _c("official_id", "Mã cán bộ", TEXT, True, "Official id."),
            _c("full_name", "Họ và tên", TEXT, True, "Family name first: Nguyễn Văn An."),
            _c("agency_id", "Mã đơn vị", TEXT, True, "The official's agency.", references=("agencies", "agency_id")),
            _c("position", "Chức vụ", TEXT, False, "Position."),
            _c("is_head", "Là người đứng đầu", BOOLEAN, False, "Head of the agency."),
            _c("active_from", "Ngày bắt đầu công tác", DATE, False, "Informational; not used by quota."),
            _c("active_to", "Ngày kết thúc công tác", DATE, False, "Informational; not used by quota."),
        ),
        key=("official_id",),
        example=(
            {"official_id": "CB0001", "full_name": "Nguyễn Văn An", "agency_id": "DV01", "position": "Phó Trưởng ban",
             "is_head": "không", "active_from": "2020-01-01", "active_to": ""},
            {"official_id": "CB0002", "full_name": "Trần Thị Bích Ngọc", "agency_id": "DV31", "position": "Chủ tịch",
             "is_head": "có", "active_from": "2025-07-01", "active_to": ""},
        ),
    ),
    Table(
        name="assignments",
        title_vi="Phân công phụ trách địa bàn",
        meaning="One row per assignment of an official to a commune (optionally a hamlet) with a monthly visit quota.",
        columns=(
            _c("official_id", "Mã cán bộ", TEXT, True, "The official.", references=("officials", "official_id")),
            _c("commune_code", "Mã xã", TEXT, True, "The commune.", references=("communes", "commune_code"), code_width=5),
            _c("hamlet_id", "Mã thôn", TEXT, False, "The hamlet, if assigned to one.", references=("hamlets", "hamlet_id")),
            _c("required_visits_per_month", "Số lần xuống cơ sở mỗi tháng", INTEGER, True,
               "Quota (định mức): visits a month; 0 means no quota.", minimum=0, maximum=31),
            _c("assigned_from", "Phụ trách từ ngày", DATE, True, "First day of the assignment."),
            _c("assigned_to", "Phụ trách đến ngày", DATE, False, "Last day; empty while it runs."),
            _c("visit_type", "Hình thức", ENUM, False,
               "The kind of visit the quota asks for (e.g. a party cell meeting); empty: any kind.",
               allowed=VISIT_TYPES),
        ),
        key=("official_id", "commune_code", "assigned_from", "visit_type"),
        example=(
            {"official_id": "CB0001", "commune_code": "99004", "hamlet_id": "", "required_visits_per_month": "2",
             "assigned_from": "2024-01-01", "assigned_to": "", "visit_type": ""},
            {"official_id": "CB0002", "commune_code": "99001", "hamlet_id": "99001-01", "required_visits_per_month": "1",
             "assigned_from": "2025-07-01", "assigned_to": "2026-06-30", "visit_type": "sinh_hoat"},
        ),
    ),
    Table(
        name="visits",
        title_vi="Buổi xuống cơ sở",
        meaning="One row per visit, dialogue, cell meeting or inspection, planned, held or cancelled.",
        columns=(
            _c("visit_id", "Mã buổi", TEXT, True, "Visit id."),
            _c("visit_date", "Ngày", DATE, True, "Calendar date of the visit."),
            _c("commune_code", "Mã xã", TEXT, True, "Where.", references=("communes", "commune_code"), code_width=5),
            _c("hamlet_id", "Mã thôn", TEXT, False, "Hamlet, if the visit was in one.", references=("hamlets", "hamlet_id")),
            _c("visit_type", "Hình thức", ENUM, True, "Kind of visit.", allowed=VISIT_TYPES),
            _c("lead_agency_id", "Đơn vị chủ trì", TEXT, True, "Agency leading the visit.", references=("agencies", "agency_id")),
            _c("topic", "Nội dung", TEXT, False, "Topic; used to find overlapping visits."),
            _c("status", "Trạng thái", ENUM, True, "planned, held or cancelled.", allowed=VISIT_STATUSES),
            _c("citizens_attending", "Số người dân tham dự", INTEGER, False, "Citizens who came.", minimum=0, maximum=100_000),
        ),
        key=("visit_id",),
        example=(
            {"visit_id": "BX000001", "visit_date": "2026-03-12", "commune_code": "99004", "hamlet_id": "99004-03",
             "visit_type": "tiep_xuc", "lead_agency_id": "DV01", "topic": "Giải phóng mặt bằng", "status": "held",
             "citizens_attending": "45"},
            {"visit_id": "BX000002", "visit_date": "2026-03-20", "commune_code": "99001", "hamlet_id": "",
             "visit_type": "doi_thoai", "lead_agency_id": "DV31", "topic": "", "status": "cancelled", "citizens_attending": ""},
        ),
    ),
    Table(
        name="attendance",
        title_vi="Điểm danh",
        meaning="One row per official per visit: on the roster (listed) and/or present.",
        columns=(
            _c("visit_id", "Mã buổi", TEXT, True, "The visit.", references=("visits", "visit_id")),
            _c("official_id", "Mã cán bộ", TEXT, True, "The official.", references=("officials", "official_id")),
            _c("listed", "Có trong danh sách", BOOLEAN, True, "On the visit's roster; false for a walk-in."),
            _c("status", "Điểm danh", ENUM, True, "present, late, absent or excused.", allowed=ATTENDANCE_STATUSES),
        ),
        key=("visit_id", "official_id"),
        example=(
            {"visit_id": "BX000001", "official_id": "CB0001", "listed": "có", "status": "present"},
            {"visit_id": "BX000001", "official_id": "CB0002", "listed": "có", "status": "excused"},
        ),
    ),
    Table(
        name="feedback",
        title_vi="Ý kiến, kiến nghị của người dân",
        meaning="One row per item a citizen raised, with how it was handled and answered.",
        columns=(
            _c("feedback_id", "Mã ý kiến", TEXT, True, "Item id."),
            _c("received_date", "Ngày tiếp nhận", DATE, True, "When it was received.", event_date=True),
            _c("commune_code", "Mã xã", TEXT, True, "Where the citizen lives.", references=("communes", "commune_code"), code_width=5),
            _c("visit_id", "Mã buổi", TEXT, False, "The visit where it was raised.", references=("visits", "visit_id")),
            _c("channel", "Kênh tiếp nhận", ENUM, True, "How it came in.", allowed=CHANNELS),
            _c("topic", "Lĩnh vực", TEXT, False, "Topic."),
            _c("recorded_by", "Cán bộ tiếp nhận", TEXT, False, "Official who recorded it.", references=("officials", "official_id")),
            _c("handled_on_spot", "Giải đáp tại chỗ", BOOLEAN, True, "Answered on the spot."),
            _c("forwarded_to", "Chuyển đến đơn vị", TEXT, False, "Agency responsible.", references=("agencies", "agency_id")),
            _c("forwarded_date", "Ngày chuyển", DATE, False, "When it was forwarded.", event_date=True),
            _c("due_date", "Hạn trả lời", DATE, False, "Deadline, if one was set."),
            _c("replied_date", "Ngày trả lời", DATE, False, "When the citizen got a reply.", event_date=True),
            _c("resolved_date", "Ngày giải quyết xong", DATE, False, "When the matter was settled.", event_date=True),
            _c("summary", "Tóm tắt", TEXT, False, "Short summary."),
            _c("citizen_name", "Họ tên người dân", TEXT, False, "Personal data.", personal=True),
            _c("citizen_phone", "Điện thoại người dân", TEXT, False, "Personal data.", personal=True),
        ),
        key=("feedback_id",),
        example=(
            {"feedback_id": "YK0000001", "received_date": "2026-03-12", "commune_code": "99004", "visit_id": "BX000001",
             "channel": "visit", "topic": "Đất đai", "recorded_by": "CB0001", "handled_on_spot": "không",
             "forwarded_to": "DV01", "forwarded_date": "2026-03-13", "due_date": "", "replied_date": "2026-03-30",
             "resolved_date": "", "summary": "Chậm cấp giấy chứng nhận", "citizen_name": "Lê Văn Tám",
             "citizen_phone": "0912345678"},
            {"feedback_id": "YK0000002", "received_date": "2026-03-14", "commune_code": "99001", "visit_id": "",
             "channel": "hotline", "topic": "Môi trường", "recorded_by": "", "handled_on_spot": "có",
             "forwarded_to": "", "forwarded_date": "", "due_date": "", "replied_date": "2026-03-14",
             "resolved_date": "2026-03-14", "summary": "Hỏi lịch thu gom rác", "citizen_name": "",
             "citizen_phone": ""},
        ),
    ),
)

TABLES_BY_NAME = {table.name: table for table in TABLES}
TABLE_ORDER = [table.name for table in TABLES]

# Which enum synonyms table applies to which column.
ENUM_SYNONYM_GROUP = {
    ("communes", "commune_type"): "commune_type",
    ("visits", "status"): "visit_status",
    ("attendance", "status"): "attendance_status",
}


def table(name: str) -> Table:
    return TABLES_BY_NAME[name]
