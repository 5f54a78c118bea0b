-- Fills agency_months, quota_running_totals and quota_failing_months (created in tables/25_summaries.sql)
-- from their plain definitions agency_month_rows, quota_running_month_rows and quota_failing_month_rows
-- (macros/37_summaries.sql), now that the macros it is built from exist. The feedback summaries depend
-- on as_of and the settings and are filled by the import (outreach/ingest/summaries.py).
-- Depends on: agency_months, quota_running_totals, quota_failing_months, summaries_built
-- (tables/25_summaries.sql), agency_month_rows, quota_running_month_rows, quota_failing_month_rows
-- (macros/37_summaries.sql).
insert into agency_months
select agency_id, month_start, listed_present, listed_not_excused, months_counted, months_met,
from agency_month_rows()
order by month_start, agency_id;

insert into quota_running_totals
select official_id, agency_id, month_start, counted_before, met_before, counted_through, met_through,
from quota_running_month_rows()
order by month_start, official_id;

insert into quota_failing_months
select official_id, agency_id, month_start,
from quota_failing_month_rows()
order by month_start, official_id;

create or replace macro summaries_built() as true;
