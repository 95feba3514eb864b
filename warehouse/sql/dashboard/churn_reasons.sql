-- Dashboard: why customers left over the 12 complete months up to D (docs/contract.md §4.14):
-- mart_churn_reasons added up over the months, per reason source and reason, with each
-- reason's share of the source's lost customers and the revenue and predicted value they took.
WITH window_rows AS (
    SELECT *
    FROM mart_churn_reasons
    -- the month after D's last complete month, less 12 (the mart has complete months only)
    WHERE month >= (SELECT date_trunc('month', as_of_date + INTERVAL 1 DAY) - INTERVAL 12 MONTH FROM warehouse_info)
)
SELECT reason_source,
       reason,
       SUM(lost_customers)                                                        AS lost_customers,
       SUM(lost_customers) / SUM(SUM(lost_customers)) OVER (PARTITION BY reason_source) AS share_of_lost,
       SUM(lost_revenue_12m)                                                      AS lost_revenue_12m,
       SUM(predicted_clv_at_month_start)                                          AS predicted_clv_at_month_start
FROM window_rows
GROUP BY reason_source, reason
ORDER BY reason_source, lost_customers DESC, reason
