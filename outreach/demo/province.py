"""A seeded demo export of a fictional province (Tỉnh Sông Mây) with planted patterns.

`generate(out_dir)` writes one CSV per contract table, `boundaries.geojson` and
`ground_truth.json`. The same seed gives the same bytes in every file.

The generator (`_Generator`) is assembled from one mixin per job: geography (communes and
hamlets), people (agencies, officials, assignments), visits (slots, visits, attendance),
feedback, and planted (the planted cases and the ground truth); the cases of "Beyond the roster"
are planted last, on the finished tables (outreach/demo/beyond.py). This module holds its state,
the order of the steps, and the writing of the files.

Attendance is built from each official's obligations, not drawn at random: every month an
official has "slots" (required visits of the assignments active the whole month, plus a few
extra ones), and slots are packed into visits. Ordinary officials are present at every
required slot, so they meet their quota in every counted month, and their attendance rate is
kept at 0.7 or more, so no flag fires by chance. Ordinary feedback is answered on the spot,
forwarded within 5 days or replied within 7, so only planted items are held information.
Accidental overlaps are removed by changing topics. ground_truth.json lists what the
docs/metrics.md rules find (participation, flags and the edge rules, default period, as_of = the last day of end_month);
tests/test_demo.py checks it with an independent implementation.

Choices the brief left open: hotline, letter and other items (and half the online ones) are
recorded by the commune's own UBND officials where it has an agency in the export, otherwise
by the provincial desk (Văn phòng UBND tỉnh; Thanh tra tỉnh for letters).
"""

from __future__ import annotations

import datetime as dt
import json
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np
import pandas as pd
from shapely.geometry import Polygon

from outreach.ingest import contract
from outreach.demo import beyond
from outreach.demo.common import (DEFAULT_PERIOD_MONTHS, Agency, Calendar, Commune, Official, ProgressCallback, Slots,
                                  Visit, iso, report_progress)
from outreach.demo.feedback import FeedbackMixin
from outreach.demo.geography import GeographyMixin, RealCommune, geojson_coordinates, read_real_communes
from outreach.demo.people import PeopleMixin
from outreach.demo.planted import PlantedMixin
from outreach.demo.visits import VisitsMixin
from outreach.query.periods import add_months, month_end, parse_month


@dataclass(frozen=True)
class DemoSummary:
    out_dir: Path
    row_counts: dict[str, int]
    ground_truth: Path
    boundaries: Path
    as_of: dt.date

    @property
    def ground_truth_path(self) -> Path:
        return self.ground_truth


