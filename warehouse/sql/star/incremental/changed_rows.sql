-- The natural keys of the ${source} rows that differ between tonight's state (stg_${source})
-- and the state the lake was last built from (prev_${source}): new, changed or gone, on any
-- column but the bookkeeping _run and _line (a row repeated by a later extract is no change).
SELECT ${natural_key} FROM (SELECT ${columns} FROM stg_${source} EXCEPT SELECT ${columns} FROM prev_${source}) n
UNION
SELECT ${natural_key} FROM (SELECT ${columns} FROM prev_${source} EXCEPT SELECT ${columns} FROM stg_${source}) o
