-- The natural keys tonight's extract touches (`touched`, registered by SourceStager for
-- stage/upsert.sql, and kept for the model as the keys whose rows may differ from the previous
-- state's: TouchedKeys). None on a first night (no previous state): then tonight's rows are
-- simply ranked, and the keys of a full extract are not collected for nothing.
SELECT DISTINCT ${natural_key} FROM landing WHERE ${has_previous_state}
