-- lapsed_customer_histories — grain: one customer × complete month m in which the customer lapsed
-- (docs/contract.md §4.14): active (§4.4, fact_customer_month.is_active) on the last day of m − 1
-- and not on the last day of m, m ending on or before D; the Cl of mart_churn_monthly's all row.
-- The purchase history is customer_summary's, taken as of the history date h = the last day of
-- m − 1 (the day before the month's first day) instead of D, so that the BG/NBD and Gamma-Gamma
-- fitted as of D can value the customer as they stood when the month began:
--   frequency = purchase days after the first, up to h; recency_days = last purchase day up to h −
--   first purchase day; age_days = h − first purchase day; monetary_value = the repeat days'
--   net revenue ÷ frequency (null without repeat days). A purchase day is customer_summary's:
--   completed orders of one (UTC) day whose purchases (§4.3) net above zero.
-- A customer with no purchase on or before h (kept active by a contract) has null history columns.
-- The lapses come from a GROUP BY over a union of fact_customer_month rows (as mart_churn_monthly's
-- transitions), not a self-join: an aggregation spills where a join's build side must fit.
WITH lapses AS (
    SELECT customer_id, month
    FROM (
        SELECT customer_id, month_start AS month, 1 AS inactive_end, 0 AS active_start
        FROM fact_customer_month
        WHERE is_complete AND NOT is_active
        UNION ALL
        SELECT customer_id, {{ add_months(month_start, 1) }}, 0, 1
        FROM fact_customer_month
        WHERE is_active
    ) u
    GROUP BY customer_id, month
    HAVING MAX(inactive_end) = 1 AND MAX(active_start) = 1
),
days AS (
    SELECT customer_id,
           order_date,
           SUM(CASE WHEN is_purchase THEN net_revenue ELSE 0 END) AS purchase_value,
           MAX(CASE WHEN is_purchase THEN 1 ELSE 0 END)           AS has_purchase
    FROM fact_order
    WHERE status = 'completed'
    GROUP BY customer_id, order_date
),
-- the first purchase day ever is the first one up to h whenever there is one up to h
purchase_days AS (
    SELECT customer_id, order_date, purchase_value,
           MIN(order_date) OVER (PARTITION BY customer_id) AS first_day
    FROM days
    WHERE has_purchase = 1 AND purchase_value > 0
),
histories AS (
    SELECT l.customer_id, l.month,
           MIN(p.first_day)                                                     AS first_day,
           MAX(p.order_date)                                                    AS last_day,
           SUM(CASE WHEN p.order_date > p.first_day THEN 1 ELSE 0 END)          AS frequency,
           SUM(CASE WHEN p.order_date > p.first_day THEN p.purchase_value ELSE 0 END) AS repeat_revenue
    FROM lapses l
    JOIN purchase_days p ON p.customer_id = l.customer_id AND p.order_date < l.month
    GROUP BY l.customer_id, l.month
)
SELECT l.customer_id,
       l.month,
       {{ add_days(l.month, -1) }}                                                  AS history_date,
       h.first_day                                                                  AS first_purchase_date,
       CAST(h.frequency AS BIGINT)                                                  AS frequency,
       CAST({{ date_diff_days(h.first_day, h.last_day) }} AS INT)                   AS recency_days,
       CAST({{ date_diff_days(h.first_day, {{ add_days(l.month, -1) }}) }} AS INT)  AS age_days,
       CASE WHEN h.frequency > 0
            THEN CAST(CAST(h.repeat_revenue AS DECIMAL(18,4)) AS DOUBLE) / h.frequency END AS monetary_value
FROM lapses l
LEFT JOIN histories h ON h.customer_id = l.customer_id AND h.month = l.month
