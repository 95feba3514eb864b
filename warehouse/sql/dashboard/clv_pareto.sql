-- Dashboard: the Pareto curve of customer value. The buyers (orders > 0) ranked by
-- historical_clv, highest first; for each whole percent p of them (0 … 100), the share of
-- all their historical_clv brought by the first ceil(p × buyers / 100). Customers with equal
-- value may come in any order: the sum at a cut does not depend on which of them is first.
-- The point p = 20 is the "top 20% share".
WITH ranked AS (
    SELECT historical_clv,
           ROW_NUMBER() OVER (ORDER BY historical_clv DESC, customer_id) AS position
    FROM mart_customer_value
    WHERE orders > 0
),
cumulative AS (
    SELECT position,
           SUM(historical_clv) OVER (ORDER BY position)  AS clv_running,
           SUM(historical_clv) OVER ()                   AS clv_total,
           COUNT(*) OVER ()                              AS buyers
    FROM ranked
),
percents AS (
    SELECT CAST(range AS INTEGER) AS customers_pct FROM range(0, 101)
)
SELECT p.customers_pct,
       COALESCE(100 * CAST(c.clv_running AS DOUBLE) / NULLIF(c.clv_total, 0), 0) AS clv_pct
FROM percents p
LEFT JOIN cumulative c
       ON c.position = CAST(ceil(p.customers_pct * c.buyers / 100.0) AS BIGINT)
ORDER BY p.customers_pct
