-- The natural keys of the ${source} rows that differ between tonight's state (stg_${source}) and
-- the state the lake was last built from (prev_${source}), as star/incremental/changed_rows.sql
-- finds them, but compared for the keys tonight's extract touched only (touched_${source}, which
-- the stage wrote as it upserted into exactly that state): the stage replaced the rows of these
-- keys and kept every other row as it was, so no other row can differ. A row delivered again
-- unchanged is touched but drops out here: a full extract delivered again widens no rule's months.
WITH tonight AS (
    SELECT ${columns} FROM stg_${source} s WHERE EXISTS (SELECT 1 FROM touched_${source} t WHERE ${key_match})
),
last_state AS (
    SELECT ${columns} FROM prev_${source} s WHERE EXISTS (SELECT 1 FROM touched_${source} t WHERE ${key_match})
)
SELECT ${natural_key} FROM (SELECT ${columns} FROM tonight EXCEPT SELECT ${columns} FROM last_state) n
UNION
SELECT ${natural_key} FROM (SELECT ${columns} FROM last_state EXCEPT SELECT ${columns} FROM tonight) o
