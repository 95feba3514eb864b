-- fact_order — grain: one order (its latest version) placed on or before the end of D.
-- Adds to the contract's star schema the order-level facts every revenue measure needs:
-- net revenue = Σ (quantity × unit_price − discount_amount) over its lines, and whether the
-- order is a purchase (docs/contract.md §4.3: status completed and net revenue above zero).
-- Lake partition: the month of order_date. `month` ('YYYY-MM') names the partition directory
-- (month=YYYY-MM) and is not a column of the table; ${rebuild_months} lists the partitions
-- this night rewrites (every month on a full rebuild; see star/incremental/fact_order.sql).
WITH lines AS (
    SELECT order_id,
           COUNT(*) AS lines,
           SUM(quantity * unit_price - COALESCE(discount_amount, 0)) AS net_revenue
    FROM stg_order_lines
    GROUP BY order_id
),
customer_version AS (
    -- version at the event: an inner join hash-joins on customer_id (a range inside a
    -- LEFT JOIN's condition makes DuckDB fall back to a nested-loop join)
    SELECT o.order_id, v.customer_key
    FROM stg_orders o
    JOIN dim_customer v ON v.customer_id = o.customer_id
    WHERE o.order_ts >= v.valid_from AND (v.valid_to IS NULL OR o.order_ts < v.valid_to)
)
SELECT o.order_id,
       o.customer_id,
       COALESCE(v.customer_key, cur.customer_key)             AS customer_key,
       o.order_ts,
       CAST(o.order_ts AS DATE)                               AS order_date,
       COALESCE(o.status, 'completed')                        AS status,
       o.channel,
       CAST(COALESCE(l.lines, 0) AS INT)                      AS lines,
       CAST(COALESCE(l.net_revenue, 0) AS DECIMAL(18,4))      AS net_revenue,
       COALESCE(o.status, 'completed') = 'completed' AND COALESCE(l.net_revenue, 0) > 0 AS is_purchase,
       {{ month_text(o.order_ts) }}                           AS month
FROM stg_orders o
LEFT JOIN lines l ON l.order_id = o.order_id
LEFT JOIN customer_version v ON v.order_id = o.order_id
LEFT JOIN dim_customer cur ON cur.customer_id = o.customer_id AND cur.is_current
WHERE o.order_ts <= ${as_of_end}
  AND {{ month_text(o.order_ts) }} IN ${rebuild_months}
