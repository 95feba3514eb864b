-- unique_mart_grains: each mart has one row per cell of its grain (README, "Tables").
SELECT 'mart_customer_value customer_id ' || customer_id || ' on ' || CAST(COUNT(*) AS VARCHAR) || ' rows' AS violation
FROM mart_customer_value GROUP BY customer_id HAVING COUNT(*) > 1
UNION ALL
SELECT 'mart_cohort_retention (' || CAST(cohort_month AS VARCHAR) || ', ' || CAST(months_since_first AS VARCHAR) || ') on '
       || CAST(COUNT(*) AS VARCHAR) || ' rows'
FROM mart_cohort_retention GROUP BY cohort_month, months_since_first HAVING COUNT(*) > 1
UNION ALL
SELECT 'mart_churn_monthly (' || CAST(month AS VARCHAR) || ', ' || segment_kind || ', ' || COALESCE(segment, 'NULL')
       || ') on ' || CAST(COUNT(*) AS VARCHAR) || ' rows'
FROM mart_churn_monthly GROUP BY month, segment_kind, segment HAVING COUNT(*) > 1
UNION ALL
SELECT 'mart_complaints_monthly (' || CAST(month AS VARCHAR) || ', ' || COALESCE(channel, 'NULL') || ', '
       || COALESCE(category, 'NULL') || ') on ' || CAST(COUNT(*) AS VARCHAR) || ' rows'
FROM mart_complaints_monthly GROUP BY month, channel, category HAVING COUNT(*) > 1
UNION ALL
SELECT 'mart_satisfaction_monthly (' || CAST(month AS VARCHAR) || ', ' || COALESCE(segment, 'NULL') || ') on '
       || CAST(COUNT(*) AS VARCHAR) || ' rows'
FROM mart_satisfaction_monthly GROUP BY month, segment HAVING COUNT(*) > 1
UNION ALL
SELECT 'mart_acquisition_monthly (' || CAST(month AS VARCHAR) || ', ' || COALESCE(acquisition_channel, 'NULL') || ') on '
       || CAST(COUNT(*) AS VARCHAR) || ' rows'
FROM mart_acquisition_monthly GROUP BY month, acquisition_channel HAVING COUNT(*) > 1
UNION ALL
SELECT 'mart_book_of_business account_owner ' || COALESCE(account_owner, 'NULL') || ' on ' || CAST(COUNT(*) AS VARCHAR) || ' rows'
FROM mart_book_of_business GROUP BY account_owner HAVING COUNT(*) > 1
UNION ALL
SELECT 'mart_complaint_causes root_cause ' || COALESCE(root_cause, 'NULL') || ' on ' || CAST(COUNT(*) AS VARCHAR) || ' rows'
FROM mart_complaint_causes GROUP BY root_cause HAVING COUNT(*) > 1
