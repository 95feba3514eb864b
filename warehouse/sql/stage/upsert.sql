-- The state of one source after tonight's extract, filled in per source from its contract
-- by SourceStager (previous_state, landing and the views of stage/touched.sql and
-- stage/candidates.sql are registered by it):
--   the current state: one row per natural key (${rank_key} = the natural key), the latest
--     version winning (docs/contract.md §4.2): latest updated_at, and on a tie, or without
--     updated_at, the row that came later (a later run, then a later line of the extract);
--   the history of a source the star schema keeps versions of (customers, for the SCD type 2
--     dim_customer): one row per natural key and version time (${rank_key} adds the version
--     time: updated_at or, when the source did not say, the night it was seen), the later
--     row winning.
-- Only the keys tonight's extract touches are ranked: the previous state already holds one
-- row per ${rank_key}, so every other key keeps its rows as they are. A night's work then
-- grows with its delta, and millions of order lines are not sorted again for a thousand new.
--
-- The ranking is a GROUP BY, not ROW_NUMBER() OVER (PARTITION BY ...): DuckDB's window
-- operator keeps its whole input in memory (a first night's nine million order lines with
-- 36-character ids ran out of it), while a hash aggregate with a fixed-size state spills.
-- A run numbers its lines once, so (run, line), and with it _ordinal, names one candidate:
-- the greatest _ordinal of each ${rank_key} is found by a GROUP BY and its row by that number
-- alone. `candidates` is a view, read twice: a CTE read twice is materialized by DuckDB,
-- whole rows in memory, slower than reading the Parquet again.
SELECT ${columns}, _run, _line
FROM previous_state p
WHERE NOT EXISTS (SELECT 1 FROM touched t WHERE ${key_match})
UNION ALL
SELECT ${columns}, _run, _line
FROM candidates
WHERE _ordinal IN (SELECT max(_ordinal) FROM candidates GROUP BY ${rank_key})
