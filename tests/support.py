"""Shared helpers for tests: building a database from the hand-made fixture export, and reading
query results as plain Python values."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_EXPORT = ROOT / "tests" / "fixtures" / "export"
TODAY = dt.date(2026, 11, 22)


def build_fixture_database(directory: Path, **settings) -> Path:
    """Ingest the fixture export into directory/outreach.duckdb and return its path.

    settings: overrides of outreach/defaults.toml as they would appear in outreach.toml, one
    keyword per section, e.g. feedback={"reply_working_days": 10} or
    **{"import": {"earliest_date": "2025-01-01"}}."""
    database, report = ingest_fixture(directory, **settings)
    assert report.exit_code == 0, (report.error, report.rejects.to_string())
    return database


def ingest_fixture(directory: Path, **settings):
    """(database path, ImportReport) of the fixture export ingested with `settings` (see
    build_fixture_database) into directory/outreach.duckdb; directory/outreach.toml holds the paths
    and the settings, and is the configuration the import reads."""
    from outreach.ingest.load import ingest
    from outreach.query.stored import store_default_view

    database = directory / "outreach.duckdb"
    config = write_config(directory, database, **settings)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("OUTREACH_CONFIG", str(config))
        report = ingest(FIXTURE_EXPORT, database=database, rejects_path=directory / "rejects.csv", today=TODAY,
                        after_build=store_default_view)
    return database, report


def _toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml_value(item) for item in value) + "]"
    raise TypeError(f"no TOML for {value!r}")


def write_config(directory: Path, database: Path, **settings) -> Path:
    """directory/outreach.toml naming `database` (and a demo folder beside it), plus `settings`
    (section -> {key: value}) overriding outreach/defaults.toml."""
    sections = {"paths": {"database": str(database), "demo_dir": str(directory / "demo"),
                          "exports_dir": str(directory / "exports")}}
    for section, values in settings.items():
        sections[section] = {**sections.get(section, {}), **values}
    lines = []
    for section, values in sections.items():
        lines.append(f"[{section}]")
        lines += [f"{key} = {_toml_value(value)}" for key, value in values.items()]
    config = directory / "outreach.toml"
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return config


def settings_key(settings: dict) -> str:
    """One string per distinct settings set (order of keys does not matter)."""
    return json.dumps(settings, sort_keys=True, ensure_ascii=False)


def copy_fixture(target: Path) -> Path:
    shutil.copytree(FIXTURE_EXPORT, target)
    return target


# Imported text built to attack the pages (Markdown that would draw an image or a link, HTML, maths,
# Streamlit's colour and icon directives) and the free text (a citizen's own name, phones in every
# usual spelling, a titled full name). ATTACK_HOST is a closed port: nothing is ever fetched.
ATTACK_HOST = "127.0.0.1:9"
ATTACK_TEXT = {
    "commune_99001": f"![i](http://{ATTACK_HOST}/c.png) Bình An",
    "agency_DV31": f"UBND <img src=http://{ATTACK_HOST}/a.png> [Bình An](http://{ATTACK_HOST}/l)",
    "official_CB0002": "Trần $x^2$ **Thị** `Bình`",
    "position_CB0002": "# Chủ tịch :red[đỏ]",
    "hamlet_99001-03": f"![h](http://{ATTACK_HOST}/h.png)",
    "topic_BX0001": f"www.{ATTACK_HOST}.example :material/home:",
    # Text a spreadsheet writer would turn into a live link.
    "official_CB0003": "external:\\\\host\\share\\run.exe",
    "position_CB0003": f"http://{ATTACK_HOST}/p",
}
# A summary for every item: the item's own citizen name (when it has one), its phone written three
# ways, and another titled full name.
ATTACK_SUMMARY = "{name} gọi 0912 345 678, +84 987.000.111 hoặc (+84)909-555-123; bà Nguyễn Thị Hoa cũng phản ánh"
# Accounts of the attack server: name -> (role, commune, personal-data permission).
ATTACK_PASSWORD = "mat-khau-thu-2025"
ATTACK_ACCOUNTS = {"phantich": ("analyst", None, True), "phantich2": ("analyst", None, True),
                   "lanhdao": ("leader", None, False), "canboxa": ("commune_officer", "99002", False)}
ATTACK_MARKERS = ("![", "](http", "<img", "**Thị**", ":red[", "$x^2$", "`Bình`", ":material/home:")


def write_attack_export(target: Path) -> Path:
    """The fixture export with ATTACK_TEXT in names, positions and topics and ATTACK_SUMMARY in every
    summary (built here, never stored in git)."""
    export = copy_fixture(target)

    def rewrite(name: str, change) -> None:
        frame = pd.read_csv(export / name, dtype=str, keep_default_na=False)
        change(frame)
        frame.to_csv(export / name, index=False)

    def communes(frame):
        frame.loc[frame["commune_code"] == "99001", "commune_name"] = ATTACK_TEXT["commune_99001"]

    def agencies(frame):
        frame.loc[frame["agency_id"] == "DV31", "agency_name"] = ATTACK_TEXT["agency_DV31"]

    def officials(frame):
        frame.loc[frame["official_id"] == "CB0002", "full_name"] = ATTACK_TEXT["official_CB0002"]
        frame.loc[frame["official_id"] == "CB0002", "position"] = ATTACK_TEXT["position_CB0002"]
        frame.loc[frame["official_id"] == "CB0003", "full_name"] = ATTACK_TEXT["official_CB0003"]
        frame.loc[frame["official_id"] == "CB0003", "position"] = ATTACK_TEXT["position_CB0003"]

    def hamlets(frame):
        frame.loc[frame["hamlet_id"] == "99001-03", "hamlet_name"] = ATTACK_TEXT["hamlet_99001-03"]

    def visits(frame):
        frame.loc[frame["visit_id"] == "BX0001", "topic"] = ATTACK_TEXT["topic_BX0001"]

    def feedback(frame):
        frame["summary"] = [ATTACK_SUMMARY.format(name=("Ông " + name) if name else "Người dân")
                            for name in frame["citizen_name"]]

    for name, change in (("communes.csv", communes), ("agencies.csv", agencies), ("officials.csv", officials),
                         ("hamlets.csv", hamlets), ("visits.csv", visits), ("feedback.csv", feedback)):
        rewrite(name, change)
    return export


# ---------------------------------------------------------------- results as plain values


def _plain(value):
    """DataFrame cell -> plain Python (None for any missing value, date for timestamps)."""
    if value is None or value is pd.NaT or value is pd.NA:
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    if isinstance(value, (pd.Timestamp, dt.datetime)):
        return value.date()
    if hasattr(value, "item"):
        return value.item()
    return value


def _records(frame: pd.DataFrame, columns: list[str]) -> list[tuple]:
    """The frame's rows, in order, as tuples of plain values of `columns`."""
    return [tuple(_plain(value) for value in row) for row in frame[columns].itertuples(index=False)]


