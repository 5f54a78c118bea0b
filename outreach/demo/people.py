"""People of the demo province: agencies, officials and their assignments to communes (the
rosters that attendance is built from)."""

from __future__ import annotations

import datetime as dt
import math

from outreach.demo import names
from outreach.demo.common import (DAY, DEFAULT_PERIOD_MONTHS, NEVER_PRESENT, ORDINARY, RARELY_PRESENT, Agency,
                                  Assignment, Official, person_name, random_day, weighted)


class PeopleMixin:
    """Agencies, officials and assignments of the province generator: fills self.agencies and
    self.officials; the planted slow and weak agencies and officials come from PlantedMixin."""

    def build_agencies(self) -> None:
        rnd = self.rnd
        for i, (name, agency_type, kind, weight) in enumerate(names.PROVINCIAL_AGENCIES):
            agency = Agency(index=i, agency_id=f"DV{i + 1:02d}", name=name, level="tinh",
                            agency_type=agency_type, kind=kind, weight=weight)
            agency.small = name in names.SMALL_AGENCY_SIZES
            self.agencies.append(agency)
        by_name = {agency.name: agency for agency in self.agencies}
        for agency in self.agencies:
            parent = names.PARENT_OF_KIND.get(agency.kind)
            agency.parent = by_name[parent].agency_id if parent else ""
        self._choose_slow_and_weak_agencies(by_name)
        count = max(2, min(10, round(self.commune_count / 12)))
        eligible = [c.index for c in self.communes if c.role == "normal" and c.kind != "dac_khu"]
        for commune_index in sorted(rnd.sample(eligible, count)):
            commune = self.communes[commune_index]
            agency = Agency(index=len(self.agencies), agency_id=f"DV{len(self.agencies) + 1:02d}",
                            name=f"UBND {commune.name}", level="xa", agency_type="Chính quyền", kind="ubnd",
                            commune=commune_index)
            commune.agency = agency.index
            self.agencies.append(agency)

    def build_officials(self) -> None:
        rnd = self.rnd
        total = max(len(self.agencies) * 3, round(2000 * self.scale))
        sizes: dict[int, int] = {}
        for agency in self.agencies:
            if agency.small:
                sizes[agency.index] = names.SMALL_AGENCY_SIZES[agency.name]
            elif agency.level == "xa":
                sizes[agency.index] = max(3, round(rnd.randint(8, 13) * self.scale))
        pool = total - sum(sizes.values())
        weights = {a.index: a.weight for a in self.agencies if a.index not in sizes}
        weight_sum = sum(weights.values())
        for index, weight in weights.items():
            sizes[index] = max(4, round(pool * weight / weight_sum * rnd.uniform(0.85, 1.15)))
        for agency in self.agencies:
            head, deputy, others = names.POSITIONS[agency.kind]
            deputies = min(max(0, sizes[agency.index] - 2), rnd.randint(1, 3))
            for n in range(sizes[agency.index]):
                index = len(self.officials)
                if n == 0:
                    position, is_head = head, True
                elif n <= deputies:
                    position, is_head = deputy, False
                else:
                    position, is_head = weighted(rnd, others), False
                # The import rejects dates before 2000 as impossible.
                first_year = max(2000, self.data_start.year - 22)
                active_from = None if rnd.random() < 0.05 else dt.date(
                    rnd.randint(first_year, self.data_start.year - 1), rnd.randint(1, 12), 1)
                self.officials.append(Official(
                    index=index, official_id=f"CB{index + 1:05d}", full_name=person_name(rnd),
                    agency=agency.index, position=position, is_head=is_head, active_from=active_from))
                agency.officials.append(index)

    def _early_start(self) -> dt.date:
        rnd = self.rnd
        day = random_day(rnd, self.data_start.replace(year=self.data_start.year - 6), self.data_start - DAY)
        return day.replace(day=1) if rnd.random() < 0.7 else day

    def _mid_day(self, low: dt.date, high: dt.date) -> dt.date:
        """A day strictly inside a month (so the month is partial), between low and high."""
        rnd = self.rnd
        while True:
            day = random_day(rnd, low, high)
            if 3 <= day.day <= 26:
                return day

    def build_assignments(self) -> None:
        rnd = self.rnd
        normal = [c.index for c in self.communes if c.role == "normal"]
        assignable = [c.index for c in self.communes if c.role != "never"]
        weight_of = {c.index: math.sqrt(c.population or 12000) for c in self.communes}
        coverage = list(assignable) + list(assignable)
        rnd.shuffle(coverage)
        provincial_ordinary = [o for o in self.officials if self.agencies[o.agency].level == "tinh"
                               and o.role == ORDINARY]
        rnd.shuffle(provincial_ordinary)
        first_commune = {o.index: coverage[n] for n, o in enumerate(provincial_ordinary[:len(coverage)])}

        def draw(pool: list[int], exclude: tuple[int, ...] = ()) -> int:
            options = [c for c in pool if c not in exclude]
            return rnd.choices(options, weights=[weight_of[c] for c in options])[0]

        def required() -> int:
            return rnd.choices((0, 1, 2, 3), weights=(4, 20, 44, 32))[0]

        switch_day = dt.date(2025, 7, 1)
        for official in self.officials:
            agency = self.agencies[official.agency]
            if official.role != ORDINARY:
                home = agency.commune if agency.commune is not None else draw(normal)
                if official.role == NEVER_PRESENT:
                    official.assignments = [Assignment(home, "", rnd.choice((1, 2)), self._early_start(), None)]
                elif official.role == RARELY_PRESENT:
                    official.assignments = [Assignment(home, "", 1, self._early_start(), None)]
                else:
                    first = Assignment(home, "", rnd.choice((1, 2, 3)), self._early_start(), None)
                    official.assignments = [first]
                    if agency.commune is None and rnd.random() < 0.3:
                        first.required = rnd.choice((1, 2))
                        official.assignments.append(Assignment(draw(normal, (home,)), "", rnd.choice((1, 2)),
                                                               self._early_start(), None))
                    run = rnd.choice((4, 5))
                    begin = self.period_first_month + rnd.randint(0, DEFAULT_PERIOD_MONTHS - run)
                    official.run_months = tuple(range(begin, begin + run))
                continue
            if agency.commune is not None:
                commune = self.communes[agency.commune]
                hamlet = rnd.choice(commune.hamlets)[0] if rnd.random() < 0.7 else ""
                official.assignments = [Assignment(agency.commune, hamlet, rnd.choices((1, 2, 3), weights=(3, 4, 3))[0],
                                                   self._early_start(), None)]
                continue
            if rnd.random() < 0.04 and not agency.small:
                continue  # support staff with no area of their own
            home = first_commune.get(official.index)
            if home is None:
                home = draw(assignable)
            chain = self._timeline(home, required(), assignable, draw, switch_day)
            official.assignments = list(chain)
            if rnd.random() < 0.7:
                second = draw(assignable, tuple(a.commune for a in chain))
                # A newcomer gets both areas on the day they join.
                start = chain[0].start if chain[0].start >= self.data_start else self._early_start()
                commune = self.communes[second]
                if commune.role != "stale" or start < commune.last_day:
                    official.assignments.append(self._stale_aware(Assignment(second, "", required(), start, None)))
            last_end = max((a.end or dt.date.max) for a in official.assignments)
            if last_end != dt.date.max and rnd.random() < 0.5:
                official.active_to = last_end
        for official in self.officials:
            # Nobody is assigned before joining their agency.
            starts = [a.start for a in official.assignments]
            if starts and official.active_from is not None and official.active_from > min(starts):
                official.active_from = min(starts)
            if starts and min(starts) >= self.data_start:
                official.active_from = min(starts)

    def _stale_aware(self, assignment: Assignment) -> Assignment:
        """Assignments to a stale commune end on its last day with visits."""
        commune = self.communes[assignment.commune]
        if commune.role == "stale" and (assignment.end is None or assignment.end > commune.last_day):
            assignment.end = commune.last_day
        return assignment

    def _timeline(self, home: int, required: int, assignable: list[int], draw, switch_day: dt.date) -> list[Assignment]:
        """One assignment, or a chain: mid-period start, mid-period end, reassignment."""
        rnd = self.rnd
        kind = rnd.choices(("steady", "joins", "moves", "leaves", "reform"), weights=(78, 7, 7, 3, 5))[0]
        commune = self.communes[home]
        if commune.role == "stale":
            first = Assignment(home, "", required, self._early_start(), commune.last_day)
            if rnd.random() < 0.5:
                normal = [c.index for c in self.communes if c.role == "normal"]
                return [first, Assignment(draw(normal, (home,)), "", required, commune.last_day + DAY, None)]
            return [first]
        if kind == "steady":
            return [Assignment(home, "", required, self._early_start(), None)]
        if kind == "joins":
            return [Assignment(home, "", required, self._mid_day(self.data_start + dt.timedelta(days=20),
                                                                 self.as_of - dt.timedelta(days=90)), None)]
        if kind in ("moves", "leaves"):
            end = self._mid_day(self.data_start + dt.timedelta(days=40), self.as_of - dt.timedelta(days=40))
            first = Assignment(home, "", required, self._early_start(), end)
            if kind == "leaves":
                return [first]
            target = draw(assignable, (home,))
            second = Assignment(target, "", required, end + DAY, None)
            return [first, self._stale_aware(second)] if not (
                self.communes[target].role == "stale" and end + DAY >= self.communes[target].last_day) else [first]
        if self.data_start < switch_day <= self.as_of:
            target = draw(assignable, (home,))
            if self.communes[target].role == "stale":
                return [Assignment(home, "", required, self._early_start(), None)]
            return [Assignment(home, "", required, self._early_start(), switch_day - DAY),
                    Assignment(target, "", required, switch_day, None)]
        return [Assignment(home, "", required, self._early_start(), None)]
