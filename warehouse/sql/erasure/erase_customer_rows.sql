-- One Parquet file of the warehouse with a forgotten customer's personal data emptied
-- (clientele forget): every other row, every other column and the row order stay as they
-- were, so facts keep their customer_id and customer_key and every total stays right.
-- The erased columns: one "CASE WHEN <the customer's row> THEN NULL ELSE c END AS c" per
-- personal column the file has (and dim_customer's row_hash, see dim_customer_row_hash.sql).
-- DuckDB only: the erasure always runs on DuckDB, whichever engine wrote the file.
SELECT * REPLACE (${erased_columns})
FROM read_parquet(${file}, hive_partitioning = false)
