-- The state of one source after tonight's extract: one row per natural key, the latest
-- version winning (CONTRACT §4.2): latest updated_at, and on a tie, or without updated_at,
-- the row that came later (a later run, then a later line of the extract).
-- Filled in per source from its contract: ${natural_key}, ${version_order}, ${columns},
-- ${landing_columns}; previous_state and landing are registered by SourceStager.
SELECT ${columns}, _run, _line
FROM (
    SELECT u.*,
           ROW_NUMBER() OVER (PARTITION BY ${natural_key}
                              ORDER BY ${version_order} _run DESC, _line DESC) AS _rank
    FROM (
        SELECT ${columns}, _run, _line FROM previous_state
        UNION ALL
        SELECT ${landing_columns}, ${run_id} AS _run, _line FROM landing
    ) u
) ranked
WHERE _rank = 1
