-- fact_contract — grain: one contract started on or before D. A cancellation after D is
-- not yet known on D (docs/contract.md §4.1), so such a contract is still running then.
WITH as_of AS (
    SELECT c.*,
           CASE WHEN c.cancelled_at <= ${as_of_end} THEN c.cancelled_at END AS cancelled_by_d
    FROM stg_contracts c
    WHERE c.start_date <= ${as_of_date}
),
customer_version AS (
    -- version at the event: an inner join hash-joins on customer_id (a range inside a
    -- LEFT JOIN's condition makes DuckDB fall back to a nested-loop join)
    SELECT c.contract_id, v.customer_key
    FROM as_of c
    JOIN dim_customer v ON v.customer_id = c.customer_id
    WHERE CAST(c.start_date AS TIMESTAMP) >= v.valid_from AND (v.valid_to IS NULL OR CAST(c.start_date AS TIMESTAMP) < v.valid_to)
)
SELECT c.contract_id,
       c.customer_id,
       COALESCE(v.customer_key, cur.customer_key)              AS customer_key,
       c.product_id,
       c.start_date,
       c.end_date,
       c.cancelled_by_d                                        AS cancelled_at,
       CAST(c.cancelled_by_d AS DATE)                          AS cancel_date,
       CASE WHEN c.cancelled_by_d IS NOT NULL THEN c.cancel_reason END AS cancel_reason,
       CAST(c.monthly_fee AS DECIMAL(18,2))                    AS monthly_fee,
       (c.end_date IS NULL OR ${as_of_date} <= c.end_date)
           AND (c.cancelled_by_d IS NULL OR ${as_of_date} <= CAST(c.cancelled_by_d AS DATE)) AS is_running
FROM as_of c
LEFT JOIN customer_version v ON v.contract_id = c.contract_id
LEFT JOIN dim_customer cur ON cur.customer_id = c.customer_id AND cur.is_current
