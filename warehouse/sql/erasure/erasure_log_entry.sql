-- One row of erasure_log, written by clientele forget. It keeps the customer_id (the
-- pseudonymous key the facts keep too, and what a later extract is matched on so the
-- customer stays erased), when the erasure was made and which columns were emptied;
-- never a personal value or a hash of one.
SELECT CAST(${customer_id} AS VARCHAR) AS customer_id,
       CAST(${erased_at} AS TIMESTAMP) AS erased_at,
       CAST(${erased_columns} AS VARCHAR) AS erased_columns,
       CAST(${warehouse_as_of} AS DATE) AS warehouse_as_of
