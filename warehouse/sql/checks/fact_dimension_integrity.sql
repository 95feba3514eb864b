-- fact_dimension_integrity: every fact's surrogate keys name a row of their dimension (late
-- or unknown customers and products get an inferred member, never a dangling key). An order
-- line without a product_id (the column is optional) has no product_key, and that is fine.
SELECT f.name || ' row ' || f.id || ': customer_key ' || COALESCE(CAST(f.customer_key AS VARCHAR), 'NULL')
       || ' not in dim_customer' AS violation
FROM (
    SELECT 'fact_order' AS name, order_id AS id, customer_key FROM fact_order
    UNION ALL SELECT 'fact_order_line', order_id || '/' || CAST(line_no AS VARCHAR), customer_key FROM fact_order_line
    UNION ALL SELECT 'fact_complaint', complaint_id, customer_key FROM fact_complaint
    UNION ALL SELECT 'fact_contract', contract_id, customer_key FROM fact_contract
    UNION ALL SELECT 'fact_interaction', interaction_id, customer_key FROM fact_interaction
    UNION ALL SELECT 'fact_survey_response', response_id, customer_key FROM fact_survey_response
    UNION ALL SELECT 'fact_customer_month', customer_id || '/' || CAST(month_start AS VARCHAR), customer_key
              FROM fact_customer_month
) f
WHERE NOT EXISTS (SELECT 1 FROM dim_customer d WHERE d.customer_key = f.customer_key)
UNION ALL
SELECT 'fact_order_line row ' || order_id || '/' || CAST(line_no AS VARCHAR) || ': product_key '
       || COALESCE(CAST(product_key AS VARCHAR), 'NULL') || ' not in dim_product'
FROM fact_order_line f
WHERE (f.product_id IS NOT NULL OR f.product_key IS NOT NULL)
  AND NOT EXISTS (SELECT 1 FROM dim_product d WHERE d.product_key = f.product_key)
UNION ALL
SELECT 'fact_order_line row ' || order_id || '/' || CAST(line_no AS VARCHAR) || ': date_key '
       || COALESCE(CAST(date_key AS VARCHAR), 'NULL') || ' not in dim_date'
FROM fact_order_line f
WHERE NOT EXISTS (SELECT 1 FROM dim_date d WHERE d.date_key = f.date_key)
