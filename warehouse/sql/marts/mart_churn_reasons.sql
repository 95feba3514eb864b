-- mart_churn_reasons — grain: one complete month × reason_source × reason (× reason_recorded),
-- where the reason has a customer lost in the month (docs/contract.md §3, §4.5, §4.14).
-- The lost customers of month m are mart_churn_monthly's Cl of the all row: active (§4.4,
-- fact_customer_month.is_active) on the last day of m − 1 and not on m's last day, the lapse day;
-- only months ending on or before D. Each lost customer has exactly one reason per source:
--   contract_cancel_reason: cancel_reason of the customer's contract with the latest cancelled_at
--     on or before the end of the lapse day (then the greatest contract_id); 'no cancelled
--     contract' without one; a null or empty reason 'unknown'.
--   last_complaint: of the customer's latest complaint (received_at, then complaint_id) received
--     in the ${churn_reason_days} days ending on the lapse day (lapse day − received day <
--     ${churn_reason_days}), its root_cause, else its category, else 'unknown'; 'no complaint'
--     without one.
--   contact: 'complaint' with such a complaint; 'contact only' with none but an interaction that
--     occurred in those days; 'no complaint, no contact' with neither.
-- reason_recorded: true when reason is the text the source recorded (cancel_reason, root_cause or
-- category), false for the warehouse's labels, so a source text spelled like a label stays apart.
-- lost_customers = the lost customers with the reason; share_of_lost = lost_customers ÷ the month's
-- lost customers (the reasons of one source add up to 1); lost_revenue_12m = their purchase revenue
-- over months m − 12 … m − 1 (revenue_churn's numerator); predicted_clv_at_month_start = the sum of
-- their predicted_clv_12m in lapsed_customer_predictions (the models fitted as of D applied to the
-- history as of the day before m; 0 for a customer without a purchase by then), each rounded to
-- 4 decimals first so that the sum does not depend on the engine's summation order; null when the
-- models were not fitted.
WITH lapses AS (
    SELECT customer_id, month, {{ add_days({{ add_months(month, 1) }}, -1) }} AS lapse_day
    FROM (
        SELECT customer_id, month_start AS month, 1 AS inactive_end, 0 AS active_start
        FROM fact_customer_month
        WHERE is_complete AND NOT is_active
        UNION ALL
        SELECT customer_id, {{ add_months(month_start, 1) }}, 0, 1
        FROM fact_customer_month
        WHERE is_active
    ) u
    GROUP BY customer_id, month
    HAVING MAX(inactive_end) = 1 AND MAX(active_start) = 1
),
revenue_before AS (
    SELECT l.customer_id, l.month, SUM(cm.revenue) AS revenue_12m
    FROM lapses l
    JOIN fact_customer_month cm
      ON cm.customer_id = l.customer_id
     AND cm.month_start >= {{ add_months(l.month, -12) }}
     AND cm.month_start < l.month
    WHERE cm.revenue > 0
    GROUP BY l.customer_id, l.month
),
cancelled AS (
    SELECT customer_id, month, cancel_reason
    FROM (
        SELECT l.customer_id, l.month, NULLIF(c.cancel_reason, '') AS cancel_reason,
               ROW_NUMBER() OVER (PARTITION BY l.customer_id, l.month
                                  ORDER BY c.cancelled_at DESC, c.contract_id DESC) AS k
        FROM lapses l
        JOIN fact_contract c ON c.customer_id = l.customer_id AND c.cancel_date <= l.lapse_day
    ) r
    WHERE k = 1
),
complained AS (
    SELECT customer_id, month, cause
    FROM (
        SELECT l.customer_id, l.month, COALESCE(NULLIF(c.root_cause, ''), NULLIF(c.category, '')) AS cause,
               ROW_NUMBER() OVER (PARTITION BY l.customer_id, l.month
                                  ORDER BY c.received_at DESC, c.complaint_id DESC) AS k
        FROM lapses l
        JOIN fact_complaint c
          ON c.customer_id = l.customer_id
         AND c.received_date <= l.lapse_day
         AND c.received_date > {{ add_days(l.lapse_day, -${churn_reason_days}) }}
    ) r
    WHERE k = 1
),
contacted AS (
    SELECT l.customer_id, l.month
    FROM lapses l
    JOIN fact_interaction i
      ON i.customer_id = l.customer_id
     AND i.occurred_date <= l.lapse_day
     AND i.occurred_date > {{ add_days(l.lapse_day, -${churn_reason_days}) }}
    GROUP BY l.customer_id, l.month
),
lost AS (
    SELECT l.month,
           CASE WHEN cn.customer_id IS NULL THEN 'no cancelled contract'
                ELSE COALESCE(cn.cancel_reason, 'unknown') END                   AS cancel_reason,
           cn.cancel_reason IS NOT NULL                                          AS cancel_recorded,
           CASE WHEN cp.customer_id IS NULL THEN 'no complaint'
                ELSE COALESCE(cp.cause, 'unknown') END                           AS complaint_cause,
           cp.cause IS NOT NULL                                                  AS complaint_recorded,
           CASE WHEN cp.customer_id IS NOT NULL THEN 'complaint'
                WHEN ct.customer_id IS NOT NULL THEN 'contact only'
                ELSE 'no complaint, no contact' END                              AS contact,
           COALESCE(r.revenue_12m, 0)                                            AS revenue_12m,
           CAST(p.predicted_clv_12m AS DECIMAL(18,4))                            AS predicted_clv_12m
    FROM lapses l
    LEFT JOIN revenue_before r ON r.customer_id = l.customer_id AND r.month = l.month
    LEFT JOIN cancelled cn ON cn.customer_id = l.customer_id AND cn.month = l.month
    LEFT JOIN complained cp ON cp.customer_id = l.customer_id AND cp.month = l.month
    LEFT JOIN contacted ct ON ct.customer_id = l.customer_id AND ct.month = l.month
    LEFT JOIN lapsed_customer_predictions p ON p.customer_id = l.customer_id AND p.month = l.month
),
reasons AS (
    SELECT month, 'contract_cancel_reason' AS reason_source, cancel_reason AS reason,
           cancel_recorded AS reason_recorded, revenue_12m, predicted_clv_12m
    FROM lost
    UNION ALL
    SELECT month, 'last_complaint', complaint_cause, complaint_recorded, revenue_12m, predicted_clv_12m
    FROM lost
    UNION ALL
    SELECT month, 'contact', contact, FALSE, revenue_12m, predicted_clv_12m
    FROM lost
),
counted AS (
    SELECT month, reason_source, reason, reason_recorded,
           COUNT(*)                 AS lost_customers,
           SUM(revenue_12m)         AS lost_revenue_12m,
           SUM(predicted_clv_12m)   AS predicted_clv
    FROM reasons
    GROUP BY month, reason_source, reason, reason_recorded
)
SELECT ${as_of_date}                                                   AS as_of_date,
       month,
       reason_source,
       reason,
       reason_recorded,
       CAST(lost_customers AS BIGINT)                                  AS lost_customers,
       CAST(lost_revenue_12m AS DECIMAL(18,2))                         AS lost_revenue_12m,
       CAST(predicted_clv AS DECIMAL(18,2))                            AS predicted_clv_at_month_start,
       CAST(lost_customers AS DOUBLE)
           / SUM(lost_customers) OVER (PARTITION BY month, reason_source) AS share_of_lost
FROM counted
