-- mart_lifecycle_monthly — grain: one calendar month × lifecycle stage, every stage in every month
-- from the month of the first fact_customer_month row through D's (docs/contract.md §4.15).
-- A customer's stage at a month's end is fact_customer_month.lifecycle_stage (on D in D's month,
-- is_partial). Over the customers with a row in the month:
-- customers = in the stage at the month's end; entered = in it now and not at the previous
-- month's end (new_customers, their first row this month, included); exited = in it at the
-- previous month's end and not now. So customers − the previous month's = entered − exited, and
-- the stages' customers add up to the month's rows.
-- Outcomes of a month's entrants, at the month-end resolution of the stages:
-- won_back_12m (churned rows) = of the customers who entered churned in the month, those in
-- won_back at one of the next 12 month ends; lost_3m (dissatisfied rows) = of those who entered
-- dissatisfied, those in churned at one of the next 3 month ends (the "90 days", 89–92 days
-- later). Null on the other stages, and while that last month end is after D (the window is not
-- over, so the share would still grow). The rates divide by entered: null when it is 0.
-- The rows are contiguous per customer from the first activity through D's month, so the
-- previous row is the previous month's, and the customer with the earliest row has every month.
WITH staged AS (
    SELECT month_start AS month, lifecycle_stage AS stage,
           LAG(lifecycle_stage) OVER (PARTITION BY customer_id ORDER BY month_start) AS previous_stage,
           MIN(CASE WHEN lifecycle_stage = 'won_back' THEN month_start END)
               OVER (PARTITION BY customer_id ORDER BY month_start
                     ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING)      AS next_won_back,
           MIN(CASE WHEN lifecycle_stage = 'churned' THEN month_start END)
               OVER (PARTITION BY customer_id ORDER BY month_start
                     ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING)      AS next_churned
    FROM fact_customer_month
),
-- one small row per month × stage × previous stage (null: a first row), read by each sum below
counted AS (
    SELECT month, stage, previous_stage,
           COUNT(*) AS customers,
           SUM(CASE WHEN stage = 'churned' AND next_won_back <= {{ add_months(month, 12) }}
                    THEN 1 ELSE 0 END)                                                 AS won_back_12m,
           SUM(CASE WHEN stage = 'dissatisfied' AND next_churned <= {{ add_months(month, 3) }}
                    THEN 1 ELSE 0 END)                                                 AS lost_3m
    FROM staged
    GROUP BY month, stage, previous_stage
),
stages AS (
    SELECT 'prospect' AS stage
    UNION ALL SELECT 'active'
    UNION ALL SELECT 'dissatisfied'
    UNION ALL SELECT 'churned'
    UNION ALL SELECT 'won_back'
),
grid AS (
    SELECT m.month, s.stage
    FROM (SELECT DISTINCT month FROM counted) m
    CROSS JOIN stages s
),
arrived AS (
    SELECT month, stage,
           SUM(customers)                                                              AS customers,
           SUM(CASE WHEN previous_stage IS NULL OR previous_stage <> stage THEN customers ELSE 0 END) AS entered,
           SUM(CASE WHEN previous_stage IS NULL THEN customers ELSE 0 END)             AS new_customers,
           SUM(CASE WHEN previous_stage IS NULL OR previous_stage <> stage THEN won_back_12m ELSE 0 END) AS won_back_12m,
           SUM(CASE WHEN previous_stage IS NULL OR previous_stage <> stage THEN lost_3m ELSE 0 END)      AS lost_3m
    FROM counted
    GROUP BY month, stage
),
departed AS (
    SELECT month, previous_stage AS stage, SUM(customers) AS exited
    FROM counted
    WHERE previous_stage <> stage
    GROUP BY month, previous_stage
),
flows AS (
    SELECT g.month, g.stage,
           {{ add_days({{ add_months(g.month, 1) }}, -1) }} > ${as_of_date}              AS is_partial,
           {{ add_days({{ add_months(g.month, 13) }}, -1) }} <= ${as_of_date}            AS window_12m_over,
           {{ add_days({{ add_months(g.month, 4) }}, -1) }} <= ${as_of_date}             AS window_3m_over,
           COALESCE(a.customers, 0)     AS customers,
           COALESCE(a.entered, 0)       AS entered,
           COALESCE(a.new_customers, 0) AS new_customers,
           COALESCE(d.exited, 0)       AS exited,
           COALESCE(a.won_back_12m, 0)  AS won_back_12m,
           COALESCE(a.lost_3m, 0)       AS lost_3m
    FROM grid g
    LEFT JOIN arrived a ON a.month = g.month AND a.stage = g.stage
    LEFT JOIN departed d ON d.month = g.month AND d.stage = g.stage
)
SELECT ${as_of_date}                                                                 AS as_of_date,
       month,
       is_partial,
       stage                                                                         AS lifecycle_stage,
       CAST(customers AS BIGINT)                                                     AS customers,
       CAST(entered AS BIGINT)                                                       AS entered,
       CAST(new_customers AS BIGINT)                                                 AS new_customers,
       CAST(exited AS BIGINT)                                                        AS exited,
       CASE WHEN stage = 'churned' AND window_12m_over THEN CAST(won_back_12m AS BIGINT) END AS won_back_12m,
       CASE WHEN stage = 'churned' AND window_12m_over AND entered > 0
            THEN CAST(won_back_12m AS DOUBLE) / entered END                          AS win_back_rate_12m,
       CASE WHEN stage = 'dissatisfied' AND window_3m_over THEN CAST(lost_3m AS BIGINT) END AS lost_3m,
       CASE WHEN stage = 'dissatisfied' AND window_3m_over AND entered > 0
            THEN CAST(lost_3m AS DOUBLE) / entered END                               AS lost_rate_3m
FROM flows