class _Generator(GeographyMixin, PeopleMixin, VisitsMixin, FeedbackMixin, PlantedMixin):
    """The state of one run; the steps are the mixins' methods, called in order by `generate`."""

    def __init__(self, *, seed: int, end_month: str, months: int, communes: int, scale: float,
                 progress: ProgressCallback | None, real_communes: list[RealCommune] | None = None) -> None:
        self.real_communes = real_communes
        if real_communes:
            communes = len(real_communes)
        if months < DEFAULT_PERIOD_MONTHS:
            raise ValueError(f"months must be at least {DEFAULT_PERIOD_MONTHS} (the default period), got {months}")
        if not 20 <= communes <= (9999 if real_communes else 999):
            raise ValueError(f"communes must be between 20 and 999 (or up to 9,999 from a boundary file), got {communes}")
        if scale <= 0:
            raise ValueError(f"scale must be positive, got {scale}")
        self.seed = seed
        self.rnd = random.Random(seed)
        self.numbers = np.random.default_rng(seed)
        self.scale = scale
        self.commune_count = communes
        self.progress = progress
        last_month = parse_month(end_month)
        self.as_of = month_end(last_month)
        self.month_starts = [add_months(last_month, i - months + 1) for i in range(months)]
        self.month_ends = [month_end(start) for start in self.month_starts]
        self.data_start = self.month_starts[0]
        self.period_first_month = months - DEFAULT_PERIOD_MONTHS
        self.period_start = self.month_starts[self.period_first_month]
        self.next_month = add_months(last_month, 1)
        self.calendar = Calendar(self.data_start - dt.timedelta(days=400), self.as_of + dt.timedelta(days=400))
        tet = set(self.calendar.tet_months())
        self.tet_month_indices = [i for i, start in enumerate(self.month_starts) if (start.year, start.month) in tet]
        self.communes: list[Commune] = []
        self.agencies: list[Agency] = []
        self.officials: list[Official] = []
        self.slots = Slots()
        self.visits: list[Visit] = []
        self.walk_ins: list[tuple[int, int]] = []  # (visit index, official index)
        self.feedback: list[dict[str, object]] = []
        self.planted_pairs: list[tuple[int, int]] = []
        self.held_item_keys: list[int] = []
        self.outline: Polygon | None = None

    # -- output -------------------------------------------------------------------------------

    def frames(self) -> dict[str, pd.DataFrame]:
        slots = self.slots
        agency_id = [a.agency_id for a in self.agencies]
        rows: dict[str, list[dict[str, str]]] = {name: [] for name in contract.TABLE_ORDER}
        for c in self.communes:
            rows["communes"].append({
                "commune_code": c.code, "commune_name": c.name, "province_code": c.province_code,
                "province_name": c.province_name, "commune_type": c.kind,
                "population": "" if c.population is None else str(c.population), "area_km2": f"{c.area_km2:.2f}"})
            for hamlet_id, hamlet_name, households in c.hamlets:
                rows["hamlets"].append({"hamlet_id": hamlet_id, "hamlet_name": hamlet_name, "commune_code": c.code,
                                        "households": "" if households is None else str(households)})
        for a in self.agencies:
            rows["agencies"].append({"agency_id": a.agency_id, "agency_name": a.name, "level": a.level,
                                     "agency_type": a.agency_type, "parent_agency_id": a.parent})
        for o in self.officials:
            rows["officials"].append({
                "official_id": o.official_id, "full_name": o.full_name, "agency_id": agency_id[o.agency],
                "position": o.position, "is_head": "true" if o.is_head else "false",
                "active_from": iso(o.active_from), "active_to": iso(o.active_to)})
            for a in sorted(o.assignments, key=lambda a: (a.start, self.communes[a.commune].code)):
                rows["assignments"].append({
                    "official_id": o.official_id, "commune_code": self.communes[a.commune].code,
                    "hamlet_id": a.hamlet_id, "required_visits_per_month": str(a.required),
                    "assigned_from": iso(a.start), "assigned_to": iso(a.end)})
        for v in sorted(self.visits, key=lambda v: v.visit_id):
            rows["visits"].append({
                "visit_id": v.visit_id, "visit_date": iso(v.day), "commune_code": self.communes[v.commune].code,
                "hamlet_id": v.hamlet_id, "visit_type": v.visit_type, "lead_agency_id": agency_id[v.lead],
                "topic": v.topic, "status": v.status,
                "citizens_attending": "" if v.citizens is None else str(v.citizens)})
        attendance = []
        for i in range(len(slots)):
            attendance.append((self.visits[slots.visit[i]].visit_id, self.officials[slots.official[i]].official_id,
                               "true", slots.status[i]))
        for visit_index, official in self.walk_ins:
            attendance.append((self.visits[visit_index].visit_id, self.officials[official].official_id, "false", "present"))
        attendance.sort()
        frames = {name: pd.DataFrame(rows[name], columns=contract.table(name).column_names, dtype=str)
                  for name in contract.TABLE_ORDER if name not in ("attendance", "feedback")}
        frames["attendance"] = pd.DataFrame(attendance, columns=contract.table("attendance").column_names, dtype=str)
        frames["feedback"] = self.feedback_frame()
        return {name: frames[name] for name in contract.TABLE_ORDER}

    def boundaries(self) -> dict:
        features = []
        for c in self.communes:
            features.append({
                "type": "Feature",
                "properties": {"commune_code": c.code, "commune_name": c.name, "province_code": c.province_code},
                "geometry": geojson_coordinates(c.geometry),
            })
        return {"type": "FeatureCollection", "features": features}


