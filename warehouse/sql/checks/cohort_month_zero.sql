-- cohort_month_zero: a cohort is the month of its members' first purchase, so in month 0
-- every member is active: retention_rate = 1 and active_customers = cohort_size.
SELECT 'mart_cohort_retention cohort ' || CAST(cohort_month AS VARCHAR) || ' month 0: retention_rate '
       || COALESCE(CAST(retention_rate AS VARCHAR), 'NULL') || ', active ' || CAST(active_customers AS VARCHAR)
       || ' of ' || CAST(cohort_size AS VARCHAR) AS violation
FROM mart_cohort_retention
WHERE months_since_first = 0
  AND (retention_rate IS NULL OR abs(retention_rate - 1) > 1e-9 OR active_customers <> cohort_size)
