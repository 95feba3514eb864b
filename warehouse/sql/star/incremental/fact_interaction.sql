-- The partitions (months of occurred_date) of fact_interaction that tonight can change, against
-- the lake built as of ${previous_as_of_date} (L): interactions new or changed (old and new
-- month), every interaction of a customer whose dim_customer versions changed, and the months
-- of L … D (interactions after L become visible tonight).
WITH touched AS (
    SELECT interaction_id FROM delta_interactions
    UNION
    SELECT interaction_id FROM stg_interactions WHERE customer_id IN (SELECT customer_id FROM changed_customers)
)
SELECT {{ month_text(i.occurred_at) }} AS month FROM stg_interactions i JOIN touched t ON t.interaction_id = i.interaction_id
UNION
SELECT {{ month_text(i.occurred_at) }} AS month FROM prev_interactions i JOIN touched t ON t.interaction_id = i.interaction_id
UNION
SELECT {{ month_text(date_day) }} AS month FROM dim_date WHERE date_day >= ${previous_as_of_date}