def generate(
    out_dir: Path,
    *,
    seed: int = 2026,
    end_month: str = "2026-10",
    months: int = 24,
    communes: int = 120,
    scale: float | None = None,
    progress: ProgressCallback | None = None,
    boundaries: Path | None = None,
) -> DemoSummary:
    """Write the demo export (8 CSVs), boundaries.geojson and ground_truth.json into out_dir.

    With `boundaries` (a real boundary file), the communes are that file's communes (codes,
    names, types, polygons) and the volume grows with their number (up to 3x the default)."""
    out_dir = Path(out_dir)
    real = read_real_communes(Path(boundaries)) if boundaries else None
    if scale is None:
        scale = min(3.0, max(1.0, len(real) / 120)) if real else 1.0
    generator = _Generator(seed=seed, end_month=end_month, months=months, communes=communes, scale=scale,
                           progress=progress, real_communes=real)
    steps: list[tuple[str, Callable[[], None]]] = [
        ("Dữ liệu mẫu: xã, ranh giới và thôn", generator.build_communes),
        ("Dữ liệu mẫu: đơn vị và cán bộ", lambda: (generator.build_agencies(), generator.build_officials(),
                                            generator.choose_roles())),
        ("Dữ liệu mẫu: phân công địa bàn", generator.build_assignments),
        ("Dữ liệu mẫu: định mức hằng tháng", generator.build_slots),
        ("Dữ liệu mẫu: buổi xuống cơ sở", lambda: (generator.pack_visits(), generator.describe_visits(), generator.add_unheld_visits())),
        ("Dữ liệu mẫu: nội dung và trùng lặp", lambda: (generator.plant_overlaps(), generator.remove_accidental_overlaps())),
        ("Dữ liệu mẫu: điểm danh", lambda: (generator.add_walk_ins(), generator.number_visits())),
        ("Dữ liệu mẫu: ý kiến người dân", lambda: (generator.build_feedback(), generator.number_feedback())),
    ]
    for n, (message, step) in enumerate(steps):
        report_progress(progress, message, n / (len(steps) + 1))
        step()
    report_progress(progress, "Dữ liệu mẫu: ghi tệp", len(steps) / (len(steps) + 1))
    out_dir.mkdir(parents=True, exist_ok=True)
    row_counts: dict[str, int] = {}
    frames = generator.frames()
    truth = generator.ground_truth()
    truth["beyond_roster"] = beyond.plant(frames, seed=seed, period_start=generator.period_start,
                                          as_of=generator.as_of, calendar=generator.calendar, truth=truth)
    for name, frame in frames.items():
        frame.to_csv(out_dir / f"{name}.csv", index=False, lineterminator="\n", encoding="utf-8")
        row_counts[name] = len(frame)
    boundaries = out_dir / "boundaries.geojson"
    boundaries.write_text(json.dumps(generator.boundaries(), ensure_ascii=False, separators=(",", ":")) + "\n",
                          encoding="utf-8")
    truth_path = out_dir / "ground_truth.json"
    truth_path.write_text(json.dumps(truth, ensure_ascii=False, indent=2, sort_keys=True) + "\n",
                          encoding="utf-8")
    report_progress(progress, "Dữ liệu mẫu: xong", 1.0)
    return DemoSummary(out_dir=out_dir, row_counts=row_counts, ground_truth=truth_path, boundaries=boundaries,
                       as_of=generator.as_of)


if __name__ == "__main__":  # pragma: no cover - manual use: python -m outreach.demo.province OUT_DIR
    import sys
    import time

    started = time.perf_counter()
    result = generate(Path(sys.argv[1] if len(sys.argv) > 1 else "data/demo"))
    for table_name, rows in result.row_counts.items():
        print(f"{table_name:<12} {rows:>9,}")
    print(f"{time.perf_counter() - started:.1f} s")
