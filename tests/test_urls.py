"""Shareable views: every URL key, opened in a fresh session, reproduces the widget value and the
same numbers as choosing it by hand; page links carry the keys to the other pages."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from outreach.ui import results, shell, urlstate
from support import FILTER_KEYS, cards, open_app, open_filters


# The fixture's agencies have 2 officials and a handful of rows: with these settings they are ranked,
# so the agencies page draws its score trend (and its URL key can be checked).
RANKED = {"min_officials": 1, "min_evidence_coverage": 1, "min_evidence_attendance": 1, "min_evidence_quota": 1,
          "min_evidence_on_time": 1}


@pytest.fixture()
def fresh(make_database, monkeypatch):
    monkeypatch.setenv("OUTREACH_CONFIG", str(make_database.config(scorecard=RANKED)))
    results.settings.clear()

    def make(script: str = "dashboard.py", **params: str) -> AppTest:
        return open_app(script, **params)
    return make


def numbers(app: AppTest) -> list:
    """Every figure on the page: KPI values and table contents."""
    return [m.value for m in cards(app)] + [frame.value.to_json(date_format="iso") for frame in app.dataframe]


# (URL key, page, widget kind, widget key, URL value, widget value expected)
CASES = [
    ("lang", "dashboard.py", "radio", "lang", "en", "en"),
    ("from", "dashboard.py", "selectbox", "period_from", "2025-03", "2025-03"),
    ("to", "dashboard.py", "selectbox", "period_to", "2025-06", "2025-06"),
    ("commune", "dashboard.py", "selectbox", "commune", "99002", "99002"),
    ("agency", "dashboard.py", "selectbox", "agency", "DV31", "DV31"),
    ("metric", "pages/1_bao_phu.py", "state", "map_metric", "days_since_last_visit", "days_since_last_visit"),
    ("sel", "pages/1_bao_phu.py", "selectbox", "coverage_commune", "99001", "99001"),
    ("gap", "pages/1_bao_phu.py", "selectbox", "blind_spot_days", "90", "90"),
    ("dim", "pages/2_y_kien.py", "radio", "fb_dimension", "topic", "topic"),
    ("q", "pages/3_can_bo.py", "text_input", "official_search", "an", "an"),
    ("ag", "pages/3_can_bo.py", "multiselect", "official_agencies", "DV01", ["DV01"]),
    ("flag", "pages/3_can_bo.py", "selectbox", "official_flag", "any", "any"),
    # Not the default sort (flags_first): the URL value must be what comes back selected.
    ("sort", "pages/3_can_bo.py", "selectbox", "official_sort", "attendance_low", "attendance_low"),
    ("size", "pages/3_can_bo.py", "selectbox", "official_page_size", "25", 25),
    # (the fixture's officials fit on one page: no page box is drawn, the page is still read from the URL)
    ("page", "pages/3_can_bo.py", "state", "official_page", "1", 1),
    ("official", "pages/3_can_bo.py", "selectbox", "official_detail", "CB0002", "CB0002"),
    ("qagency", "pages/3_can_bo.py", "selectbox", "quota_agency", "DV31", "DV31"),
    ("trend", "pages/4_don_vi.py", "multiselect", "trend_agencies", "DV01,DV31", ["DV01", "DV31"]),
    ("extract", "pages/5_du_lieu.py", "selectbox", "extract_name", "commune_coverage", "commune_coverage"),
    ("cols", "pages/5_du_lieu.py", "multiselect", "extract_columns", "commune_code,visits_held",
     ["commune_code", "visits_held"]),
]


def widget_value(app: AppTest, kind: str, key: str):
    if kind == "state":
        return app.session_state[key]
    if key in FILTER_KEYS:
        open_filters(app)
    return getattr(app, kind)(key=key).value


def set_widget(app: AppTest, kind: str, key: str, value) -> None:
    if kind == "state":
        return
    if key in FILTER_KEYS:
        open_filters(app)
    widget = getattr(app, kind)(key=key)
    if kind == "text_input":
        widget.input(value)
    else:
        widget.set_value(value)
    app.run()


# A page draws only its open section: a key of another section is read with that section open.
SECTION_OF = {"trend": {"atab": "trend"}, "dim": {"ftab": "breakdown"}, "official": {"otab": "detail"}, "qagency": {"otab": "quota"},
              "extract": {"dtab": "extracts"}, "cols": {"dtab": "extracts", "extract": "commune_coverage"}}


@pytest.mark.parametrize("url_key, script, kind, key, url_value, expected", CASES, ids=[case[0] for case in CASES])
def test_every_url_key_reproduces_the_view(fresh, url_key, script, kind, key, url_value, expected):
    assert url_key in urlstate.URL_KEYS
    extra = SECTION_OF.get(url_key, {})
    opened = fresh(script, **{url_key: url_value}, **extra)
    value = widget_value(opened, kind, key)
    assert value == expected, (url_key, value)
    # The same view chosen by hand gives the same numbers, and writes the same URL value.
    by_hand = fresh(script, **extra)
    set_widget(by_hand, kind, key, expected)
    assert not by_hand.exception
    if kind != "state":
        written = by_hand.query_params.get(url_key)
        written = written[0] if isinstance(written, list) else written
        # (the fixture's officials fit on one page: page 1 is the default, so nothing changes)
        assert written == url_value or (url_key == "page" and written is None), (url_key, written)
        assert numbers(by_hand) == numbers(opened), url_key


@pytest.mark.parametrize("url_value", ["bogus", "NAME"])  # unknown; a known name in the wrong case
def test_an_unknown_sort_in_the_url_falls_back_to_the_default(fresh, url_value):
    opened = fresh("pages/3_can_bo.py", sort=url_value)
    assert opened.selectbox(key="official_sort").value == "flags_first"


@pytest.mark.parametrize("url_key, script, code", [("ctab", "pages/1_bao_phu.py", "overlaps"),
                                                   ("ftab", "pages/2_y_kien.py", "held"),
                                                   ("otab", "pages/3_can_bo.py", "detail"),
                                                   ("dtab", "pages/5_du_lieu.py", "extracts")])
def test_the_open_tab_is_in_the_url(fresh, url_key, script, code):
    assert url_key in urlstate.URL_KEYS
    app = fresh(script, **{url_key: code})
    assert not app.exception
    assert app.query_params.get(url_key) in (code, [code])


def test_page_links_carry_every_key_to_the_other_pages(fresh):
    app = fresh("dashboard.py", commune="99002", **{"from": "2025-02"}, lang="vi", official="CB0002", trend="DV01")
    links = app.get("page_link")
    assert len(links) == len(shell.PAGES)
    for link in links:
        query = dict(part.split("=", 1) for part in link.proto.query_string.split("&"))
        assert query == {"commune": "99002", "from": "2025-02", "lang": "vi", "official": "CB0002", "trend": "DV01"}
