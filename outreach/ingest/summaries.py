"""The import's summaries that depend on as_of and the settings (queries/staging/tables/25_summaries.sql,
docs/metrics.md "Summaries by entity and month"): filled for the data's as_of and the import's settings,
and the two macros that tell a query whether they apply."""

from __future__ import annotations

import datetime as dt

import duckdb

from outreach.config import Settings
from outreach.ingest.checks import execute


# The summaries of queries/staging/tables/25_summaries.sql that depend on as_of and the settings, and
# the macro (queries/staging/macros/37_summaries.sql) each is filled from.
FEEDBACK_SUMMARIES = (("feedback_forwarded_months", "feedback_forwarded_month_rows"),
                      ("feedback_held_months", "feedback_held_month_rows"),
                      ("feedback_km_months", "feedback_km_month_rows"))


def fill_feedback_summaries(con: duckdb.DuckDBPyConnection, settings: Settings, as_of: dt.date | None = None) -> None:
    """Fill the feedback summaries for the data's as_of (or `as_of`) and these settings (what every
    page asks until an analyst sets another as_of or the settings change; then the queries compute
    from the items), and name both in feedback_summary_key; and the late visits and the met months'
    status at month end for the setting last_minute_days (late_visit_key). Nothing when the data has
    no date."""
    as_of = as_of or execute(con, "select as_of from data_as_of")[0][0]
    for table, _macro in FEEDBACK_SUMMARIES:
        execute(con, f"delete from {table}")
    execute(con, "delete from feedback_summary_key")
    execute(con, "delete from late_visit_months")
    execute(con, "delete from last_minute_month_status")
    execute(con, "delete from late_visit_key")
    write_summary_gates(con)          # nothing applies while the summaries are filled
    if as_of is None:
        return
    values = settings.query_settings()
    keys = {"reply_working_days": int(values["reply_working_days"]), "held_after_days": int(values["held_after_days"])}
    params = {"as_of": as_of, "settings": keys}
    for table, macro in FEEDBACK_SUMMARIES:
        execute(con, f"insert into {table} by name select * from {macro}($as_of::date, $settings) "
                     "order by all", params)
    execute(con, "insert into feedback_summary_key values ($as_of::date, $reply_working_days, $held_after_days)",
            {"as_of": as_of, **keys})
    # The late visits of the signs of form's sake, for the import's last_minute_days.
    days = {"last_minute_days": int(values["last_minute_days"])}
    execute(con, "insert into late_visit_months by name select * from late_visit_month_rows($settings) order by all",
            {"settings": days})
    # The met months' status at month end over the whole quota grid, with no data start (the queries keep
    # the months from theirs on).
    execute(con, """
        insert into last_minute_month_status by name
        select l.official_id, q.agency_id, l.month_start, l.required, l.attended, l.early_attended, l.is_last_minute,
        from last_minute_months((select min(month_start) from quota_grid_months),
                                (select last_day(max(month_start)) from quota_grid_months), null, null,
                                {'last_minute_days': $last_minute_days, 'visits_from': null::date}) as l
        join quota_official_months as q using (official_id, month_start)
        order by l.month_start, l.official_id""", days)
    execute(con, "insert into late_visit_key values ($last_minute_days)", days)
    write_summary_gates(con)


def write_summary_gates(con: duckdb.DuckDBPyConnection) -> None:
    """Redefine feedback_summary_applies and late_visits_apply (queries/staging/tables/25_summaries.sql)
    as comparisons with the values feedback_summary_key and late_visit_key hold, written into the macro:
    a branch a query does not take is then pruned when the query is planned, where a look-up in the key
    tables is evaluated while the rows of the branch are already being read (the plain late visits
    scanned every attendance row of the period for nothing). The values are a date and whole numbers
    the import wrote itself, formatted from their Python types (a macro's body takes no parameters);
    no key row gives false."""
    feedback = execute(con, "select as_of, reply_working_days, held_after_days from feedback_summary_key")
    late = execute(con, "select last_minute_days from late_visit_key")
    applies = "false"
    if len(feedback) == 1 and all(value is not None for value in feedback[0]):
        as_of, reply, held = feedback[0]
        applies = (f"p_as_of = date '{dt.date.fromisoformat(str(as_of)).isoformat()}' "
                   f"and p_settings['reply_working_days'] = {int(reply)} "
                   f"and p_settings['held_after_days'] = {int(held)}")
    execute(con, f"create or replace macro feedback_summary_applies(p_as_of, p_settings) as {applies}")
    late_applies = (f"p_settings['last_minute_days'] = {int(late[0][0])}"
                    if len(late) == 1 and late[0][0] is not None else "false")
    execute(con, f"create or replace macro late_visits_apply(p_settings) as {late_applies}")
