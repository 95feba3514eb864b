-- mart_complaints_monthly — grain: one month of received_at × channel × category (null →
-- 'unknown'), for the complaints received on or before the end of D (docs/contract.md §3, §4.8).
-- justified / unfounded count justified = true / false (empty counts as neither);
-- justified_ratio = justified ÷ (justified + unfounded), null when that is 0.
-- resolved counts complaints closed (resolved or rejected) on or before D; one closed after D
-- is open on D. Over the closed complaints: resolved_within_deadline_ratio = share kept
-- within the deadline (exact elapsed time ≤ ${complaint_deadline_days} × 24 h; a closed
-- complaint without resolved_at has no known elapsed time and is left out of this ratio and
-- of avg_resolution_days), avg_resolution_days (exact, fractional days), compensation_total
-- (0 when nothing closed; the compensation of open complaints is not counted).
-- top20_customer_complaints counts complaints of customers with is_top20 as of D (§4.6:
-- purchase revenue in D's month and the 11 before above zero, and fewer than 20% of such
-- customers with strictly more). repeat_complainants counts distinct customers of the cell
-- with a complaint of theirs in the cell received strictly after their first complaint of
-- any channel or category; complaints received at the very same instant are not earlier
-- than one another, so a tie alone does not make a repeat complainant.
-- Complaint operations (§4.13), per cell: complainants = distinct customers of the cell (not
-- additive over cells: a customer can complain in two); the four severity counts (a complaint
-- without severity is in none); low_severity_compensation = the compensation of the cell's
-- closed low-severity ("trivial") complaints, a part of compensation_total; complaint_rate =
-- complainants ÷ month_active_customers.
-- The month_ columns are figures of the whole month over every channel and category, the same
-- on each of the month's rows (take one per month, never a sum), as of the month's end: its
-- last day, or D in D's month (the activity date). month_active_customers = customers active
-- on it (fact_customer_month.is_active, §4.4); month_complainants = distinct customers with a
-- complaint received in the month; month_complaint_rate = their quotient, null without an
-- active customer. month_open_complaints = complaints received by the end of the activity date
-- (any month) and not closed by then (a closed complaint without resolved_at counts as closed
-- at every month end); month_overdue_complaints = of those, the ones whose exact elapsed time
-- from received_at to the end of the activity date exceeds ${complaint_deadline_days} × 24 h.
WITH recent AS (
    SELECT customer_id, SUM(net_revenue) AS revenue_12m
    FROM fact_order
    WHERE is_purchase
      AND order_date >= {{ add_months({{ month_start(${as_of_date}) }}, -11) }}
      AND order_date <= ${as_of_date}
    GROUP BY customer_id
),
ranked AS (
    SELECT customer_id,
           RANK() OVER (ORDER BY revenue_12m DESC) - 1 AS more_revenue_12m,
           COUNT(*) OVER ()                            AS recent_buyers
    FROM recent
    WHERE revenue_12m > 0
),
top20 AS (
    SELECT customer_id FROM ranked WHERE 5 * more_revenue_12m < recent_buyers
),
complaints AS (
    SELECT c.customer_id,
           {{ month_start(c.received_date) }}                                  AS month,
           COALESCE(c.channel, 'unknown')                                      AS channel,
           COALESCE(c.category, 'unknown')                                     AS category,
           c.justified, c.is_closed, c.within_deadline, c.resolution_days, c.compensation_amount,
           c.severity,
           c.received_at > MIN(c.received_at) OVER (PARTITION BY c.customer_id) AS is_repeat
    FROM fact_complaint c
),
counted AS (
    SELECT c.month, c.channel, c.category,
           COUNT(*)                                                             AS complaints,
           SUM(CASE WHEN c.justified = TRUE THEN 1 ELSE 0 END)                  AS justified,
           SUM(CASE WHEN c.justified = FALSE THEN 1 ELSE 0 END)                 AS unfounded,
           SUM(CASE WHEN c.is_closed THEN 1 ELSE 0 END)                         AS resolved,
           SUM(CASE WHEN c.is_closed AND c.within_deadline IS NOT NULL THEN 1 ELSE 0 END) AS timed,
           SUM(CASE WHEN c.is_closed AND c.within_deadline THEN 1 ELSE 0 END)   AS within_deadline,
           -- summed as whole microseconds: a sum of doubles depends on the order a parallel
           -- aggregate meets them, and the mart must come out the same on every run
           SUM(CASE WHEN c.is_closed THEN CAST(ROUND(c.resolution_days * 86400000000.0) AS BIGINT) END)
                                                                                AS resolution_micros,
           COUNT(CASE WHEN c.is_closed THEN c.resolution_days END)              AS resolution_count,
           SUM(CASE WHEN c.is_closed THEN COALESCE(c.compensation_amount, 0) ELSE 0 END) AS compensation_total,
           SUM(CASE WHEN t.customer_id IS NOT NULL THEN 1 ELSE 0 END)           AS top20_customer_complaints,
           COUNT(DISTINCT CASE WHEN c.is_repeat THEN c.customer_id END)         AS repeat_complainants,
           COUNT(DISTINCT c.customer_id)                                        AS complainants,
           SUM(CASE WHEN c.severity = 'low' THEN 1 ELSE 0 END)                  AS low_severity,
           SUM(CASE WHEN c.severity = 'medium' THEN 1 ELSE 0 END)               AS medium_severity,
           SUM(CASE WHEN c.severity = 'high' THEN 1 ELSE 0 END)                 AS high_severity,
           SUM(CASE WHEN c.severity = 'critical' THEN 1 ELSE 0 END)             AS critical_severity,
           SUM(CASE WHEN c.is_closed AND c.severity = 'low'
                    THEN COALESCE(c.compensation_amount, 0) ELSE 0 END)         AS low_severity_compensation
    FROM complaints c
    LEFT JOIN top20 t ON t.customer_id = c.customer_id
    GROUP BY c.month, c.channel, c.category
),
-- the months with a row, each with its activity date: the last day, or D in D's month
months AS (
    SELECT month,
           LEAST({{ add_days({{ add_months(month, 1) }}, -1) }}, ${as_of_date}) AS activity_date
    FROM (SELECT DISTINCT month FROM complaints) m
),
month_complainants AS (
    SELECT month, COUNT(DISTINCT customer_id) AS complainants
    FROM complaints
    GROUP BY month
),
month_active AS (
    SELECT f.month_start AS month, COUNT(*) AS active_customers
    FROM fact_customer_month f
    JOIN months m ON m.month = f.month_start
    WHERE f.is_active
    GROUP BY f.month_start
),
-- open at the end of the activity date: received by then and not closed by then (a closed
-- complaint's resolved_date after the activity date means closed after its end); overdue
-- compares whole microseconds, the end being the last microsecond of the activity date
backlog AS (
    SELECT m.month,
           COUNT(*) AS open_complaints,
           SUM(CASE WHEN {{ epoch_micros({{ add_days(m.activity_date, 1) }}) }} - 1 - {{ epoch_micros(c.received_at) }}
                         > CAST(${complaint_deadline_days} AS BIGINT) * 86400000000
                    THEN 1 ELSE 0 END) AS overdue_complaints
    FROM fact_complaint c
    JOIN months m
      ON c.received_date <= m.activity_date
     AND (NOT c.is_closed OR c.resolved_date > m.activity_date)
    GROUP BY m.month
),
per_month AS (
    SELECT m.month,
           COALESCE(a.active_customers, 0) AS active_customers,
           p.complainants                  AS all_complainants,
           COALESCE(b.open_complaints, 0)  AS open_complaints,
           COALESCE(b.overdue_complaints, 0) AS overdue_complaints
    FROM months m
    JOIN month_complainants p ON p.month = m.month
    LEFT JOIN month_active a ON a.month = m.month
    LEFT JOIN backlog b ON b.month = m.month
)
SELECT ${as_of_date}                                                            AS as_of_date,
       c.month,
       channel,
       category,
       CAST(complaints AS BIGINT)                                               AS complaints,
       CAST(justified AS BIGINT)                                                AS justified,
       CAST(unfounded AS BIGINT)                                                AS unfounded,
       CASE WHEN justified + unfounded > 0
            THEN CAST(justified AS DOUBLE) / (justified + unfounded) END        AS justified_ratio,
       CAST(resolved AS BIGINT)                                                 AS resolved,
       CASE WHEN timed > 0 THEN CAST(within_deadline AS DOUBLE) / timed END    AS resolved_within_deadline_ratio,
       CASE WHEN resolution_count > 0
            THEN CAST(resolution_micros AS DOUBLE) / resolution_count / 86400000000.0 END AS avg_resolution_days,
       CAST(compensation_total AS DECIMAL(18,2))                                AS compensation_total,
       CAST(top20_customer_complaints AS BIGINT)                                AS top20_customer_complaints,
       CAST(repeat_complainants AS BIGINT)                                      AS repeat_complainants,
       CAST(c.complainants AS BIGINT)                                           AS complainants,
       CASE WHEN m.active_customers > 0
            THEN CAST(c.complainants AS DOUBLE) / m.active_customers END       AS complaint_rate,
       CAST(low_severity AS BIGINT)                                             AS low_severity_complaints,
       CAST(medium_severity AS BIGINT)                                          AS medium_severity_complaints,
       CAST(high_severity AS BIGINT)                                            AS high_severity_complaints,
       CAST(critical_severity AS BIGINT)                                        AS critical_severity_complaints,
       CAST(low_severity_compensation AS DECIMAL(18,2))                         AS low_severity_compensation,
       CAST(m.active_customers AS BIGINT)                                       AS month_active_customers,
       CAST(m.all_complainants AS BIGINT)                                       AS month_complainants,
       CASE WHEN m.active_customers > 0
            THEN CAST(m.all_complainants AS DOUBLE) / m.active_customers END   AS month_complaint_rate,
       CAST(m.open_complaints AS BIGINT)                                        AS month_open_complaints,
       CAST(m.overdue_complaints AS BIGINT)                                     AS month_overdue_complaints
FROM counted c
JOIN per_month m ON m.month = c.month
