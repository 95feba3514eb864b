-- Dashboard: the cohort retention heatmap — the 24 latest acquisition cohorts (months of
-- first purchase up to D's month), every month since their first purchase, as in
-- mart_cohort_retention. D's own month is partial (is_partial) and drawn as such.
SELECT cohort_month, months_since_first, cohort_size, active_customers, retention_rate,
       revenue, revenue_retention, is_partial
FROM mart_cohort_retention
WHERE cohort_month >= (SELECT date_trunc('month', as_of_date) - INTERVAL 23 MONTH FROM warehouse_info)
ORDER BY cohort_month, months_since_first
