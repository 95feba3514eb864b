-- Dashboard: value against cost per acquisition channel (docs/contract.md §4.10, §4.16), over
-- the cohorts of the 24 months up to D with both new customers and recorded spend, from
-- mart_acquisition_monthly: what a new customer cost (cac) against what they brought so far
-- and are predicted to bring in the next 12 months, per new customer and ÷ the spend.
SELECT acquisition_channel,
       SUM(new_customers)                                               AS new_customers,
       SUM(marketing_spend)                                             AS marketing_spend,
       SUM(marketing_spend) / SUM(new_customers)                        AS cac,
       SUM(revenue_to_date) / SUM(new_customers)                        AS revenue_per_customer,
       SUM(predicted_clv_12m) / SUM(new_customers)                      AS predicted_clv_per_customer,
       (SUM(revenue_to_date) + SUM(predicted_clv_12m)) / SUM(marketing_spend) AS clv_to_cac,
       COUNT(*)                                                         AS cohorts,
       COUNT(payback_months)                                            AS cohorts_paid_back,
       MEDIAN(payback_months)                                           AS median_payback_months
FROM mart_acquisition_monthly
WHERE month >= (SELECT date_trunc('month', as_of_date) - INTERVAL 23 MONTH FROM warehouse_info)
  AND new_customers > 0
  AND marketing_spend > 0
GROUP BY acquisition_channel
ORDER BY acquisition_channel
