-- The partitions (months of received_date) of fact_complaint that tonight can change, against
-- the lake built as of ${previous_as_of_date} (L):
-- * complaints whose row is new or changed (delta_complaints): old and new month;
-- * every complaint of a customer whose dim_customer versions changed (customer_key);
-- * complaints closed after the end of L and on or before the end of D: open in the lake,
--   closed tonight, though their row did not change (the accumulating snapshot, §4.1);
-- * the months of L … D: complaints received after L become visible tonight.
WITH touched AS (
    SELECT complaint_id FROM delta_complaints
    UNION
    SELECT complaint_id FROM stg_complaints WHERE customer_id IN (SELECT customer_id FROM changed_customers)
    UNION
    SELECT complaint_id FROM stg_complaints
    WHERE status IN ('resolved', 'rejected') AND resolved_at > ${previous_as_of_end} AND resolved_at <= ${as_of_end}
)
SELECT {{ month_text(c.received_at) }} AS month FROM stg_complaints c JOIN touched t ON t.complaint_id = c.complaint_id
UNION
SELECT {{ month_text(c.received_at) }} AS month FROM prev_complaints c JOIN touched t ON t.complaint_id = c.complaint_id
UNION
SELECT {{ month_text(date_day) }} AS month FROM dim_date WHERE date_day >= ${previous_as_of_date}
