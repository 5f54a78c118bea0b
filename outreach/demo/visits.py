"""Visits and attendance of the demo province: each official's monthly obligations (slots), packed
into visits; cancelled and planned visits; walk-ins; visit numbering."""

from __future__ import annotations

import datetime as dt

from outreach.demo import names
from outreach.demo.common import (CITIZENS_RANGE, COORDINATING_AGENCIES, DEFAULT_PERIOD_MONTHS, NEVER_PRESENT,
                                  ORDINARY, RARELY_PRESENT, UNDER_QUOTA, VISIT_TYPE_WEIGHTS, Assignment, Visit,
                                  random_day, weighted)
from outreach.query.periods import month_end


class VisitsMixin:
    """Slots, visits and attendance of the province generator: fills self.slots, self.visits and
    self.walk_ins; the planted overlaps come from PlantedMixin."""

    # -- slots --------------------------------------------------------------------------------

    def _extra_count(self, month: int) -> int:
        if month in self.tet_month_indices:
            return self.rnd.choices((0, 1), weights=(75, 25))[0]
        return self.rnd.choices((0, 1, 2, 3), weights=(8, 22, 32, 38))[0]

    def _present(self) -> str:
        return "late" if self.rnd.random() < 0.05 else "present"

    def _extra_status(self) -> str:
        draw = self.rnd.random()
        if draw < 0.07:
            return "absent"
        if draw < 0.13:
            return "excused"
        return self._present()

    def build_slots(self) -> None:
        rnd = self.rnd
        slots = self.slots
        for official in self.officials:
            if not official.assignments:
                continue
            for month, (start, end) in enumerate(zip(self.month_starts, self.month_ends)):
                active = [a for a in official.assignments if a.start <= end and (a.end is None or a.end >= start)]
                if not active:
                    continue
                full = [a for a in active if a.start <= start and (a.end is None or a.end >= end)]
                o = official.index
                if official.role == NEVER_PRESENT:
                    (assignment,) = full
                    extra = 1 if rnd.random() < 0.4 and month not in self.tet_month_indices else 0
                    for _ in range(assignment.required + extra):
                        slots.add(o, assignment.commune, month, start, end,
                                  "excused" if rnd.random() < 0.15 else "absent", True)
                    continue
                if official.role == RARELY_PRESENT:
                    (assignment,) = full
                    listed = 4 if rnd.random() < 0.25 else 3
                    present_at = rnd.randrange(listed)
                    for n in range(listed):
                        slots.add(o, assignment.commune, month, start, end,
                                  self._present() if n == present_at else "absent", True)
                    continue
                if official.role == UNDER_QUOTA and month in official.run_months:
                    targets = [a.commune for a in full for _ in range(a.required)]
                    present = set(rnd.sample(range(len(targets)), len(targets) - 1))
                    for n, commune in enumerate(targets):
                        slots.add(o, commune, month, start, end, self._present() if n in present else "absent", True)
                    continue
                for assignment in full:
                    for _ in range(assignment.required):
                        slots.add(o, assignment.commune, month, start, end, self._present(),
                                  official.role == UNDER_QUOTA)
                if full:
                    for _ in range(self._extra_count(month)):
                        assignment = rnd.choice(full)
                        slots.add(o, assignment.commune, month, start, end, self._extra_status(), False)
                for assignment in active:
                    if assignment in full:
                        continue
                    low = max(start, assignment.start)
                    high = min(end, assignment.end or end)
                    share = ((high - low).days + 1) / ((end - start).days + 1)
                    count = int(max(assignment.required, 1) * share + rnd.random())
                    if self.communes[assignment.commune].role == "stale":
                        count = max(1, count)
                    for _ in range(count):
                        slots.add(o, assignment.commune, month, low, high, self._extra_status(), False)
        self._ensure_never_present_listed()
        self._lift_ordinary_rates()

    def _ensure_never_present_listed(self) -> None:
        """A never-present official needs at least 3 non-excused listings in the default period."""
        slots = self.slots
        rows: dict[int, list[int]] = {}
        for i in range(len(slots)):
            if slots.month[i] >= self.period_first_month and self.officials[slots.official[i]].role == NEVER_PRESENT:
                rows.setdefault(slots.official[i], []).append(i)
        for official in sorted(rows):
            if sum(slots.status[i] == "absent" for i in rows[official]) < 3:
                for i in rows[official][:3]:
                    slots.status[i] = "absent"

    def _lift_ordinary_rates(self) -> None:
        """Ordinary officials keep an attendance rate of at least 0.7 in every 12-month block,
        so no one is rarely_present or listed_never_present by chance."""
        slots = self.slots
        months = len(self.month_starts)
        blocks: dict[tuple[int, int], list[int]] = {}
        for i in range(len(slots)):
            official = self.officials[slots.official[i]]
            if official.role in (NEVER_PRESENT, RARELY_PRESENT):
                continue
            block = (months - 1 - slots.month[i]) // DEFAULT_PERIOD_MONTHS
            blocks.setdefault((official.index, block), []).append(i)
        for key in sorted(blocks):
            rows = blocks[key]
            counted = [i for i in rows if slots.status[i] != "excused"]
            present = sum(slots.status[i] in ("present", "late") for i in counted)
            absent = [i for i in counted if slots.status[i] == "absent" and not slots.locked[i]]
            self.rnd.shuffle(absent)
            while counted and present < 0.7 * len(counted) and absent:
                slots.status[absent.pop()] = "present"
                present += 1

    # -- visits -------------------------------------------------------------------------------

    def _visit_days(self, low: dt.date, high: dt.date, count: int) -> list[dt.date]:
        rnd = self.rnd
        working = self.calendar.working_between(low, high)
        weekend = self.calendar.weekend_between(low, high)
        days = []
        for _ in range(count):
            if working and (not weekend or rnd.random() < 0.96):
                days.append(rnd.choice(working))
            elif weekend:
                days.append(rnd.choice(weekend))
            else:
                days.append(random_day(rnd, low, high))
        return sorted(days)

    def pack_visits(self) -> None:
        """Pack each commune-month's slots into visits of 3-8 listed officials."""
        rnd = self.rnd
        slots = self.slots
        groups: dict[tuple[int, int], list[int]] = {}
        for i in range(len(slots)):
            groups.setdefault((slots.commune[i], slots.month[i]), []).append(i)
        for commune_index, month in sorted(groups):
            rows = groups[(commune_index, month)]
            commune = self.communes[commune_index]
            start, end = self.month_starts[month], self.month_ends[month]
            high = end
            if commune.role == "stale" and commune.last_day <= end:
                high = commune.last_day
            tet = month in self.tet_month_indices
            by_official: dict[int, list[int]] = {}
            for i in rows:
                by_official.setdefault(slots.official[i], []).append(i)
            capacities = []
            while sum(capacities) < len(rows) or len(capacities) < max(len(v) for v in by_official.values()):
                capacities.append(rnd.randint(4, 8) if tet else rnd.randint(3, 8))
            days = self._visit_days(start, high, len(capacities))
            if high != end:
                days[-1] = high
            visits = [Visit(commune=commune_index, day=day, status="held", capacity=capacity, tiebreak=rnd.random())
                      for day, capacity in zip(days, capacities)]
            for official in sorted(by_official, key=lambda o: (-len(by_official[o]), o)):
                own = by_official[official]
                low = max(slots.low[i] for i in own)
                top = min(min(slots.high[i] for i in own), high)
                candidates = [v for v in visits if low <= v.day <= top]
                candidates.sort(key=lambda v: (len(v.members) / v.capacity, v.tiebreak))
                chosen = candidates[:len(own)]
                while len(chosen) < len(own):
                    extra = Visit(commune=commune_index, day=self._visit_days(low, top, 1)[0], status="held",
                                  capacity=rnd.randint(3, 8), tiebreak=rnd.random())
                    visits.append(extra)
                    chosen.append(extra)
                for slot, visit in zip(own, chosen):
                    visit.members.append(slot)
            for visit in visits:
                if visit.members:
                    self.visits.append(visit)

    def describe_visits(self) -> None:
        rnd = self.rnd
        slots = self.slots
        coordinating = [a.index for a in self.agencies if a.name in COORDINATING_AGENCIES]
        general_topics = [topic for topic, _ in names.TOPICS]
        for visit in self.visits:
            commune = self.communes[visit.commune]
            member_agencies = [self.officials[slots.official[i]].agency for i in visit.members]
            draw = rnd.random()
            if draw < 0.7 or not coordinating:
                visit.lead = rnd.choice(member_agencies)
            elif draw < 0.9 or commune.agency is None:
                visit.lead = rnd.choice(coordinating)
            else:
                visit.lead = commune.agency
            self._describe(visit, general_topics)
            low, high = CITIZENS_RANGE[visit.visit_type]
            visit.citizens = rnd.randint(low, high)

    def _describe(self, visit: Visit, general_topics: list[str]) -> None:
        rnd = self.rnd
        visit.visit_type = weighted(rnd, VISIT_TYPE_WEIGHTS)
        commune = self.communes[visit.commune]
        visit.hamlet_id = rnd.choice(commune.hamlets)[0] if rnd.random() < 0.85 else ""
        if rnd.random() < 0.2:
            topic = ""
        elif visit.visit_type == "sinh_hoat" and rnd.random() < 0.6:
            topic = rnd.choice(names.VISIT_ONLY_TOPICS)
        else:
            topic = rnd.choice(general_topics)
        visit.topic = visit.canonical_topic = topic

    def add_unheld_visits(self) -> None:
        """Cancelled visits inside the data, planned ones in the month after it (no attendance)."""
        rnd = self.rnd
        general_topics = [topic for topic, _ in names.TOPICS]
        assigned: dict[int, list[int]] = {}
        for official in self.officials:
            for assignment in official.assignments:
                assigned.setdefault(assignment.commune, []).append(official.agency)
        held_per_month: dict[tuple[int, int], int] = {}
        for visit in self.visits:
            key = (visit.commune, visit.day.year * 12 + visit.day.month)
            held_per_month[key] = held_per_month.get(key, 0) + 1
        unheld = []
        next_start = self.next_month
        next_end = month_end(next_start)
        for (commune_index, month_key) in sorted(held_per_month):
            commune = self.communes[commune_index]
            held = held_per_month[(commune_index, month_key)]
            cancelled = sum(rnd.random() < 0.066 for _ in range(held))
            year, month = divmod(month_key - 1, 12)
            start = dt.date(year, month + 1, 1)
            high = min(month_end(start), commune.last_day or self.as_of)
            for day in self._visit_days(start, high, cancelled):
                unheld.append(Visit(commune=commune_index, day=day, status="cancelled"))
        last_key = self.as_of.year * 12 + self.as_of.month
        for commune in self.communes:
            if commune.role != "normal":
                continue
            recent = [held_per_month.get((commune.index, last_key - k), 0) for k in range(3)]
            planned = round(sum(recent) / 3 * rnd.uniform(0.8, 1.05))
            for day in self._visit_days(next_start, next_end, planned):
                unheld.append(Visit(commune=commune.index, day=day, status="planned"))
        for visit in unheld:
            agencies = assigned.get(visit.commune) or [a.index for a in self.agencies if a.name in COORDINATING_AGENCIES]
            visit.lead = rnd.choice(agencies)
            self._describe(visit, general_topics)
        self.visits.extend(unheld)

    def add_walk_ins(self) -> None:
        rnd = self.rnd
        slots = self.slots
        held = [i for i, v in enumerate(self.visits) if v.status == "held"]
        by_commune: dict[int, list[tuple[int, Assignment]]] = {}
        for official in self.officials:
            if official.role != ORDINARY:
                continue
            for assignment in official.assignments:
                by_commune.setdefault(assignment.commune, []).append((official.index, assignment))
        wanted = round(0.02 * len(slots))
        seen: set[tuple[int, int]] = set()
        for _ in range(wanted):
            visit_index = rnd.choice(held)
            visit = self.visits[visit_index]
            roster = {slots.official[i] for i in visit.members}
            candidates = [o for o, a in by_commune.get(visit.commune, [])
                          if o not in roster and a.start <= visit.day and (a.end is None or visit.day <= a.end)]
            if not candidates:
                continue
            official = rnd.choice(candidates)
            if (visit_index, official) in seen:
                continue
            seen.add((visit_index, official))
            self.walk_ins.append((visit_index, official))

    def number_visits(self) -> None:
        order = sorted(range(len(self.visits)), key=lambda i: (self.visits[i].day, self.communes[self.visits[i].commune].code, i))
        for n, i in enumerate(order, start=1):
            self.visits[i].visit_id = f"BX{n:06d}"
        for i, visit in enumerate(self.visits):
            for slot in visit.members:
                self.slots.visit[slot] = i
