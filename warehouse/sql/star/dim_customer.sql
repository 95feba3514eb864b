-- dim_customer — grain: one version of a customer known by D (slowly changing, type 2), or one inferred member for a customer a fact names before their customers row arrives.
-- dim_customer: SCD type 2, one row per version of a customer known by the run date.
-- A version opens when an attribute changes (row_hash); the first opens at created_at.
-- A customer is known by D when its latest row was created on or before the end of D
-- (docs/contract.md §4.1: the latest version is used even if updated after D), or when a fact
-- on or before D names it before its customers row arrives: then it is an inferred
-- member, with empty attributes, that the later row completes.
WITH latest AS (
    SELECT customer_id, created_at
    FROM stg_customers
    WHERE created_at <= ${as_of_end}
),
-- The version sequence is found over narrow rows (key, version time, run, line and a
-- 60-bit fingerprint of the attributes) and the attributes are joined back by (run, line)
-- afterwards: DuckDB's window operator holds its whole input in memory, so its rows must be
-- small for a history of millions of versions to fit (a hash join spills, a window does not).
narrow AS (
    SELECT h.customer_id, l.created_at,
           COALESCE(h.updated_at, CAST(h._run AS TIMESTAMP)) AS version_at, h._run, h._line,
           {{ stable_key(concat_ws('|', COALESCE(h.name, '~'), COALESCE(h.email, '~'), COALESCE(h.phone, '~'),
                                   COALESCE(h.country, '~'), COALESCE(h.city, '~'), COALESCE(h.customer_type, '~'),
                                   COALESCE(h.acquisition_channel, '~'), COALESCE(h.account_owner, '~'))) }} AS fingerprint
    FROM stg_customers_history h
    JOIN latest l ON l.customer_id = h.customer_id
),
sequenced AS (
    SELECT n.*,
           LAG(fingerprint) OVER (PARTITION BY customer_id ORDER BY version_at, _run, _line) AS previous_fingerprint
    FROM narrow n
),
-- A version opens where the attributes change; the first row of a customer always opens one.
changes AS (
    SELECT customer_id, created_at, version_at, _run, _line,
           previous_fingerprint IS NULL AS is_first,
           LEAD(version_at) OVER (PARTITION BY customer_id ORDER BY version_at, _run, _line) AS next_version_at
    FROM sequenced
    WHERE previous_fingerprint IS NULL OR previous_fingerprint <> fingerprint
),
known AS (
    SELECT c.customer_id, h.name, h.email AS email_hash, h.phone AS phone_hash, h.country, h.city,
           h.customer_type, h.acquisition_channel, h.account_owner, c.created_at, FALSE AS is_inferred,
           {{ sha256(concat_ws('|', COALESCE(h.name, '~'), COALESCE(h.email, '~'), COALESCE(h.phone, '~'),
                               COALESCE(h.country, '~'), COALESCE(h.city, '~'), COALESCE(h.customer_type, '~'),
                               COALESCE(h.acquisition_channel, '~'), COALESCE(h.account_owner, '~'))) }} AS row_hash,
           CASE WHEN c.is_first THEN LEAST(c.created_at, c.version_at) ELSE c.version_at END AS valid_from,
           c.next_version_at AS valid_to
    FROM changes c
    JOIN stg_customers_history h ON h.customer_id = c.customer_id AND h._run = c._run AND h._line = c._line
),
referenced AS (
    SELECT customer_id FROM stg_orders WHERE order_ts <= ${as_of_end}
    UNION SELECT customer_id FROM stg_complaints WHERE received_at <= ${as_of_end}
    UNION SELECT customer_id FROM stg_surveys WHERE responded_at <= ${as_of_end}
    UNION SELECT customer_id FROM stg_contracts WHERE start_date <= ${as_of_date}
    UNION SELECT customer_id FROM stg_interactions WHERE occurred_at <= ${as_of_end}
),
inferred AS (
    SELECT r.customer_id, CAST(NULL AS STRING) AS name, CAST(NULL AS STRING) AS email_hash,
           CAST(NULL AS STRING) AS phone_hash, CAST(NULL AS STRING) AS country, CAST(NULL AS STRING) AS city,
           CAST(NULL AS STRING) AS customer_type, CAST(NULL AS STRING) AS acquisition_channel,
           CAST(NULL AS STRING) AS account_owner, CAST(NULL AS TIMESTAMP) AS created_at, TRUE AS is_inferred,
           CAST(NULL AS STRING) AS row_hash, CAST(NULL AS TIMESTAMP) AS valid_from,
           CAST(NULL AS TIMESTAMP) AS valid_to
    FROM referenced r
    LEFT JOIN latest l ON l.customer_id = r.customer_id
    WHERE l.customer_id IS NULL
),
members AS (
    SELECT * FROM known
    UNION ALL
    SELECT * FROM inferred
)
-- customer_key is derived from (customer_id, valid_from), not numbered: a new customer or
-- version must not shift the keys of the others, or every fact partition would change.
SELECT {{ stable_key(concat_ws('|', customer_id, COALESCE(CAST(CAST(ROUND(
           {{ seconds_between(TIMESTAMP '1970-01-01 00:00:00', valid_from) }} * 1000000) AS BIGINT) AS STRING),
           'inferred'))) }} AS customer_key,
       customer_id, name, email_hash, phone_hash, country, city, customer_type, acquisition_channel,
       account_owner, created_at, is_inferred, row_hash, valid_from, valid_to,
       valid_to IS NULL AS is_current
FROM members
