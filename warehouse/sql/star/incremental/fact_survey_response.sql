-- The partitions (months of response_date) of fact_survey_response that tonight can change,
-- against the lake built as of ${previous_as_of_date} (L): answers new or changed (old and new
-- month), every answer of a customer whose dim_customer versions changed, and the months of
-- L … D (answers after L become visible tonight).
WITH touched AS (
    SELECT response_id FROM delta_surveys
    UNION
    SELECT response_id FROM stg_surveys WHERE customer_id IN (SELECT customer_id FROM changed_customers)
)
SELECT {{ month_text(s.responded_at) }} AS month FROM stg_surveys s JOIN touched t ON t.response_id = s.response_id
UNION
SELECT {{ month_text(s.responded_at) }} AS month FROM prev_surveys s JOIN touched t ON t.response_id = s.response_id
UNION
SELECT {{ month_text(date_day) }} AS month FROM dim_date WHERE date_day >= ${previous_as_of_date}
