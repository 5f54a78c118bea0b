"""Beyond the roster in the demo province (docs/metrics.md, "Beyond the roster"): typed quotas, heads'
dialogues, items heard elsewhere first, quotas met at month end, empty visits and officials in
too many places, each planted with near misses, on the finished export (one DataFrame per table).

`plant(frames, ...)` changes the frames in place and returns the ground truth of section 9: what
the rules find on the final data (read here by a plain pandas reading of the rules, independent of
the SQL) and the planted cases and near misses, so a test can check planted ⊆ found, near misses ∉
found and found = what the queries return. Everything else the demo plants stays as it was: the
officials and communes of the other planted cases are left alone, and visits that move stay in
their month, lose their topic (no new overlap) and have no feedback."""

from __future__ import annotations

import datetime as dt
import random

import pandas as pd

from outreach.demo.common import Calendar
from outreach.query.periods import add_months, month_end

HEAD_GAP_MONTHS = 4        # planted heads: this many months in a row without a dialogue
TYPED_OFFICIALS = 4
WINDOW_DAYS = 30           # heard elsewhere first (outreach/defaults.toml)
LAST_DAYS = 3              # quota met at month end
VISIT_CHANNELS = ("visit", "dialogue")
OTHER_CHANNELS = ("hotline", "online", "letter", "other")


def _months(period_start: dt.date, as_of: dt.date) -> list[dt.date]:
    months, month = [], period_start
    while month_end(month) <= as_of:
        months.append(month)
        month = add_months(month, 1)
    return months


