-- fact_survey_response — grain: one survey answer given on or before the end of D.
-- CSAT scores 1–5, NPS scores 0–10 (whole numbers; the extract rejects anything else).
-- Lake partition: the month of response_date. `month` ('YYYY-MM') names the partition directory
-- (month=YYYY-MM) and is not a column of the table; ${rebuild_months} lists the partitions
-- this night rewrites (every month on a full rebuild; see star/incremental/fact_survey_response.sql).
WITH customer_version AS (
    -- version at the event: an inner join hash-joins on customer_id (a range inside a
    -- LEFT JOIN's condition makes DuckDB fall back to a nested-loop join)
    SELECT s.response_id, v.customer_key
    FROM stg_surveys s
    JOIN dim_customer v ON v.customer_id = s.customer_id
    WHERE s.responded_at >= v.valid_from AND (v.valid_to IS NULL OR s.responded_at < v.valid_to)
)
SELECT s.response_id,
       s.customer_id,
       COALESCE(v.customer_key, cur.customer_key) AS customer_key,
       s.responded_at,
       CAST(s.responded_at AS DATE)               AS response_date,
       s.kind,
       s.score,
       s.touchpoint,
       s.related_id,
       {{ month_text(s.responded_at) }}          AS month
FROM stg_surveys s
LEFT JOIN customer_version v ON v.response_id = s.response_id
LEFT JOIN dim_customer cur ON cur.customer_id = s.customer_id AND cur.is_current
WHERE s.responded_at <= ${as_of_end}
  AND {{ month_text(s.responded_at) }} IN ${rebuild_months}
