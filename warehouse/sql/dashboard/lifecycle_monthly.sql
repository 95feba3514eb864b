-- Dashboard: the customer groups per month over the 24 months up to D (docs/contract.md §4.15),
-- as mart_lifecycle_monthly has them: customers per lifecycle stage at each month's end, who
-- entered and left it, the win-back rate of the month's newly lost and the share of the newly
-- dissatisfied lost within three month ends.
SELECT month,
       is_partial,
       lifecycle_stage,
       customers,
       entered,
       exited,
       win_back_rate_12m,
       lost_rate_3m
FROM mart_lifecycle_monthly
WHERE month >= (SELECT date_trunc('month', as_of_date) - INTERVAL 23 MONTH FROM warehouse_info)
ORDER BY month, lifecycle_stage
