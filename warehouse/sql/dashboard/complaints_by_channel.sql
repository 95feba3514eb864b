-- Dashboard: complaints received in the 12 months up to D (D's month and the 11 before) by
-- channel × category, from mart_complaints_monthly. within_deadline counts the closed
-- complaints handled within the deadline: each month's resolved_within_deadline_ratio times
-- its closed complaints (the ratio is over the closed ones, docs/contract.md §4.8).
SELECT channel, category,
       SUM(complaints)                                                           AS complaints,
       SUM(resolved)                                                             AS resolved,
       SUM(CASE WHEN resolved_within_deadline_ratio IS NOT NULL
                THEN resolved END)                                               AS resolved_timed,
       CAST(round(SUM(resolved_within_deadline_ratio * resolved)) AS BIGINT)   AS within_deadline
FROM mart_complaints_monthly
WHERE month >= (SELECT date_trunc('month', as_of_date) - INTERVAL 11 MONTH FROM warehouse_info)
GROUP BY channel, category
ORDER BY channel, category
