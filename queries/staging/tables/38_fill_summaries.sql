-- Fills agency_months (created in tables/25_summaries.sql) from its plain definition agency_month_rows
-- (macros/37_summaries.sql), now that the macros it is built from exist. The feedback summaries depend
-- on as_of and the settings and are filled by the import (outreach/ingest/summaries.py).
-- Depends on: agency_months, summaries_built (tables/25_summaries.sql), agency_month_rows
-- (macros/37_summaries.sql).
insert into agency_months
select agency_id, month_start, listed_present, listed_not_excused, months_counted, months_met,
from agency_month_rows()
order by month_start, agency_id;

create or replace macro summaries_built() as true;
