-- fact_order_line follows its orders: a line row is its order's row joined to the line, and
-- the line's own changes already mark its order's month (star/incremental/fact_order.sql).
SELECT month FROM changed_months_fact_order
