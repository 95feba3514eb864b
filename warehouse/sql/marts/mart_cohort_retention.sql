-- mart_cohort_retention — grain: one acquisition cohort × months since its first purchase.
-- Cohort = calendar month of a customer's first purchase (docs/contract.md §3, §4.7). A cohort
-- member is active in month k when they made at least one purchase in month cohort + k.
-- k runs from 0 to D's month; D's own month is kept and flagged is_partial when it has not
-- ended yet; a month in which nobody of the cohort bought is kept with 0.
WITH purchases AS (
    SELECT customer_id, order_date, net_revenue
    FROM fact_order
    WHERE is_purchase
),
cohorts AS (
    SELECT customer_id, {{ month_start(MIN(order_date)) }} AS cohort_month
    FROM purchases
    GROUP BY customer_id
),
cohort_sizes AS (
    SELECT cohort_month, COUNT(*) AS cohort_size
    FROM cohorts
    GROUP BY cohort_month
),
months AS (
    SELECT DISTINCT month_start, month_end FROM dim_date
),
cells AS (
    SELECT s.cohort_month, s.cohort_size, m.month_start, m.month_end
    FROM cohort_sizes s
    JOIN months m ON m.month_start >= s.cohort_month AND m.month_start <= {{ month_start(${as_of_date}) }}
),
activity AS (
    SELECT c.cohort_month, {{ month_start(p.order_date) }} AS month_start,
           COUNT(DISTINCT p.customer_id) AS active_customers,
           SUM(p.net_revenue) AS revenue
    FROM purchases p
    JOIN cohorts c ON c.customer_id = p.customer_id
    GROUP BY c.cohort_month, {{ month_start(p.order_date) }}
),
filled AS (
    SELECT cl.cohort_month,
           CAST((year(cl.month_start) - year(cl.cohort_month)) * 12
                + month(cl.month_start) - month(cl.cohort_month) AS INT) AS months_since_first,
           cl.cohort_size,
           COALESCE(a.active_customers, 0) AS active_customers,
           COALESCE(a.revenue, 0) AS revenue,
           cl.month_end > ${as_of_date} AS is_partial
    FROM cells cl
    LEFT JOIN activity a ON a.cohort_month = cl.cohort_month AND a.month_start = cl.month_start
)
SELECT ${as_of_date}                                                          AS as_of_date,
       f.cohort_month,
       f.months_since_first,
       CAST(f.cohort_size AS BIGINT)                                          AS cohort_size,
       CAST(f.active_customers AS BIGINT)                                     AS active_customers,
       CAST(f.active_customers AS DOUBLE) / f.cohort_size                     AS retention_rate,
       CAST(f.revenue AS DECIMAL(18,2))                                       AS revenue,
       CAST(f.revenue AS DOUBLE) / CAST(f0.revenue AS DOUBLE)                 AS revenue_retention,
       f.is_partial
FROM filled f
JOIN filled f0 ON f0.cohort_month = f.cohort_month AND f0.months_since_first = 0
