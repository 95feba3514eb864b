-- mart_customer_value — grain: one customer known by D, prospects included (docs/contract.md §3, §4.6, §4.12, §4.18).
-- Revenue counts purchases only (completed, net revenue above zero). RFM scores rank
-- purchasers only and are tie-consistent: score = 1 + floor(5 × (purchasers with a strictly
-- worse value) / purchasers), recency worse = older last purchase. value_decile: 1 + the
-- number of whole tenths of total revenue made by purchasers with strictly more revenue
-- (1 = top). is_top20: revenue in the 12 calendar months up to D (D's month and the 11
-- before) above zero, and fewer than 20% of such customers have strictly more.
-- The predictive columns predicted_purchases_12m, p_alive, expected_order_value and
-- predicted_clv_12m come from customer_predictions (the predict stage: BG/NBD, Gamma-Gamma),
-- null for prospects and wherever a model could not be fitted (see model_fit).
-- churn_probability comes from the churn propensity model (churn_scores, written by the
-- predict-churn step for the customers active on D): null for the others, and for everyone
-- when the model is off or had too little data.
--
-- Segment-level formula CLV, one value per rfm_segment, repeated on each of its customers
-- (null for prospects, whose rfm_segment is null):
--   segment_clv = avg order value × purchases per year × expected lifespan in years,
--   lifespan = 1 / segment_annual_churn_rate, over the segment's customers as of D:
--   * avg order value = the segment's revenue ÷ its orders (order-weighted, not the mean
--     of the customers' averages);
--   * purchases per year = the segment's orders ÷ its customers' summed tenure in years,
--     tenure = tenure_days (D − date(created_at)) ÷ 365.25, over customers whose
--     created_at is known (an inferred customer's orders and tenure both left out);
--   * segment_annual_churn_rate = of the segment's customers active at the snapshot of the
--     last month end on or before D − 12 months (fact_customer_month.is_active; that month
--     end is D − 12 months when D is a month end, else up to a month earlier), the share not
--     active on D (the snapshot of D's month); null when none was active then.
--   segment_clv is null when that churn rate is null or 0 (endless lifespan) or the
--   segment's tenure sums to 0. The segment is the one as of D, so a segment defined by
--   recent buying (high r_score) is active on D almost by construction and its churn rate
--   is near 0: its CLV is then null or very large.
-- The segment totals are window sums over the customer rows, so that no CTE is read twice.
--
-- Categories (§4.12), over the lines of purchases (§4.3) whose product has a category
-- (dim_product.category not null): category_breadth = the distinct categories with a
-- category purchase (a line with quantity > 0 and line_revenue > 0) by D, 0 for a prospect;
-- top_category = of those categories, the one with the most net revenue (Σ line_revenue of
-- the purchases' lines in it, return lines included) when that is above zero; ties go to the
-- category name first in ascending order; null without such a category (a prospect, a buyer
-- of uncategorised products only).
--
-- Value against cost (§4.16), over the customer's completed orders by D (status completed,
-- whether or not a purchase):
--   compensation_paid = Σ compensation_amount of their complaints closed by D (§4.8's
--     compensation_total, per customer);
--   net_revenue = Σ net revenue of the completed orders − compensation_paid. An order's net
--     revenue (§4.3) already nets its return lines and discounts, so the purchases contribute
--     `revenue` as it is; a completed order netting to zero or less (a return booked as an
--     order of its own) is in no revenue and is subtracted here; a cancelled or returned order
--     (status) is neither. So net_revenue = revenue + Σ (net revenue ≤ 0 of completed orders)
--     − compensation_paid, and no return or discount counts twice;
--   cost_of_goods = Σ quantity × dim_product.unit_cost over the lines of the same orders (a
--     return line, negative, gives its cost back); null when any of those lines has no unit
--     cost (no product, a product not in the catalogue, or unit_cost empty): a partial cost
--     would overstate the margin. 0 without such a line (a prospect);
--   margin = net_revenue − cost_of_goods, null with cost_of_goods;
--   is_unprofitable = margin < 0 where margin is known, else net_revenue < 0.
-- Contacts (§4.18): contacts_12m = the customer's contacts (fact_interaction) with occurred_date
-- after D − 12 months (add_months, clamped to the month's end) and on or before D, 0 without;
-- days_since_last_contact = D − the day of their last contact by D, null without any contact.
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
year_ago_active AS (
    -- active at the last month end on or before D − 12 months
    SELECT customer_id, is_active AS was_active
    FROM fact_customer_month
    WHERE month_start = {{ add_months({{ month_start({{ add_days({{ add_months(${as_of_date}, -12) }}, 1) }}) }}, -1) }}
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
category_revenue AS (
    SELECT l.customer_id, p.category,
           SUM(l.line_revenue)                                                AS category_revenue,
           MAX(CASE WHEN l.quantity > 0 AND l.line_revenue > 0 THEN 1 ELSE 0 END) AS bought
    FROM fact_order_line l
    JOIN fact_order o ON o.order_id = l.order_id
    JOIN dim_product p ON p.product_key = l.product_key
    WHERE o.is_purchase AND p.category IS NOT NULL
    GROUP BY l.customer_id, p.category
),
category_ranked AS (
    SELECT customer_id, category,
           bought = 1 AND category_revenue > 0                                AS can_top,
           SUM(bought) OVER (PARTITION BY customer_id)                        AS category_breadth,
           ROW_NUMBER() OVER (PARTITION BY customer_id
                              ORDER BY CASE WHEN bought = 1 AND category_revenue > 0 THEN 0 ELSE 1 END,
                                       category_revenue DESC, category)      AS category_rank
    FROM category_revenue
),
categories AS (
    SELECT customer_id, category_breadth,
           CASE WHEN can_top THEN category END                                AS top_category
    FROM category_ranked
    WHERE category_rank = 1
),
completed AS (
    SELECT customer_id, SUM(net_revenue) AS completed_revenue
    FROM fact_order
    WHERE status = 'completed'
    GROUP BY customer_id
),
goods AS (
    SELECT l.customer_id,
           SUM(l.quantity * p.unit_cost)                                      AS cost_of_goods,
           MAX(CASE WHEN p.unit_cost IS NULL THEN 1 ELSE 0 END)               AS lacks_cost
    FROM fact_order_line l
    LEFT JOIN dim_product p ON p.product_key = l.product_key
    WHERE l.status = 'completed'
    GROUP BY l.customer_id
),
compensation AS (
    SELECT customer_id, SUM(COALESCE(compensation_amount, 0)) AS compensation_paid
    FROM fact_complaint
    WHERE is_closed
    GROUP BY customer_id
),
contacts AS (
    SELECT customer_id,
           SUM(CASE WHEN occurred_date > {{ add_months(${as_of_date}, -12) }} THEN 1 ELSE 0 END) AS contacts_12m,
           MAX(occurred_date)                                                                  AS last_contact_date
    FROM fact_interaction
    GROUP BY customer_id
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
           COALESCE(ya.was_active, FALSE) AS was_active,
           l.customer_id IS NOT NULL AS has_lapsed,
           u.customer_id IS NOT NULL AS is_unhappy,
           cs.churn_probability,
           COALESCE(cat.category_breadth, 0) AS category_breadth,
           cat.top_category,
           COALESCE(cm.compensation_paid, 0) AS compensation_paid,
           COALESCE(co.completed_revenue, 0) - COALESCE(cm.compensation_paid, 0) AS net_revenue,
           CASE WHEN g.customer_id IS NULL THEN 0
                WHEN g.lacks_cost = 0 THEN g.cost_of_goods END AS cost_of_goods,
           COALESCE(ct.contacts_12m, 0) AS contacts_12m,
           ct.last_contact_date
    FROM customers c
    LEFT JOIN history h ON h.customer_id = c.customer_id
    LEFT JOIN scored s ON s.customer_id = c.customer_id
    LEFT JOIN top20 t ON t.customer_id = c.customer_id
    LEFT JOIN now_active na ON na.customer_id = c.customer_id
    LEFT JOIN year_ago_active ya ON ya.customer_id = c.customer_id
    LEFT JOIN lapsed l ON l.customer_id = c.customer_id
    LEFT JOIN (SELECT DISTINCT customer_id FROM unhappy) u ON u.customer_id = c.customer_id
    LEFT JOIN churn_scores cs ON cs.customer_id = c.customer_id
    LEFT JOIN categories cat ON cat.customer_id = c.customer_id
    LEFT JOIN completed co ON co.customer_id = c.customer_id
    LEFT JOIN goods g ON g.customer_id = c.customer_id
    LEFT JOIN compensation cm ON cm.customer_id = c.customer_id
    LEFT JOIN contacts ct ON ct.customer_id = c.customer_id
),
predicted AS (
    SELECT j.*, p.predicted_purchases_12m, p.p_alive, p.expected_order_value, p.predicted_clv_12m
    FROM joined j
    LEFT JOIN customer_predictions p ON p.customer_id = j.customer_id
),
valued AS (
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
           predicted_purchases_12m,
           p_alive,
           expected_order_value,
           predicted_clv_12m,
           CAST(churn_probability AS DOUBLE)                                  AS churn_probability,
           CAST(category_breadth AS BIGINT)                                   AS category_breadth,
           top_category,
           CAST(compensation_paid AS DECIMAL(18,2))                           AS compensation_paid,
           CAST(net_revenue AS DECIMAL(18,2))                                 AS net_revenue,
           CAST(cost_of_goods AS DECIMAL(18,2))                               AS cost_of_goods,
           CAST(net_revenue - cost_of_goods AS DECIMAL(18,2))                 AS margin,
           COALESCE(net_revenue - cost_of_goods, net_revenue) < 0             AS is_unprofitable,
           CAST(contacts_12m AS BIGINT)                                       AS contacts_12m,
           CAST({{ date_diff_days(last_contact_date, ${as_of_date}) }} AS INT) AS days_since_last_contact,
           -- this customer's share of the segment totals
           CASE WHEN created_at IS NOT NULL THEN orders END               AS tenure_orders,
           CASE WHEN created_at IS NOT NULL THEN {{ date_diff_days(created_at, ${as_of_date}) }} END AS tenure_days_known,
           CASE WHEN was_active THEN 1 ELSE 0 END                         AS was_active_n,
           CASE WHEN was_active AND NOT is_active THEN 1 ELSE 0 END       AS lost_n
    FROM predicted
),
segment_totals AS (
    SELECT v.*,
           SUM(orders) OVER (PARTITION BY rfm_segment)            AS seg_orders,
           SUM(revenue) OVER (PARTITION BY rfm_segment)           AS seg_revenue,
           SUM(tenure_orders) OVER (PARTITION BY rfm_segment)     AS seg_tenure_orders,
           SUM(tenure_days_known) OVER (PARTITION BY rfm_segment) AS seg_tenure_days,
           SUM(was_active_n) OVER (PARTITION BY rfm_segment)      AS seg_was_active,
           SUM(lost_n) OVER (PARTITION BY rfm_segment)            AS seg_lost
    FROM valued v
),
segment_rates AS (
    SELECT s.*,
           CASE WHEN rfm_segment IS NOT NULL AND seg_orders > 0
                THEN CAST(seg_revenue AS DOUBLE) / seg_orders END                     AS seg_avg_order_value,
           CASE WHEN rfm_segment IS NOT NULL AND seg_tenure_days > 0
                THEN CAST(seg_tenure_orders AS DOUBLE) / (CAST(seg_tenure_days AS DOUBLE) / CAST(365.25 AS DOUBLE)) END
                                                                                      AS seg_purchases_per_year,
           CASE WHEN rfm_segment IS NOT NULL AND seg_was_active > 0
                THEN CAST(seg_lost AS DOUBLE) / seg_was_active END                    AS seg_annual_churn_rate
    FROM segment_totals s
)
SELECT as_of_date, customer_id, first_purchase_date, last_purchase_date, orders, revenue, avg_order_value,
       recency_days, tenure_days, r_score, f_score, m_score, rfm_segment, value_decile, is_top20,
       lifecycle_stage, historical_clv, predicted_purchases_12m, p_alive, expected_order_value,
       predicted_clv_12m, churn_probability,
       CASE WHEN seg_annual_churn_rate > 0
            THEN seg_avg_order_value * seg_purchases_per_year / seg_annual_churn_rate END AS segment_clv,
       seg_annual_churn_rate                                                          AS segment_annual_churn_rate,
       category_breadth,
       top_category,
       compensation_paid,
       net_revenue,
       cost_of_goods,
       margin,
       is_unprofitable,
       contacts_12m,
       days_since_last_contact
FROM segment_rates
