-- The state of one source after tonight's extract, filled in per source from its contract
-- by SourceStager (previous_state and landing are registered by it):
--   the current state: one row per natural key (${rank_key} = the natural key), the latest
--     version winning (CONTRACT §4.2): latest updated_at, and on a tie, or without
--     updated_at, the row that came later (a later run, then a later line of the extract);
--   the history of a source the star schema keeps versions of (customers, for the SCD type 2
--     dim_customer): one row per natural key and version time (${rank_key} adds the version
--     time: updated_at or, when the source did not say, the night it was seen), the later
--     row winning.
-- Only the keys tonight's extract touches are ranked: the previous state already holds one
-- row per ${rank_key}, so every other key keeps its rows as they are. A night's work then
-- grows with its delta, and millions of order lines are not sorted again for a thousand new.
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
           ROW_NUMBER() OVER (PARTITION BY ${rank_key} ORDER BY ${version_order} _run DESC, _line DESC) AS _rank
    FROM (
        SELECT ${columns}, _run, _line FROM previous_state p
        WHERE EXISTS (SELECT 1 FROM touched t WHERE ${key_match})
        UNION ALL
        SELECT ${columns}, _run, _line FROM incoming
    ) u
) ranked
WHERE _rank = 1
