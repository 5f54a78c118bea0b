"""The national demo generator (outreach/demo/national.py) at a small scale, and the benchmark
(bench/run.py) end to end at its tiny size."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from outreach.ingest import contract
from outreach.demo.national import choose_provinces, generate_national, synthetic_communes
from outreach.ingest.load import ingest

ROOT = Path(__file__).resolve().parent.parent
VOLUME = 0.05


@pytest.fixture(scope="module")
def small_export(tmp_path_factory):
    """Two provinces at 5% of the national volume per commune."""
    out = tmp_path_factory.mktemp("national")
    codes = sorted({c.province_code for c in synthetic_communes(2026)})[:2]
    summary = generate_national(out, provinces=codes, volume=VOLUME)
    return out, summary


def test_synthetic_country_shape():
    communes = synthetic_communes(2026)
    assert len(communes) == 3321
    assert len({c.code for c in communes}) == 3321
    provinces = {c.province_code for c in communes}
    assert len(provinces) == 34
    assert all(len(c.code) == 5 and c.code.startswith(c.province_code) for c in communes)
    assert all(c.geometry.is_valid and c.geometry.area > 0 for c in communes)
    # Neighbours share edges: the cells tile the outline without overlaps.
    import shapely

    total = sum(c.geometry.area for c in communes)
    union = shapely.union_all([c.geometry for c in communes], grid_size=1e-6)
    assert union.area == pytest.approx(total, rel=1e-3)
    # Fractions pick whole provinces holding about that share of the communes.
    chosen = choose_provinces(communes, fraction=0.25)
    share = sum(c.province_code in chosen for c in communes) / len(communes)
    assert 0.18 < share < 0.32


def test_row_counts_scale_with_volume(small_export):
    out, summary = small_export
    counts = summary.row_counts
    communes = counts["communes"]
    assert communes > 50
    assert 15 <= counts["hamlets"] / communes <= 25
    # National shape per commune: 60 officials, ~365 visits, ~1,536 attendance rows, ~594 items a year.
    assert counts["officials"] / communes == pytest.approx(60 * VOLUME + 1.5, rel=0.35)
    assert counts["visits"] / communes == pytest.approx(365 * VOLUME, rel=0.25)
    assert 3.0 <= counts["attendance"] / counts["visits"] <= 5.5
    assert counts["feedback"] / communes == pytest.approx(594 * VOLUME, rel=0.3)
    for name in contract.TABLE_ORDER:
        table = pq.read_table(out / f"{name}.parquet")
        assert table.num_rows == counts[name]
        assert table.column_names == contract.table(name).column_names
        assert all(str(field.type) == "string" for field in table.schema)


def test_same_seed_same_bytes(small_export, tmp_path):
    out, summary = small_export
    again = generate_national(tmp_path, provinces=summary.provinces, volume=VOLUME)
    for name in contract.TABLE_ORDER:
        first = hashlib.sha256((out / f"{name}.parquet").read_bytes()).hexdigest()
        second = hashlib.sha256((tmp_path / f"{name}.parquet").read_bytes()).hexdigest()
        assert first == second, name
    assert (out / "boundaries.geojson").read_bytes() == (tmp_path / "boundaries.geojson").read_bytes()
    assert again.row_counts == summary.row_counts


def test_a_province_is_the_same_alone(small_export, tmp_path):
    """Each province has its own random stream: its rows do not depend on what else is written."""
    out, summary = small_export
    alone = generate_national(tmp_path, provinces=[summary.provinces[1]], volume=VOLUME)
    together = pq.read_table(out / "visits.parquet").to_pandas()
    single = pq.read_table(tmp_path / "visits.parquet").to_pandas()
    part = together[together["commune_code"].str.startswith(summary.provinces[1])].reset_index(drop=True)
    assert alone.row_counts["visits"] == len(part)
    assert part.equals(single)


def test_ingests_with_no_rejects_and_integrity(small_export, tmp_path):
    out, _summary = small_export
    database = tmp_path / "national.duckdb"
    report = ingest(out, database=database)
    assert report.exit_code == 0, report.error
    assert report.rows_rejected == 0
    assert all(table.read == table.loaded for table in report.tables)
    with duckdb.connect(str(database), read_only=True) as con:
        def count(sql: str) -> int:
            return con.execute(sql).fetchone()[0]

        # Referential integrity, checked again on the loaded tables.
        assert count("select count(*) from attendance anti join visits using (visit_id)") == 0
        assert count("select count(*) from attendance anti join officials using (official_id)") == 0
        assert count("select count(*) from feedback where visit_id is not null and visit_id not in (select visit_id from visits)") == 0
        assert count("select count(*) from feedback where recorded_by is not null "
                     "and recorded_by not in (select official_id from officials)") == 0
        assert count("select count(*) from feedback where forwarded_to is not null "
                     "and forwarded_to not in (select agency_id from agencies)") == 0
        assert count("select count(*) from visits anti join communes using (commune_code)") == 0
        assert count("select count(*) from visits where hamlet_id is not null "
                     "and hamlet_id not in (select hamlet_id from hamlets)") == 0
        assert count("select count(*) from assignments anti join officials using (official_id)") == 0
        # Realistic rather than uniform: the Tết month is the quietest, some officials never come.
        months = con.execute("""select strftime(visit_date, '%Y-%m') as m, count(*) from visits
                                where status = 'held' group by all order by 2""").fetchall()
        assert months[0][0] == "2026-02"
        assert count("""select count(*) from (select official_id from attendance where listed
                        group by all having count(*) >= 3 and count(*) filter (where status in ('present', 'late')) = 0)""") > 0
        # Nothing dated after the data's end; as_of is the last day of the last month.
        assert str(con.execute("select as_of from data_as_of").fetchone()[0]) == "2026-10-31"


def test_cli_national_csv(tmp_path):
    out = tmp_path / "csv"
    result = subprocess.run([sys.executable, "-m", "outreach", "demo", "--scale", "national", "--format", "csv",
                             "--fraction", "0.02", "--out", str(out), "--quiet"],
                            cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert (out / "attendance.csv").exists() and (out / "boundaries.geojson").exists()
    assert "provinces" in result.stdout


def test_benchmark_runs_end_to_end(tmp_path):
    results = tmp_path / "RESULTS.md"
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--tiny", "--runs", "1", "--cold-runs", "1", "--growth", "0.5", "--no-browser",
         "--work", str(tmp_path / "work"), "--results", str(results)],
        cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    text = results.read_text(encoding="utf-8")
    for heading in ("## Machine", "## Targets", "## Pages", "## Scan floor", "## Pandas baseline", "## Map",
                    "## Ingest", "## Growth"):
        assert heading in text
    assert "It gives the same eight figures as the query" in text
