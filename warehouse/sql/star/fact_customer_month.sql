-- fact_customer_month — grain: one customer × calendar month, from the month of the
-- customer's first activity (first purchase or first contract start) through D's month.
-- A periodic snapshot taken on the month's last day, or on D for D's own (partial) month.
-- Active on day d (docs/contract.md §4.4): d − last purchase on or before d < ${inactivity_days}
-- days, or a contract covers d. Every churn and retention number is built on is_active.
-- latest_csat / latest_nps: the latest answer of each kind given on or before the month's
-- activity date (its last day, or D), carried forward across months (null before the first).
-- lifecycle_stage (§4.15): mart_customer_value's rule taken on the activity date d, the first
-- that applies: dissatisfied = active and unhappy (a complaint received in (d − 90, d] that is
-- justified or still open on d, or a CSAT ≤ 2 / NPS ≤ 6 answered in (d − 90, d]); won_back =
-- active and inactive at an earlier month end since the first activity; active; prospect = no
-- purchase on or before d; churned = the rest. On D's row it is mart_customer_value's stage.
-- Lake partition: the month of month_start. `month` ('YYYY-MM') names the partition directory
-- (month=YYYY-MM) and is not a column of the table; ${rebuild_months} lists the partitions this
-- night rewrites (every month on a full rebuild). Which months a night can change, and why, is
-- derived in star/incremental/fact_customer_month.sql: a row of month m depends on the
-- customer's purchases, contracts, complaints and answers up to m (last purchase, carried
-- answers, the stage's 90 days and earlier lapses), on the first purchase (first_purchase_date),
-- on the current customer_key, and on D only through m's activity date; so a change dated in
-- month p can change months p … D's.
WITH purchases AS (
    SELECT customer_id, order_date, net_revenue
    FROM fact_order
    WHERE is_purchase
),
first_activity AS (
    SELECT customer_id, MIN(day) AS first_day
    FROM (SELECT customer_id, order_date AS day FROM purchases
          UNION ALL
          SELECT customer_id, start_date AS day FROM fact_contract) a
    GROUP BY customer_id
),
months AS (
    SELECT DISTINCT month_start, month_end, LEAST(month_end, ${as_of_date}) AS activity_date FROM dim_date
    WHERE {{ month_text(month_start) }} IN ${rebuild_months}
),
-- Each measure is computed from its own (small) fact against the calendar, then all are
-- summed onto the customer-month grid in one join: one wide join over the grid would
-- hold every measure of every customer-month in memory at once.
measures AS (
    SELECT customer_id, {{ month_start(order_date) }} AS month_start,
           1 AS purchases, net_revenue AS revenue, order_date AS last_in_month,
           0 AS contract_cover, 0 AS complaints, 0 AS open_complaints, 0 AS unhappy
    FROM purchases
    UNION ALL
    -- a contract covers the month's activity date: start ≤ d ≤ end and d ≤ cancel date
    SELECT c.customer_id, m.month_start, 0, 0, CAST(NULL AS DATE), 1, 0, 0, 0
    FROM fact_contract c
    JOIN months m
      ON c.start_date <= m.activity_date
     AND (c.end_date IS NULL OR m.activity_date <= c.end_date)
     AND (c.cancel_date IS NULL OR m.activity_date <= c.cancel_date)
    UNION ALL
    SELECT customer_id, {{ month_start(received_date) }}, 0, 0, CAST(NULL AS DATE), 0, 1, 0, 0
    FROM fact_complaint
    UNION ALL
    -- still open on the month's activity date
    SELECT c.customer_id, m.month_start, 0, 0, CAST(NULL AS DATE), 0, 0, 1, 0
    FROM fact_complaint c
    JOIN months m
      ON c.received_date <= m.activity_date
     AND (NOT c.is_closed OR (c.resolved_date IS NOT NULL AND c.resolved_date > m.activity_date))
    UNION ALL
    -- unhappy on the activity date d: a complaint received in (d − 90, d], justified or open on d
    SELECT c.customer_id, m.month_start, 0, 0, CAST(NULL AS DATE), 0, 0, 0, 1
    FROM fact_complaint c
    JOIN months m
      ON c.received_date <= m.activity_date
     AND c.received_date > {{ add_days(m.activity_date, -90) }}
     AND (c.justified OR NOT c.is_closed OR (c.resolved_date IS NOT NULL AND c.resolved_date > m.activity_date))
    UNION ALL
    -- or a low answer given in (d − 90, d]
    SELECT s.customer_id, m.month_start, 0, 0, CAST(NULL AS DATE), 0, 0, 0, 1
    FROM fact_survey_response s
    JOIN months m
      ON s.response_date <= m.activity_date
     AND s.response_date > {{ add_days(m.activity_date, -90) }}
    WHERE (s.kind = 'CSAT' AND s.score <= 2) OR (s.kind = 'NPS' AND s.score <= 6)
),
monthly AS (
    SELECT customer_id, month_start,
           SUM(purchases) AS purchases, SUM(revenue) AS revenue, MAX(last_in_month) AS last_in_month,
           MAX(contract_cover) AS contract_cover, SUM(complaints) AS complaints,
           SUM(open_complaints) AS open_complaints, MAX(unhappy) AS unhappy
    FROM measures
    GROUP BY customer_id, month_start
),
-- Each month's last answer of each kind: seconds since 1970 × 100 + score, so that MAX picks
-- the latest answer and the score is its last two digits (no engine-specific arg_max).
answers AS (
    SELECT customer_id, kind, {{ month_start(response_date) }} AS month_start,
           MAX(CAST(FLOOR({{ seconds_between(TIMESTAMP '1970-01-01 00:00:00', responded_at) }}) AS BIGINT) * 100
               + score) AS code
    FROM fact_survey_response
    GROUP BY customer_id, kind, {{ month_start(response_date) }}
),
-- Carried forward like the latest purchase: a month with an answer opens a span that lasts
-- until the next month with an answer of the same kind (answers are all on or before D, so
-- "on or before the activity date" is "in this month or before").
carried_answers AS (
    SELECT a.customer_id, m.month_start,
           MAX(CASE WHEN a.kind = 'CSAT' THEN a.code END) AS csat_code,
           MAX(CASE WHEN a.kind = 'NPS' THEN a.code END) AS nps_code
    FROM (SELECT customer_id, kind, month_start AS from_month, code,
                 COALESCE(LEAD(month_start) OVER (PARTITION BY customer_id, kind ORDER BY month_start),
                          DATE '9999-12-01') AS to_month
          FROM answers) a
    JOIN months m ON m.month_start >= a.from_month AND m.month_start < a.to_month
    GROUP BY a.customer_id, m.month_start
),
-- The grid of customer-months is made together with the latest purchase of each month:
-- a month with a purchase opens a span that lasts until the next such month, and every
-- month of a span has that purchase as its latest. Months of a customer's first activity
-- before any purchase (a contract) have none. Joining the latest purchase onto a separate
-- grid instead would hold two grids of every customer-month in memory.
purchase_spans AS (
    SELECT customer_id, month_start AS from_month,
           COALESCE(LEAD(month_start) OVER (PARTITION BY customer_id ORDER BY month_start),
                    DATE '9999-12-01') AS to_month,
           last_in_month
    FROM monthly
    WHERE purchases > 0
),
before_purchases AS (
    SELECT f.customer_id, {{ month_start(f.first_day) }} AS from_month,
           COALESCE(MIN(p.from_month), DATE '9999-12-01') AS to_month
    FROM first_activity f
    LEFT JOIN purchase_spans p ON p.customer_id = f.customer_id
    GROUP BY f.customer_id, f.first_day
),
spans AS (
    SELECT customer_id, from_month, to_month, last_in_month AS last_purchase_date FROM purchase_spans
    UNION ALL
    SELECT customer_id, from_month, to_month, CAST(NULL AS DATE) FROM before_purchases
    WHERE from_month < to_month
),
-- The first lapse: the first month end, on or after the first activity, at which the customer
-- was inactive (§4.4), found without the grid of every month (a night may rebuild only the last
-- months, and a lapse may be older). Activity covers a purchase's day and the inactivity-days − 1
-- after it, and a contract's start through its last day (LEAST of end and cancellation, open when
-- both are null). Purchases closer than inactivity-days run into one stretch. The first month
-- end not covered is the first activity's month end or the month end just after some stretch
-- ends (the month end before it being covered), so only those are tried.
purchase_runs AS (
    SELECT customer_id, order_date,
           SUM(opens) OVER (PARTITION BY customer_id ORDER BY order_date
                             ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS run
    FROM (SELECT customer_id, order_date,
                 CASE WHEN {{ date_diff_days(LAG(order_date) OVER (PARTITION BY customer_id ORDER BY order_date), order_date) }}
                           <= ${inactivity_days} THEN 0 ELSE 1 END AS opens
          FROM (SELECT DISTINCT customer_id, order_date FROM purchases) d) o
),
coverage AS (
    SELECT customer_id, MIN(order_date) AS from_day,
           {{ add_days(MAX(order_date), ${inactivity_days} - 1) }} AS to_day
    FROM purchase_runs
    GROUP BY customer_id, run
    UNION ALL
    SELECT customer_id, start_date, LEAST(end_date, cancel_date)
    FROM fact_contract
),
lapse_candidates AS (
    SELECT customer_id, first_day AS day FROM first_activity
    UNION ALL
    SELECT customer_id, {{ add_days(to_day, 1) }} FROM coverage WHERE to_day < ${as_of_date}
),
first_lapse AS (
    SELECT customer_id, MIN(month_end) AS lapse_month_end
    FROM (SELECT k.customer_id, k.month_end,
                 MAX(CASE WHEN c.customer_id IS NULL THEN 0 ELSE 1 END) AS covered
          FROM (SELECT DISTINCT l.customer_id,
                       {{ add_days({{ add_months({{ month_start(l.day) }}, 1) }}, -1) }} AS month_end
                FROM lapse_candidates l
                JOIN first_activity f ON f.customer_id = l.customer_id AND l.day >= f.first_day) k
          LEFT JOIN coverage c
            ON c.customer_id = k.customer_id
           AND c.from_day <= k.month_end
           AND (c.to_day IS NULL OR k.month_end <= c.to_day)
          GROUP BY k.customer_id, k.month_end) t
    WHERE covered = 0
    GROUP BY customer_id
),
snapshot AS (
    SELECT sp.customer_id, m.month_start, m.month_end, m.activity_date,
           COALESCE(mo.purchases, 0) AS purchases,
           COALESCE(mo.revenue, 0) AS revenue,
           sp.last_purchase_date,
           COALESCE(mo.contract_cover, 0) = 1 AS has_contract,
           COALESCE(mo.complaints, 0) AS complaints,
           COALESCE(mo.open_complaints, 0) AS open_complaints,
           COALESCE(mo.unhappy, 0) = 1 AS unhappy,
           ca.csat_code, ca.nps_code
    FROM spans sp
    JOIN months m ON m.month_start >= sp.from_month AND m.month_start < sp.to_month
    LEFT JOIN monthly mo ON mo.customer_id = sp.customer_id AND mo.month_start = m.month_start
    LEFT JOIN carried_answers ca ON ca.customer_id = sp.customer_id AND ca.month_start = m.month_start
),
measured AS (
    SELECT s.customer_id,
           cur.customer_key,
           s.month_start,
           s.month_end,
           s.activity_date,
           s.month_end <= ${as_of_date}                        AS is_complete,
           CAST(s.purchases AS INT)                            AS purchases,
           CAST(s.revenue AS DECIMAL(18,4))                    AS revenue,
           fp.first_purchase_date,
           s.last_purchase_date,
           s.has_contract,
           (s.last_purchase_date IS NOT NULL
               AND {{ date_diff_days(s.last_purchase_date, s.activity_date) }} < ${inactivity_days})
               OR s.has_contract                               AS is_active,
           CAST(s.complaints AS INT)                           AS complaints,
           CAST(s.open_complaints AS INT)                      AS open_complaints,
           CAST(s.csat_code % 100 AS INT)                      AS latest_csat,
           CAST(s.nps_code % 100 AS INT)                       AS latest_nps,
           s.unhappy,
           fl.lapse_month_end < s.month_start                  AS has_lapsed
    FROM snapshot s
    LEFT JOIN (SELECT customer_id, MIN(order_date) AS first_purchase_date FROM purchases GROUP BY customer_id) fp
           ON fp.customer_id = s.customer_id
    LEFT JOIN dim_customer cur ON cur.customer_id = s.customer_id AND cur.is_current
    LEFT JOIN first_lapse fl ON fl.customer_id = s.customer_id
)
SELECT customer_id, customer_key, month_start, month_end, activity_date, is_complete, purchases, revenue,
       first_purchase_date, last_purchase_date, has_contract, is_active, complaints, open_complaints,
       latest_csat, latest_nps,
       CASE WHEN is_active AND unhappy THEN 'dissatisfied'
            WHEN is_active AND has_lapsed THEN 'won_back'
            WHEN is_active THEN 'active'
            WHEN last_purchase_date IS NULL THEN 'prospect'
            ELSE 'churned' END                                 AS lifecycle_stage,
       {{ month_text(month_start) }}                           AS month
FROM measured
