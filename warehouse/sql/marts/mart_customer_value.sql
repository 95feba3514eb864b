-- mart_customer_value — grain: one customer known by D, prospects included (CONTRACT §3, §4.6).
-- Revenue counts purchases only (completed, net revenue above zero). RFM scores rank
-- purchasers only and are tie-consistent: score = 1 + floor(5 × (purchasers with a strictly
-- worse value) / purchasers), recency worse = older last purchase. value_decile: 1 + the
-- number of whole tenths of total revenue made by purchasers with strictly more revenue
-- (1 = top). is_top20: revenue in the 12 calendar months up to D (D's month and the 11
-- before) above zero, and fewer than 20% of such customers have strictly more.
-- The predictive columns are filled by the predictive models; null until they run.
WITH purchases AS (
    SELECT customer_id, order_date, net_revenue
    FROM fact_order
    WHERE is_purchase
),
customers AS (
    SELECT customer_id, created_at
    FROM dim_customer
    WHERE is_current
),
history AS (
    SELECT customer_id,
           MIN(order_date)  AS first_purchase_date,
           MAX(order_date)  AS last_purchase_date,
           COUNT(*)         AS orders,
           SUM(net_revenue) AS revenue
    FROM purchases
    GROUP BY customer_id
),
recent AS (
    SELECT customer_id, SUM(net_revenue) AS revenue_12m
    FROM purchases
    WHERE order_date >= {{ add_months({{ month_start(${as_of_date}) }}, -11) }}
    GROUP BY customer_id
),
purchaser_count AS (
    SELECT COUNT(*) AS n, SUM(revenue) AS total_revenue FROM history
),
ranked AS (
    SELECT h.*,
           RANK() OVER (ORDER BY h.last_purchase_date) - 1 AS older,
           RANK() OVER (ORDER BY h.orders) - 1             AS fewer_orders,
           RANK() OVER (ORDER BY h.revenue) - 1            AS less_revenue
    FROM history h
),
revenue_levels AS (
    SELECT revenue, SUM(revenue) AS level_revenue
    FROM history
    GROUP BY revenue
),
revenue_above AS (
    SELECT revenue,
           COALESCE(SUM(level_revenue) OVER (ORDER BY revenue DESC
                                             ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS above
    FROM revenue_levels
),
top20 AS (
    SELECT customer_id, revenue_12m,
           RANK() OVER (ORDER BY revenue_12m DESC) - 1 AS more_revenue_12m,
           COUNT(*) OVER () AS recent_buyers
    FROM recent
    WHERE revenue_12m > 0
),
scored AS (
    SELECT r.customer_id,
           CAST(1 + FLOOR(CAST(5 * r.older AS DOUBLE) / p.n) AS INT)        AS r_score,
           CAST(1 + FLOOR(CAST(5 * r.fewer_orders AS DOUBLE) / p.n) AS INT) AS f_score,
           CAST(1 + FLOOR(CAST(5 * r.less_revenue AS DOUBLE) / p.n) AS INT) AS m_score,
           CASE WHEN 10 * a.above >= 9 * p.total_revenue THEN 10
                WHEN 10 * a.above >= 8 * p.total_revenue THEN 9
                WHEN 10 * a.above >= 7 * p.total_revenue THEN 8
                WHEN 10 * a.above >= 6 * p.total_revenue THEN 7
                WHEN 10 * a.above >= 5 * p.total_revenue THEN 6
                WHEN 10 * a.above >= 4 * p.total_revenue THEN 5
                WHEN 10 * a.above >= 3 * p.total_revenue THEN 4
                WHEN 10 * a.above >= 2 * p.total_revenue THEN 3
                WHEN 10 * a.above >= 1 * p.total_revenue THEN 2
                ELSE 1 END                                     AS value_decile
    FROM ranked r
    CROSS JOIN purchaser_count p
    JOIN revenue_above a ON a.revenue = r.revenue
),
now_active AS (
    SELECT customer_id, is_active
    FROM fact_customer_month
    WHERE month_start = {{ month_start(${as_of_date}) }}
),
lapsed AS (
    -- churned at some month end since first activity, whether or not back since
    SELECT DISTINCT customer_id
    FROM fact_customer_month
    WHERE is_complete AND NOT is_active
),
unhappy AS (
    SELECT customer_id FROM fact_complaint
    WHERE received_date > {{ add_days(${as_of_date}, -90) }}
      AND (justified OR NOT is_closed)
    UNION
    SELECT customer_id FROM fact_survey_response
    WHERE response_date > {{ add_days(${as_of_date}, -90) }}
      AND ((kind = 'CSAT' AND score <= 2) OR (kind = 'NPS' AND score <= 6))
),
joined AS (
    SELECT c.customer_id, c.created_at, h.first_purchase_date, h.last_purchase_date,
           COALESCE(h.orders, 0) AS orders,
           COALESCE(h.revenue, 0) AS revenue,
           s.r_score, s.f_score, s.m_score, s.value_decile,
           t.customer_id IS NOT NULL AND 5 * t.more_revenue_12m < t.recent_buyers AS is_top20,
           COALESCE(na.is_active, FALSE) AS is_active,
           l.customer_id IS NOT NULL AS has_lapsed,
           u.customer_id IS NOT NULL AS is_unhappy
    FROM customers c
    LEFT JOIN history h ON h.customer_id = c.customer_id
    LEFT JOIN scored s ON s.customer_id = c.customer_id
    LEFT JOIN top20 t ON t.customer_id = c.customer_id
    LEFT JOIN now_active na ON na.customer_id = c.customer_id
    LEFT JOIN lapsed l ON l.customer_id = c.customer_id
    LEFT JOIN (SELECT DISTINCT customer_id FROM unhappy) u ON u.customer_id = c.customer_id
)
SELECT ${as_of_date}                                                      AS as_of_date,
       customer_id,
       first_purchase_date,
       last_purchase_date,
       CAST(orders AS BIGINT)                                             AS orders,
       CAST(revenue AS DECIMAL(18,2))                                     AS revenue,
       CASE WHEN orders > 0 THEN CAST(revenue AS DOUBLE) / orders END   AS avg_order_value,
       CAST({{ date_diff_days(last_purchase_date, ${as_of_date}) }} AS INT) AS recency_days,
       CAST({{ date_diff_days(created_at, ${as_of_date}) }} AS INT)      AS tenure_days,
       r_score,
       f_score,
       m_score,
       CASE WHEN r_score IS NULL THEN NULL
            WHEN r_score = 5 AND f_score >= 4 THEN 'champions'
            WHEN r_score >= 3 AND f_score >= 4 THEN 'loyal_customers'
            WHEN r_score >= 4 AND f_score >= 2 THEN 'potential_loyalists'
            WHEN r_score = 5 THEN 'new_customers'
            WHEN r_score = 4 THEN 'promising'
            WHEN r_score = 3 AND f_score = 3 THEN 'need_attention'
            WHEN r_score = 3 THEN 'about_to_sleep'
            WHEN f_score = 5 THEN 'cannot_lose_them'
            WHEN f_score >= 3 THEN 'at_risk'
            ELSE 'hibernating' END                                        AS rfm_segment,
       value_decile,
       is_top20,
       CASE WHEN is_active AND is_unhappy THEN 'dissatisfied'
            WHEN is_active AND has_lapsed THEN 'won_back'
            WHEN is_active THEN 'active'
            WHEN orders = 0 THEN 'prospect'
            ELSE 'churned' END                                            AS lifecycle_stage,
       CAST(revenue AS DECIMAL(18,2))                                     AS historical_clv,
       CAST(NULL AS DOUBLE)                                               AS predicted_purchases_12m,
       CAST(NULL AS DOUBLE)                                               AS p_alive,
       CAST(NULL AS DOUBLE)                                               AS expected_order_value,
       CAST(NULL AS DOUBLE)                                               AS predicted_clv_12m,
       CAST(NULL AS DOUBLE)                                               AS churn_probability
FROM joined
