-- The natural keys of the ${source} rows tonight's extract touched (touched_${source}, written
-- by the stage as it upserted them into the state the lake was last built from, prev_${source}):
-- what star/incremental/changed_rows.sql finds by comparing the two states, without reading
-- them. The stage replaces the rows of these keys only, so every new or changed row's key is
-- among them; a row delivered again unchanged is too, which widens the months a rule rewrites
-- (each rewritten month is built in full) and changes no result.
SELECT ${natural_key} FROM touched_${source}
