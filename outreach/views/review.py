"""The period review workbook (XLSX): scorecard, flagged officials with evidence, one sheet per agency.

Every sheet has translated headers (Vietnamese first), a bold frozen header row, an autofilter and
number formats (rates 0.0%, counts #,##0, score 0.0, dates dd/mm/yyyy). Text that a spreadsheet
would run as a formula is neutralised as in outreach/query/export.py.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from outreach.query import db
from outreach.query.export import excel_writer, neutralise_formulas
from outreach.i18n import definition, fmt_date, t
from outreach.views.agencies import review_reasons, weights_line
from outreach.views.columns import header, kind
from outreach.views.flags import Thresholds, flagged_officials, rule_lines, status_label
from outreach.views.officials import official_table

# The named queries the workbook is made of.
REVIEW_QUERIES = ("agency_scorecard_detail", "official_participation", "official_profile", "official_flags",
                  "official_flag_evidence")

SCORECARD_SHEET_COLUMNS = ["rank", "agency_id", "agency_name", "score", "review_group_label", "officials",
                           "coverage_rate", "coverage_standing", "attendance_rate", "attendance_standing",
                           "quota_rate", "quota_standing", "on_time_rate", "on_time_standing", "rates_with_evidence",
                           "held_items", "reasons"]
FLAG_SHEET_COLUMNS = ["official_id", "full_name", "agency_name", "flag_label", "headline", "rule", "evidence_count",
                      "evidence_summary"]
EVIDENCE_SHEET_COLUMNS = ["official_id", "full_name", "agency_name", "flag_label", "evidence_id", "evidence_date",
                          "commune_name", "lead_agency_name", "attendance_status", "required", "attended",
                          "run_months", "topic", "forwarded_to_name", "forwarded_date", "replied_date"]
AGENCY_SHEET_COLUMNS = ["official_id", "full_name", "position", "assigned_communes", "listed", "present", "late",
                        "absent", "excused", "attendance_rate", "months_counted", "months_met", "quota_rate",
                        "feedback_recorded", "flag_labels"]
WIDE_COLUMNS = {"reasons": 70, "evidence_summary": 90, "rule": 60, "headline": 55, "assigned_communes": 40}
_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")


def sheet_name(text: str, taken: set[str]) -> str:
    """A valid, unique Excel sheet name (31 characters, none of []:*?/\\)."""
    base = re.sub(r"\s+", " ", _SHEET_NAME_BAD.sub(" ", text)).strip().strip("'")[:31].rstrip() or "Sheet"
    name, number = base, 2
    while name.lower() in {existing.lower() for existing in taken}:
        suffix = f" ({number})"
        name = base[:31 - len(suffix)].rstrip() + suffix
        number += 1
    taken.add(name)
    return name


def scorecard_sheet(scorecard: pd.DataFrame, reasons: dict[str, list[str]], lang: str = "vi") -> pd.DataFrame:
    frame = scorecard.copy()
    frame["review_group_label"] = frame["review_group"].map(
        lambda code: t(f"people_group_{code}", lang) if code in ("commend", "correct") else "")
    frame["reasons"] = frame["agency_id"].map(lambda agency: "\n".join(reasons.get(agency, [])))
    return frame[SCORECARD_SHEET_COLUMNS]


def evidence_sheet(evidence: pd.DataFrame, flagged: pd.DataFrame, lang: str = "vi") -> pd.DataFrame:
    names = flagged.drop_duplicates("official_id").set_index("official_id")
    frame = evidence.copy()
    frame["full_name"] = frame["official_id"].map(names["full_name"]) if len(names) else None
    frame["agency_name"] = frame["official_id"].map(names["agency_name"]) if len(names) else None
    frame["flag_label"] = frame["flag"].map(lambda code: t(f"people_flag_{code}", lang))
    frame["attendance_status"] = frame["attendance_status"].map(
        lambda code: status_label(code, lang) if isinstance(code, str) else None)
    return frame[EVIDENCE_SHEET_COLUMNS]


def review_workbook(*, scorecard: pd.DataFrame, reasons: dict[str, list[str]], officials: pd.DataFrame,
                    flagged: pd.DataFrame, evidence: pd.DataFrame, notes: list[tuple[str, str]],
                    lang: str = "vi") -> bytes:
    """The workbook as bytes.

    scorecard: agency_scorecard_detail; reasons: agencies.review_reasons; officials: officials.official_table;
    flagged: flags.flagged_officials; evidence: official_flag_evidence; notes: (item, value) lines.
    """
    sheets: list[tuple[str, pd.DataFrame]] = []
    taken: set[str] = set()
    sheets.append((sheet_name(t("people_sheet_scorecard", lang), taken), scorecard_sheet(scorecard, reasons, lang)))
    sheets.append((sheet_name(t("people_sheet_flags", lang), taken), flagged.reindex(columns=FLAG_SHEET_COLUMNS)))
    sheets.append((sheet_name(t("people_sheet_evidence", lang), taken), evidence_sheet(evidence, flagged, lang)))
    agency_names = dict(zip(scorecard["agency_id"], scorecard["agency_name"]))
    for agency_id in sorted(set(officials["agency_id"].dropna())):
        rows = officials[officials["agency_id"] == agency_id].sort_values(["full_name_folded", "official_id"])
        title = f"{agency_id} {agency_names.get(agency_id, '')}"
        sheets.append((sheet_name(title, taken), rows[AGENCY_SHEET_COLUMNS]))
    notes_frame = pd.DataFrame(notes, columns=["item", "value"])
    buffer = io.BytesIO()
    with excel_writer(buffer) as writer:
        book = writer.book
        formats = {
            "header": book.add_format({"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#E8EEF4",
                                       "border": 1}),
            "percent": book.add_format({"num_format": "0.0%"}),
            "integer": book.add_format({"num_format": "#,##0"}),
            "score": book.add_format({"num_format": "0.0"}),
            "date": book.add_format({"num_format": "dd/mm/yyyy"}),
            "wrap": book.add_format({"text_wrap": True, "valign": "top"}),
            "text": book.add_format({"valign": "top"}),
        }
        for name, frame in sheets:
            _write_sheet(writer, frame, name, formats, lang)
        notes_name = sheet_name(t("people_sheet_notes", lang), taken)
        _write_sheet(writer, notes_frame, notes_name, formats, lang,
                     headers={"item": t("people_notes_item", lang), "value": t("people_notes_value", lang)})
    return buffer.getvalue()


def _kind(column: str, values: pd.Series | None = None) -> str:
    """The workbook format of a column, from the column registry (views/columns.py)."""
    if column in WIDE_COLUMNS or column == "value":
        return "wrap"
    how = kind(column, values, "people")
    if column.endswith("_standing"):
        return "score"
    if column == "rates_with_evidence" or how in ("integer", "rank"):
        return "integer"
    return {"percent": "percent", "percent_bar": "percent", "score": "score", "date": "date"}.get(how, "text")


def _write_sheet(writer: pd.ExcelWriter, frame: pd.DataFrame, name: str, formats: dict[str, Any], lang: str,
                 *, headers: dict[str, str] | None = None) -> None:
    clean = neutralise_formulas(frame.reset_index(drop=True))
    for column in clean.columns:
        if _kind(column, clean[column]) == "date":
            clean[column] = pd.to_datetime(clean[column])
    labels = [(headers or {}).get(column) or header(column, lang, "people") for column in frame.columns]
    clean.columns = labels
    clean.to_excel(writer, sheet_name=name, index=False)
    sheet = writer.sheets[name]
    for index, (column, label) in enumerate(zip(frame.columns, labels)):
        sheet.write(0, index, label, formats["header"])
        how = _kind(column, frame[column])
        width = WIDE_COLUMNS.get(column) or (60 if column == "value" else _width(frame[column], label))
        sheet.set_column(index, index, width, formats[how])
    sheet.freeze_panes(1, 0)
    if len(frame.columns):
        sheet.autofilter(0, 0, max(len(frame), 1), len(frame.columns) - 1)


def _width(values: pd.Series, label: str) -> int:
    longest = values.astype(str).str.len().max() if len(values) else 0
    longest = 0 if pd.isna(longest) else int(longest)
    return int(min(45, max(10, len(label) + 2, longest + 2)))


def run_named(con: duckdb.DuckDBPyConnection, name: str, available: dict[str, Any]) -> pd.DataFrame:
    """Run a named query with the parameters it names, taken from the scope's available values."""
    return db.run_query(con, name, {key: available[key] for key in db.load_query(name).parameters})


