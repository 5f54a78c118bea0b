"""One rule, one place: every setting of the definitions reaches SQL through the one $settings struct
and the texts that state it, so changing it changes both what the queries return and what the page
says (outreach/defaults.toml is the only place a value is written)."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from outreach.config import QUERY_SECTIONS, load_settings
from outreach.i18n import DEFINITIONS, TEXT, definition, t
from outreach.query import db
from outreach.views import agencies

# setting -> (changed value, a query whose result it changes on the demo, a text that states it)
CASES = {
    "reply_working_days": (5, "feedback_summary", ("definition", "on_time_rate")),
    "held_after_days": (3, "feedback_summary", ("definition", "fb_held")),
    "overlap_max_days": (2, "visit_overlaps", ("definition", "cov_overlap")),
    "blind_spot_days": (1, "blind_spots", ("definition", "cov_blind")),
    "never_present_min_listed": (1000, "official_flags", ("definition", "officials_flagged")),
    "rarely_present_min_listed": (40, "official_flags", ("definition", "officials_flagged")),
    "rarely_present_max_rate": (0.97, "official_flags", ("definition", "officials_flagged")),
    "under_quota_min_months": (100, "official_flags", ("definition", "officials_flagged")),
    "holding_min_items": (100, "official_flags", ("definition", "officials_flagged")),
    "heard_elsewhere_window_days": (5, "heard_elsewhere_by_commune", ("definition", "beyond_heard")),
    "multi_commune_min_communes": (2, "multi_commune_presence", ("definition", "beyond_many")),
    "head_without_dialogue_min_months": (2, "official_flags", ("definition", "beyond_heads")),
    "last_minute_days": (10, "official_flags", ("definition", "beyond_last_minute")),
    "last_minute_min_months": (20, "official_flags", ("definition", "beyond_last_minute")),
    "last_minute_min_share": (0.99, "official_flags", ("definition", "beyond_last_minute")),
    "weight_coverage": (4.0, "agency_scorecard", ("weights", None)),
    "weight_attendance": (4.0, "agency_scorecard", ("weights", None)),
    "weight_quota": (4.0, "agency_scorecard", ("weights", None)),
    "weight_on_time": (4.0, "agency_scorecard", ("weights", None)),
    "group_share": (0.4, "agency_scorecard", ("definition", "people_score")),
    "min_officials": (60, "agency_scorecard", ("weights", None)),
    "min_evidence_coverage": (70, "agency_scorecard", ("definition", "people_score")),
    "min_evidence_attendance": (3000, "agency_scorecard", ("definition", "people_score")),
    "min_evidence_quota": (700, "agency_scorecard", ("definition", "people_score")),
    "min_evidence_on_time": (900, "agency_scorecard", ("definition", "people_score")),
    "min_rates_with_evidence": (4, "agency_scorecard", ("definition", "people_score")),
}
SECTION_OF = {"never_present_min_listed": ("flags", "listed_never_present_min_listed"),
              "holding_min_items": ("flags", "holding_information_min_items")}


def test_every_setting_of_the_definitions_is_covered():
    assert set(load_settings().query_settings()) == set(CASES)


def _toml_value(value) -> str:
    return repr(value) if not isinstance(value, str) else f'"{value}"'


def _shown(kind: str, key: str | None) -> str:
    settings = load_settings()
    if kind == "weights":
        return agencies.weights_line(settings.query_settings(), "vi") + agencies.score_sentence(
            settings.query_settings(), "vi")
    return definition(key, "vi")


@pytest.fixture(scope="module")
def demo_con(demo_database):
    connection = duckdb.connect(str(demo_database), read_only=True)
    yield connection
    connection.close()


@pytest.mark.parametrize("name", sorted(CASES))
def test_changing_a_setting_changes_the_result(demo_con, name):
    value, query, _ = CASES[name]
    settings = load_settings()
    scope = db.Scope(period=db.period_for(demo_con, settings))
    before = db.run_scoped(demo_con, query, scope, settings)
    after = db.run_scoped(demo_con, query, scope, settings, **{name: value})
    assert not before.equals(after), f"{name} = {value} changed nothing in {query}"


@pytest.mark.parametrize("name", sorted(CASES))
def test_changing_a_setting_changes_the_text_shown(name, tmp_path, monkeypatch):
    value, _, (kind, key) = CASES[name]
    section, toml_key = SECTION_OF.get(name, (None, name))
    if section is None:
        section = next(s for s in QUERY_SECTIONS if name in load_settings().raw[s])
    before = _shown(kind, key)
    config = tmp_path / "outreach.toml"
    config.write_text(f"[{section}]\n{toml_key} = {_toml_value(value)}\n", encoding="utf-8")
    monkeypatch.setenv("OUTREACH_CONFIG", str(config))
    after = _shown(kind, key)
    assert before != after, f"{name}: the text does not state the setting"


def test_no_text_states_a_default_threshold_literally():
    # The default values written into a text instead of taken from the settings would not follow a
    # change: e.g. "7 ngày" for the held window, "thứ 15" for the reply deadline.
    for table in (TEXT, DEFINITIONS):
        for key, entry in table.items():
            for text in entry.values():
                assert "thứ 15 " not in text and "tối đa 7 ngày" not in text and "trong 7 ngày" not in text, key
                assert "mặc định 60" not in text and "(≥ 3 lần" not in text, key


def test_held_window_reaches_every_query_through_the_struct(demo_con):
    # A query names $settings, never a setting by itself: one structure, one place.
    for name in db.query_names():
        parameters = db.load_query(name).parameters
        assert not parameters & set(CASES), (name, parameters & set(CASES))
    settings = load_settings()
    scope = db.Scope(period=db.period_for(demo_con, settings))
    params = scope.params_for("feedback_held_items", settings, {"held_after_days": 3})
    assert params["settings"]["held_after_days"] == 3
    assert isinstance(db.run_query(demo_con, "feedback_held_items", params), pd.DataFrame)
