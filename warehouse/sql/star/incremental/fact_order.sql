-- The partitions (months of order_date) of fact_order that tonight can change, against the
-- lake built as of ${previous_as_of_date} (L):
-- * orders whose row or any of whose lines is new or changed (delta_*): their month in the
--   old state and in tonight's (an order may move to another month);
-- * every order of a customer whose dim_customer versions changed (customer_key);
-- * the months of L … D: orders stamped after L become visible tonight (as of D).
-- A row depends on nothing else (product_key is derived from product_id alone).
WITH touched AS (
    SELECT order_id FROM delta_orders
    UNION
    SELECT order_id FROM delta_order_lines
    UNION
    SELECT order_id FROM stg_orders WHERE customer_id IN (SELECT customer_id FROM changed_customers)
)
SELECT {{ month_text(o.order_ts) }} AS month FROM stg_orders o JOIN touched t ON t.order_id = o.order_id
UNION
SELECT {{ month_text(o.order_ts) }} AS month FROM prev_orders o JOIN touched t ON t.order_id = o.order_id
UNION
SELECT {{ month_text(date_day) }} AS month FROM dim_date WHERE date_day >= ${previous_as_of_date}
