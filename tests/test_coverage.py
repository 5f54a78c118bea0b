"""Coverage (Bao phủ): extracts worked out by hand on the fixture, boundary matching, the map, the page."""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata

import duckdb
import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from shapely.geometry import box
from streamlit.testing.v1 import AppTest

from conftest import open_page, screenshot
from outreach.views import coverage, report_map
from outreach.query import db
from outreach.ingest import geo
from outreach.config import load_settings
from outreach.query.periods import resolve_period
from support import ROOT, TODAY, copy_fixture, cards

D = dt.date.fromisoformat


@pytest.fixture(scope="module")
def scope(con):
    as_of, _ = db.data_as_of(con)
    return db.Scope(period=resolve_period(data_as_of=as_of))


def run(con, scope, name, **extra):
    return db.run_scoped(con, name, scope, load_settings(), **extra)


# ---------------------------------------------------------------- extracts on the fixture


def test_commune_coverage_extract_has_the_issue_columns_and_hand_worked_values(con, scope):
    frame = run(con, scope, "commune_coverage")
    assert list(frame.columns) == ["commune_code", "commune_name", "population", "visits_held", "last_visit_date",
                                   "days_since_last_visit", "hamlets_total", "hamlets_visited", "visits_per_1000",
                                   "officials_assigned", "officials_present"]
    rows = frame.set_index("commune_code")
    # Period 2024-11-01 .. 2025-10-15. 99001: BX0001, 02, 04, 05, 06, 08 held -> 6;
    # last 2025-09-09 -> Sep 9 .. Oct 15 = 21 + 15 = 36 days; hamlets 01 and 02 of 3 visited;
    # 6 * 1000 / 24310 = 0.2468...
    assert rows.loc["99001", ["visits_held", "days_since_last_visit", "hamlets_total", "hamlets_visited"]].tolist() == [6, 36, 3, 2]
    assert rows.loc["99001", "visits_per_1000"] == pytest.approx(6000 / 24310)
    # 99002 has no population: visits_per_1000 empty, never 0.
    assert pd.isna(rows.loc["99002", "visits_per_1000"])
    # 99003: last held visit BX0012 on 2024-05-15, before the period: 365 + 153 = 518 days, 0 in period.
    assert rows.loc["99003", "visits_held"] == 0 and rows.loc["99003", "days_since_last_visit"] == 518
    # 99004: only a cancelled visit -> never visited: empty date and days.
    assert pd.isna(rows.loc["99004", "last_visit_date"]) and pd.isna(rows.loc["99004", "days_since_last_visit"])


def test_visit_overlaps_lists_the_one_qualifying_pair(con, scope):
    frame = run(con, scope, "visit_overlaps")
    assert list(frame.columns) == ["commune_code", "topic", "visit_id_1", "visit_id_2", "lead_agency_1",
                                   "lead_agency_2", "days_apart"]
    # BX0004 (07-08, DV01) and BX0005 (07-14, DV31, "  giải phóng  MẶT bằng " -> same key): 6 days.
    # BX0004 / BX0006 are 8 days apart; BX0005 / BX0006 share the lead agency DV31: not overlaps.
    assert frame.to_dict("records") == [{
        "commune_code": "99001", "topic": "Giải phóng mặt bằng", "visit_id_1": "BX0004", "visit_id_2": "BX0005",
        "lead_agency_1": "DV01", "lead_agency_2": "DV31", "days_apart": 6,
    }]


def test_overlap_window_is_a_setting(con, scope):
    # With 8 days allowed, BX0004 / BX0006 (DV01 vs DV31, 8 days apart) qualifies too.
    frame = run(con, scope, "visit_overlaps", overlap_max_days=8)
    assert sorted(zip(frame["visit_id_1"], frame["visit_id_2"])) == [("BX0004", "BX0005"), ("BX0004", "BX0006")]


