"""Names of tables and columns: folding, the alias tables (outreach/ingest/table_aliases.csv,
header_aliases.csv) and how close a name a person wrote is to one of them.

A name is compared as a set of words: folded (accents off, đ -> d, lower case, punctuation as
space), common abbreviations written out (CB -> cán bộ, ĐVHC -> đơn vị hành chính, SĐT -> số điện
thoại), English words put in Vietnamese (visit -> buổi, date -> ngày, code/id -> mã), a few
synonyms made one (tình trạng -> trạng thái, cử tri -> người dân), numbers dropped. Word order
does not matter; extra words and units ('/tháng', '(người)') cost a little, a missing word a lot.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from outreach.ingest import contract

HERE = Path(__file__).resolve().parent

# Abbreviations seen in Vietnamese exports (folded), written out.
ABBREVIATIONS = {
    "cb": "can bo", "cbcc": "can bo cong chuc", "ccvc": "cong chuc vien chuc", "dv": "don vi",
    "dvhc": "don vi hanh chinh", "sl": "so luong", "sdt": "so dien thoai", "dt": "dien thoai",
    "ds": "danh sach", "pc": "phan cong", "xcs": "xuong co so", "yk": "y kien", "kn": "kien nghi",
    "tdp": "to dan pho", "nd": "noi dung", "tg": "thoi gian", "ht": "hinh thuc", "ma so": "ma",
    "stt": "so thu tu", "ubnd": "uy ban nhan dan",
}
# English words (folded, singular) as the Vietnamese words the aliases use.
ENGLISH = {
    "visit": "buoi", "visits": "buoi", "commune": "xa", "communes": "xa", "ward": "xa", "hamlet": "thon",
    "hamlets": "thon", "village": "thon", "agency": "don vi", "agencies": "don vi", "unit": "don vi",
    "official": "can bo", "officials": "can bo", "officer": "can bo", "staff": "can bo",
    "assignment": "phan cong", "assignments": "phan cong", "attendance": "diem danh",
    "feedback": "y kien", "date": "ngay", "day": "ngay", "code": "ma", "id": "ma", "no": "ma",
    "name": "ten", "province": "tinh", "type": "loai", "status": "trang thai", "topic": "noi dung",
    "channel": "kenh", "population": "dan so", "area": "dien tich", "level": "cap", "position": "chuc vu",
    "households": "so ho", "citizens": "nguoi dan", "citizen": "nguoi dan", "phone": "dien thoai",
    "received": "nhan", "replied": "tra loi", "due": "han", "summary": "tom tat", "listed": "danh sach",
}
# Phrases that mean the same (folded), made one.
SYNONYMS = {
    "tinh trang": "trang thai", "cu tri": "nguoi dan", "cong dan": "nguoi dan", "nhan dan": "nguoi dan",
    "so dien thoai": "dien thoai", "ho va ten": "ho ten", "co quan": "don vi", "uy ban nhan dan": "ubnd",
}
# Words and phrases that say nothing about which table a file or sheet holds.
TABLE_FILLER_PHRASES = ("danh sach", "du lieu", "tong hop", "bao cao", "trich xuat", "ket xuat", "bang ke")
TABLE_FILLER = {"bang", "data", "export", "sheet", "list", "nam", "thang", "quy", "huyen", "quan", "tai",
                "cac", "cua", "va", "file", "tep", "theo", "mau", "dot", "ky", "table", "of", "the", "all"}
# Word shared by too many columns to say anything alone.
WEAK_WORDS = {"ma", "ten", "ngay", "so", "loai"}


def fold(text: object) -> str:
    """'Mã xã' / 'MA_XA' / ' ma  xa ' -> 'ma xa': accents off (đ -> d), lower case, any
    punctuation or underscore as one space."""
    value = unicodedata.normalize("NFD", str(text).replace("đ", "d").replace("Đ", "D"))
    value = "".join(ch for ch in value if unicodedata.category(ch) != "Mn").lower()
    value = "".join(ch if ch.isalnum() else " " for ch in value)
    return " ".join(value.split())


@lru_cache(maxsize=4096)
def words(text: str) -> frozenset[str]:
    """The words of a name as compared: folded, abbreviations and English written out, synonyms
    made one, numbers dropped."""
    parts = []
    for word in fold(text).split():
        if word.isdigit():
            continue
        parts.append(ENGLISH.get(word, ABBREVIATIONS.get(word, word)))
    phrase = f" {' '.join(parts)} "
    for source, target in SYNONYMS.items():
        phrase = phrase.replace(f" {source} ", f" {target} ")
    return frozenset(phrase.split())


def closeness(name: frozenset[str], alias: frozenset[str]) -> float:
    """0..1: 1 when the words are the same; an alias whose words are all in the name scores at
    least 0.7 (extra words cost a little); a partly present alias scores less."""
    if not name or not alias:
        return 0.0
    common = len(name & alias)
    if not common:
        return 0.0
    return 0.7 * common / len(alias) + 0.3 * common / len(name)


@dataclass(frozen=True)
class Alias:
    words: frozenset[str]
    text: str          # as written in the contract or the alias table, for the report


# ---------------------------------------------------------------- the alias tables

@lru_cache(maxsize=1)
def header_aliases() -> dict[str, dict[str, str]]:
    """table -> {folded header -> canonical column}: canonical names, Vietnamese titles from the
    contract, and the extra spellings of header_aliases.csv ('*' applies to every table)."""
    extra = pd.read_csv(HERE / "header_aliases.csv", dtype=str, keep_default_na=False)
    result: dict[str, dict[str, str]] = {}
    for table in contract.TABLES:
        mapping: dict[str, str] = {}
        for column in table.columns:
            mapping[fold(column.name)] = column.name
            mapping[fold(column.title_vi)] = column.name
        for _, row in extra.iterrows():
            if row["table"] in ("*", table.name) and row["column"] in table.column_names:
                mapping.setdefault(fold(row["alias"]), row["column"])
        result[table.name] = mapping
    return result


@lru_cache(maxsize=1)
def table_aliases() -> dict[str, str]:
    extra = pd.read_csv(HERE / "table_aliases.csv", dtype=str, keep_default_na=False)
    mapping = {}
    for table in contract.TABLES:
        mapping[fold(table.name)] = table.name
        mapping[fold(table.title_vi)] = table.name
    for _, row in extra.iterrows():
        mapping.setdefault(fold(row["alias"]), row["table"])
    return mapping


@lru_cache(maxsize=1)
def column_alias_words() -> dict[str, dict[str, list[Alias]]]:
    """table -> column -> its aliases as word sets (with the text to name them by)."""
    extra = pd.read_csv(HERE / "header_aliases.csv", dtype=str, keep_default_na=False)
    result: dict[str, dict[str, list[Alias]]] = {}
    for table in contract.TABLES:
        columns: dict[str, list[Alias]] = {}
        for column in table.columns:
            texts = [column.title_vi]
            texts += [row["alias"] for _, row in extra.iterrows()
                      if row["table"] in ("*", table.name) and row["column"] == column.name]
            texts.append(column.name)
            columns[column.name] = [Alias(words(text), text) for text in dict.fromkeys(texts) if words(text)]
        result[table.name] = columns
    return result


@lru_cache(maxsize=1)
def table_alias_words() -> dict[str, list[Alias]]:
    extra = pd.read_csv(HERE / "table_aliases.csv", dtype=str, keep_default_na=False)
    result: dict[str, list[Alias]] = {table.name: [Alias(words(table.title_vi), table.title_vi)]
                                       for table in contract.TABLES}
    for _, row in extra.iterrows():
        result[row["table"]].append(Alias(words(row["alias"]), row["alias"]))
    for table in contract.TABLES:
        result[table.name].append(Alias(words(table.name), table.name))
    return result


def table_from_name(name: str) -> str | None:
    """The table whose alias is exactly the folded name (numbers before or after dropped)."""
    key = fold(name)
    aliases = table_aliases()
    if key in aliases:
        return aliases[key]
    # "02_can_bo_2026" and the like: drop leading/trailing numbers.
    found = [word for word in key.split() if not word.isdigit()]
    return aliases.get(" ".join(found))


def _table_words(name: str) -> frozenset[str]:
    phrase = f" {fold(name)} "
    for filler in TABLE_FILLER_PHRASES:
        phrase = phrase.replace(f" {filler} ", " ")
    return frozenset(word for word in words(phrase) if word not in TABLE_FILLER)


def table_name_scores(name: str) -> dict[str, tuple[float, str]]:
    """table -> (closeness of a file or sheet name to its best alias, that alias), filler words
    ('danh sách', 'tháng', 'huyện', years) left out of both."""
    given = _table_words(name)
    scores = {}
    for table, aliases in table_alias_words().items():
        scores[table] = max(((closeness(given, _table_words(a.text) or a.words), a.text) for a in aliases),
                            key=lambda pair: pair[0], default=(0.0, ""))
    return scores


def column_name_score(table: str, column: str, header: str) -> tuple[float, str]:
    """(closeness of a header to the column's best alias, that alias). A header made of one weak
    word ('Mã', 'Ngày') scores low against a longer alias: it could be any of them."""
    given = words(header)
    best = (0.0, "")
    for alias in column_alias_words()[table][column]:
        score = closeness(given, alias.words)
        if given <= WEAK_WORDS and alias.words != given:
            score = min(score, 0.5)
        if score > best[0] + 1e-9:
            best = (score, alias.text)
    return best


def map_headers(table: str, headers: list[str]) -> tuple[dict[str, str], list[str]]:
    """{source header -> canonical column} by exact alias, and the headers that map to nothing."""
    aliases = header_aliases()[table]
    mapping, unknown = {}, []
    for header in headers:
        column = aliases.get(fold(header))
        if column and column not in mapping.values():
            mapping[header] = column
        elif str(header).strip():
            unknown.append(str(header))
    return mapping, unknown


def table_from_columns(headers: list[str]) -> str | None:
    """The one table whose required columns are all among the headers (exact aliases); None when
    no table, or more than one, has them all (recognise.py then weighs them, never silently)."""
    found = []
    for table in contract.TABLES:
        mapping, _ = map_headers(table.name, headers)
        if set(table.required_columns) <= set(mapping.values()):
            found.append(table.name)
    return found[0] if len(found) == 1 else None


@lru_cache(maxsize=1)
def _known_headers() -> frozenset[str]:
    return frozenset(key for mapping in header_aliases().values() for key in mapping)


@lru_cache(maxsize=4096)
def looks_like_column(value: str) -> bool:
    """A cell that is a column name: known exactly, or holding all the words of a column's alias
    that says more than one weak word."""
    if fold(value) in _known_headers():
        return True
    given = words(value)
    if not given or len(given) > 8:
        return False
    for columns in column_alias_words().values():
        for aliases in columns.values():
            for alias in aliases:
                if len(alias.words) >= 2 and not alias.words <= WEAK_WORDS and alias.words <= given:
                    return True
    return False
