-- Tonight's extract of a source with personal data, after clientele forget: rows of a
-- customer in erasure_log still load under their customer_id, but with their personal
-- columns emptied, so an extract that brings the customer back cannot undo the erasure.
-- The columns: the contract's columns, the personal ones as
-- "CASE WHEN e.erased_customer_id IS NOT NULL THEN CAST(NULL AS STRING) ELSE l.c END AS c".
SELECT ${columns}, l._file, l._line
FROM landing_as_extracted l
LEFT JOIN (SELECT DISTINCT customer_id AS erased_customer_id FROM erasure_log) e
       ON e.erased_customer_id = l.customer_id
