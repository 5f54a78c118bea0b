"""The Data page's work: staging uploaded files, running an import, shaping its report."""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from outreach.ingest.load import ImportReport
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


def stage_uploads(files: list[tuple[str, bytes]], *, limit_mb: int) -> Staged:
    """Write uploaded files into a new temporary folder; files above the limit are left out and listed."""
    folder = Path(tempfile.mkdtemp(prefix="outreach-upload-"))
    kept, too_large = [], []
    for name, content in files:
        if len(content) > limit_mb * 1024 * 1024:
            too_large.append((name, len(content)))
            continue
        target = folder / safe_name(name)
        target.write_bytes(content)
        kept.append(target.name)
    return Staged(folder=folder, files=kept, too_large=too_large)


def file_table(report: ImportReport) -> pd.DataFrame:
    """Per file (and sheet): rows read, loaded, rejected, merged, and whether they add up."""
    return pd.DataFrame([
        {"table_name": f.table, "file": f.file, "sheet": f.sheet, "rows_read": f.read, "rows_loaded": f.loaded,
         "rows_rejected": f.rejected, "rows_merged": f.merged, "balanced": f.balanced}
        for f in report.files
    ])


def problems(report: ImportReport) -> pd.DataFrame:
    frames = []
    if len(report.rejects):
        frames.append(report.rejects.assign(outcome="rejected"))
    if len(report.warning_rows):
        frames.append(report.warning_rows.assign(outcome="warning"))
    if not frames:
        return pd.DataFrame(columns=["outcome", "table", "file", "sheet", "row", "column", "value", "reason", "message"])
    frame = pd.concat(frames, ignore_index=True)
    return frame[["outcome", "table", "file", "sheet", "row", "column", "value", "reason", "message"]]


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
