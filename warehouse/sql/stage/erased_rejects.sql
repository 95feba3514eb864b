-- Tonight's refused rows of a source with personal data, after clientele forget: the raw
-- row of a customer in erasure_log is not kept (its reason, file and line are).
SELECT r.run_id, r.source, r.file, r.line, r.record_key, r.column_name, r.reason,
       CASE WHEN e.erased_customer_id IS NOT NULL THEN CAST(NULL AS STRING) ELSE r.raw_row END AS raw_row
FROM ${rejects} r
LEFT JOIN (SELECT DISTINCT customer_id AS erased_customer_id FROM erasure_log) e
       ON e.erased_customer_id = r.record_key
