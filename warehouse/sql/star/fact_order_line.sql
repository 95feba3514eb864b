-- fact_order_line — grain: one order line (order_id, line_no) of an order placed on or
-- before the end of D. Lines whose order header has not arrived yet wait in the state
-- until it does. line_revenue = quantity × unit_price − discount_amount; a negative
-- quantity is a return.
-- Lake partition: the month of order_date, as its order's. `month` ('YYYY-MM') names the partition directory
-- (month=YYYY-MM) and is not a column of the table; ${rebuild_months} lists the partitions
-- this night rewrites (every month on a full rebuild; see star/incremental/fact_order_line.sql).
SELECT l.order_id,
       l.line_no,
       o.customer_id,
       o.customer_key,
       l.product_id,
       p.product_key,
       o.order_ts,
       o.order_date,
       CAST(year(o.order_date) * 10000 + month(o.order_date) * 100 + day(o.order_date) AS INT) AS date_key,
       o.status,
       o.channel,
       l.quantity,
       l.unit_price,
       CAST(COALESCE(l.discount_amount, 0) AS DECIMAL(18,4))                            AS discount_amount,
       CAST(l.quantity * l.unit_price - COALESCE(l.discount_amount, 0) AS DECIMAL(18,4)) AS line_revenue,
       l.quantity < 0                                                                   AS is_return,
       {{ month_text(o.order_date) }}                                                   AS month
FROM stg_order_lines l
JOIN fact_order o ON o.order_id = l.order_id
LEFT JOIN dim_product p ON p.product_id = l.product_id
WHERE {{ month_text(o.order_date) }} IN ${rebuild_months}
