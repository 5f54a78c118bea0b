"""The Data page's work: staging uploaded files (in the private folder next to the database,
removed after the import), the server folders it may import from, shaping the import's report."""

from __future__ import annotations

import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import pandas as pd

from outreach.config import PROJECT_ROOT, Settings
from outreach.ingest.load import ImportReport
from outreach.ingest.private import open_private, private_folder, work_folder
from outreach.ingest.sources import CSV_SUFFIXES, EXCEL_SUFFIXES, PARQUET_SUFFIXES

BOUNDARY_SUFFIXES = (".geojson", ".json", ".gpkg", ".zip")
ACCEPTED_TYPES = [suffix.lstrip(".") for suffix in CSV_SUFFIXES + EXCEL_SUFFIXES + PARQUET_SUFFIXES + BOUNDARY_SUFFIXES]


@dataclass(frozen=True)
class Staged:
    folder: Path
    files: list[str]
    too_large: list[tuple[str, int]]   # (name, size in bytes)


def safe_name(name: str) -> str:
    """A file name without folders or odd characters (uploads choose their own names)."""
    name = Path(name).name
    return re.sub(r"[^\w.\- ]", "_", name, flags=re.UNICODE) or "tep"


def stage_uploads(files: list[tuple[str, bytes | BinaryIO]], *, limit_mb: int, database: Path) -> Staged:
    """Write uploaded files (content or a readable file) into a new private folder (0700, files
    0600) in the database's work folder; files above the limit are left out and listed. The
    caller removes the folder after the import (discard)."""
    parent = private_folder(work_folder(Path(database)))
    folder = private_folder(Path(tempfile.mkdtemp(prefix="upload-", dir=parent)))
    kept, too_large = [], []
    for name, content in files:
        size = len(content) if isinstance(content, bytes) else _size(content)
        if size > limit_mb * 1024 * 1024:
            too_large.append((name, size))
            continue
        target = folder / safe_name(name)
        with open_private(target, "wb") as handle:
            if isinstance(content, bytes):
                handle.write(content)
            else:
                content.seek(0)
                shutil.copyfileobj(content, handle, 1 << 20)
        kept.append(target.name)
    return Staged(folder=folder, files=kept, too_large=too_large)


def _size(stream: BinaryIO) -> int:
    position = stream.seek(0, 2)
    stream.seek(0)
    return position


def discard(staged: Staged | None) -> None:
    """Remove a staged upload (its files hold citizens' data)."""
    if staged is not None:
        shutil.rmtree(staged.folder, ignore_errors=True)


def folder_roots(settings: Settings) -> list[Path]:
    """[import] folder_roots: the server folders the Data page may import from, resolved."""
    roots = settings.raw.get("import", {}).get("folder_roots", ["data"])
    if isinstance(roots, str):
        roots = [roots]
    return [(Path(root) if Path(root).is_absolute() else PROJECT_ROOT / root).resolve() for root in roots]


@dataclass(frozen=True)
class FolderCheck:
    folder: Path | None       # the folder to import, when allowed
    problem: str | None       # 'outside' | 'missing' | 'link_outside'
    name: str = ""            # the file that links outside the roots


def check_folder(text: str, roots: list[Path]) -> FolderCheck:
    """Whether the Data page may import the server folder `text`: it must lie inside one of the
    roots once symbolic links and '..' are resolved (a relative path is taken from the project
    root), and no file in it may link outside them."""
    if not text or not text.strip():
        return FolderCheck(None, "missing")
    candidate = Path(text.strip()).expanduser()
    resolved = (candidate if candidate.is_absolute() else PROJECT_ROOT / candidate).resolve()

    def inside(path: Path) -> bool:
        return any(path == root or path.is_relative_to(root) for root in roots)

    if not inside(resolved):
        return FolderCheck(None, "outside")
    if not resolved.is_dir():
        return FolderCheck(None, "missing")
    for entry in sorted(resolved.iterdir()):
        if not inside(entry.resolve()):
            return FolderCheck(None, "link_outside", entry.name)
    return FolderCheck(resolved, None)


def file_table(report: ImportReport) -> pd.DataFrame:
    """Per file (and sheet): rows read, loaded, rejected, merged, and whether they add up."""
    return pd.DataFrame([
        {"table_name": f.table, "file": f.file, "sheet": f.sheet, "rows_read": f.read, "rows_loaded": f.loaded,
         "rows_rejected": f.rejected, "rows_merged": f.merged, "balanced": f.balanced}
        for f in report.files
    ])


def history_table(history: pd.DataFrame) -> pd.DataFrame:
    """The import history, newest first, one row per import."""
    if history.empty:
        return history
    rows = []
    for record in history.to_dict("records")[::-1]:
        tables = record.get("tables") or []
        rows.append({
            "imported_at": record.get("imported_at"),
            "exit_code": record.get("exit_code"),
            "source": record.get("source"),
            "files": ", ".join(f"{f['file']} ({f['sha256'][:8]})" for f in record.get("files") or []),
            "rows_read": sum(t.get("read", 0) for t in tables),
            "rows_loaded": sum(t.get("loaded", 0) for t in tables),
            "rows_rejected": sum(t.get("rejected", 0) for t in tables),
            "rows_merged": sum(t.get("merged", 0) for t in tables),
            "as_of": record.get("as_of"),
            "error": record.get("error") or "",
        })
    return pd.DataFrame(rows)


def reason_label(code: str) -> str:
    """The Vietnamese words for a reject or warning code (the code itself if unknown)."""
    from outreach.ingest.checks import REASONS, WARNINGS

    return REASONS.get(code) or WARNINGS.get(code) or code


def localise_problems(frame: pd.DataFrame, outcome_labels: dict[str, str]) -> pd.DataFrame:
    shown = frame.copy()
    if "reason" in shown.columns:
        shown["reason"] = [f"{reason_label(code)} ({code})" for code in shown["reason"]]
    if "outcome" in shown.columns:
        shown["outcome"] = [outcome_labels.get(value, value) for value in shown["outcome"]]
    return shown


def localise_tables(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Table codes shown with their Vietnamese titles: 'Cán bộ (officials)'."""
    from outreach.ingest import contract

    shown = frame.copy()
    for column in ("table_name", "table"):
        if column in shown.columns and lang == "vi":
            shown[column] = [f"{contract.TABLES_BY_NAME[name].title_vi} ({name})" if name in contract.TABLES_BY_NAME else name
                             for name in shown[column]]
    return shown


def fixable_rejects(path: Path | None) -> pd.DataFrame | None:
    """The rejects file of the last import (one line per rejected row with the row as read), to be
    corrected and imported back (outreach/ingest/fixes.py); None when there is none."""
    if path is None or not Path(path).exists():
        return None
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