def test_three_close_visits_give_three_pairs(tmp_path):
    from outreach.ingest.load import ingest

    source = copy_fixture(tmp_path / "export")
    extra = ("BX0015,2025-07-10,99001,,tiep_xuc,DV02,GIẢI PHÓNG MẶT BẰNG,held,12\n")
    with (source / "visits.csv").open("a", encoding="utf-8") as handle:
        handle.write(extra)
    report = ingest(source, database=tmp_path / "o.duckdb", rejects_path=tmp_path / "r.csv", today=TODAY)
    assert report.exit_code == 0
    with duckdb.connect(str(tmp_path / "o.duckdb"), read_only=True) as connection:
        as_of, _ = db.data_as_of(connection)
        frame = db.run_scoped(connection, "visit_overlaps", db.Scope(period=resolve_period(data_as_of=as_of)))
    # BX0004 (DV01, 07-08), BX0015 (DV02, 07-10), BX0005 (DV31, 07-14), BX0006 (DV31, 07-16):
    # 04-05 (6 d), 04-15 (2 d), 05-15 (4 d), 06-15 (6 d); 04-06 is 8 days, 05-06 share DV31.
    assert sorted(zip(frame["visit_id_1"], frame["visit_id_2"])) == [
        ("BX0004", "BX0005"), ("BX0004", "BX0015"), ("BX0005", "BX0015"), ("BX0006", "BX0015")]


def test_blind_spots_sorted_by_population(con, scope):
    frame = run(con, scope, "blind_spots")
    # No held visit for more than 60 days up to 2025-10-15: 99003 (518 days) and 99004 (never);
    # 99001 (36) and 99002 (1) were visited recently. 99003 has 8,000 residents.
    assert set(frame["commune_code"]) == {"99003", "99004"}
    populations = frame["population"].tolist()
    assert populations == sorted(populations, key=lambda value: -value if pd.notna(value) else float("inf"))
    assert run(con, scope, "blind_spots", blind_spot_days=30)["commune_code"].tolist().count("99001") == 1


def test_coverage_by_month(con, scope):
    frame = run(con, scope, "coverage_by_month")
    assert len(frame) == 12
    shares = dict(zip(frame["month"].dt.strftime("%Y-%m"), frame["covered_share"]))
    # One commune of four visited in Jan, Mar, Jun-Oct 2025; none in Nov-Dec 2024, Feb, Apr, May.
    for month in ("2025-01", "2025-03", "2025-06", "2025-07", "2025-08", "2025-09", "2025-10"):
        assert shares[month] == 0.25, month
    for month in ("2024-11", "2024-12", "2025-02", "2025-04", "2025-05"):
        assert shares[month] == 0.0, month


def test_commune_detail_queries(con, scope):
    visits = run(con, scope, "commune_visits", selected_commune="99004")
    # 99004 has only the cancelled BX0010 in the period: listed with its status.
    assert visits[["visit_id", "status"]].values.tolist() == [["BX0010", "cancelled"]]
    hamlets = run(con, scope, "commune_hamlets", selected_commune="99001")
    assert coverage.hamlets_never_visited(hamlets) == ["Khu phố 3"]
    officials = run(con, scope, "commune_officials", selected_commune="99003")
    assert officials["official_id"].tolist() == ["CB0007"]
    feedback = run(con, scope, "commune_feedback", selected_commune="99001")
    assert "citizen_name" not in feedback.columns and "citizen_phone" not in feedback.columns


# ---------------------------------------------------------------- boundaries


def _communes() -> pd.DataFrame:
    return pd.DataFrame({
        "commune_code": ["00004", "99001", "99002", "99003"],
        "commune_name": ["Phường Ba Đình", "Phường Bình An", "Xã Tân Phú", "Xã Phước Hòa"],
        "province_code": ["99", "99", "99", "99"],
    })


def test_normalising_codes_and_names():
    assert geo.normalise_code(4) == "00004"
    assert geo.normalise_code(4.0) == "00004"
    assert geo.normalise_code("25195.0") == "25195"
    assert geo.normalise_code(" 00070 ") == "00070"
    assert geo.normalise_name("Xã Phước Hoà") == geo.normalise_name("Phước Hòa")
    assert geo.normalise_name(unicodedata.normalize("NFD", "XÃ  PHƯỚC HÒA")) == geo.normalise_name("Xã Phước Hòa")
    assert geo.normalise_name("Chân Mây – Lăng Cô") == geo.normalise_name("Chân Mây - Lăng Cô")
    assert geo.normalise_name("Ea H’leo") == geo.normalise_name("Ea H'leo")
    assert geo.normalise_name("Thuỷ") == geo.normalise_name("Thủy")


