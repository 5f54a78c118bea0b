"""The planted cases of the demo province, and the ground truth that lists them: never-visited
and stale communes, slow and weak agencies, flagged officials (listed but never present, rarely
present, under quota, holding information), overlapping visit pairs and held feedback items."""

from __future__ import annotations

import datetime as dt
import math

from outreach.demo import names
from outreach.demo.common import (COORDINATING_AGENCIES, HELD_AFTER_DAYS, NEVER_PRESENT, NEVER_VISITED_COMMUNES,
                                  ORDINARY, OVERLAP_MAX_DAYS, PLANTED_AT_SCALE_1, RARELY_PRESENT,
                                  SLOW_AGENCY_CANDIDATES, STALE_COMMUNES, UNDER_QUOTA, WEAK_AGENCY_CANDIDATES, Agency,
                                  Visit, normalize_topic, random_day, topic_variant)


class PlantedMixin:
    """The planted patterns of the province generator, each drawn at its place in the run (the
    other mixins call these steps), so the random calls keep their order."""

    def planted(self, key: str) -> int:
        return max(2, round(PLANTED_AT_SCALE_1[key] * self.scale))

    # -- communes and agencies ----------------------------------------------------------------

    def _choose_commune_roles(self) -> None:
        rnd = self.rnd
        rural = [c.index for c in self.communes if c.kind == "xa"]
        for index in rnd.sample(rural, rnd.choice((2, 3))):
            self.communes[index].population = None
        by_distance = sorted(rural, key=lambda i: -self.communes[i].distance)
        for index in rnd.sample(by_distance[: max(NEVER_VISITED_COMMUNES * 3, len(by_distance) // 3)], NEVER_VISITED_COMMUNES):
            self.communes[index].role = "never"
        candidates = [i for i in rural if self.communes[i].role == "normal"]
        earliest = self.as_of - dt.timedelta(days=180)
        latest = self.as_of - dt.timedelta(days=120)
        for index in rnd.sample(candidates, STALE_COMMUNES):
            commune = self.communes[index]
            commune.role = "stale"
            commune.last_day = rnd.choice(self.calendar.working_between(earliest, latest))

    def _choose_slow_and_weak_agencies(self, by_name: dict[str, Agency]) -> None:
        """Three slow agencies (also weak) and one weak agency with fewer officials."""
        rnd = self.rnd
        for name in sorted(rnd.sample(SLOW_AGENCY_CANDIDATES, 3)):
            by_name[name].slow = True
            by_name[name].weak = True
        weak = by_name[rnd.choice(WEAK_AGENCY_CANDIDATES)]
        weak.weak = True
        weak.weight = 0.5

    # -- officials ----------------------------------------------------------------------------

    def choose_roles(self) -> None:
        """Pick the planted officials: a large share in the weak agencies."""
        rnd = self.rnd
        counts = [(NEVER_PRESENT, self.planted("listed_never_present")),
                  (RARELY_PRESENT, self.planted("rarely_present")),
                  (UNDER_QUOTA, self.planted("under_quota"))]
        total = sum(count for _, count in counts)
        weak = [a for a in self.agencies if a.weak]
        # The weak agency that answers no feedback gets the biggest share, so attendance and
        # quota alone pull it down; the slow ones are already low on answering on time.
        shares = [(a, 0.4 if not a.slow else 0.2) for a in weak]
        in_weak = math.ceil(total * 0.55)
        chosen: list[int] = []
        for agency, share in shares:
            members = [o for o in agency.officials if not self.officials[o].is_head]
            take = min(len(members) - 1, max(1, round(in_weak * share)))
            chosen.extend(rnd.sample(members, max(0, take)))
        others = [o.index for o in self.officials
                  if not o.is_head and not self.agencies[o.agency].weak and not self.agencies[o.agency].small]
        taken = set(chosen)
        remaining = [o for o in others if o not in taken]
        chosen.extend(rnd.sample(remaining, total - len(chosen)) if len(chosen) < total else [])
        chosen = chosen[:total]
        rnd.shuffle(chosen)
        position = 0
        for role, count in counts:
            for official_index in chosen[position:position + count]:
                self.officials[official_index].role = role
            position += count

    # -- overlaps -----------------------------------------------------------------------------

    def plant_overlaps(self) -> None:
        rnd = self.rnd
        slots = self.slots
        coordinating = [a.index for a in self.agencies if a.name in COORDINATING_AGENCIES]
        by_commune: dict[int, list[Visit]] = {}
        for visit in self.visits:
            if visit.status == "held" and self.period_start <= visit.day <= self.as_of:
                by_commune.setdefault(visit.commune, []).append(visit)
        communes = [c.index for c in self.communes if c.role == "normal" and c.index in by_commune]
        rnd.shuffle(communes)
        wanted = min(self.planted("overlap_pairs"), len(communes))
        topics = [topic for topic, _ in names.TOPICS]
        index_of = {id(v): i for i, v in enumerate(self.visits)}
        for commune_index in communes:
            if len(self.planted_pairs) >= wanted:
                break
            visits = sorted(by_commune[commune_index], key=lambda v: (v.day, index_of[id(v)]))
            first = rnd.choice(visits)
            partners = [v for v in visits if v is not first and 0 <= (v.day - first.day).days <= OVERLAP_MAX_DAYS]
            if not partners:
                continue
            second = rnd.choice(partners)
            topic = rnd.choice(topics)
            kind = len(self.planted_pairs) % 5
            first.topic = first.canonical_topic = topic
            second.topic, second.canonical_topic = topic_variant(topic, kind), topic
            if second.lead == first.lead:
                options = sorted({self.officials[slots.official[i]].agency for i in second.members} - {first.lead})
                options = options or [a for a in coordinating if a != first.lead]
                second.lead = rnd.choice(options)
            self.planted_pairs.append((index_of[id(first)], index_of[id(second)]))

    def remove_accidental_overlaps(self) -> None:
        """Change topics until the only overlaps (docs/metrics.md, "Coverage", edge rule 6) left are the planted pairs."""
        rnd = self.rnd
        planted = {i for pair in self.planted_pairs for i in pair}
        topics = [topic for topic, _ in names.TOPICS] + list(names.VISIT_ONLY_TOPICS)
        keys = [normalize_topic(v.topic) for v in self.visits]
        by_commune: dict[int, list[int]] = {}
        for i, visit in enumerate(self.visits):
            if visit.status == "held":
                by_commune.setdefault(visit.commune, []).append(i)
        for commune_index in sorted(by_commune):
            indices = by_commune[commune_index]
            done: dict[int, list[int]] = {}  # day ordinal -> visit indices already settled

            def settle(i: int) -> None:
                done.setdefault(self.visits[i].day.toordinal(), []).append(i)

            def clashes(i: int, key: str) -> bool:
                visit = self.visits[i]
                ordinal = visit.day.toordinal()
                for day in range(ordinal - OVERLAP_MAX_DAYS, ordinal + OVERLAP_MAX_DAYS + 1):
                    for j in done.get(day, ()):
                        if keys[j] == key and self.visits[j].lead != visit.lead:
                            return True
                return False

            for i in indices:
                if i in planted:
                    settle(i)
            for i in sorted((i for i in indices if i not in planted), key=lambda i: (self.visits[i].day, i)):
                if keys[i] and clashes(i, keys[i]):
                    options = list(topics)
                    rnd.shuffle(options)
                    replacement = next((t for t in options if not clashes(i, normalize_topic(t))), "")
                    self.visits[i].topic = self.visits[i].canonical_topic = replacement
                    keys[i] = normalize_topic(replacement)
                settle(i)

    # -- held information ---------------------------------------------------------------------

    def _plant_held_items(self, present_at: dict[int, list[int]], topic_names, topic_weights) -> None:
        """Items neither forwarded nor replied within 7 days (docs/metrics.md, "Citizen feedback", edge rule 14)."""
        rnd = self.rnd
        latest = self.as_of - dt.timedelta(days=10)
        visits_of: dict[int, list[int]] = {}
        for visit_index in sorted(present_at):
            visit = self.visits[visit_index]
            if visit.status == "held" and self.period_start <= visit.day <= latest:
                for official in dict.fromkeys(present_at[visit_index]):
                    visits_of.setdefault(official, []).append(visit_index)
        candidates = [o.index for o in self.officials if o.role == ORDINARY and not self.agencies[o.agency].small
                      and len(visits_of.get(o.index, ())) >= 6]
        for official_index in rnd.sample(candidates, min(self.planted("holding_information"), len(candidates))):
            official = self.officials[official_index]
            official.holds_information = True
            for visit_index in rnd.sample(visits_of[official_index], rnd.randint(2, 5)):
                visit = self.visits[visit_index]
                topic = visit.canonical_topic if visit.canonical_topic in self.route else rnd.choices(
                    topic_names, weights=topic_weights)[0]
                item = self._item(visit.day, visit.commune, visit_index,
                                  "dialogue" if visit.visit_type == "doi_thoai" else "visit", topic,
                                  official.official_id)
                self._hold(item)
                self.feedback.append(item)
        for _ in range(self.planted("unrecorded_held_items")):
            received = random_day(rnd, self.period_start, latest)
            item = self._item(received, self._population_commune(), None, "online",
                              rnd.choices(topic_names, weights=topic_weights)[0], "")
            self._hold(item)
            self.feedback.append(item)

    def _hold(self, item: dict[str, object]) -> None:
        rnd = self.rnd
        received: dt.date = item["received_date"]
        item["held"] = True
        pattern = rnd.choices(("late_forward", "sitting", "late_reply"), weights=(5, 3, 2))[0]
        if pattern == "late_forward":
            forwarded = received + dt.timedelta(days=rnd.randint(HELD_AFTER_DAYS + 1, 40))
            item["forwarded_to"] = self._target_agency(item["topic"], item["commune"])
            item["forwarded_date"] = forwarded
            if rnd.random() < 0.7:
                item["replied_date"] = forwarded + dt.timedelta(days=rnd.randint(3, 30))
        elif pattern == "late_reply":
            item["replied_date"] = received + dt.timedelta(days=rnd.randint(HELD_AFTER_DAYS + 2, 45))

    # -- ground truth -------------------------------------------------------------------------

    def ground_truth(self) -> dict:
        officials = self.officials
        never = sorted(o.official_id for o in officials if o.role == NEVER_PRESENT)
        rarely = sorted(o.official_id for o in officials if o.role == RARELY_PRESENT)
        under = sorted(o.official_id for o in officials if o.role in (UNDER_QUOTA, NEVER_PRESENT))
        holding = sorted(o.official_id for o in officials if o.holds_information)
        held_items = sorted(item["feedback_id"] for item in self.feedback if item["held"])
        last_held: dict[int, dt.date] = {}
        for visit in self.visits:
            if visit.status == "held":
                last_held[visit.commune] = max(last_held.get(visit.commune, visit.day), visit.day)
        pairs = sorted(sorted((self.visits[a].visit_id, self.visits[b].visit_id)) for a, b in self.planted_pairs)
        return {
            "seed": self.seed,
            "as_of": self.as_of.isoformat(),
            "default_period": {"start": f"{self.period_start:%Y-%m}", "end": f"{self.as_of:%Y-%m}"},
            "flags": {"listed_never_present": never, "rarely_present": rarely, "under_quota": under,
                      "holding_information": holding},
            "held_items": held_items,
            "never_visited_communes": sorted(c.code for c in self.communes if c.role == "never"),
            "stale_communes": [{"commune_code": c.code, "last_visit_date": last_held[c.index].isoformat()}
                               for c in self.communes if c.role == "stale"],
            "slow_agencies": sorted(a.agency_id for a in self.agencies if a.slow),
            "weak_agencies": sorted(a.agency_id for a in self.agencies if a.weak),
            "small_agencies": sorted(a.agency_id for a in self.agencies if a.small),
            "overlap_pairs": [list(pair) for pair in pairs],
            "tet_months": [f"{self.month_starts[i]:%Y-%m}" for i in self.tet_month_indices],
        }
