-- Dashboard: CSAT and NPS over the 12 months up to D (docs/contract.md §4.13) per survey
-- touchpoint (and all touchpoints together), the top 20% by value against the rest. The
-- monthly cells of mart_satisfaction_touchpoint_monthly are added up over the months: counts
-- are summed and the averages weighted by their answers, so each figure is that of the year's
-- answers.
SELECT touchpoint,
       is_touchpoint_total,
       value_tier,
       SUM(csat_responses)                                                    AS csat_responses,
       SUM(csat_avg * csat_responses) / NULLIF(SUM(csat_responses), 0)        AS csat_avg,
       SUM(csat_satisfied_pct * csat_responses) / NULLIF(SUM(csat_responses), 0) AS csat_satisfied_pct,
       SUM(nps_responses)                                                     AS nps_responses,
       100.0 * (SUM(promoters) - SUM(detractors)) / NULLIF(SUM(nps_responses), 0) AS nps
FROM mart_satisfaction_touchpoint_monthly
WHERE month >= (SELECT date_trunc('month', as_of_date) - INTERVAL 11 MONTH FROM warehouse_info)
  AND value_tier IN ('top20', 'rest')
GROUP BY touchpoint, is_touchpoint_total, value_tier
ORDER BY is_touchpoint_total DESC, touchpoint, value_tier
