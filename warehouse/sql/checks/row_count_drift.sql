-- row_count_drift: a table whose row count moved by more than ${max_change} (a share) since
-- the previous successful run, judged only where either count reaches ${min_rows} rows
-- (small tables move by large shares as a matter of course). A table that disappeared counts too.
SELECT p.table_name || ': ' || CAST(p.row_count AS VARCHAR) || ' rows on ' || CAST(p.run_date AS VARCHAR) || ', '
       || COALESCE(CAST(c.row_count AS VARCHAR), 'no table') || ' now' AS violation
FROM previous_row_counts p
LEFT JOIN row_counts c ON c.table_name = p.table_name
WHERE c.row_count IS NULL
   OR (GREATEST(p.row_count, c.row_count) >= ${min_rows}
       AND abs(c.row_count - p.row_count) > ${max_change} * GREATEST(p.row_count, 1))
