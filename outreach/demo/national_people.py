"""People of the national demo: each province's agencies (with their reply speeds and home topics),
officials and assignments (NationalPeopleMixin)."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from outreach.demo import names
from outreach.demo.common import SLOW_AGENCY_CANDIDATES
from outreach.demo.national_common import (COMMUNE_OFFICIALS, PROVINCIAL_OFFICIALS_PER_COMMUNE, bool_text, date_text,
                                           full_names, id_text, int_text)


def agency_label(name: str, province_name: str) -> str:
    short = province_name.removeprefix("Tỉnh ").removeprefix("Thành phố ")
    if name.endswith(("tỉnh", "Tỉnh ủy")):
        return f"{name} {short}"
    return f"{name} {province_name[0].lower()}{province_name[1:]}"


class NationalPeopleMixin:
    """Agencies, officials and assignments of the national province generator: writes their tables
    and keeps the rosters, reliabilities and reply speeds that visits and feedback are drawn from."""

    def _agencies(self) -> None:
        rng, code = self.rng, self.code
        province_name = self.communes[0].province_name
        provincial = names.PROVINCIAL_AGENCIES
        ids = [f"DV{code}{i + 1:03d}" for i in range(len(provincial))]
        by_name = {name: ids[i] for i, (name, *_rest) in enumerate(provincial)}
        rows = {"agency_id": [], "agency_name": [], "level": [], "agency_type": [], "parent_agency_id": []}
        for agency_id, (name, agency_type, kind, _weight) in zip(ids, provincial):
            rows["agency_id"].append(agency_id)
            rows["agency_name"].append(agency_label(name, province_name))
            rows["level"].append("tinh")
            rows["agency_type"].append(agency_type)
            parent = names.PARENT_OF_KIND.get(kind)
            rows["parent_agency_id"].append(by_name[parent] if parent else None)
        commune_ids = [f"DV{code}{i + 1:04d}" for i in range(len(self.communes))]
        for agency_id, commune in zip(commune_ids, self.communes):
            rows["agency_id"].append(agency_id)
            rows["agency_name"].append(f"UBND {commune.name}")
            rows["level"].append("xa")
            rows["agency_type"].append("Chính quyền")
            rows["parent_agency_id"].append(None)
        self._table("agencies", {key: pa.array(values, type=pa.string()) for key, values in rows.items()})
        self.provincial_ids = ids
        self.provincial_weights = np.asarray([w for *_rest, w in provincial])
        self.provincial_by_name = by_name
        self.commune_agency_ids = commune_ids
        self.agency_ids = pa.array(ids + commune_ids)
        # Reply speed (median days from forwarding to reply): two slow provincial agencies.
        speed = np.exp(rng.normal(np.log(8), 0.25, len(ids) + len(commune_ids)))
        speed[len(ids):] = np.exp(rng.normal(np.log(6), 0.3, len(commune_ids)))
        for pick in rng.choice(len(SLOW_AGENCY_CANDIDATES), size=2, replace=False):
            speed[ids.index(by_name[SLOW_AGENCY_CANDIDATES[pick]])] = rng.uniform(22, 32)
        self.reply_speed = speed
        topic_count = len(names.TOPICS) + len(names.VISIT_ONLY_TOPICS)
        self.home_topics = np.stack([rng.choice(topic_count, size=3, replace=False)
                                     for _ in range(len(ids) + len(commune_ids))])

    def _officials_and_assignments(self) -> None:
        rng, n_communes, code = self.rng, len(self.communes), self.code
        months = self.months
        volume = self.volume
        # Commune officials (UBND of each commune) and provincial officials spread over the communes.
        per_commune = np.maximum(3, rng.poisson(COMMUNE_OFFICIALS * volume, n_communes))
        own_commune = np.repeat(np.arange(n_communes), per_commune)
        n_local = len(own_commune)
        n_provincial = max(len(self.provincial_ids), int(round(PROVINCIAL_OFFICIALS_PER_COMMUNE * volume * n_communes)))
        weights = self.provincial_weights.copy()
        weights[weights == 0] = 0.02
        provincial_agency = np.sort(rng.choice(len(self.provincial_ids), size=n_provincial, p=weights / weights.sum()))
        n = n_local + n_provincial
        self.local_count = per_commune
        self.local_first = np.concatenate([[0], np.cumsum(per_commune)[:-1]])
        agency = np.concatenate([len(self.provincial_ids) + own_commune, provincial_agency])
        self.official_agency = agency
        self.n_officials = n
        self.official_ids = id_text(f"CB{code}", np.arange(1, n + 1), 6)
        # Position: the first official of each agency is its head.
        first_of_agency = np.r_[True, agency[1:] != agency[:-1]]
        kinds = [kind for _n, _t, kind, _w in names.PROVINCIAL_AGENCIES] + ["ubnd"] * n_communes
        position = []
        kind_of = [kinds[a] for a in agency]
        other = rng.random(n)
        for i in range(n):
            head, deputy, others = names.POSITIONS[kind_of[i]]
            if first_of_agency[i]:
                position.append(head)
            elif other[i] < 0.12:
                position.append(deputy)
            else:
                total = sum(w for _p, w in others)
                pick, acc = other[i] * total, 0.0
                chosen = others[-1][0]
                for title, weight in others:
                    acc += weight
                    if pick < acc:
                        chosen = title
                        break
                position.append(chosen)
        reform = np.datetime64("2025-07-01")
        start_index = np.full(n, -1)
        newcomer = rng.random(n) < 0.06
        start_index[newcomer] = rng.integers(1, len(months.starts) - 1, newcomer.sum())
        leaver = (rng.random(n) < 0.04) & ~newcomer
        end_index = np.full(n, -1)
        end_index[leaver] = rng.integers(1, len(months.starts) - 1, leaver.sum())
        active_from = np.where(start_index >= 0, months.starts[np.maximum(start_index, 0)],
                               np.where(rng.random(n) < 0.7, reform,
                                        reform - rng.integers(200, 4000, n).astype("timedelta64[D]")))
        active_to = months.ends[np.maximum(end_index, 0)]
        self._table("officials", {
            "official_id": self.official_ids, "full_name": full_names(rng, n),
            "agency_id": pc.take(self.agency_ids, pa.array(agency)),
            "position": pa.array(position), "is_head": bool_text(first_of_agency),
            "active_from": date_text(active_from), "active_to": date_text(active_to, leaver),
        })
        # Assignments: commune officials to their own commune (usually a hamlet), provincial
        # officials to a commune of the province; 8% have a second commune.
        commune = np.concatenate([own_commune, rng.integers(0, n_communes, n_provincial)])
        quota = np.where(np.arange(n) < n_local, rng.choice([0, 1, 2], size=n, p=(0.1, 0.6, 0.3)),
                         rng.choice([0, 1, 2], size=n, p=(0.2, 0.7, 0.1)))
        quota[first_of_agency] = 0
        second = rng.random(n) < 0.08
        person = np.concatenate([np.arange(n), np.flatnonzero(second)])
        commune = np.concatenate([commune, (commune[second] + rng.integers(1, max(2, n_communes), second.sum())) % n_communes])
        quota = np.concatenate([quota, np.ones(second.sum(), dtype=np.int64)])
        start = np.concatenate([active_from, active_from[second]])
        start = np.maximum(start, reform)
        end_mask = np.concatenate([leaver, leaver[second]])
        end = np.concatenate([active_to, active_to[second]])
        order = np.lexsort((commune, person))
        person, commune, quota, start, end, end_mask = (a[order] for a in (person, commune, quota, start, end, end_mask))
        with_hamlet = rng.random(len(person)) < 0.55
        hamlet = self.hamlet_offsets[commune] + (rng.random(len(person)) * self.hamlet_counts[commune]).astype(np.int64)
        codes = pa.array([c.code for c in self.communes])
        self._table("assignments", {
            "official_id": pc.take(self.official_ids, pa.array(person)),
            "commune_code": pc.take(codes, pa.array(commune)),
            "hamlet_id": pc.if_else(pa.array(with_hamlet), pc.take(self.hamlet_ids, pa.array(hamlet)),
                                    pa.scalar(None, pa.string())),
            "required_visits_per_month": int_text(quota), "assigned_from": date_text(start), "assigned_to": date_text(end, end_mask),
        })
        self.assignment = (person, commune, start, np.where(end_mask, end, np.datetime64("2100-01-01")), quota)
        # How reliably each official comes when listed: a few never, some rarely.
        reliability = rng.beta(18, 2, n)
        kind = rng.random(n)
        reliability[kind < 0.02] = rng.uniform(0.15, 0.45, (kind < 0.02).sum())
        reliability[kind < 0.004] = 0.0
        self.reliability = reliability
        # A few recorders sit on what citizens tell them (forward late).
        self.late_forwarder = rng.random(n) < 0.01
