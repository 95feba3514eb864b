-- churn_features — grain: one customer active on the feature date F = ${feature_date}
-- (docs/contract.md §4.4: F − last purchase < ${inactivity_days} days, or a contract covers F), with
-- what was known at the end of F, and the label when it is known by D = ${as_of_date}.
-- Computed by the night's engine for the churn propensity model (io.clientele.warehouse.predict),
-- whose fit and scoring are Spark MLlib.
--
-- Label churned: active on F and not active on L = F + ${horizon_days} days: the customer is
-- lost over the window, as a lost customer (Cl) of mart_churn_monthly is over a month (one who
-- lapses and comes back within the window is not lost). Null when L is after D.
--
-- Features, each as of the end of F (nothing after F is looked at, except the label):
--   recency_days         F − last purchase (no purchase, contract only: ${inactivity_days})
--   lapses_in_horizon    1 when recency_days ≥ ${inactivity_days} − ${horizon_days}: without another
--                        purchase the customer stops being active within the label's window (the
--                        activity rule is a step in recency, which a linear term cannot draw)
--   frequency            purchases up to F
--   monetary             average purchase revenue up to F (0 without purchases)
--   tenure_days          F − created_at (inferred customers: first purchase or contract start)
--   complaints_90d       complaints received in (F − 90, F]
--   open_complaints_90d  of those, the ones still open on F
--   last_csat / last_nps the latest answer of each kind up to F; 0 with no_csat / no_nps = 1 when none
--   has_running_contract a contract covers F
--   acquisition_channel  as of D (lower case, null → 'unknown'); one-hot encoded by the model
WITH purchases AS (
    SELECT customer_id, order_date, net_revenue
    FROM fact_order
    WHERE is_purchase AND order_date <= {{ add_days(${feature_date}, ${horizon_days}) }}
),
history AS (
    SELECT customer_id,
           MIN(order_date) AS first_purchase,
           MAX(order_date) AS last_purchase,
           COUNT(*)        AS purchases,
           CAST(SUM(net_revenue) AS DOUBLE) AS revenue
    FROM purchases
    WHERE order_date <= ${feature_date}
    GROUP BY customer_id
),
by_label_date AS (
    SELECT customer_id, MAX(order_date) AS last_purchase
    FROM purchases
    GROUP BY customer_id
),
contracts AS (
    -- a contract covers d: start ≤ d ≤ end (open-ended when empty) and d ≤ its cancel date (known by D)
    SELECT customer_id,
           MIN(start_date) AS first_start,
           MAX(CASE WHEN start_date <= ${feature_date}
                     AND (end_date IS NULL OR ${feature_date} <= end_date)
                     AND (cancel_date IS NULL OR ${feature_date} <= cancel_date) THEN 1 ELSE 0 END) AS covers_feature_date,
           MAX(CASE WHEN start_date <= {{ add_days(${feature_date}, ${horizon_days}) }}
                     AND (end_date IS NULL OR {{ add_days(${feature_date}, ${horizon_days}) }} <= end_date)
                     AND (cancel_date IS NULL OR {{ add_days(${feature_date}, ${horizon_days}) }} <= cancel_date)
                    THEN 1 ELSE 0 END) AS covers_label_date
    FROM fact_contract
    GROUP BY customer_id
),
complaints AS (
    -- open on F: not closed by D, or closed after F (a closing without a date counts as closed)
    SELECT customer_id,
           COUNT(*) AS complaints,
           SUM(CASE WHEN NOT is_closed OR (resolved_date IS NOT NULL AND resolved_date > ${feature_date})
                    THEN 1 ELSE 0 END) AS open_complaints
    FROM fact_complaint
    WHERE received_date > {{ add_days(${feature_date}, -90) }} AND received_date <= ${feature_date}
    GROUP BY customer_id
),
answers AS (
    SELECT customer_id, kind, score,
           ROW_NUMBER() OVER (PARTITION BY customer_id, kind ORDER BY responded_at DESC, response_id DESC) AS recency_rank
    FROM fact_survey_response
    WHERE response_date <= ${feature_date}
),
last_answers AS (
    SELECT customer_id,
           MAX(CASE WHEN kind = 'CSAT' THEN score END) AS last_csat,
           MAX(CASE WHEN kind = 'NPS' THEN score END)  AS last_nps
    FROM answers
    WHERE recency_rank = 1
    GROUP BY customer_id
),
status AS (
    SELECT c.customer_id,
           COALESCE(LOWER(c.acquisition_channel), 'unknown') AS acquisition_channel,
           COALESCE(CAST(c.created_at AS DATE), h.first_purchase, k.first_start) AS since,
           h.last_purchase, h.purchases, h.revenue,
           COALESCE(k.covers_feature_date, 0) AS covers_feature_date,
           (h.last_purchase IS NOT NULL
               AND {{ date_diff_days(h.last_purchase, ${feature_date}) }} < ${inactivity_days})
               OR COALESCE(k.covers_feature_date, 0) = 1 AS active_on_feature_date,
           (l.last_purchase IS NOT NULL
               AND {{ date_diff_days(l.last_purchase, {{ add_days(${feature_date}, ${horizon_days}) }}) }} < ${inactivity_days})
               OR COALESCE(k.covers_label_date, 0) = 1 AS active_on_label_date
    FROM dim_customer c
    LEFT JOIN history h ON h.customer_id = c.customer_id
    LEFT JOIN by_label_date l ON l.customer_id = c.customer_id
    LEFT JOIN contracts k ON k.customer_id = c.customer_id
    WHERE c.is_current
)
SELECT s.customer_id,
       CAST(COALESCE({{ date_diff_days(s.last_purchase, ${feature_date}) }}, ${inactivity_days}) AS DOUBLE) AS recency_days,
       CAST(CASE WHEN COALESCE({{ date_diff_days(s.last_purchase, ${feature_date}) }}, ${inactivity_days})
                      >= ${inactivity_days} - ${horizon_days} THEN 1 ELSE 0 END AS DOUBLE) AS lapses_in_horizon,
       CAST(COALESCE(s.purchases, 0) AS DOUBLE)                                   AS frequency,
       CASE WHEN s.purchases > 0 THEN s.revenue / s.purchases ELSE CAST(0 AS DOUBLE) END AS monetary,
       CAST(GREATEST(COALESCE({{ date_diff_days(s.since, ${feature_date}) }}, 0), 0) AS DOUBLE) AS tenure_days,
       CAST(COALESCE(m.complaints, 0) AS DOUBLE)                                  AS complaints_90d,
       CAST(COALESCE(m.open_complaints, 0) AS DOUBLE)                             AS open_complaints_90d,
       CAST(COALESCE(a.last_csat, 0) AS DOUBLE)                                   AS last_csat,
       CAST(CASE WHEN a.last_csat IS NULL THEN 1 ELSE 0 END AS DOUBLE)           AS no_csat,
       CAST(COALESCE(a.last_nps, 0) AS DOUBLE)                                    AS last_nps,
       CAST(CASE WHEN a.last_nps IS NULL THEN 1 ELSE 0 END AS DOUBLE)            AS no_nps,
       CAST(s.covers_feature_date AS DOUBLE)                                      AS has_running_contract,
       s.acquisition_channel,
       CAST(CASE WHEN {{ add_days(${feature_date}, ${horizon_days}) }} <= ${as_of_date}
                 THEN CASE WHEN s.active_on_label_date THEN 0 ELSE 1 END END AS DOUBLE) AS churned
FROM status s
LEFT JOIN complaints m ON m.customer_id = s.customer_id
LEFT JOIN last_answers a ON a.customer_id = s.customer_id
WHERE s.active_on_feature_date
