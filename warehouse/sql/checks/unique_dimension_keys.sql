-- unique_dimension_keys: each dimension's surrogate key names one row, and each customer has
-- exactly one current dim_customer version (SCD type 2). One row per violation.
SELECT 'dim_customer.customer_key ' || CAST(customer_key AS VARCHAR) || ' on ' || CAST(COUNT(*) AS VARCHAR) || ' rows' AS violation
FROM dim_customer GROUP BY customer_key HAVING COUNT(*) > 1
UNION ALL
SELECT 'dim_customer.customer_id ' || customer_id || ' has ' || CAST(SUM(CASE WHEN is_current THEN 1 ELSE 0 END) AS VARCHAR)
       || ' current versions'
FROM dim_customer GROUP BY customer_id HAVING SUM(CASE WHEN is_current THEN 1 ELSE 0 END) <> 1
UNION ALL
SELECT 'dim_product.product_key ' || CAST(product_key AS VARCHAR) || ' on ' || CAST(COUNT(*) AS VARCHAR) || ' rows'
FROM dim_product GROUP BY product_key HAVING COUNT(*) > 1
UNION ALL
SELECT 'dim_date.date_key ' || CAST(date_key AS VARCHAR) || ' on ' || CAST(COUNT(*) AS VARCHAR) || ' rows'
FROM dim_date GROUP BY date_key HAVING COUNT(*) > 1
