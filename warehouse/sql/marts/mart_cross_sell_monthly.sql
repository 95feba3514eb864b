-- mart_cross_sell_monthly — grain: one calendar month, from the month of the first order
-- (any status) through D's month (docs/contract.md §4.3, §4.12).
-- A category purchase (§4.12) is an order line with quantity > 0 and line_revenue > 0 of a
-- purchase (§4.3: completed, net revenue above zero) whose product has a category
-- (dim_product.category not null): a return line (quantity < 0), a line of a cancelled or
-- returned order and a line of a product without a category are none. A category is new to
-- a customer in month m when they have a category purchase in it in m and none in an earlier
-- month.
-- buyers = customers with a purchase (§4.3) in the month; first_time_buyers = those whose
-- first purchase ever is in the month; repeat_buyers = buyers − first_time_buyers (a first
-- purchase before the month's first day). new_category_buyers = buyers with a category new
-- to them in the month (first-time buyers included); cross_sell_buyers = the repeat buyers
-- among them. cross_sell_rate = cross_sell_buyers ÷ repeat_buyers, null when there is no
-- repeat buyer. avg_category_breadth = the mean over the month's buyers of the distinct
-- categories of their category purchases up to the month's end (up to D in D's month; a
-- buyer of uncategorised products only counts 0), null without buyers.
-- A month without buyers is kept with 0 and nulls; D's own month is flagged is_partial.
-- No orders at all: no rows. Each CTE below is read once.
WITH category_lines AS (
    SELECT l.customer_id, {{ month_start(l.order_date) }} AS month, p.category
    FROM fact_order_line l
    JOIN fact_order o ON o.order_id = l.order_id
    JOIN dim_product p ON p.product_key = l.product_key
    WHERE o.is_purchase
      AND l.quantity > 0
      AND l.line_revenue > 0
      AND p.category IS NOT NULL
),
category_firsts AS (
    -- the month each customer first bought in each category
    SELECT customer_id, category, MIN(month) AS month
    FROM category_lines
    GROUP BY customer_id, category
),
new_categories AS (
    SELECT customer_id, month, COUNT(*) AS new_categories
    FROM category_firsts
    GROUP BY customer_id, month
),
buyer_months AS (
    SELECT customer_id, {{ month_start(order_date) }} AS month
    FROM fact_order
    WHERE is_purchase
    GROUP BY customer_id, {{ month_start(order_date) }}
),
buyer_breadth AS (
    -- a category purchase is a purchase, so every (customer, month) of new_categories is a
    -- buyer month; breadth = the categories first bought in this month or an earlier one
    SELECT b.month,
           MIN(b.month) OVER (PARTITION BY b.customer_id)                       AS first_month,
           COALESCE(n.new_categories, 0)                                        AS new_categories,
           SUM(COALESCE(n.new_categories, 0)) OVER (PARTITION BY b.customer_id ORDER BY b.month
                                                    ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS breadth
    FROM buyer_months b
    LEFT JOIN new_categories n ON n.customer_id = b.customer_id AND n.month = b.month
),
counted AS (
    SELECT month,
           COUNT(*)                                                               AS buyers,
           SUM(CASE WHEN month = first_month THEN 1 ELSE 0 END)                   AS first_time_buyers,
           SUM(CASE WHEN new_categories > 0 THEN 1 ELSE 0 END)                    AS new_category_buyers,
           SUM(CASE WHEN month > first_month AND new_categories > 0 THEN 1 ELSE 0 END) AS cross_sell_buyers,
           SUM(breadth)                                                           AS breadth_sum
    FROM buyer_breadth
    GROUP BY month
),
first_order AS (
    SELECT {{ month_start(MIN(order_date)) }} AS month
    FROM fact_order
),
months AS (
    SELECT DISTINCT d.month_start, d.month_end
    FROM dim_date d
    JOIN first_order f ON d.month_start >= f.month
    WHERE d.month_start <= {{ month_start(${as_of_date}) }}
)
SELECT ${as_of_date}                                                              AS as_of_date,
       m.month_start                                                              AS month,
       CAST(COALESCE(c.buyers, 0) AS BIGINT)                                      AS buyers,
       CAST(COALESCE(c.first_time_buyers, 0) AS BIGINT)                           AS first_time_buyers,
       CAST(COALESCE(c.buyers - c.first_time_buyers, 0) AS BIGINT)                AS repeat_buyers,
       CAST(COALESCE(c.new_category_buyers, 0) AS BIGINT)                         AS new_category_buyers,
       CAST(COALESCE(c.cross_sell_buyers, 0) AS BIGINT)                           AS cross_sell_buyers,
       CASE WHEN c.buyers - c.first_time_buyers > 0
            THEN CAST(c.cross_sell_buyers AS DOUBLE) / (c.buyers - c.first_time_buyers) END AS cross_sell_rate,
       CASE WHEN c.buyers > 0
            THEN CAST(c.breadth_sum AS DOUBLE) / c.buyers END                     AS avg_category_breadth,
       m.month_end > ${as_of_date}                                                AS is_partial
FROM months m
LEFT JOIN counted c ON c.month = m.month_start
