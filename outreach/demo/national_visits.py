"""Visits and attendance of the national demo: each month's visits per commune (seasons, busy and
quiet communes, blind spots), the officials listed from the month's rosters, walk-ins, and who
recorded what citizens said (NationalVisitsMixin)."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from outreach.demo import names
from outreach.demo.common import CITIZENS_RANGE, VISIT_TYPE_WEIGHTS
from outreach.demo.national_common import (VISITS_PER_COMMUNE_MONTH, bool_text, date_text, id_text, int_text, pick_text,
                                           probabilities)

ATTENDANCE_STATUS = ("present", "late", "absent", "excused")


class NationalVisitsMixin:
    """Visits and attendance of the national province generator: writes the visits and attendance
    tables and keeps the visits (self.visit_data, self.visit_ids) for the feedback step."""

    def _visits_and_attendance(self) -> None:
        rng, months, communes = self.rng, self.months, self.communes
        n_communes = len(communes)
        person, commune_of, start, end, quota = self.assignment
        n_months = len(months.starts)
        # A few communes nobody visits in the last months (blind spots), fewer never at all.
        last_visit_month = np.full(n_communes, n_months - 1)
        quiet = rng.random(n_communes)
        last_visit_month[quiet < 0.012] = n_months - 1 - rng.integers(3, 7, (quiet < 0.012).sum())
        last_visit_month[quiet < 0.003] = -1
        visit_parts, attendance_parts = [], []
        visit_number = 0
        for m in range(n_months):
            rate = VISITS_PER_COMMUNE_MONTH * self.volume * months.factors[m] * self.activity
            counts = rng.poisson(rate)
            counts[last_visit_month < m] = 0
            commune = np.repeat(np.arange(n_communes), counts)
            total = len(commune)
            working, days = months.working[m], months.days[m]
            on_working = rng.random(total) < 0.9
            day = np.where(on_working, working[rng.integers(0, len(working), total)],
                           days[rng.integers(0, len(days), total)])
            order = np.lexsort((day, commune))
            commune, day = commune[order], day[order]
            # Status (0 planned, 1 held, 2 cancelled): 5% cancelled, 2% never updated from planned,
            # and more still planned in the last ten days of the data.
            roll = rng.random(total)
            recent = day > self.as_of - np.timedelta64(10, "D")
            planned = (roll >= 0.05) & ((roll < 0.07) | (recent & (roll < 0.2)))
            status = np.where(roll < 0.05, 2, np.where(planned, 0, 1))
            visit_ids = np.arange(visit_number + 1, visit_number + total + 1)
            visit_number += total
            # Roster of the month per commune: officials with an assignment active that month, shuffled.
            active = (start <= months.ends[m]) & (end >= months.starts[m])
            # Officials with a quota come round more often: the roster of a commune is a shuffled
            # pass over everyone, then one over those with a quota, then two over those with 2+.
            passes = [active, active & (quota >= 1), active & (quota >= 2), active & (quota >= 2)]
            roster_person = np.concatenate([person[mask] for mask in passes])
            roster_commune = np.concatenate([commune_of[mask] for mask in passes])
            roster_pass = np.concatenate([np.full(mask.sum(), i) for i, mask in enumerate(passes)])
            order = np.lexsort((rng.random(len(roster_person)), roster_pass, roster_commune))
            roster_person, roster_commune = roster_person[order], roster_commune[order]
            roster_size = np.bincount(roster_commune, minlength=n_communes)
            roster_offset = np.concatenate([[0], np.cumsum(roster_size)])
            # Who led it: the commune's UBND or a provincial agency of someone on its roster.
            lead = np.where(rng.random(total) < 0.45, len(self.provincial_ids) + commune, -1)
            visit_types, type_p = probabilities(VISIT_TYPE_WEIGHTS)
            visit_type = rng.choice(len(visit_types), size=total, p=type_p)
            held = status == 1
            # Listed officials: consecutive windows of the shuffled roster, cycling, so everyone
            # on the roster is listed about equally often.
            size = roster_size[commune]
            k = np.minimum(2 + rng.poisson(2.5, total), size) * held
            cumulative = np.cumsum(k) - k
            first_in_commune = np.r_[0, np.flatnonzero(commune[1:] != commune[:-1]) + 1]
            commune_start = np.zeros(total, dtype=np.int64)
            commune_start[first_in_commune] = cumulative[first_in_commune]
            commune_start = np.maximum.accumulate(commune_start)
            window_start = np.where(size > 0, (cumulative - commune_start) % np.maximum(size, 1), 0)
            row_visit = np.repeat(np.arange(total), k)
            row_rank = np.arange(len(row_visit)) - np.repeat(np.cumsum(k) - k, k)
            position = (window_start[row_visit] + row_rank) % np.maximum(size[row_visit], 1)
            official = roster_person[roster_offset[commune[row_visit]] + position]
            # A window across two passes can meet the same official twice: keep one row.
            _unique, first_rows = np.unique(row_visit * self.n_officials + official, return_index=True)
            keep = np.zeros(len(official), dtype=bool)
            keep[first_rows] = True
            row_visit, official = row_visit[keep], official[keep]
            k = np.bincount(row_visit, minlength=total)
            present = rng.random(len(official)) < self.reliability[official]
            late = rng.random(len(official)) < 0.08
            excused = rng.random(len(official)) < 0.35
            status_code = np.where(present, np.where(late, 1, 0), np.where(excused, 3, 2))
            listed = np.ones(len(official), dtype=bool)
            # The lead agency of provincially-led visits: the first listed official's agency.
            first_official = np.full(total, -1)
            visits_with_rows, first_row_of_visit = np.unique(row_visit, return_index=True)
            first_official[visits_with_rows] = official[first_row_of_visit]
            provincial_lead = rng.choice(len(self.provincial_ids), size=total,
                                         p=np.maximum(self.provincial_weights, 0.05) / np.maximum(self.provincial_weights, 0.05).sum())
            from_first = (lead < 0) & (first_official >= 0) & (self.official_agency[np.maximum(first_official, 0)] < len(self.provincial_ids))
            lead = np.where(lead >= 0, lead, np.where(from_first, self.official_agency[np.maximum(first_official, 0)], provincial_lead))
            # Walk-ins: 4% of held visits get the next official of the roster, present but not listed.
            walk_in = held & (rng.random(total) < 0.04) & (size > k)
            walk_visit = np.flatnonzero(walk_in)
            walk_position = (window_start[walk_visit] + k[walk_visit]) % np.maximum(size[walk_visit], 1)
            walk_official = roster_person[roster_offset[commune[walk_visit]] + walk_position]
            fresh = ~np.isin(visit_ids[walk_visit] * self.n_officials + walk_official,
                             visit_ids[row_visit] * self.n_officials + official)
            walk_visit, walk_official = walk_visit[fresh], walk_official[fresh]
            # Who recorded feedback at the visit: its first present listed official.
            recorder = np.full(total, -1)
            present_rows = np.flatnonzero(present)
            if len(present_rows):
                visits_with_present, first_row = np.unique(row_visit[present_rows], return_index=True)
                recorder[visits_with_present] = official[present_rows[first_row]]
            hamlet_in = rng.random(total) < 0.85
            hamlet = self.hamlet_offsets[commune] + (rng.random(total) * self.hamlet_counts[commune]).astype(np.int64)
            topic_names = [t for t, _agencies in names.TOPICS] + list(names.VISIT_ONLY_TOPICS)
            # Each agency has its own few topics; most visits are on one of the lead's topics.
            home = self.home_topics[lead, rng.integers(0, self.home_topics.shape[1], total)]
            topic = np.where(rng.random(total) < 0.95, home, rng.integers(0, len(topic_names), total))
            low = np.asarray([CITIZENS_RANGE[v][0] for v in visit_types])[visit_type]
            high = np.asarray([CITIZENS_RANGE[v][1] for v in visit_types])[visit_type]
            citizens = low + (rng.random(total) * (high - low + 1)).astype(np.int64)
            visit_part = {
                "number": visit_ids, "commune": commune, "day": day, "status": status, "type": visit_type,
                "lead": lead, "topic": topic, "hamlet": hamlet, "hamlet_in": hamlet_in, "citizens": citizens,
                "citizens_known": held & (rng.random(total) < 0.95), "recorder": recorder,
            }
            visit_parts.append(visit_part)
            attendance_parts.append({
                "visit": np.concatenate([visit_ids[row_visit], visit_ids[walk_visit]]),
                "official": np.concatenate([official, walk_official]),
                "listed": np.concatenate([listed, np.zeros(len(walk_visit), dtype=bool)]),
                "status": np.concatenate([status_code, np.zeros(len(walk_visit), dtype=np.int64)]),
            })
        v = {key: np.concatenate([part[key] for part in visit_parts]) for key in visit_parts[0]}
        self.visit_data = v
        codes = pa.array([c.code for c in communes])
        visit_types = [t for t, _w in VISIT_TYPE_WEIGHTS]
        topic_names = [t for t, _agencies in names.TOPICS] + list(names.VISIT_ONLY_TOPICS)
        self.visit_ids = id_text(f"BX{self.code}", v["number"], 7)
        self._table("visits", {
            "visit_id": self.visit_ids, "visit_date": date_text(v["day"]),
            "commune_code": pc.take(codes, pa.array(v["commune"])),
            "hamlet_id": pc.if_else(pa.array(v["hamlet_in"]), pc.take(self.hamlet_ids, pa.array(v["hamlet"])),
                                    pa.scalar(None, pa.string())),
            "visit_type": pick_text(visit_types, v["type"]),
            "lead_agency_id": pc.take(self.agency_ids, pa.array(v["lead"])),
            "topic": pick_text(topic_names, v["topic"]),
            "status": pick_text(("planned", "held", "cancelled"), v["status"]),
            "citizens_attending": int_text(v["citizens"], v["citizens_known"]),
        })
        a = {key: np.concatenate([part[key] for part in attendance_parts]) for key in attendance_parts[0]}
        order = np.lexsort((a["official"], a["visit"]))
        self._table("attendance", {
            "visit_id": id_text(f"BX{self.code}", a["visit"][order], 7),
            "official_id": pc.take(self.official_ids, pa.array(a["official"][order])),
            "listed": bool_text(a["listed"][order]),
            "status": pick_text(ATTENDANCE_STATUS, a["status"][order]),
        })
