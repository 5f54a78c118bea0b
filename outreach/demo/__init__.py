"""The seeded demo exports: a fictional province with planted patterns, and a whole country at scale.

Modules:

- `province`: `generate` (the province demo) and its generator, assembled from one mixin per job:
  `geography` (outline, commune shapes, communes, hamlets), `people` (agencies, officials,
  assignments), `visits` (slots, visits, attendance), `feedback` (feedback items) and `planted`
  (the planted cases and ground_truth.json);
- `national`: `generate_national` (the national demo, for scale and speed) and its per-province
  generator, assembled from `national_geography` (synthetic or real communes, the provinces to
  write, communes and hamlets), `national_people` (agencies, officials, assignments),
  `national_visits` (visits, attendance) and `national_feedback`; `national_common` holds the
  volumes, the months and the pyarrow column helpers;
- `common`: constants, records, the working-day calendar and small helpers shared by both;
- `names`: the Vietnamese word lists.

Imports allowed here: outreach.ingest.contract, outreach.ingest.geo and outreach.query.periods (plus the standard
library, numpy, pandas, pyarrow, shapely, holidays and vietnam_provinces). Never streamlit or any
UI module: the demo is written from the command line and from the dashboard alike.
"""

from outreach.demo.national import generate_national
from outreach.demo.province import DemoSummary, generate

__all__ = ["DemoSummary", "generate", "generate_national"]