def test_boundary_file_with_missing_extra_numeric_and_nfd(tmp_path):
    # 00004 given as the number 4; 99001 by code; 99003 without code and with an NFD name in the
    # old accent placement (Hoà); 99002 missing; an extra polygon 88888 that matches nothing.
    frame = gpd.GeoDataFrame({
        "MA_XA": [4, 99001, None, 88888],
        "TEN": ["Ba Đình", "Bình An", unicodedata.normalize("NFD", "Xã Phước Hoà"), "Xã Lạ"],
    }, geometry=[box(106.0, 10.0, 106.1, 10.1), box(106.1, 10.0, 106.2, 10.1),
                 box(106.0, 10.1, 106.1, 10.2), box(106.1, 10.1, 106.2, 10.2)], crs=4326)
    path = tmp_path / "ranh_gioi.gpkg"
    frame.to_crs(3405).to_file(path)  # a projected CRS (VN-2000 / UTM 48N): must come back as lon/lat
    read = geo.read_boundaries(path)
    assert read.crs.to_epsg() == 4326
    assert read.total_bounds == pytest.approx([106.0, 10.0, 106.2, 10.2], abs=1e-7)
    features, code_column, name_column = geo.match_communes(read, _communes())
    assert (code_column, name_column) == ("MA_XA", "TEN")
    methods = dict(zip(features["feature_code"].fillna("-") + "/" + features["feature_name"], features["match_method"]))
    assert list(features["match_method"]) == ["code", "code", "name", "unmatched"], methods
    assert features["commune_code"].tolist()[:3] == ["00004", "99001", "99003"] and pd.isna(features["commune_code"].iloc[3])
    result = geo.prepare(read, _communes())
    assert sorted(result.shapes["commune_code"]) == ["00004", "99001", "99003"]
    assert result.payload_bytes > 0 and result.vertices > 0


def test_shapefile_zip_is_read(tmp_path):
    frame = gpd.GeoDataFrame({"code": ["99001"]}, geometry=[box(106, 11, 106.1, 11.1)], crs=4326)
    shp_dir = tmp_path / "shp"
    shp_dir.mkdir()
    frame.to_file(shp_dir / "xa.shp")
    import zipfile
    archive = tmp_path / "boundaries.zip"
    with zipfile.ZipFile(archive, "w") as handle:
        for part in shp_dir.iterdir():
            handle.write(part, part.name)
    assert len(geo.read_boundaries(archive)) == 1


def test_coverage_simplification_keeps_shared_edges():
    # A jagged shared edge between two neighbours: after simplification they still share it exactly.
    xs = np.linspace(0, 1, 200)
    edge = [(x, 0.5 + 0.01 * np.sin(40 * x)) for x in xs]
    south = shapely.Polygon([(0, 0), (1, 0), *edge[::-1]])
    north = shapely.Polygon([*edge, (1, 1), (0, 1)])
    simplified = geo.simplify(gpd.GeoSeries([south, north], crs=4326), 0.02)
    assert shapely.get_num_coordinates(simplified.values).sum() < 100
    assert simplified.iloc[0].intersection(simplified.iloc[1]).area < 1e-12
    assert simplified.iloc[0].intersection(simplified.iloc[1]).length > 0.9
    assert simplified.union_all().area == pytest.approx(1.0, abs=1e-3)  # no slivers between them


def test_fixture_import_stores_shapes_and_a_clean_report(con):
    shapes = db.run_query(con, "commune_shapes", {"commune": None})
    assert sorted(shapes["commune_code"]) == ["99001", "99002", "99003", "99004"]
    assert db.run_query(con, "boundary_report", {"commune": None}).empty
    summary = db.run_query(con, "boundary_summary", {"commune": None})
    assert summary["match_method"].tolist() == ["code"] and summary["polygons"].tolist() == [4]