def open_app(script: str = "dashboard.py", *, timeout: int = 60, **params: str):
    """A fresh AppTest session opened on dashboard.py with `params` in the page address, then moved to
    `script` (a page opened from a shared link); asserts the run raised nothing."""
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=timeout)
    for key, value in params.items():
        app.query_params[key] = value
    app.run()
    if script != "dashboard.py":
        app.switch_page(script).run()
    assert not app.exception, app.exception
    return app


# The sidebar's filters are folded in one box (outreach/ui/shell.py): their drop-downs are drawn once it is open.
FILTER_KEYS = ("period_from", "period_to", "commune", "agency", "blind_spot_days")  # (the last: Bao phủ's)


def open_filters(app):
    """Open the sidebar's filter box, as a click on it does, and run the page again."""
    app.session_state["filters_box"] = True
    app.run()
    assert not app.exception, app.exception
    return app


def open_tab(app, key: str, label: str):
    """Open one section (url_tabs) of the page shown, as a click on its tab does: a page computes
    and draws only its open section."""
    app.session_state[key] = label
    app.run()
    assert not app.exception, app.exception
    return app


class _CardParser:
    """Reads the cards of outreach/views/cards.py back out of their HTML."""

    def __init__(self) -> None:
        from html.parser import HTMLParser

        found: list[dict] = []
        stack: list[str] = []

        class Parser(HTMLParser):
            def handle_starttag(self, tag, attrs):
                attrs = dict(attrs)
                classes = (attrs.get("class") or "").split()
                if "oc-card" in classes:
                    found.append({"key": attrs.get("data-key"), "label": "", "value": "", "delta": None,
                                  "description": None, "help": "", "tone": None, "direction": None})
                if "oc-delta" in classes and found:
                    found[-1]["delta"] = ""
                    found[-1]["tone"] = next((c[3:] for c in classes if c in ("oc-good", "oc-bad", "oc-off")), None)
                    found[-1]["direction"] = attrs.get("data-direction")
                if "oc-words" in classes and found:
                    found[-1]["description"] = ""
                stack.append(next((c for c in classes if c in ("oc-label-text", "oc-value", "oc-delta", "oc-words",
                                                               "oc-tip", "oc-arrow")), stack[-1] if stack else ""))

            def handle_endtag(self, tag):
                if stack:
                    stack.pop()

            def handle_data(self, data):
                if not found or not stack:
                    return
                where = stack[-1]
                field = {"oc-label-text": "label", "oc-value": "value", "oc-delta": "delta", "oc-words": "description",
                         "oc-tip": "help"}.get(where)
                if field:
                    found[-1][field] = (found[-1][field] or "") + data

        self.parser, self.found = Parser(), found


def cards(app) -> list:
    """The figure cards a page drew (outreach/views/cards.py), in order, each with label, value,
    delta (the change or the grey note, as on screen without the arrow; None when neither), description (the
    words after the change), help, tone (good/bad/off) and direction (up/down/none)."""
    from types import SimpleNamespace

    result = []
    for element in app.html:
        if 'class="oc-cards"' not in element.value:
            continue
        reader = _CardParser()
        reader.parser.feed(element.value)
        result.extend(SimpleNamespace(**card) for card in reader.found)
    return result


def svg_views(app, within=None) -> list[str]:
    """The HTML of each of the dashboard's own SVG views a page drew (outreach/ui/svg_view.py: the
    coverage map, the opening charts), as the browser receives it."""
    import json

    return [json.loads(element.proto.json)["html"] for element in (within or app).get("bidi_component")
            if element.proto.component_name == "outreach_svg"]