class _Plant:
    def __init__(self, frames: dict[str, pd.DataFrame], *, seed: int, period_start: dt.date, as_of: dt.date,
                 calendar: Calendar, truth: dict) -> None:
        self.f = frames
        self.rnd = random.Random(seed * 16 + 9)
        self.start, self.as_of, self.calendar = period_start, as_of, calendar
        self.months = _months(period_start, as_of)
        self.m_first, self.m_last = self.start.isoformat(), self.as_of.isoformat()
        flagged = set().union(*map(set, truth["flags"].values()))
        self.protected_officials = set(flagged)
        self.protected_communes = set(truth["never_visited_communes"]) | {
            s["commune_code"] for s in truth["stale_communes"]}
        self.protected_visits = {v for pair in truth["overlap_pairs"] for v in pair}
        frames["assignments"]["visit_type"] = frames["assignments"]["visit_type"].fillna("")
        self.planted: dict[str, list] = {}
        self.near: dict[str, list] = {}

    # -- views of the frames -----------------------------------------------------------------

    def held(self) -> pd.DataFrame:
        v = self.f["visits"]
        return v[(v.status == "held") & (v.visit_date >= self.m_first) & (v.visit_date <= self.m_last)]

    def present(self) -> pd.DataFrame:
        a = self.f["attendance"]
        a = a[a.status.isin(["present", "late"])]
        return a.merge(self.held()[["visit_id", "visit_date", "commune_code", "visit_type"]], on="visit_id")

    def active(self, month: dt.date) -> pd.DataFrame:
        a = self.f["assignments"]
        return a[(a.assigned_from <= month.isoformat())
                 & ((a.assigned_to == "") | (a.assigned_to >= month_end(month).isoformat()))]

    def counting(self, official: str, month: dt.date) -> pd.DataFrame:
        """The official's counting visits of the month (present, held, in a whole-month commune)."""
        p = self.present()
        p = p[(p.official_id == official) & (p.visit_date >= month.isoformat())
              & (p.visit_date <= month_end(month).isoformat())]
        communes = set(self.active(month).query("official_id == @official").commune_code)
        return p[p.commune_code.isin(communes)].drop_duplicates("visit_id")

    def set_visit(self, visit_id: str, **values) -> None:
        v = self.f["visits"]
        for column, value in values.items():
            v.loc[v.visit_id == visit_id, column] = value

    def ordinary(self) -> list[str]:
        o = self.f["officials"]
        ids = o[(o.is_head != "true")].official_id
        return sorted(set(ids) - self.protected_officials)

    def working(self, day: dt.date) -> bool:
        return self.calendar.is_working(day)

    def lowest_agency(self, rate: str) -> str:
        """The agency with the lowest attendance or quota rate of the period: planting there lowers
        it further without moving any agency's standing in the review (docs/metrics.md, "Agency
        review"), so the review's planted results stay as they are."""
        agency_of = self.f["officials"].set_index("official_id").agency_id
        if rate == "attendance":
            a = self.f["attendance"].merge(self.held()[["visit_id"]], on="visit_id")
            listed = a[a.listed == "true"]
            counted = listed[listed.status != "excused"]
            numerator = counted[counted.status.isin(["present", "late"])].official_id.map(agency_of).value_counts()
            divisor = counted.official_id.map(agency_of).value_counts()
        else:
            numerator, divisor = pd.Series(dtype=float), pd.Series(dtype=float)
            present = self.present()
            for month in self.months:
                active = self.active(month)
                required = active.assign(r=active.required_visits_per_month.astype(int)).groupby("official_id").r.sum()
                required = required[required > 0]
                rows = present[present.visit_date.str[:7] == f"{month:%Y-%m}"].merge(
                    active[["official_id", "commune_code"]].drop_duplicates(), on=["official_id", "commune_code"])
                attended = rows.groupby("official_id").visit_id.nunique().reindex(required.index, fill_value=0)
                met = (attended >= required).groupby(required.index.map(agency_of)).sum()
                numerator = numerator.add(met, fill_value=0)
                divisor = divisor.add(required.groupby(required.index.map(agency_of)).size(), fill_value=0)
        rates = (numerator.reindex(divisor.index, fill_value=0) / divisor).sort_values(kind="stable")
        return str(rates.index[0])

    # -- 9.2 heads' dialogues --------------------------------------------------------------------

    def heads(self) -> None:
        o = self.f["officials"]
        heads = sorted(o[o.is_head == "true"].official_id)
        self.rnd.shuffle(heads)
        if len(heads) < 4:
            return
        flagged, near = sorted(heads[:3]), heads[3]
        gaps = {head: set(self.months[2 + i: 2 + i + HEAD_GAP_MONTHS]) for i, head in enumerate(flagged)}
        # Near miss: a dialogue in month k, none in k+1 and k+2, the next on day 1 of month k+3.
        k = next(i for i in range(3, len(self.months) - 3) if self.working(self.months[i + 3]))
        gaps[near] = {self.months[k + 1], self.months[k + 2], self.months[k + 3]}
        present = self.present()
        keep_away = set()
        for head, months in gaps.items():
            rows = present[(present.official_id == head) & present.visit_date.str[:7].isin({f"{m:%Y-%m}" for m in months})]
            keep_away |= set(rows.visit_id)
            for visit_id in rows[rows.visit_type == "doi_thoai"].visit_id:
                self.set_visit(visit_id, visit_type="tiep_xuc")
        day_one = self.months[k + 3]
        self._new_visit(near, day_one, "doi_thoai")
        gaps[near].discard(day_one)
        self._ensure_dialogues(heads, gaps, keep_away)
        self.planted["head_without_dialogue"] = flagged
        self.near["head_without_dialogue"] = [near]

    def _new_visit(self, official: str, day: dt.date, visit_type: str) -> None:
        o = self.f["officials"].set_index("official_id")
        agency = o.loc[official, "agency_id"]
        assigned = sorted(set(self.f["assignments"].query("official_id == @official").commune_code)
                          - self.protected_communes)
        commune = assigned[0] if assigned else sorted(set(self.held().commune_code) - self.protected_communes)[0]
        visit_id = f"BX9{len(self.f['visits']) % 100000:05d}"
        self.f["visits"] = pd.concat([self.f["visits"], pd.DataFrame([{
            "visit_id": visit_id, "visit_date": day.isoformat(), "commune_code": commune, "hamlet_id": "",
            "visit_type": visit_type, "lead_agency_id": agency, "topic": "", "status": "held",
            "citizens_attending": "45"}])], ignore_index=True)
        self._add_attendance(visit_id, official, listed=True)

    def _add_attendance(self, visit_id: str, official: str, *, listed: bool) -> None:
        a = self.f["attendance"]
        if ((a.visit_id == visit_id) & (a.official_id == official)).any():
            a.loc[(a.visit_id == visit_id) & (a.official_id == official), "status"] = "present"
            return
        self.f["attendance"] = pd.concat([a, pd.DataFrame([{
            "visit_id": visit_id, "official_id": official, "listed": "true" if listed else "false",
            "status": "present"}])], ignore_index=True)

    def _ensure_dialogues(self, heads: list[str], gaps: dict[str, set], keep_away: set[str]) -> None:
        """Every other head month has a dialogue: one of the head's visits becomes one, or the head
        joins a dialogue where the agency's officials already go (the scorecard does not move)."""
        o = self.f["officials"].set_index("official_id")
        officials_agency = self.f["officials"].set_index("official_id").agency_id
        present = self.present()  # kept up to date below: only visit types change in this loop
        present = present.assign(agency=present.official_id.map(officials_agency),
                                 month=present.visit_date.str[:7])
        for head in sorted(heads):
            frm, to = o.loc[head, "active_from"], o.loc[head, "active_to"]
            for month in self.months:
                if month in gaps.get(head, ()) or (frm and frm > month.isoformat()) \
                        or (to and to < month_end(month).isoformat()):
                    continue
                in_month = present[present.month == f"{month:%Y-%m}"]
                mine = in_month[in_month.official_id == head]
                if (mine.visit_type == "doi_thoai").any():
                    continue
                free = mine[~mine.visit_id.isin(keep_away)]
                if len(free):
                    visit_id = free.visit_id.iloc[0]
                else:
                    own_communes = set(present.loc[present.agency == officials_agency[head], "commune_code"])
                    options = in_month[in_month.commune_code.isin(own_communes)
                                       & ~in_month.visit_id.isin(keep_away)].drop_duplicates("visit_id")
                    if options.empty:
                        continue
                    dialogue = options[options.visit_type == "doi_thoai"]
                    visit_id = (dialogue if len(dialogue) else options).visit_id.iloc[0]
                    self._add_attendance(visit_id, head, listed=False)
                self.set_visit(visit_id, visit_type="doi_thoai")
                present.loc[present.visit_id == visit_id, "visit_type"] = "doi_thoai"

    # -- 9.4 quota met at month end ----------------------------------------------------------

    def last_minute(self) -> None:
        """Two steady officials: in every month it can, one visit is on (or moves to) the month's end and
        the official is excused from all but required - 1 of the earlier ones, so the month is met
        only thanks to it: on one of the last 3 days (planted), or on the 4th-last day (near miss)."""
        feedback_visits = set(self.f["feedback"].visit_id)
        agency = self.lowest_agency("attendance")
        agency_of = self.f["officials"].set_index("official_id").agency_id
        steady = [o for o in self.ordinary() if self._steady(o)]
        candidates = [o for o in steady if agency_of[o] == agency]
        self.rnd.shuffle(candidates)
        if len(candidates) < 2:  # a small demo: any steady official
            candidates += [o for o in steady if o not in candidates]
        done: list[tuple[str, int]] = []
        self.moved: set[str] = set()
        for official in candidates:
            if len(done) == 2:
                break
            near = bool(done)
            months = 0
            for month in self.months[1:]:
                end = month_end(month)
                if near:
                    target = end - dt.timedelta(days=LAST_DAYS)
                else:
                    target = next((d for d in (end - dt.timedelta(days=n) for n in range(LAST_DAYS))
                                   if self.working(d)), None)
                if target is None or not self.working(target):
                    continue
                rows = self.counting(official, month).sort_values("visit_date")
                required = int(self.active(month).query("official_id == @official")
                               .required_visits_per_month.astype(int).sum())
                attendance = self.f["attendance"]
                listed = set(attendance[(attendance.official_id == official) & (attendance.listed == "true")].visit_id)
                window = (end - dt.timedelta(days=LAST_DAYS - 1)).isoformat() if not near else target.isoformat()
                on_time = rows[(rows.visit_date >= window) & (rows.visit_date <= target.isoformat())] if near \
                    else rows[rows.visit_date >= window]
                movable = rows[~rows.visit_id.isin(self.protected_visits | feedback_visits | self.moved)
                               & ~rows.commune_code.isin(self.protected_communes)
                               & (rows.visit_date < window)]
                if required < 1 or (on_time.empty and movable.empty):
                    continue
                deciding = on_time.visit_id.iloc[0] if len(on_time) else movable.visit_id.iloc[-1]
                early = rows[(rows.visit_id != deciding) & (rows.visit_date < window)]
                excused = list(early.visit_id.iloc[required - 1:]) + \
                    list(rows[(rows.visit_id != deciding) & (rows.visit_date >= window)].visit_id)
                items = self.f["feedback"]
                recorded = set(items.loc[items.recorded_by == official, "visit_id"])
                if not set(excused) <= listed or set(excused) & recorded:
                    continue  # an item recorded at a visit needs its recorder present there
                if on_time.empty:
                    self.set_visit(deciding, visit_date=target.isoformat(), topic="")
                    self.moved.add(deciding)
                chosen = attendance.official_id.eq(official) & attendance.visit_id.isin(excused)
                attendance.loc[chosen, "status"] = "excused"
                months += 1
            done.append((official, months))
        self.planted["last_minute_quota"] = [official for official, _ in done[:1]]
        self.near["last_minute_quota"] = [official for official, _ in done[1:2]]
        self.protected_officials |= {official for official, _ in done}

    def _steady(self, official: str) -> bool:
        a = self.f["assignments"].query("official_id == @official")
        return len(a) == 1 and a.assigned_from.iloc[0] <= self.m_first and a.assigned_to.iloc[0] == "" \
            and a.visit_type.iloc[0] == "" and a.commune_code.iloc[0] not in self.protected_communes

    # -- 9.1 quota by visit type -----------------------------------------------------------------

    def typed(self) -> None:
        a = self.f["assignments"]
        agency = self.lowest_agency("quota")
        agency_of = self.f["officials"].set_index("official_id").agency_id
        steady = [o for o in self.ordinary() if self._steady(o)
                  and int(a.loc[a.official_id == o, "required_visits_per_month"].iloc[0]) >= 2]
        candidates = [o for o in steady if agency_of[o] == agency]
        self.rnd.shuffle(candidates)
        if len(candidates) < 2:  # a small demo: any steady official
            candidates += [o for o in steady if o not in candidates]
        chosen = sorted(candidates[:TYPED_OFFICIALS])
        for n, official in enumerate(chosen):
            row = a[a.official_id == official].iloc[0].to_dict()
            a.loc[a.official_id == official, "required_visits_per_month"] = str(int(row["required_visits_per_month"]) - 1)
            self.f["assignments"] = a = pd.concat(
                [a, pd.DataFrame([{**row, "required_visits_per_month": "1", "visit_type": "sinh_hoat"}])],
                ignore_index=True)
            general_only = {self.months[2 + n], self.months[6 + n]}
            for month in self.months:
                rows = self.counting(official, month)
                if month in general_only:
                    for visit_id in rows[rows.visit_type == "sinh_hoat"].visit_id:
                        self.set_visit(visit_id, visit_type="tiep_xuc")
                elif not (rows.visit_type == "sinh_hoat").any():
                    other = rows[rows.visit_type != "doi_thoai"]
                    if len(other):
                        self.set_visit(other.visit_id.iloc[0], visit_type="sinh_hoat")
        self.f["assignments"] = a.sort_values(["official_id", "assigned_from", "commune_code", "visit_type"],
                                              ignore_index=True)
        self.planted["typed_officials"] = chosen
        self.protected_officials |= set(chosen)

    # -- 9.4 present in too many places ----------------------------------------------------------

    def many_places(self) -> None:
        present = self.present()
        agency_of = self.f["officials"].set_index("official_id").agency_id
        present = present.assign(agency=present.official_id.map(agency_of))
        done = []
        for official in self.ordinary():
            if len(done) == 2:
                break
            if official in self.protected_officials:
                continue
            wanted = 3 if not done else 2
            own = set(present[present.agency == agency_of[official]].commune_code) - self.protected_communes
            held = self.held()
            held = held[held.commune_code.isin(own) & ~held.visit_id.isin(self.moved)]
            for day, rows in held.groupby("visit_date"):
                rows = rows.drop_duplicates("commune_code")
                mine = present[(present.official_id == official) & (present.visit_date == day)]
                if len(rows) >= wanted and mine.empty:
                    for visit_id in rows.visit_id.iloc[:wanted]:
                        self._add_attendance(visit_id, official, listed=False)
                    done.append((official, day))
                    break
        self.planted["multi_commune_presence"] = [list(pair) for pair in done[:1]]
        self.near["multi_commune_presence"] = [list(pair) for pair in done[1:2]]

    # -- 9.3 heard elsewhere first ---------------------------------------------------------------

    def heard_elsewhere(self) -> None:
        items = self.f["feedback"]
        visit_items = items[items.channel.isin(VISIT_CHANNELS) & (items.topic != "")
                            & ~items.commune_code.isin(self.protected_communes)]
        latest = (self.as_of - dt.timedelta(days=60)).isoformat()
        visit_items = visit_items[(visit_items.received_date >= self.m_first) & (visit_items.received_date <= latest)]
        keys = visit_items.assign(key=visit_items.topic.str.lower()).sort_values("received_date")
        added, plans = [], [(31, "planted"), (31, "planted"), (30, "near"), (0, "near")]
        used: set[tuple[str, str]] = set()
        for days, kind in plans:
            for row in keys.sample(frac=1, random_state=self.rnd.randint(0, 10**6)).itertuples():
                key = (row.commune_code, row.key)
                if key in used:
                    continue
                day = dt.date.fromisoformat(row.received_date) + dt.timedelta(days=days)
                same = keys[(keys.commune_code == row.commune_code) & (keys.key == row.key)]
                if ((same.received_date > row.received_date) & (same.received_date <= day.isoformat())).any():
                    continue
                used.add(key)
                added.append((kind, row.commune_code, row.topic, day, days))
                break
        rows = []
        for n, (kind, commune, topic, day, days) in enumerate(added):
            feedback_id = f"YK9{n:06d}"
            rows.append({column: "" for column in items.columns} | {
                "feedback_id": feedback_id, "received_date": day.isoformat(), "commune_code": commune,
                "channel": OTHER_CHANNELS[n % 4], "topic": topic, "handled_on_spot": "false",
                "replied_date": (day + dt.timedelta(days=2)).isoformat(),
                "summary": "Phản ánh qua đường dây nóng về việc đã nêu"})
            (self.planted if kind == "planted" else self.near).setdefault("heard_elsewhere_first", []).append(
                feedback_id)
        self.f["feedback"] = pd.concat([items, pd.DataFrame(rows)], ignore_index=True).sort_values(
            "feedback_id", ignore_index=True)

    # -- 9.4 empty visits ------------------------------------------------------------------------

    def empty_visits(self) -> None:
        items = self.f["feedback"]
        named = set(items.visit_id)
        held = self.held()
        held = held[~held.commune_code.isin(self.protected_communes) & ~held.visit_id.isin(self.protected_visits)]
        without = sorted(set(held.visit_id) - named)
        with_items = sorted(set(held.visit_id) & named)
        chosen = self.rnd.sample(without, min(4, len(without)))
        for n, visit_id in enumerate(sorted(chosen)):
            self.set_visit(visit_id, citizens_attending="0" if n % 2 else "")
        near = self.rnd.sample(with_items, min(2, len(with_items)))
        for visit_id in near:
            self.set_visit(visit_id, citizens_attending="0")
        self.planted["empty_visits"] = sorted(chosen)
        self.near["empty_visits"] = sorted(near)


def plant(frames: dict[str, pd.DataFrame], *, seed: int, period_start: dt.date, as_of: dt.date,
          calendar: Calendar, truth: dict) -> dict:
    """Plant the cases of section 9 into `frames` (changed in place; new rows appended) and return
    their ground truth: {"planted": ..., "near_misses": ..., "found": what the rules find}."""
    plant = _Plant(frames, seed=seed, period_start=period_start, as_of=as_of, calendar=calendar, truth=truth)
    plant.heads()
    plant.last_minute()
    plant.typed()
    plant.many_places()
    plant.heard_elsewhere()
    plant.empty_visits()
    for name in ("visits", "attendance"):
        key = ["visit_id"] if name == "visits" else ["visit_id", "official_id"]
        frames[name] = frames[name].sort_values(key, ignore_index=True)
    from outreach.demo.beyond_truth import find

    return {"planted": plant.planted, "near_misses": plant.near,
            "found": find(frames, period_start=period_start, as_of=as_of)}
