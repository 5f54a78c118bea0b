"""A seeded national demo export: the whole country after the 2025 reform, for scale and speed.

`generate_national(out_dir)` writes one file per contract table (Parquet by default, CSV on
request) and `boundaries.geojson`: 34 provinces, 3,321 communes, about 64,000 hamlets, 200,000
officials, 12 months, about 1.2 million visits, 5 million attendance rows and 2 million feedback
items. Nothing is planted; the distributions are meant to look like real data:

- visits follow the seasons: fewer in the Tết month, more in the month before it (visits to
  families in need before the holiday), a little fewer in the summer storm months;
- communes differ (busy wards, remote communes, a few communes nobody visited for months);
- most officials come to most visits they are listed for, a few never come, some rarely;
- feedback is answered on the spot, forwarded within days, or (rarely) held for weeks; each
  province has two slow agencies whose replies take weeks; recent items are still open.

Every province is generated on its own random stream (seed, province number), so a province's
rows are the same whether the whole country or only that province is written (`provinces=`,
`fraction=`), and the same seed gives the same bytes. Rows are written province by province with
pyarrow's ParquetWriter (or CSV writer), so memory stays bounded by one province.

Geography: with `boundaries` (a real national commune layer, e.g. a GeoJSON of the 2025 communes) the
communes are that file's communes (codes, names, types, provinces, polygons); otherwise 3,321
synthetic communes are drawn as Voronoi cells inside a rough outline of the country (neighbours
share their edges) and grouped into 34 fictional provinces.

The generator of one province (`_Province`) is assembled from one mixin per job:
`national_geography` (the synthetic or real communes, the provinces to write, communes and
hamlets rows), `national_people` (agencies, officials, assignments), `national_visits` (visits,
attendance) and `national_feedback`; `national_common` holds the volumes, the months and the
pyarrow helpers. This module holds the province's state, the order of its steps, and the writing.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from outreach.ingest import contract
from outreach.demo.common import ProgressCallback
from outreach.demo.geography import geojson_coordinates
from outreach.demo.national_common import Months, months_of
from outreach.demo.national_feedback import NationalFeedbackMixin
from outreach.demo.national_geography import (Commune, NationalGeographyMixin, choose_provinces, real_communes,
                                              synthetic_communes)
from outreach.demo.national_people import NationalPeopleMixin
from outreach.demo.national_visits import NationalVisitsMixin
from outreach.query.periods import month_end, parse_month

__all__ = ["NationalSummary", "choose_provinces", "generate_national", "synthetic_communes"]

FORMATS = ("parquet", "csv")
ROW_GROUP = 1_000_000


@dataclass(frozen=True)
class NationalSummary:
    out_dir: Path
    row_counts: dict[str, int]
    boundaries: Path
    as_of: dt.date
    provinces: list[str]
    file_format: str


class _Province(NationalGeographyMixin, NationalPeopleMixin, NationalVisitsMixin, NationalFeedbackMixin):
    """All rows of one province, as pyarrow tables in contract column order."""

    def __init__(self, *, seed: int, number: int, communes: list[Commune], months: Months, as_of: dt.date,
                 volume: float) -> None:
        self.rng = np.random.default_rng([seed, number])
        self.communes = communes
        self.code = communes[0].province_code
        self.months = months
        self.as_of = np.datetime64(as_of)
        self.volume = volume
        self.tables: dict[str, pa.Table] = {}

    def build(self) -> dict[str, pa.Table]:
        self._communes_and_hamlets()
        self._agencies()
        self._officials_and_assignments()
        self._visits_and_attendance()
        self._feedback()
        return self.tables

    def _table(self, name: str, columns: dict[str, pa.Array]) -> None:
        order = contract.table(name).column_names
        # An optional column the national demo does not fill (assignments.visit_type) is empty.
        rows = len(next(iter(columns.values())))
        self.tables[name] = pa.table({column: columns.get(column, pa.nulls(rows, pa.string())) for column in order},
                                     schema=pa.schema([(column, pa.string()) for column in order]))


class _Writers:
    """One streaming writer per table (Parquet row groups or CSV batches)."""

    def __init__(self, out_dir: Path, file_format: str) -> None:
        self.out_dir = out_dir
        self.file_format = file_format
        self.writers: dict[str, object] = {}
        self.rows: dict[str, int] = {name: 0 for name in contract.TABLE_ORDER}

    def write(self, name: str, table: pa.Table) -> None:
        writer = self.writers.get(name)
        path = self.out_dir / f"{name}.{self.file_format}"
        if writer is None:
            if self.file_format == "parquet":
                writer = pq.ParquetWriter(path, table.schema, compression="zstd", write_statistics=True)
            else:
                writer = pacsv.CSVWriter(path, table.schema, write_options=pacsv.WriteOptions(quoting_style="needed"))
            self.writers[name] = writer
        if self.file_format == "parquet":
            writer.write_table(table, row_group_size=ROW_GROUP)
        else:
            writer.write_table(table)
        self.rows[name] += table.num_rows

    def close(self) -> None:
        for writer in self.writers.values():
            writer.close()


def generate_national(
    out_dir: Path,
    *,
    seed: int = 2026,
    end_month: str = "2026-10",
    months: int = 12,
    fraction: float = 1.0,
    provinces: list[str] | None = None,
    boundaries: Path | None = None,
    file_format: str = "parquet",
    volume: float = 1.0,
    progress: ProgressCallback | None = None,
) -> NationalSummary:
    """Write the national export into out_dir (one file per table, plus boundaries.geojson).

    fraction: write only the first provinces (code order) holding that share of the communes;
    provinces: write only these province codes; volume: scale the per-commune counts (officials,
    visits, feedback) for quick tests."""
    if file_format not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}")
    out_dir = Path(out_dir)
    report = progress or (lambda message, value: None)
    report("Dữ liệu toàn quốc: ranh giới xã", 0.0)
    communes = real_communes(Path(boundaries)) if boundaries else synthetic_communes(seed)
    chosen = choose_provinces(communes, fraction=fraction, provinces=provinces)
    all_codes = sorted({c.province_code for c in communes})
    month_info = months_of(end_month, months)
    as_of = month_end(parse_month(end_month))
    out_dir.mkdir(parents=True, exist_ok=True)
    for stale in out_dir.iterdir():
        if stale.stem in contract.TABLES_BY_NAME and stale.suffix in (".csv", ".parquet", ".xlsx"):
            stale.unlink()
    writers = _Writers(out_dir, file_format)
    try:
        for step, code in enumerate(chosen):
            report(f"Dữ liệu toàn quốc: tỉnh {code} ({step + 1}/{len(chosen)})", (step + 1) / (len(chosen) + 1))
            members = [c for c in communes if c.province_code == code]
            tables = _Province(seed=seed, number=all_codes.index(code) + 1, communes=members, months=month_info,
                               as_of=as_of, volume=volume).build()
            for name in contract.TABLE_ORDER:
                writers.write(name, tables[name])
    finally:
        writers.close()
    features = [{"type": "Feature",
                 "properties": {"commune_code": c.code, "commune_name": c.name, "province_code": c.province_code},
                 "geometry": geojson_coordinates(c.geometry)}
                for c in communes if c.province_code in set(chosen)]
    boundary_path = out_dir / "boundaries.geojson"
    boundary_path.write_text(json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False,
                                        separators=(",", ":")) + "\n", encoding="utf-8")
    report("Dữ liệu toàn quốc: xong", 1.0)
    return NationalSummary(out_dir=out_dir, row_counts=dict(writers.rows), boundaries=boundary_path, as_of=as_of,
                           provinces=chosen, file_format=file_format)


if __name__ == "__main__":  # pragma: no cover - manual use: python -m outreach.demo.national OUT_DIR
    import sys
    import time

    started = time.perf_counter()
    result = generate_national(Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/national"))
    for table_name, rows in result.row_counts.items():
        print(f"{table_name:<12} {rows:>10,}")
    print(f"{time.perf_counter() - started:.1f} s")
