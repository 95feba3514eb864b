-- Every version ever seen of a source that the star schema keeps history of (customers,
-- for the SCD type 2 dim_customer): one row per natural key and version time, where the
-- version time is updated_at or, when the source did not say, the night it was seen.
-- As in upsert.sql, only the keys tonight's extract touches are ranked; the previous history
-- already holds one row per key and version time.
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
           ROW_NUMBER() OVER (PARTITION BY ${natural_key}, COALESCE(CAST(updated_at AS TIMESTAMP), CAST(_run AS TIMESTAMP))
                              ORDER BY _run DESC, _line DESC) AS _rank
    FROM (
        SELECT ${columns}, _run, _line FROM previous_state p
        WHERE EXISTS (SELECT 1 FROM touched t WHERE ${key_match})
        UNION ALL
        SELECT ${columns}, _run, _line FROM incoming
    ) u
) ranked
WHERE _rank = 1
