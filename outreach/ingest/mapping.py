"""Saved mappings ("profiles"): which table a file or sheet of a given shape holds and which of its
headers is which column, chosen once by a person (the Data page's mapping step) or written by an
import (`ingest --save-mapping FILE`), and applied to the next import of the same shape.

A profile is a small JSON file:

    {"name": "Huyện Tân Phú", "saved_at": "2026-11-02 10:15:00",
     "sources": [{"file": "lich_lam_viec.csv", "sheet": null, "table": "visits",
                  "headers": ["Số hiệu", "Ngày thực hiện", ...],
                  "columns": {"Số hiệu": "visit_id", "Ngày thực hiện": "visit_date", ...}}]}

The shape of a source is the set of its folded headers: a later file with the same headers, in any
order and under any file name, is read with the same mapping. Profiles saved on the Data page
live beside the database, in <database stem>_mappings/ (one file per profile).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from outreach.ingest import contract
from outreach.ingest.names import fold
from outreach.ingest.private import open_private

PLACEHOLDER = re.compile(r"\(cột \d+\)")


class MappingError(ValueError):
    """A mapping file that cannot be used (not JSON, unknown table or column)."""


@dataclass
class Profile:
    name: str
    sources: list[dict] = field(default_factory=list)
    saved_at: str = ""
    path: Path | None = None

    def as_json(self) -> str:
        return json.dumps({"name": self.name, "saved_at": self.saved_at, "sources": self.sources},
                          ensure_ascii=False, indent=2) + "\n"


def shape(headers: list[str]) -> frozenset[str]:
    return frozenset(fold(header) for header in headers if header and not PLACEHOLDER.fullmatch(header))


def find(profiles: list[Profile], part) -> tuple[Profile, dict] | None:
    """The first saved source of the same shape as `part` (one of the same file and sheet first)."""
    wanted = shape(part.headers)
    matches = [(profile, entry) for profile in profiles for entry in profile.sources
               if shape(entry.get("headers", [])) == wanted]
    matches.sort(key=lambda pair: (pair[1].get("file"), pair[1].get("sheet")) != (part.file, part.sheet))
    if not matches:
        return None
    profile, entry = matches[0]
    # The saved headers may differ from these in spacing or accents: keep the ones of this file.
    by_fold = {fold(header): header for header in part.headers}
    columns = {by_fold[fold(header)]: column for header, column in entry["columns"].items() if fold(header) in by_fold}
    return profile, {**entry, "columns": columns}


def validate(profile: Profile) -> Profile:
    for entry in profile.sources:
        table = entry.get("table")
        if table not in contract.TABLES_BY_NAME:
            raise MappingError(f"{profile.name}: bảng không có trong mẫu dữ liệu: {table!r}")
        columns = entry.get("columns")
        if not isinstance(columns, dict) or not isinstance(entry.get("headers"), list):
            raise MappingError(f"{profile.name}: mỗi nguồn cần 'headers' (danh sách) và 'columns' (tiêu đề → cột)")
        allowed = set(contract.table(table).column_names)
        wrong = [column for column in columns.values() if column not in allowed]
        if wrong:
            raise MappingError(f"{profile.name}: bảng {table} không có cột {', '.join(map(str, wrong))}")
        if len(set(columns.values())) != len(columns):
            raise MappingError(f"{profile.name}: một cột của bảng {table} được gán cho hai tiêu đề")
    return profile


def load(path: Path) -> Profile:
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, ValueError) as error:
        raise MappingError(f"{path.name}: không đọc được tệp ánh xạ ({error})") from error
    if not isinstance(data, dict) or not isinstance(data.get("sources"), list):
        raise MappingError(f"{path.name}: tệp ánh xạ cần một danh sách 'sources'")
    return validate(Profile(name=str(data.get("name") or path.stem), sources=data["sources"],
                            saved_at=str(data.get("saved_at") or ""), path=path))


def write(path: Path, profile: Profile) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    profile.saved_at = profile.saved_at or dt.datetime.now().replace(microsecond=0).isoformat(sep=" ")
    with open_private(path, "w", encoding="utf-8") as handle:
        handle.write(validate(profile).as_json())
    profile.path = path
    return path


def folder(database: Path) -> Path:
    database = Path(database)
    return database.with_name(database.stem + "_mappings")


def slug(name: str) -> str:
    text = re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-")
    return text[:60] or "anh-xa"


def saved(database: Path) -> list[Profile]:
    """The profiles beside the database, newest first; a damaged one is skipped."""
    found = []
    directory = folder(database)
    if directory.is_dir():
        for path in directory.glob("*.json"):
            try:
                found.append(load(path))
            except MappingError:
                continue
    return sorted(found, key=lambda profile: profile.saved_at, reverse=True)


def save(database: Path, profile: Profile) -> Path:
    """Save beside the database under the profile's name; a profile of that name is replaced, and
    sources of the same shape in it are replaced by the new ones."""
    path = folder(database) / f"{slug(profile.name)}.json"
    if path.exists():
        try:
            old = load(path)
        except MappingError:
            old = Profile(profile.name)
        shapes = {shape(entry["headers"]) for entry in profile.sources}
        profile.sources = [e for e in old.sources if shape(e["headers"]) not in shapes] + profile.sources
    profile.saved_at = ""
    return write(path, profile)


def entry_for(part) -> dict:
    """A recognised source as a profile entry."""
    return {"file": part.file, "sheet": part.sheet, "table": part.table, "headers": list(part.headers),
            "columns": dict(part.mapping)}


def from_tables(name: str, parts: list) -> Profile:
    """The mapping an import used, one entry per distinct shape."""
    entries, shapes = [], set()
    for part in parts:
        key = shape(part.headers)
        if key not in shapes:
            shapes.add(key)
            entries.append(entry_for(part))
    return Profile(name=name, sources=entries)