def test_map_builds_with_never_visited_distinct(con, scope):
    figures = run(con, scope, "commune_map")
    assets = coverage.map_assets(db.run_query(con, "commune_shapes", {"commune": None}))
    assert sorted(assets.drawing.paths) == ["99001", "99002", "99003", "99004"]
    for metric in coverage.MAP_METRICS:
        drawing, legend = report_map.coverage_map(figures, assets, metric=metric, lang="vi", selected="99001")
        fills = dict((code, fill) for fill, code in re.findall(r'fill="(#[0-9a-f]{6})" data-code="(\d+)"', drawing))
        assert sorted(fills) == ["99001", "99002", "99003", "99004"], drawing[:300]
        # 99003 and 99004 had no held visit in the period: their own colour and legend entry.
        assert fills["99003"] == fills["99004"] == coverage.NOT_COVERED_COLOUR
        assert "Chưa có buổi nào trong kỳ (2)" in legend
        # The selected commune's outline is drawn on top, once; nothing is fetched from anywhere.
        assert drawing.count('class="oc-selected"') == 1
        assert not re.search(r"(https?:)?//|<script|<image|href", drawing + legend, flags=re.I)
    west, south, east, north = assets.bounds
    assert 106 < west < east < 107 and 10 < south < north < 12
    # Every vertex lies in the view box (the box shown is the polygons' bulk, padded).
    numbers = [float(v) for d in assets.drawing.paths.values() for v in re.findall(r"-?[\d.]+", d)]
    xs, ys = numbers[0::2], numbers[1::2]
    assert 0 <= min(xs) and max(xs) <= assets.drawing.width and 0 <= min(ys) and max(ys) <= assets.drawing.height


def test_map_titles_are_escaped_and_hover_lines_plain():
    from outreach.views import commune_map

    square = {"type": "Polygon", "coordinates": [[[106, 10], [106.1, 10], [106.1, 10.1], [106, 10.1], [106, 10]]]}
    drawing = commune_map.project({"1": square}, (106, 10, 106.1, 10.1))
    svg = commune_map.svg(drawing, {"1": "#123456"}, {"1": "Xã <b>\"A\" & B</b>\nSố buổi: 3"}, label="<x>")
    assert "<b>" not in svg and "&lt;b&gt;&quot;A&quot; &amp; B&lt;/b&gt;" in svg and 'aria-label="&lt;x&gt;"' in svg
    assert "\nSố buổi: 3</title>" in svg


def test_map_projection_is_mercator_north_up_and_keeps_holes():
    from outreach.views import commune_map

    outer = [[106, 10], [107, 10], [107, 11], [106, 11], [106, 10]]
    hole = [[106.4, 10.4], [106.6, 10.4], [106.6, 10.6], [106.4, 10.6], [106.4, 10.4]]
    drawing = commune_map.project({"a": {"type": "Polygon", "coordinates": [outer, hole]},
                                   "b": {"type": "MultiPolygon", "coordinates": [[outer], [hole]]}}, (106, 10, 107, 11))
    assert drawing.paths["a"].count("M") == 2 and drawing.paths["b"].count("M") == 2  # holes and parts kept
    points = [tuple(map(float, pair.split())) for pair in drawing.paths["a"].split("Z")[0][1:].split("L")]
    (x0, y0), (x1, _), (_, y2) = points[0], points[1], points[2]
    assert x1 > x0 and y2 < y0  # east to the right, north up
    # Mercator: a degree of latitude is taller than a degree of longitude at 10-11° N, by 1/cos(lat).
    width, height = x1 - x0, y0 - y2
    assert height / width == pytest.approx(1 / np.cos(np.radians(10.5)), rel=0.01)
    # The box fills the view but for the margin on each side.
    assert x0 == pytest.approx(commune_map.VIEW_WIDTH * commune_map.PADDING, abs=0.1)
    # A ring too small to survive rounding keeps its first three points: the commune is never dropped.
    tiny = [[106.5, 10.5], [106.5000001, 10.5], [106.5000001, 10.5000001], [106.5, 10.5]]
    assert "tiny" in commune_map.project({"tiny": {"type": "Polygon", "coordinates": [tiny]}}, (106, 10, 107, 11)).paths


# ---------------------------------------------------------------- page


@pytest.fixture()
def app(fixture_config, monkeypatch):
    monkeypatch.setenv("OUTREACH_CONFIG", str(fixture_config))
    from outreach.ui import results
    results.settings.clear()
    return AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)


