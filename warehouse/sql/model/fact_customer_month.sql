-- fact_customer_month — grain: one customer × calendar month, from the month of the
-- customer's first activity (first purchase or first contract start) through D's month.
-- A periodic snapshot taken on the month's last day, or on D for D's own (partial) month.
-- Active on day d (CONTRACT §4.4): d − last purchase on or before d < ${inactivity_days}
-- days, or a contract covers d. Every churn and retention number is built on is_active.
WITH purchases AS (
    SELECT customer_id, order_date, net_revenue
    FROM fact_order
    WHERE is_purchase
),
first_activity AS (
    SELECT customer_id, MIN(day) AS first_day
    FROM (SELECT customer_id, order_date AS day FROM purchases
          UNION ALL
          SELECT customer_id, start_date AS day FROM fact_contract) a
    GROUP BY customer_id
),
months AS (
    SELECT DISTINCT month_start, month_end FROM dim_date
),
grid AS (
    SELECT f.customer_id, m.month_start, m.month_end,
           LEAST(m.month_end, ${as_of_date}) AS activity_date
    FROM first_activity f
    JOIN months m ON m.month_start >= {{ month_start(f.first_day) }}
),
monthly_purchases AS (
    SELECT customer_id, {{ month_start(order_date) }} AS month_start,
           COUNT(*) AS purchases, SUM(net_revenue) AS revenue, MAX(order_date) AS last_in_month
    FROM purchases
    GROUP BY customer_id, {{ month_start(order_date) }}
),
first_purchase AS (
    SELECT customer_id, MIN(order_date) AS first_purchase_date
    FROM purchases
    GROUP BY customer_id
),
contract_cover AS (
    SELECT g.customer_id, g.month_start
    FROM grid g
    JOIN fact_contract c
      ON c.customer_id = g.customer_id
     AND c.start_date <= g.activity_date
     AND (c.end_date IS NULL OR g.activity_date <= c.end_date)
     AND (c.cancel_date IS NULL OR g.activity_date <= c.cancel_date)
    GROUP BY g.customer_id, g.month_start
),
monthly_complaints AS (
    SELECT customer_id, {{ month_start(received_date) }} AS month_start, COUNT(*) AS complaints
    FROM fact_complaint
    GROUP BY customer_id, {{ month_start(received_date) }}
),
open_complaints AS (
    SELECT g.customer_id, g.month_start, COUNT(*) AS open_complaints
    FROM grid g
    JOIN fact_complaint c
      ON c.customer_id = g.customer_id
     AND c.received_date <= g.activity_date
     AND (NOT c.is_closed OR (c.resolved_date IS NOT NULL AND c.resolved_date > g.activity_date))
    GROUP BY g.customer_id, g.month_start
),
snapshot AS (
    SELECT g.customer_id, g.month_start, g.month_end, g.activity_date,
           COALESCE(mp.purchases, 0) AS purchases,
           COALESCE(mp.revenue, 0) AS revenue,
           fp.first_purchase_date,
           MAX(mp.last_in_month) OVER (PARTITION BY g.customer_id ORDER BY g.month_start
                                       ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS last_purchase_date,
           cc.customer_id IS NOT NULL AS has_contract,
           COALESCE(mc.complaints, 0) AS complaints,
           COALESCE(oc.open_complaints, 0) AS open_complaints
    FROM grid g
    LEFT JOIN monthly_purchases mp ON mp.customer_id = g.customer_id AND mp.month_start = g.month_start
    LEFT JOIN first_purchase fp ON fp.customer_id = g.customer_id
    LEFT JOIN contract_cover cc ON cc.customer_id = g.customer_id AND cc.month_start = g.month_start
    LEFT JOIN monthly_complaints mc ON mc.customer_id = g.customer_id AND mc.month_start = g.month_start
    LEFT JOIN open_complaints oc ON oc.customer_id = g.customer_id AND oc.month_start = g.month_start
)
SELECT s.customer_id,
       cur.customer_key,
       s.month_start,
       s.month_end,
       s.activity_date,
       s.month_end <= ${as_of_date}                        AS is_complete,
       CAST(s.purchases AS INT)                            AS purchases,
       CAST(s.revenue AS DECIMAL(18,4))                    AS revenue,
       s.first_purchase_date,
       s.last_purchase_date,
       s.has_contract,
       (s.last_purchase_date IS NOT NULL
           AND {{ date_diff_days(s.last_purchase_date, s.activity_date) }} < ${inactivity_days})
           OR s.has_contract                               AS is_active,
       CAST(s.complaints AS INT)                           AS complaints,
       CAST(s.open_complaints AS INT)                      AS open_complaints
FROM snapshot s
LEFT JOIN dim_customer cur ON cur.customer_id = s.customer_id AND cur.is_current
