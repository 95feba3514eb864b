-- fact_interaction — grain: one contact with a customer (call, mail, chat, visit) that
-- occurred on or before the end of D.
-- Lake partition: the month of occurred_date. `month` ('YYYY-MM') names the partition directory
-- (month=YYYY-MM) and is not a column of the table; ${rebuild_months} lists the partitions
-- this night rewrites (every month on a full rebuild; see star/incremental/fact_interaction.sql).
WITH customer_version AS (
    -- version at the event: an inner join hash-joins on customer_id (a range inside a
    -- LEFT JOIN's condition makes DuckDB fall back to a nested-loop join)
    SELECT i.interaction_id, v.customer_key
    FROM stg_interactions i
    JOIN dim_customer v ON v.customer_id = i.customer_id
    WHERE i.occurred_at >= v.valid_from AND (v.valid_to IS NULL OR i.occurred_at < v.valid_to)
)
SELECT i.interaction_id,
       i.customer_id,
       COALESCE(v.customer_key, cur.customer_key) AS customer_key,
       i.occurred_at,
       CAST(i.occurred_at AS DATE)                AS occurred_date,
       i.channel,
       i.direction,
       i.topic,
       i.agent_id,
       {{ month_text(i.occurred_at) }}           AS month
FROM stg_interactions i
LEFT JOIN customer_version v ON v.interaction_id = i.interaction_id
LEFT JOIN dim_customer cur ON cur.customer_id = i.customer_id AND cur.is_current
WHERE i.occurred_at <= ${as_of_end}
  AND {{ month_text(i.occurred_at) }} IN ${rebuild_months}
