-- mart_sales_monthly — grain: one month × breakdown (all; category; country; channel), months
-- from the month of the first purchase to D's month (docs/contract.md §3, §4.3, §4.11).
-- Over purchases only (§4.3: status completed, net revenue above zero), each counted in the
-- month of its order_date; cancelled and returned orders, and completed orders netting to zero
-- or less, are in no figure. Over the purchases' lines (fact_order_line):
--   gross_revenue    = Σ quantity × unit_price over the lines with quantity > 0 (sold);
--   returned_revenue = Σ −quantity × unit_price over the lines with quantity < 0 (returned);
--   discounts        = Σ discount_amount over all lines (an empty discount is 0);
--   net_revenue      = Σ line_revenue = gross_revenue − returned_revenue − discounts, so the
--                      'all' row's net_revenue is the month's purchase revenue of every other
--                      mart (fact_order.net_revenue summed over purchases).
--   discount_rate = discounts ÷ gross_revenue, return_rate = returned_revenue ÷ gross_revenue,
--   both null when gross_revenue = 0.
--   orders = distinct purchases with a line in the cell, customers = their distinct buyers.
-- Breakdowns: category = dim_product.category of the line's product (no product, an inferred
-- product or an empty category → 'unknown'); a purchase with lines in two categories counts
-- once in each. country = the customer's country in the dim_customer version of the order
-- (fact_order.customer_key: the version valid at order_ts; null → 'unknown'), not as of D.
-- channel = the order's channel (null → 'unknown'). Country and channel split the orders,
-- categories split the lines: in each month, every kind's net_revenue, gross_revenue,
-- returned_revenue and discounts add up to the 'all' row's.
-- The 'all' row is there for every month from the first purchase's month to D's month (0 and
-- null rates in a month without purchases); the other rows only where the cell has a line.
-- No purchase at all: no rows. is_partial flags D's own month when D is not its last day.
WITH purchases AS (
    SELECT o.order_id,
           {{ month_start(o.order_date) }}     AS month,
           COALESCE(o.channel, 'unknown')      AS channel,
           COALESCE(c.country, 'unknown')      AS country
    FROM fact_order o
    LEFT JOIN dim_customer c ON c.customer_key = o.customer_key
    WHERE o.is_purchase
),
lines AS (
    SELECT p.month, p.channel, p.country, l.order_id, l.customer_id,
           COALESCE(d.category, 'unknown')                                                       AS category,
           CASE WHEN l.quantity > 0 THEN CAST(l.quantity * l.unit_price AS DECIMAL(18,4))
                ELSE CAST(0 AS DECIMAL(18,4)) END                                                AS gross,
           CASE WHEN l.quantity < 0 THEN CAST(-l.quantity * l.unit_price AS DECIMAL(18,4))
                ELSE CAST(0 AS DECIMAL(18,4)) END                                                AS returned,
           l.discount_amount,
           l.line_revenue
    FROM fact_order_line l
    JOIN purchases p ON p.order_id = l.order_id
    LEFT JOIN dim_product d ON d.product_key = l.product_key
),
counted AS (
    SELECT month, category, country, channel,
           GROUPING(category)            AS not_by_category,
           GROUPING(country)             AS not_by_country,
           GROUPING(channel)             AS not_by_channel,
           COUNT(DISTINCT order_id)      AS orders,
           COUNT(DISTINCT customer_id)   AS customers,
           SUM(gross)                    AS gross,
           SUM(returned)                 AS returned,
           SUM(discount_amount)          AS discounts,
           SUM(line_revenue)             AS net
    FROM lines
    GROUP BY GROUPING SETS ((month), (month, category), (month, country), (month, channel))
),
labelled AS (
    SELECT month,
           CASE WHEN not_by_category = 0 THEN 'category'
                WHEN not_by_country = 0 THEN 'country'
                WHEN not_by_channel = 0 THEN 'channel'
                ELSE 'all' END                                   AS breakdown_kind,
           CASE WHEN not_by_category = 0 THEN category
                WHEN not_by_country = 0 THEN country
                WHEN not_by_channel = 0 THEN channel
                ELSE 'all' END                                   AS breakdown,
           orders, customers, gross, returned, discounts, net
    FROM counted
),
first_month AS (
    SELECT {{ month_start(MIN(order_date)) }} AS month
    FROM fact_order
    WHERE is_purchase
),
calendar AS (
    SELECT DISTINCT d.month_start, d.month_end
    FROM dim_date d
    JOIN first_month f ON d.month_start >= f.month
    WHERE d.month_start <= {{ month_start(${as_of_date}) }}
)
-- a month with purchases brings its labelled rows; one without brings a single empty 'all' row
SELECT ${as_of_date}                                                             AS as_of_date,
       m.month_start                                                             AS month,
       COALESCE(s.breakdown_kind, 'all')                                         AS breakdown_kind,
       COALESCE(s.breakdown, 'all')                                              AS breakdown,
       m.month_end > ${as_of_date}                                               AS is_partial,
       CAST(COALESCE(s.orders, 0) AS BIGINT)                                     AS orders,
       CAST(COALESCE(s.customers, 0) AS BIGINT)                                  AS customers,
       CAST(COALESCE(s.gross, 0) AS DECIMAL(18,2))                               AS gross_revenue,
       CAST(COALESCE(s.returned, 0) AS DECIMAL(18,2))                            AS returned_revenue,
       CAST(COALESCE(s.discounts, 0) AS DECIMAL(18,2))                           AS discounts,
       CAST(COALESCE(s.net, 0) AS DECIMAL(18,2))                                 AS net_revenue,
       CASE WHEN s.gross > 0 THEN CAST(s.discounts AS DOUBLE) / CAST(s.gross AS DOUBLE) END AS discount_rate,
       CASE WHEN s.gross > 0 THEN CAST(s.returned AS DOUBLE) / CAST(s.gross AS DOUBLE) END  AS return_rate
FROM calendar m
LEFT JOIN labelled s ON s.month = m.month_start
