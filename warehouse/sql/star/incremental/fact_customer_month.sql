-- The partitions (months) of fact_customer_month that tonight can change, against the lake
-- built as of ${previous_as_of_date} (L). Derived from what a row (customer c, month m) is made
-- of (star/fact_customer_month.sql, docs/contract.md §4.4):
-- * purchases, revenue, complaints of m: facts dated in m;
-- * last_purchase_date and is_active: c's latest purchase on or before m's activity date. A
--   purchase dated in month p changes is_active for p … the month of p + inactivity-days at
--   most (m … m+6 with 180 days) — but last_purchase_date, the stored latest purchase,
--   changes for every month from p until c's next purchase, which may never come: so p … D;
-- * has_contract: contracts covering m's activity date (from the start month on, or, when only
--   its end or cancellation changed, from the month after the earlier last day);
-- * open_complaints: complaints received by the activity date and still open then (from the
--   month received on);
-- * latest_csat / latest_nps: carried forward from the month answered, so p … D;
-- * lifecycle_stage: is_active and last_purchase_date as above; complaints received in the 90
--   days before the activity date, justified or open then (so justified is compared too), and
--   low answers given in them: from the month received or answered on; and the first lapse, an
--   earlier month end without activity, which purchases and contracts dated in p move for
--   months after p only: so p … D;
-- * first_purchase_date and customer_key (the current version): the same in all of c's months,
--   so a new first purchase or a new current version changes all of c's months, from c's
--   first activity (in the lake or tonight);
-- * the activity date LEAST(month end, D) and is_complete: they change for the months of L … D.
-- A change dated in month p thus changes months p … D's; the facts are compared where they can
-- differ (the partitions rewritten tonight), so the set is every month from the earliest change.
-- Known over-approximation: a late purchase with later purchases of the same customer after it
-- changes fewer months (up to the next purchase or p + inactivity-days).
WITH purchase_changes AS (
    SELECT customer_id, order_date FROM (
        SELECT order_id, customer_id, order_date, net_revenue FROM fact_order
        WHERE is_purchase AND {{ month_text(order_date) }} IN (SELECT month FROM changed_months_fact_order)
        EXCEPT
        SELECT order_id, customer_id, order_date, net_revenue FROM lake_fact_order
        WHERE is_purchase AND {{ month_text(order_date) }} IN (SELECT month FROM changed_months_fact_order)) n
    UNION ALL
    SELECT customer_id, order_date FROM (
        SELECT order_id, customer_id, order_date, net_revenue FROM lake_fact_order
        WHERE is_purchase AND {{ month_text(order_date) }} IN (SELECT month FROM changed_months_fact_order)
        EXCEPT
        SELECT order_id, customer_id, order_date, net_revenue FROM fact_order
        WHERE is_purchase AND {{ month_text(order_date) }} IN (SELECT month FROM changed_months_fact_order)) o
),
contract_changes AS (
    -- a contract covers d when start_date <= d <= its last day, LEAST(end_date, cancel_date)
    -- (open when both are null). When only the last day changed (an end or a cancellation
    -- arrived), coverage changes only after the earlier of the two last days; else from the start.
    SELECT CASE WHEN n.contract_id IS NOT NULL AND o.contract_id IS NOT NULL
                     AND n.customer_id = o.customer_id AND n.start_date = o.start_date
                THEN {{ add_days(LEAST(COALESCE(n.last_day, o.last_day), COALESCE(o.last_day, n.last_day)), 1) }}
                ELSE LEAST(COALESCE(n.start_date, o.start_date), COALESCE(o.start_date, n.start_date)) END AS day
    FROM (SELECT contract_id, customer_id, start_date, LEAST(end_date, cancel_date) AS last_day FROM (
              SELECT contract_id, customer_id, start_date, end_date, cancel_date FROM fact_contract
              EXCEPT
              SELECT contract_id, customer_id, start_date, end_date, cancel_date FROM lake_fact_contract) x) n
    FULL OUTER JOIN
         (SELECT contract_id, customer_id, start_date, LEAST(end_date, cancel_date) AS last_day FROM (
              SELECT contract_id, customer_id, start_date, end_date, cancel_date FROM lake_fact_contract
              EXCEPT
              SELECT contract_id, customer_id, start_date, end_date, cancel_date FROM fact_contract) y) o
      ON n.contract_id = o.contract_id
),
complaint_changes AS (
    SELECT received_date FROM (
        SELECT complaint_id, customer_id, received_date, justified, is_closed, resolved_date FROM fact_complaint
        WHERE {{ month_text(received_date) }} IN (SELECT month FROM changed_months_fact_complaint)
        EXCEPT
        SELECT complaint_id, customer_id, received_date, justified, is_closed, resolved_date FROM lake_fact_complaint
        WHERE {{ month_text(received_date) }} IN (SELECT month FROM changed_months_fact_complaint)) n
    UNION ALL
    SELECT received_date FROM (
        SELECT complaint_id, customer_id, received_date, justified, is_closed, resolved_date FROM lake_fact_complaint
        WHERE {{ month_text(received_date) }} IN (SELECT month FROM changed_months_fact_complaint)
        EXCEPT
        SELECT complaint_id, customer_id, received_date, justified, is_closed, resolved_date FROM fact_complaint
        WHERE {{ month_text(received_date) }} IN (SELECT month FROM changed_months_fact_complaint)) o
),
answer_changes AS (
    SELECT response_date FROM (
        SELECT response_id, customer_id, responded_at, response_date, kind, score FROM fact_survey_response
        WHERE {{ month_text(response_date) }} IN (SELECT month FROM changed_months_fact_survey_response)
        EXCEPT
        SELECT response_id, customer_id, responded_at, response_date, kind, score FROM lake_fact_survey_response
        WHERE {{ month_text(response_date) }} IN (SELECT month FROM changed_months_fact_survey_response)) n
    UNION ALL
    SELECT response_date FROM (
        SELECT response_id, customer_id, responded_at, response_date, kind, score FROM lake_fact_survey_response
        WHERE {{ month_text(response_date) }} IN (SELECT month FROM changed_months_fact_survey_response)
        EXCEPT
        SELECT response_id, customer_id, responded_at, response_date, kind, score FROM fact_survey_response
        WHERE {{ month_text(response_date) }} IN (SELECT month FROM changed_months_fact_survey_response)) o
),
-- customers all of whose months may change: a new current customer_key or first purchase date
reshaped AS (
    SELECT customer_id FROM (
        SELECT customer_id, customer_key FROM dim_customer WHERE is_current
        EXCEPT
        SELECT customer_id, customer_key FROM lake_dim_customer WHERE is_current) n
    UNION
    SELECT customer_id FROM (
        SELECT customer_id, customer_key FROM lake_dim_customer WHERE is_current
        EXCEPT
        SELECT customer_id, customer_key FROM dim_customer WHERE is_current) o
    UNION
    SELECT customer_id FROM (
        (SELECT customer_id, MIN(order_date) AS first_purchase FROM fact_order
         WHERE is_purchase AND customer_id IN (SELECT customer_id FROM purchase_changes) GROUP BY customer_id
         EXCEPT
         SELECT customer_id, MIN(order_date) AS first_purchase FROM lake_fact_order
         WHERE is_purchase AND customer_id IN (SELECT customer_id FROM purchase_changes) GROUP BY customer_id)
        UNION ALL
        (SELECT customer_id, MIN(order_date) AS first_purchase FROM lake_fact_order
         WHERE is_purchase AND customer_id IN (SELECT customer_id FROM purchase_changes) GROUP BY customer_id
         EXCEPT
         SELECT customer_id, MIN(order_date) AS first_purchase FROM fact_order
         WHERE is_purchase AND customer_id IN (SELECT customer_id FROM purchase_changes) GROUP BY customer_id)) f
),
-- their first activity, tonight or in the lake: where their rows start
reshaped_activity AS (
    SELECT order_date AS day FROM fact_order WHERE is_purchase AND customer_id IN (SELECT customer_id FROM reshaped)
    UNION ALL
    SELECT order_date FROM lake_fact_order WHERE is_purchase AND customer_id IN (SELECT customer_id FROM reshaped)
    UNION ALL
    SELECT start_date FROM fact_contract WHERE customer_id IN (SELECT customer_id FROM reshaped)
    UNION ALL
    SELECT start_date FROM lake_fact_contract WHERE customer_id IN (SELECT customer_id FROM reshaped)
),
changes AS (
    SELECT order_date AS day FROM purchase_changes
    UNION ALL SELECT day FROM contract_changes
    UNION ALL SELECT received_date FROM complaint_changes
    UNION ALL SELECT response_date FROM answer_changes
    UNION ALL SELECT day FROM reshaped_activity
    UNION ALL SELECT ${previous_as_of_date}
)
SELECT DISTINCT {{ month_text(month_start) }} AS month
FROM dim_date
WHERE month_start >= (SELECT {{ month_start(MIN(day)) }} FROM changes)
