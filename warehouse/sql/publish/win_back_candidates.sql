-- win_back_candidates — grain: one churned customer who bought (lifecycle_stage churned, orders > 0), as of D.
-- win_back_candidates — an analyst view (DuckDB only, over the published tables): one row per
-- churned customer as of D (mart_customer_value.lifecycle_stage = 'churned', orders > 0),
-- ranked by historical_clv (rank 1 = most valuable; equal values share a rank, RANK()),
-- with their owner as of D and their last complaint received by D, if any (latest
-- received_at; on a tie the greatest complaint_id). Its status is as of D: a complaint
-- closed after D is 'open'.
WITH last_complaint AS (
    SELECT customer_id, complaint_id, received_at, category, status, root_cause,
           ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY received_at DESC, complaint_id DESC) AS nth
    FROM fact_complaint
)
SELECT v.as_of_date,
       CAST(RANK() OVER (ORDER BY v.historical_clv DESC) AS BIGINT) AS win_back_rank,
       v.customer_id,
       COALESCE(d.account_owner, 'unknown')                           AS account_owner,
       v.historical_clv,
       v.orders,
       v.last_purchase_date,
       v.recency_days,
       lc.complaint_id                                                AS last_complaint_id,
       lc.received_at                                                 AS last_complaint_received_at,
       lc.category                                                    AS last_complaint_category,
       lc.status                                                      AS last_complaint_status,
       lc.root_cause                                                  AS last_complaint_root_cause
FROM mart_customer_value v
LEFT JOIN dim_customer d ON d.customer_id = v.customer_id AND d.is_current
LEFT JOIN last_complaint lc ON lc.customer_id = v.customer_id AND lc.nth = 1
WHERE v.lifecycle_stage = 'churned' AND v.orders > 0
ORDER BY win_back_rank, v.customer_id
