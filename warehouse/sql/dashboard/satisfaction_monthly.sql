-- Dashboard: NPS and CSAT per month of response over the 24 months up to D, for all
-- customers and each customer_type, as in mart_satisfaction_monthly.
SELECT month, segment, csat_responses, csat_avg, csat_satisfied_pct, nps_responses, nps
FROM mart_satisfaction_monthly
WHERE month >= (SELECT date_trunc('month', as_of_date) - INTERVAL 23 MONTH FROM warehouse_info)
ORDER BY segment, month
