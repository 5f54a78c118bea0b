"""Feedback of the national demo: items raised at visits and by hotline, online, letter; forwarding,
replies at each agency's pace (two slow agencies per province), late forwarders and open items
(NationalFeedbackMixin)."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from outreach.demo import names
from outreach.demo.national_common import (OTHER_FEEDBACK_PER_COMMUNE_MONTH, bool_text, date_text, full_names, id_text,
                                           phone_numbers, pick_text)

CHANNELS_OTHER = ("hotline", "online", "letter", "other")
CHANNEL_OTHER_WEIGHTS = (0.35, 0.4, 0.15, 0.10)


class NationalFeedbackMixin:
    """Feedback items of the national province generator: writes the feedback table."""

    def _feedback(self) -> None:
        rng, v, months = self.rng, self.visit_data, self.months
        n_communes = len(self.communes)
        held = np.flatnonzero(v["status"] == 1)
        per_visit = np.where(np.isin(v["type"][held], [0, 1]), 1.75, 0.6)
        count = rng.poisson(per_visit)
        from_visit = np.repeat(held, count)
        n_visit = len(from_visit)
        # Items that came by hotline, online, letter: more right after Tết and in the storm months.
        other_parts = []
        for m in range(len(months.starts)):
            rate = OTHER_FEEDBACK_PER_COMMUNE_MONTH * self.volume * (0.7 + 0.3 * months.factors[m])
            counts = rng.poisson(np.full(n_communes, rate))
            commune = np.repeat(np.arange(n_communes), counts)
            day = months.days[m][rng.integers(0, len(months.days[m]), len(commune))]
            other_parts.append((commune, day))
        other_commune = np.concatenate([p[0] for p in other_parts])
        other_day = np.concatenate([p[1] for p in other_parts])
        n_other = len(other_commune)
        n = n_visit + n_other
        commune = np.concatenate([v["commune"][from_visit], other_commune])
        received = np.concatenate([v["day"][from_visit], other_day])
        visit_index = np.concatenate([from_visit, np.full(n_other, -1)])
        channel_names = ["visit", "dialogue", *CHANNELS_OTHER]
        channel = np.concatenate([np.where(v["type"][from_visit] == 1, 1, 0),
                                  2 + rng.choice(len(CHANNELS_OTHER), size=n_other, p=CHANNEL_OTHER_WEIGHTS)])
        topic_list = [t for t, _agencies in names.TOPICS]
        topic = rng.integers(0, len(topic_list), n)
        # Visit topics carry over to the items raised there half of the time.
        carry = (visit_index >= 0) & (rng.random(n) < 0.5)
        visit_topic = v["topic"][np.maximum(visit_index, 0)]
        topic = np.where(carry & (visit_topic < len(topic_list)), visit_topic, topic)
        recorder = np.concatenate([v["recorder"][from_visit], np.full(n_other, -1)])
        # Other channels: half recorded by an official of the commune's UBND.
        local_pick = rng.random(n) < 0.5
        n_provincial_agencies = len(self.provincial_ids)
        local_count = self.local_count
        local_official = self.local_first[commune] + (rng.random(n) * local_count[commune]).astype(np.int64)
        recorder = np.where((visit_index < 0) & local_pick & (local_count[commune] > 0), local_official, recorder)
        on_spot = rng.random(n) < np.where(channel <= 1, 0.4, np.where(channel == 2, 0.3, 0.08))
        # Forwarding: local topics mostly to the commune's UBND, the rest to the topic's agency.
        forwarded = ~on_spot & (rng.random(n) < 0.88)
        topic_agency = np.asarray([self.provincial_ids.index(self.provincial_by_name[agencies[0]])
                                   if agencies[0] in self.provincial_by_name else 0
                                   for _t, agencies in names.TOPICS])
        topic_second = np.asarray([self.provincial_ids.index(self.provincial_by_name[agencies[-1]])
                                   if agencies[-1] in self.provincial_by_name else 0
                                   for _t, agencies in names.TOPICS])
        local_topic = np.isin(topic, [topic_list.index(t) for t in names.LOCAL_TOPICS])
        target = np.where(rng.random(n) < 0.5, topic_agency[topic], topic_second[topic])
        target = np.where(local_topic & (rng.random(n) < 0.6), n_provincial_agencies + commune, target)
        forward_delay = rng.choice([0, 1, 2, 3, 4, 5], size=n, p=(0.3, 0.3, 0.15, 0.1, 0.08, 0.07))
        holder = recorder >= 0
        holder_late = np.zeros(n, dtype=bool)
        holder_late[holder] = self.late_forwarder[recorder[holder]]
        late_forward = (rng.random(n) < 0.004) | (holder_late & (rng.random(n) < 0.7))
        forward_delay = np.where(late_forward, rng.integers(8, 45, n), forward_delay)
        forwarded_date = received + forward_delay.astype("timedelta64[D]")
        # Replies: by the agency forwarded to, at its own pace; some never.
        speed = self.reply_speed[target]
        reply_days = np.round(rng.lognormal(np.log(speed), 0.6)).astype(np.int64)
        never = rng.random(n) < np.where(forwarded, 0.06, 0.01)
        replied_date = np.where(forwarded, forwarded_date, received) + np.maximum(reply_days, 1).astype("timedelta64[D]")
        replied = ~never & ~on_spot
        direct = ~on_spot & ~forwarded
        replied_date = np.where(direct, received + rng.integers(1, 8, n).astype("timedelta64[D]"), replied_date)
        # On the spot: the reply is the day itself.
        replied_date = np.where(on_spot, received, replied_date)
        replied = replied | on_spot
        resolved = replied & (rng.random(n) < 0.6)
        resolved_date = replied_date + rng.integers(0, 30, n).astype("timedelta64[D]")
        due_set = ~on_spot & (rng.random(n) < 0.2)
        due_date = received + rng.integers(15, 31, n).astype("timedelta64[D]")
        # Nothing is dated after the data's end.
        as_of = self.as_of
        keep = received <= as_of
        forwarded_shown = forwarded & (forwarded_date <= as_of)
        replied_shown = replied & (replied_date <= as_of)
        resolved_shown = resolved & replied_shown & (resolved_date <= as_of)
        order = np.lexsort((commune, received))
        order = order[keep[order]]
        n_kept = len(order)
        codes = pa.array([c.code for c in self.communes])
        summaries = [s for t in topic_list for s in names.SUMMARIES.get(t, (t,))]
        summary_offset = np.cumsum([0] + [len(names.SUMMARIES.get(t, (t,))) for t in topic_list])
        summary_count = np.diff(summary_offset)
        summary = summary_offset[topic] + (rng.random(n) * summary_count[topic]).astype(np.int64)
        named = rng.random(n) < 0.6
        phone = named & (rng.random(n) < 0.8)
        citizen = full_names(rng, n)
        o = pa.array(order)
        self._table("feedback", {
            "feedback_id": id_text(f"YK{self.code}", np.arange(1, n_kept + 1), 7),
            "received_date": date_text(received[order]),
            "commune_code": pc.take(codes, pa.array(commune[order])),
            "visit_id": pc.if_else(pa.array(visit_index[order] >= 0),
                                   pc.take(self.visit_ids, pa.array(np.maximum(visit_index[order], 0))),
                                   pa.scalar(None, pa.string())),
            "channel": pick_text(channel_names, channel[order]),
            "topic": pick_text(topic_list, topic[order]),
            "recorded_by": pc.if_else(pa.array(recorder[order] >= 0),
                                      pc.take(self.official_ids, pa.array(np.maximum(recorder[order], 0))),
                                      pa.scalar(None, pa.string())),
            "handled_on_spot": bool_text(on_spot[order]),
            "forwarded_to": pc.if_else(pa.array(forwarded_shown[order]),
                                       pc.take(self.agency_ids, pa.array(target[order])), pa.scalar(None, pa.string())),
            "forwarded_date": date_text(forwarded_date[order], forwarded_shown[order]),
            "due_date": date_text(due_date[order], due_set[order]),
            "replied_date": date_text(replied_date[order], replied_shown[order]),
            "resolved_date": date_text(resolved_date[order], resolved_shown[order]),
            "summary": pick_text(summaries, summary[order]),
            "citizen_name": pc.if_else(pa.array(named[order]), pc.take(citizen, o), pa.scalar(None, pa.string())),
            "citizen_phone": pc.take(phone_numbers(rng, n, phone), o),
        })
