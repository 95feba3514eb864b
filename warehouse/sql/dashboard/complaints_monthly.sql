-- Dashboard: complaints per month of receipt over the 24 months up to D, all channels and
-- categories together: how many came in, how many of them are closed by D, and the share of
-- the closed ones handled within the deadline (within_deadline ÷ resolved_timed).
SELECT month,
       SUM(complaints)                                                           AS complaints,
       SUM(resolved)                                                             AS resolved,
       SUM(CASE WHEN resolved_within_deadline_ratio IS NOT NULL
                THEN resolved END)                                               AS resolved_timed,
       CAST(round(SUM(resolved_within_deadline_ratio * resolved)) AS BIGINT)   AS within_deadline
FROM mart_complaints_monthly
WHERE month >= (SELECT date_trunc('month', as_of_date) - INTERVAL 23 MONTH FROM warehouse_info)
GROUP BY month
ORDER BY month
