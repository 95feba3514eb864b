-- dim_product — grain: one product (its latest version), or one inferred member for a product an order line or contract names before it is in the products extract.
-- dim_product: one row per product (latest version). Products named by an order line
-- but not (yet) in the products extract are inferred members. unit_cost is optional in the
-- source (docs/contract.md §1): null when the extract leaves it out or empty, and for an
-- inferred member.
WITH referenced AS (
    SELECT DISTINCT product_id FROM stg_order_lines WHERE product_id IS NOT NULL
    UNION
    SELECT DISTINCT product_id FROM stg_contracts WHERE product_id IS NOT NULL
),
members AS (
    SELECT product_id, name, category, CAST(list_price AS DECIMAL(18,2)) AS list_price, FALSE AS is_inferred,
           CAST(unit_cost AS DECIMAL(18,4)) AS unit_cost
    FROM stg_products
    UNION ALL
    SELECT r.product_id, CAST(NULL AS STRING), CAST(NULL AS STRING), CAST(NULL AS DECIMAL(18,2)), TRUE,
           CAST(NULL AS DECIMAL(18,4))
    FROM referenced r
    WHERE r.product_id NOT IN (SELECT product_id FROM stg_products)
)
-- product_key is derived from product_id, not numbered, so a new product shifts no other key.
SELECT {{ stable_key(product_id) }} AS product_key,
       product_id, name, category, list_price, is_inferred, unit_cost
FROM members
