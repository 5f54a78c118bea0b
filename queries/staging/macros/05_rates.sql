-- Rate macros: how every rate of docs/metrics.md is divided, written once.
-- Depends on: nothing.

-- A rate (docs/metrics.md, "Rates"): numerator / divisor as a fraction, empty (null) when the
-- divisor is 0 or empty, never 0.
create or replace macro rate_of(numerator, divisor) as
    case when divisor > 0 then numerator / divisor end;

-- The on-time rate (docs/metrics.md, "Citizen feedback"): replied on time / (replied + open
-- overdue); open items not yet due are in neither.
create or replace macro on_time_rate_of(replied_on_time, replied, open_overdue) as
    rate_of(replied_on_time, replied + open_overdue);
