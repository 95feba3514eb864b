-- The state of one source after tonight's extract: one row per natural key, the latest
-- version winning (CONTRACT §4.2): latest updated_at, and on a tie, or without updated_at,
-- the row that came later (a later run, then a later line of the extract).
-- Filled in per source from its contract: ${natural_key}, ${key_match}, ${version_order},
-- ${columns}, ${landing_columns}; previous_state and landing are registered by SourceStager.
-- Only the keys tonight's extract touches are ranked: the previous state already holds one
-- row per key, so every other key keeps its row as it is. A night's work then grows with its
-- delta, and a million order lines are not sorted again for a thousand new ones.
WITH incoming AS (
    SELECT ${landing_columns}, ${run_id} AS _run, _line FROM landing
),
-- none on a first night (no previous state): then tonight's rows are simply ranked, and the
-- keys of a full extract are not collected for nothing
touched AS (
    SELECT DISTINCT ${natural_key} FROM incoming WHERE ${has_previous_state}
)
SELECT ${columns}, _run, _line
FROM previous_state p
WHERE NOT EXISTS (SELECT 1 FROM touched t WHERE ${key_match})
UNION ALL
SELECT ${columns}, _run, _line
FROM (
    SELECT u.*,
           ROW_NUMBER() OVER (PARTITION BY ${natural_key}
                              ORDER BY ${version_order} _run DESC, _line DESC) AS _rank
    FROM (
        SELECT ${columns}, _run, _line FROM previous_state p
        WHERE EXISTS (SELECT 1 FROM touched t WHERE ${key_match})
        UNION ALL
        SELECT ${columns}, _run, _line FROM incoming
    ) u
) ranked
WHERE _rank = 1
