-- fact_complaint — grain: one complaint received on or before the end of D; an
-- accumulating snapshot of its handling as of D. A complaint closed (resolved or
-- rejected) after D is still open on D (docs/contract.md §4.1); the deadline is kept when the
-- exact elapsed time to closing is at most ${complaint_deadline_days} × 24 h.
-- Lake partition: the month of received_date. `month` ('YYYY-MM') names the partition directory
-- (month=YYYY-MM) and is not a column of the table; ${rebuild_months} lists the partitions
-- this night rewrites (every month on a full rebuild; see star/incremental/fact_complaint.sql).
WITH as_of AS (
    SELECT c.*,
           c.status IN ('resolved', 'rejected')
               AND (c.resolved_at IS NULL OR c.resolved_at <= ${as_of_end}) AS closed_by_d
    FROM stg_complaints c
    WHERE c.received_at <= ${as_of_end}
      AND {{ month_text(c.received_at) }} IN ${rebuild_months}
),
customer_version AS (
    -- version at the event: an inner join hash-joins on customer_id (a range inside a
    -- LEFT JOIN's condition makes DuckDB fall back to a nested-loop join)
    SELECT c.complaint_id, v.customer_key
    FROM as_of c
    JOIN dim_customer v ON v.customer_id = c.customer_id
    WHERE c.received_at >= v.valid_from AND (v.valid_to IS NULL OR c.received_at < v.valid_to)
)
SELECT c.complaint_id,
       c.customer_id,
       COALESCE(v.customer_key, cur.customer_key)                         AS customer_key,
       c.order_id,
       c.received_at,
       CAST(c.received_at AS DATE)                                        AS received_date,
       c.channel,
       c.category,
       c.severity,
       c.root_cause,
       CASE WHEN c.closed_by_d THEN c.status ELSE 'open' END              AS status,
       c.justified,
       c.closed_by_d                                                      AS is_closed,
       CASE WHEN c.closed_by_d THEN c.resolved_at END                     AS resolved_at,
       CASE WHEN c.closed_by_d THEN CAST(c.resolved_at AS DATE) END       AS resolved_date,
       {{ add_days_ts(c.received_at, ${complaint_deadline_days}) }}       AS deadline_at,
       CASE WHEN c.closed_by_d
            THEN {{ seconds_between(c.received_at, c.resolved_at) }} / 86400.0 END AS resolution_days,
       CASE WHEN c.closed_by_d AND c.resolved_at IS NOT NULL
            THEN {{ seconds_between(c.received_at, c.resolved_at) }} <= ${complaint_deadline_days} * 86400.0 END
                                                                          AS within_deadline,
       CAST(c.compensation_amount AS DECIMAL(18,2))                       AS compensation_amount,
       {{ month_text(c.received_at) }}                                    AS month
FROM as_of c
LEFT JOIN customer_version v ON v.complaint_id = c.complaint_id
LEFT JOIN dim_customer cur ON cur.customer_id = c.customer_id AND cur.is_current
