-- fact_customer_month — grain: one customer × calendar month, from the month of the
-- customer's first activity (first purchase or first contract start) through D's month.
-- A periodic snapshot taken on the month's last day, or on D for D's own (partial) month.
-- Active on day d (docs/contract.md §4.4): d − last purchase on or before d < ${inactivity_days}
-- days, or a contract covers d. Every churn and retention number is built on is_active.
-- latest_csat / latest_nps: the latest answer of each kind given on or before the month's
-- activity date (its last day, or D), carried forward across months (null before the first).
-- Lake partition: the month of month_start. `month` ('YYYY-MM') names the partition directory
-- (month=YYYY-MM) and is not a column of the table; ${rebuild_months} lists the partitions this
-- night rewrites (every month on a full rebuild). Which months a night can change, and why, is
-- derived in star/incremental/fact_customer_month.sql: a row of month m depends on the
-- customer's purchases, contracts, complaints and answers up to m (last purchase, carried
-- answers), on the first purchase (first_purchase_date), on the current customer_key, and on
-- D only through m's activity date; so a change dated in month p can change months p … D's.
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
           0 AS contract_cover, 0 AS complaints, 0 AS open_complaints
    FROM purchases
    UNION ALL
    -- a contract covers the month's activity date: start ≤ d ≤ end and d ≤ cancel date
    SELECT c.customer_id, m.month_start, 0, 0, CAST(NULL AS DATE), 1, 0, 0
    FROM fact_contract c
    JOIN months m
      ON c.start_date <= m.activity_date
     AND (c.end_date IS NULL OR m.activity_date <= c.end_date)
     AND (c.cancel_date IS NULL OR m.activity_date <= c.cancel_date)
    UNION ALL
    SELECT customer_id, {{ month_start(received_date) }}, 0, 0, CAST(NULL AS DATE), 0, 1, 0
    FROM fact_complaint
    UNION ALL
    -- still open on the month's activity date
    SELECT c.customer_id, m.month_start, 0, 0, CAST(NULL AS DATE), 0, 0, 1
    FROM fact_complaint c
    JOIN months m
      ON c.received_date <= m.activity_date
     AND (NOT c.is_closed OR (c.resolved_date IS NOT NULL AND c.resolved_date > m.activity_date))
),
monthly AS (
    SELECT customer_id, month_start,
           SUM(purchases) AS purchases, SUM(revenue) AS revenue, MAX(last_in_month) AS last_in_month,
           MAX(contract_cover) AS contract_cover, SUM(complaints) AS complaints,
           SUM(open_complaints) AS open_complaints
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
snapshot AS (
    SELECT sp.customer_id, m.month_start, m.month_end, m.activity_date,
           COALESCE(mo.purchases, 0) AS purchases,
           COALESCE(mo.revenue, 0) AS revenue,
           sp.last_purchase_date,
           COALESCE(mo.contract_cover, 0) = 1 AS has_contract,
           COALESCE(mo.complaints, 0) AS complaints,
           COALESCE(mo.open_complaints, 0) AS open_complaints,
           ca.csat_code, ca.nps_code
    FROM spans sp
    JOIN months m ON m.month_start >= sp.from_month AND m.month_start < sp.to_month
    LEFT JOIN monthly mo ON mo.customer_id = sp.customer_id AND mo.month_start = m.month_start
    LEFT JOIN carried_answers ca ON ca.customer_id = sp.customer_id AND ca.month_start = m.month_start
)
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
       {{ month_text(s.month_start) }}                     AS month
FROM snapshot s
LEFT JOIN (SELECT customer_id, MIN(order_date) AS first_purchase_date FROM purchases GROUP BY customer_id) fp
       ON fp.customer_id = s.customer_id
LEFT JOIN dim_customer cur ON cur.customer_id = s.customer_id AND cur.is_current
