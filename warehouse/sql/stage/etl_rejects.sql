-- etl_rejects — grain: one source row the nightly extract refused.
-- etl_rejects: every row the nightly extract refused, with its reason (docs/contract.md §1).
-- Tonight's rejects replace any earlier attempt of the same run date, so a rerun never
-- double-counts; other nights' rejects are kept.
SELECT run_id, source, file, line, record_key, column_name, reason, raw_row
FROM previous_rejects
WHERE run_id <> ${run_id}
${tonight}
