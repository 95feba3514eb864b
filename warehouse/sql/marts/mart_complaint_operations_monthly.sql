-- mart_complaint_operations_monthly — grain: one calendar month, from the month of the first
-- complaint received through D's month, over the complaints received on or before the end of D
-- (docs/contract.md §4.1, §4.4, §4.8, §4.13).
-- Every month of that span has a row, one with nothing received and nothing open included (its
-- counts 0), so a trend or a month-over-month change has no gap. No complaint at all: no rows.
-- A month's snapshot day is its last day, or D in D's month (is_partial); its end is the last
-- microsecond of that day.
-- complaints = received in the month; complainants = distinct customers among them;
-- active_customers = customers active on the snapshot day (fact_customer_month.is_active, §4.4);
-- complaint_rate = complainants ÷ active_customers, null when none is active (never a division
-- by zero). A complainant need not be active, so the rate is "complainants per active
-- customer", not a share of a set, and it can exceed 1.
-- The four severity counts are of the complaints received in the month (one without severity
-- is in none); low_severity_compensation = the compensation of those with severity low (the
-- "trivial" ones) closed by D, 0 when none.
-- open_at_month_end = complaints received by the end of the snapshot day, in any month, and not
-- closed by then (a closed complaint without resolved_at counts as closed at every month end);
-- overdue_at_month_end = of those, the ones whose exact elapsed time from received_at to that
-- end exceeds ${complaint_deadline_days} × 24 h. Over the root causes, mart_complaint_causes'
-- open_at_month_end and overdue_at_month_end add up to these.
-- Every column is of the whole month. complaints, the severity counts and the trivial cost add
-- up over months; complainants do not (a customer can complain in two), and the backlog is a
-- stock at each month's end, read per month.
WITH first_complaint AS (
    SELECT {{ month_start(MIN(received_date)) }} AS month
    FROM fact_complaint
),
-- an empty fact_complaint gives a null first month, so no month at all
months AS (
    SELECT DISTINCT d.month_start AS month, d.month_end, LEAST(d.month_end, ${as_of_date}) AS snapshot_date
    FROM dim_date d
    JOIN first_complaint f ON d.month_start >= f.month
    WHERE d.month_start <= {{ month_start(${as_of_date}) }}
),
received AS (
    SELECT {{ month_start(received_date) }}                                    AS month,
           COUNT(*)                                                            AS complaints,
           COUNT(DISTINCT customer_id)                                         AS complainants,
           SUM(CASE WHEN severity = 'low' THEN 1 ELSE 0 END)                   AS low_severity,
           SUM(CASE WHEN severity = 'medium' THEN 1 ELSE 0 END)                AS medium_severity,
           SUM(CASE WHEN severity = 'high' THEN 1 ELSE 0 END)                  AS high_severity,
           SUM(CASE WHEN severity = 'critical' THEN 1 ELSE 0 END)              AS critical_severity,
           SUM(CASE WHEN is_closed AND severity = 'low'
                    THEN COALESCE(compensation_amount, 0) ELSE 0 END)          AS low_severity_compensation
    FROM fact_complaint
    GROUP BY {{ month_start(received_date) }}
),
active AS (
    SELECT month_start AS month, COUNT(*) AS active_customers
    FROM fact_customer_month
    WHERE is_active
    GROUP BY month_start
),
-- open at the end of the snapshot day: received by then and not closed by then (a closed
-- complaint's resolved_date after the snapshot day means closed after its end); overdue
-- compares whole microseconds, the end being the last microsecond of the snapshot day
backlog AS (
    SELECT m.month,
           COUNT(*) AS open_at_month_end,
           SUM(CASE WHEN {{ epoch_micros({{ add_days(m.snapshot_date, 1) }}) }} - 1 - {{ epoch_micros(c.received_at) }}
                         > CAST(${complaint_deadline_days} AS BIGINT) * 86400000000
                    THEN 1 ELSE 0 END) AS overdue_at_month_end
    FROM fact_complaint c
    JOIN months m
      ON c.received_date <= m.snapshot_date
     AND (NOT c.is_closed OR c.resolved_date > m.snapshot_date)
    GROUP BY m.month
)
SELECT ${as_of_date}                                                             AS as_of_date,
       m.month,
       m.month_end > ${as_of_date}                                               AS is_partial,
       CAST(COALESCE(r.complaints, 0) AS BIGINT)                                 AS complaints,
       CAST(COALESCE(r.complainants, 0) AS BIGINT)                               AS complainants,
       CAST(COALESCE(a.active_customers, 0) AS BIGINT)                           AS active_customers,
       CASE WHEN a.active_customers > 0
            THEN CAST(COALESCE(r.complainants, 0) AS DOUBLE) / a.active_customers END AS complaint_rate,
       CAST(COALESCE(r.low_severity, 0) AS BIGINT)                               AS low_severity_complaints,
       CAST(COALESCE(r.medium_severity, 0) AS BIGINT)                            AS medium_severity_complaints,
       CAST(COALESCE(r.high_severity, 0) AS BIGINT)                              AS high_severity_complaints,
       CAST(COALESCE(r.critical_severity, 0) AS BIGINT)                          AS critical_severity_complaints,
       CAST(COALESCE(r.low_severity_compensation, 0) AS DECIMAL(18,2))           AS low_severity_compensation,
       CAST(COALESCE(b.open_at_month_end, 0) AS BIGINT)                          AS open_at_month_end,
       CAST(COALESCE(b.overdue_at_month_end, 0) AS BIGINT)                       AS overdue_at_month_end
FROM months m
LEFT JOIN received r ON r.month = m.month
LEFT JOIN active a ON a.month = m.month
LEFT JOIN backlog b ON b.month = m.month
