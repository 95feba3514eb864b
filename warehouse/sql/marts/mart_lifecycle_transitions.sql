-- mart_lifecycle_transitions — grain: one calendar month × stage at the previous month's end ×
-- stage at this month's end, where at least one customer moved between two different stages
-- (docs/contract.md §4.15).
-- customers = the customers with fact_customer_month rows in both months whose lifecycle_stage
-- was from_stage at the previous month's end and is to_stage at this one's (on D in D's month,
-- is_partial). Staying in a stage and a first row are not transitions: over a month, the rows
-- into a stage sum to mart_lifecycle_monthly's entered − new_customers, the rows out of it to
-- its exited.
WITH staged AS (
    SELECT month_start AS month, lifecycle_stage AS stage,
           LAG(lifecycle_stage) OVER (PARTITION BY customer_id ORDER BY month_start) AS previous_stage
    FROM fact_customer_month
)
SELECT ${as_of_date}                                                       AS as_of_date,
       month,
       {{ add_days({{ add_months(month, 1) }}, -1) }} > ${as_of_date}      AS is_partial,
       previous_stage                                                      AS from_stage,
       stage                                                               AS to_stage,
       CAST(COUNT(*) AS BIGINT)                                            AS customers
FROM staged
WHERE previous_stage <> stage
GROUP BY month, previous_stage, stage
