-- The rows that compete for a place in tonight's state (view `candidates`, registered by
-- SourceStager for stage/upsert.sql): the previous state's rows of the keys tonight touches,
-- and tonight's rows, each with its place in its key's order as one number, _ordinal (the
-- greatest wins; SourceStager.ordinal: the version time, then the run, then the line).
SELECT u.*, ${ordinal} AS _ordinal
FROM (
    SELECT ${columns}, _run, _line FROM previous_state p
    WHERE EXISTS (SELECT 1 FROM touched t WHERE ${key_match})
    UNION ALL
    SELECT ${landing_columns}, ${run_id} AS _run, _line FROM landing
) u
