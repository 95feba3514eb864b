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
-- additive over cells, as repeat_complainants: a customer can complain in two); the four
-- severity counts (a complaint without severity is in none); low_severity_compensation = the
-- compensation of the cell's closed low-severity ("trivial") complaints, a part of
-- compensation_total. The whole month's figures (complainants, active customers, complaint
-- rate, the open and overdue backlog at its end) are of another grain: they are in
-- mart_complaint_operations_monthly, one row per month, not repeated here.
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
)
SELECT ${as_of_date}                                                            AS as_of_date,
       month,
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
       CAST(complainants AS BIGINT)                                             AS complainants,
       CAST(low_severity AS BIGINT)                                             AS low_severity_complaints,
       CAST(medium_severity AS BIGINT)                                          AS medium_severity_complaints,
       CAST(high_severity AS BIGINT)                                            AS high_severity_complaints,
       CAST(critical_severity AS BIGINT)                                        AS critical_severity_complaints,
       CAST(low_severity_compensation AS DECIMAL(18,2))                         AS low_severity_compensation
FROM counted