def test_coverage_page_with_a_commune_selected(app):
    app.run()
    app.switch_page("pages/1_bao_phu.py").run()
    assert not app.exception
    labels = [metric.label for metric in cards(app)]
    assert labels[0] == "Xã, phường được đến" and cards(app)[0].value == "2"
    assert cards(app)[3].value == "1"  # one overlapping pair
    app.selectbox(key="coverage_commune").set_value("99001").run()
    assert not app.exception
    assert app.query_params.get("sel") in ("99001", ["99001"])
    assert any("Khu phố 3" in warning.value for warning in app.warning)
    app.segmented_control(key="map_metric").set_value("days_since_last_visit").run()
    assert not app.exception
    assert app.query_params.get("metric") in ("days_since_last_visit", ["days_since_last_visit"])


@pytest.mark.browser
def test_coverage_map_is_drawn_offline(streamlit_server, browser):
    page = open_page(browser, streamlit_server + "/bao_phu?sel=99001")
    # Every commune with a shape is one SVG path (the fixture's four), plus the selected one's outline.
    page.wait_for_function("document.querySelectorAll('.oc-map-svg .oc-communes path').length == 4", timeout=60_000)
    assert page.locator(".oc-map-svg path.oc-selected").count() == 1
    chart = page.query_selector(".oc-map-frame")
    png = chart.screenshot()
    from PIL import Image
    colours = Image.open(io.BytesIO(png)).convert("RGB").getcolors(maxcolors=1 << 20)
    assert colours is not None and len(colours) > 20, "the map area is blank"
    # Hovering a commune shows its figures; clicking another opens its details (kept in the address).
    target = page.locator('.oc-communes path[data-code="99002"]')
    target.hover()
    page.wait_for_selector(".oc-svg-tip:not([hidden])", timeout=10_000)
    assert "(99002)" in page.inner_text(".oc-svg-tip") and "Số buổi đã tổ chức" in page.inner_text(".oc-svg-tip")
    target.click()
    page.wait_for_function("location.href.includes('sel=99002')", timeout=30_000)
    page.wait_for_function("document.querySelectorAll('.oc-map-svg path.oc-selected').length == 1", timeout=30_000)
    # The zoom buttons change the view box and the home button brings the province back.
    home = page.get_attribute(".oc-map-svg", "viewBox")
    page.click('.oc-map-tools [data-zoom="in"]')
    assert page.get_attribute(".oc-map-svg", "viewBox") != home
    page.click('.oc-map-tools [data-zoom="home"]')
    assert page.get_attribute(".oc-map-svg", "viewBox") == home
    assert "Bao phủ" in page.inner_text("body")
    screenshot(page, "coverage")
    assert not page.errors, page.errors
    assert not page.external_requests, page.external_requests[:5]
    page.close()


def test_map_scales_tell_the_truth():
    # Days since the last visit run from 0 to the blind-spot threshold: communes unvisited for 145 and
    # 124 days get the darkest colour, and the scale says "≥ 60 · điểm trắng" (it used to span the
    # 5th-95th percentile, 0-4.2 days, so they looked like 4 days).
    days = coverage.map_scale(pd.Series([0, 1, 2, 3, 4, 145, 124]), coverage.MAP_METRICS["days_since_last_visit"],
                              "vi", blind_spot_days=60)
    assert (days.low, days.high, days.capped_high) == (0.0, 60.0, True)
    assert days.tick_labels[-1] == "≥ 60 · điểm trắng" and days.colours == coverage.RECENT_TO_STALE
    # Counts: from 0 to the 95th percentile, rounded up, with "≥" when communes lie beyond; one hue.
    counts = coverage.map_scale(pd.Series(range(1, 101)), coverage.MAP_METRICS["visits_held"], "vi")
    assert (counts.low, counts.high, counts.tick_labels[-1]) == (0.0, 96.0, "≥ 96")
    assert counts.colours == coverage.FEW_TO_MANY and all("#bdbdbd" != colour for _, colour in counts.colours)
    # Not capped: no "≥".
    assert coverage.map_scale(pd.Series([1, 2, 3]), coverage.MAP_METRICS["visits_held"], "vi").tick_labels[-1] == "3"
    # Rates keep 0-100% and their diverging scale.
    rates = coverage.map_scale(pd.Series([0.2, 0.9]), coverage.MAP_METRICS["hamlets_visited_share"], "vi")
    assert (rates.low, rates.high, rates.tick_labels[-1]) == (0.0, 1.0, "100%")
