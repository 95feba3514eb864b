-- Dashboard: complaint operations per month over the 24 months up to D (docs/contract.md §4.13):
-- the backlog open and overdue at each month's end (summed over the causes of
-- mart_complaint_causes, which has a row for a month with a backlog and nothing received),
-- and, from mart_complaints_monthly, the complaint rate (its month_ columns are the same on each
-- of a month's rows: read once with max) and the complaints received by severity.
WITH backlog AS (
    SELECT month, SUM(open_at_month_end) AS open_complaints, SUM(overdue_at_month_end) AS overdue_complaints
    FROM mart_complaint_causes
    GROUP BY month
),
received AS (
    SELECT month,
           SUM(complaints)                   AS complaints,
           MAX(month_complainants)           AS complainants,
           MAX(month_active_customers)       AS active_customers,
           MAX(month_complaint_rate)         AS complaint_rate,
           SUM(low_severity_complaints)      AS low_severity,
           SUM(medium_severity_complaints)   AS medium_severity,
           SUM(high_severity_complaints)     AS high_severity,
           SUM(critical_severity_complaints) AS critical_severity,
           SUM(low_severity_compensation)    AS low_severity_compensation
    FROM mart_complaints_monthly
    GROUP BY month
)
SELECT b.month,
       CAST(b.open_complaints AS BIGINT)                       AS open_complaints,
       CAST(b.overdue_complaints AS BIGINT)                    AS overdue_complaints,
       CAST(COALESCE(r.complaints, 0) AS BIGINT)               AS complaints,
       CAST(COALESCE(r.complainants, 0) AS BIGINT)             AS complainants,
       r.active_customers,
       r.complaint_rate,
       CAST(COALESCE(r.low_severity, 0) AS BIGINT)             AS low_severity,
       CAST(COALESCE(r.medium_severity, 0) AS BIGINT)          AS medium_severity,
       CAST(COALESCE(r.high_severity, 0) AS BIGINT)            AS high_severity,
       CAST(COALESCE(r.critical_severity, 0) AS BIGINT)        AS critical_severity,
       COALESCE(r.low_severity_compensation, 0)                AS low_severity_compensation
FROM backlog b
LEFT JOIN received r ON r.month = b.month
WHERE b.month >= (SELECT date_trunc('month', as_of_date) - INTERVAL 23 MONTH FROM warehouse_info)
ORDER BY b.month