def review_notes(available: dict[str, Any], *, period_label: str, as_of: dt.date, scope_label: str,
                 lang: str = "vi") -> list[tuple[str, str]]:
    thresholds = Thresholds.from_settings(available[db.SETTINGS_PARAMETER])
    notes = [
        (t("people_notes_title", lang), ""),
        (t("people_notes_period", lang), period_label),
        (t("people_notes_as_of", lang), fmt_date(as_of, lang)),
        (t("people_notes_scope", lang), scope_label),
        (t("people_notes_weights", lang), weights_line(available[db.SETTINGS_PARAMETER], lang)),
        (t("people_notes_score", lang), definition("people_score", lang)),
    ]
    notes += [(label, rule) for label, rule in rule_lines(thresholds, lang)]
    notes.append((t("people_notes_sources", lang), t("people_notes_sources_value", lang)))
    return notes


def build_review(con: duckdb.DuckDBPyConnection, available: dict[str, Any], *, period_label: str, as_of: dt.date,
                 scope_label: str, lang: str = "vi") -> bytes:
    """Run the review queries for the scope (db.Scope.available values) and write the workbook."""
    frames = {name: run_named(con, name, available) for name in REVIEW_QUERIES}
    thresholds = Thresholds.from_settings(available[db.SETTINGS_PARAMETER])
    officials = official_table(frames["official_participation"], frames["official_profile"], lang)
    flagged = flagged_officials(frames["official_flags"], frames["official_participation"],
                                frames["official_profile"], thresholds, lang)
    scorecard = frames["agency_scorecard_detail"]
    return review_workbook(
        scorecard=scorecard, reasons=review_reasons(scorecard, lang), officials=officials, flagged=flagged,
        evidence=frames["official_flag_evidence"],
        notes=review_notes(available, period_label=period_label, as_of=as_of, scope_label=scope_label, lang=lang),
        lang=lang,
    )


def review_file(database: Path, available: dict[str, Any], *, period_label: str, as_of: dt.date,
                scope_label: str, lang: str = "vi") -> bytes:
    """build_review on its own read-only connection (the download button calls it on click, off the page run)."""
    con = db.connect(Path(database), read_only=True)
    try:
        return build_review(con, available, period_label=period_label, as_of=as_of, scope_label=scope_label,
                            lang=lang)
    finally:
        con.close()
