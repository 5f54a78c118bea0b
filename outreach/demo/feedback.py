"""Feedback of the demo province: items raised at visits and through other channels, how
ordinary items are handled (never held), capping at the data's end, numbering and the table."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from outreach.ingest import contract
from outreach.demo import names
from outreach.demo.common import DAY, HELD_AFTER_DAYS, REPLY_WORKING_DAYS, iso, person_name, phone, weighted


class FeedbackMixin:
    """Feedback items of the province generator: fills self.feedback and self.route; the planted
    held items come from PlantedMixin."""

    def build_feedback(self) -> None:
        rnd = self.rnd
        slots = self.slots
        as_of = self.as_of
        by_name = {a.name: a.index for a in self.agencies}
        self.route = {topic: [by_name[name] for name in targets] for topic, targets in names.TOPICS}
        topic_names = [topic for topic, _ in names.TOPICS]
        topic_weights = [5 if t in ("Đất đai", "Giải phóng mặt bằng", "Môi trường", "Giao thông nông thôn") else 2
                         for t in topic_names]
        total = round(80000 * self.scale)
        present_at: dict[int, list[int]] = {}
        for i in range(len(slots)):
            if slots.status[i] in ("present", "late"):
                present_at.setdefault(slots.visit[i], []).append(slots.official[i])
        for visit_index, official in self.walk_ins:
            present_at.setdefault(visit_index, []).append(official)
        held = [i for i, v in enumerate(self.visits) if v.status == "held"]
        weights = np.asarray([self.visits[i].citizens for i in held], dtype=float)
        counts = self.numbers.poisson(total * 0.7 * weights / weights.sum())
        for visit_index, count in zip(held, counts.tolist()):
            visit = self.visits[visit_index]
            recorders = present_at.get(visit_index)
            if not recorders or count == 0:
                continue
            for _ in range(count):
                if visit.canonical_topic in self.route and rnd.random() < 0.6:
                    topic = visit.canonical_topic
                else:
                    topic = rnd.choices(topic_names, weights=topic_weights)[0]
                item = self._item(visit.day, visit.commune, visit_index,
                                  "dialogue" if visit.visit_type == "doi_thoai" else "visit", topic,
                                  self.officials[rnd.choice(recorders)].official_id)
                self._handle(item)
                self.feedback.append(item)
        self._add_direct_items(round(total * 0.3), topic_names, topic_weights, by_name)
        self._plant_held_items(present_at, topic_names, topic_weights)
        last = self._item(as_of, self._population_commune(), None, "online",
                          rnd.choices(topic_names, weights=topic_weights)[0], "")
        self.feedback.append(last)  # received on the last day: the data's as_of
        for item in self.feedback:
            self._cap(item)

    def _population_commune(self) -> int:
        weights = [c.population or 12000 for c in self.communes]
        return self.rnd.choices(range(len(self.communes)), weights=weights)[0]

    def _item(self, received: dt.date, commune: int, visit: int | None, channel: str, topic: str,
              recorded_by: str) -> dict[str, object]:
        rnd = self.rnd
        summary = rnd.choice(names.SUMMARIES.get(topic, names.GENERAL_SUMMARIES))
        return {
            "received_date": received, "commune": commune, "visit": visit, "channel": channel,
            "topic": topic if rnd.random() > 0.04 else "", "recorded_by": recorded_by,
            "handled_on_spot": False, "forwarded_to": None, "forwarded_date": None, "due_date": None,
            "replied_date": None, "resolved_date": None, "summary": summary if rnd.random() > 0.03 else "",
            "citizen_name": person_name(rnd) if rnd.random() < 0.85 else "",
            "citizen_phone": phone(rnd) if rnd.random() < 0.8 else "", "held": False,
        }

    def _target_agency(self, topic: str, commune: int) -> int:
        rnd = self.rnd
        own = self.communes[commune].agency
        if own is not None and (topic in names.LOCAL_TOPICS or not topic) and rnd.random() < 0.5:
            return own
        if not topic:
            return rnd.choice([a.index for a in self.agencies if a.name == "Văn phòng UBND tỉnh"])
        return rnd.choice(self.route[topic])

    def _handle(self, item: dict[str, object]) -> None:
        """How an ordinary item is handled: never held (forwarded within 5 days, answered on the
        spot or replied within 7 days)."""
        rnd = self.rnd
        calendar_ = self.calendar
        received: dt.date = item["received_date"]
        draw = rnd.random()
        if draw < 0.35:
            item["handled_on_spot"] = True
            item["replied_date"] = received if rnd.random() < 0.7 else None
            if rnd.random() < 0.45:
                item["resolved_date"] = received
            return
        if draw < 0.40:
            replied = received + dt.timedelta(days=rnd.randint(1, HELD_AFTER_DAYS))
            item["replied_date"] = replied
            if rnd.random() < 0.5:
                item["resolved_date"] = replied + dt.timedelta(days=rnd.randint(0, 20))
            return
        agency = self.agencies[self._target_agency(item["topic"], item["commune"])]
        item["forwarded_to"] = agency.index
        days = calendar_.working_between(received, received + dt.timedelta(days=5))
        forwarded = rnd.choice(days) if days else received
        item["forwarded_date"] = forwarded
        due = received + dt.timedelta(days=rnd.randint(10, 30)) if rnd.random() < 0.3 else None
        item["due_date"] = due
        effective = due or calendar_.nth_working_after(received, REPLY_WORKING_DAYS)
        draw = rnd.random()
        if agency.slow and draw < 0.85:
            # Slow agencies: a reply takes 25-90 days, and one item in five gets none.
            replied = None if draw < 0.17 else received + dt.timedelta(days=rnd.randint(25, 90))
        elif draw < 0.03 and not agency.slow:
            replied = None
        elif draw < 0.13 and not agency.slow:
            replied = effective + dt.timedelta(days=rnd.randint(1, 30))
        else:
            low = max(forwarded, received + DAY)
            options = calendar_.working_between(low, effective) or [effective]
            replied = rnd.choice(options)
        if replied is not None:
            replied = max(replied, forwarded)
            item["replied_date"] = replied
            if rnd.random() < 0.55:
                item["resolved_date"] = replied + dt.timedelta(days=rnd.randint(0, 45))

    def _add_direct_items(self, count: int, topic_names, topic_weights, by_name: dict[str, int]) -> None:
        """Hotline, online, letter and other items: no visit."""
        rnd = self.rnd
        channels = (("online", 40), ("hotline", 33), ("letter", 20), ("other", 7))
        provincial_desk = {
            "letter": self.agencies[by_name["Thanh tra tỉnh"]].officials,
            "other": self.agencies[by_name["Văn phòng UBND tỉnh"]].officials,
            "hotline": self.agencies[by_name["Văn phòng UBND tỉnh"]].officials,
            "online": self.agencies[by_name["Văn phòng UBND tỉnh"]].officials,
        }
        all_days = [self.data_start + dt.timedelta(days=d) for d in range((self.as_of - self.data_start).days + 1)]
        working_days = self.calendar.working_between(self.data_start, self.as_of)
        for _ in range(count):
            channel = weighted(rnd, channels)
            received = rnd.choice(all_days if channel == "online" else working_days)
            commune = self._population_commune()
            if channel == "online" and rnd.random() < 0.5:
                recorded_by = ""
            else:
                own = self.communes[commune].agency
                desk = self.agencies[own].officials if own is not None else provincial_desk[channel]
                recorded_by = self.officials[rnd.choice(desk)].official_id
            item = self._item(received, commune, None, channel, rnd.choices(topic_names, weights=topic_weights)[0],
                              recorded_by)
            self._handle(item)
            self.feedback.append(item)

    def _cap(self, item: dict[str, object]) -> None:
        """Nothing is dated after the data's end: a later forward or reply has not happened yet."""
        for key in ("forwarded_date", "replied_date", "resolved_date"):
            if item[key] is not None and item[key] > self.as_of:
                item[key] = None
        if item["forwarded_date"] is None:
            item["forwarded_to"] = None
        if item["replied_date"] is None and not item["handled_on_spot"]:
            item["resolved_date"] = None
        if item["resolved_date"] is not None and item["replied_date"] is not None and item["resolved_date"] < item["replied_date"]:
            item["resolved_date"] = item["replied_date"]

    def number_feedback(self) -> None:
        order = sorted(range(len(self.feedback)), key=lambda i: (
            self.feedback[i]["received_date"], self.communes[self.feedback[i]["commune"]].code, i))
        for n, i in enumerate(order, start=1):
            self.feedback[i]["feedback_id"] = f"YK{n:07d}"
        self.feedback.sort(key=lambda item: item["feedback_id"])

    def feedback_frame(self) -> pd.DataFrame:
        rows = []
        for item in self.feedback:
            rows.append({
                "feedback_id": item["feedback_id"], "received_date": iso(item["received_date"]),
                "commune_code": self.communes[item["commune"]].code,
                "visit_id": "" if item["visit"] is None else self.visits[item["visit"]].visit_id,
                "channel": item["channel"], "topic": item["topic"], "recorded_by": item["recorded_by"],
                "handled_on_spot": "true" if item["handled_on_spot"] else "false",
                "forwarded_to": "" if item["forwarded_to"] is None else self.agencies[item["forwarded_to"]].agency_id,
                "forwarded_date": iso(item["forwarded_date"]), "due_date": iso(item["due_date"]),
                "replied_date": iso(item["replied_date"]), "resolved_date": iso(item["resolved_date"]),
                "summary": item["summary"], "citizen_name": item["citizen_name"], "citizen_phone": item["citizen_phone"],
            })
        return pd.DataFrame(rows, columns=contract.table("feedback").column_names, dtype=str)
