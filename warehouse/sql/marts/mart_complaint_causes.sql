-- mart_complaint_causes — grain: one month × root_cause (null → 'unknown'), from the month of
-- the first complaint through D's month, where the cause has a complaint received in the month
-- or open at its end; over the complaints received on or before the end of D (docs/contract.md
-- §3, §4.1, §4.8, §4.13).
-- complaints = those received in the month; share = complaints ÷ the month's complaints of all
-- causes (0..1, the month's shares add up to 1; null in a month without any received, which has
-- rows for its open backlog only); compensation_total = compensation of the month's complaints
-- closed (resolved or rejected) on or before D (0 when none; the compensation of open
-- complaints is not counted); complaining_customers = distinct customers with a complaint of
-- that cause received in the month.
-- The 180-day outcome follows each customer's FIRST complaint with the cause, received on day
-- f, and is counted in f's month: new_complaining_customers are the customers whose first
-- complaint with the cause is in the month (summed over the months, every complaining customer
-- of the cause once). Of them, observed_180d counts those whose 180-day window has ended by D
-- (f + 180 ≤ D), and churned_within_180d the ones who became inactive on a day L with
-- f < L ≤ f + 180. Activity here is purchase activity (§4.4 without contracts): a customer
-- becomes inactive on L = p + ${inactivity_days} after a purchase day p when their next purchase,
-- if any, is more than ${inactivity_days} days after p (on L the last purchase is then exactly
-- inactivity-days old); the day before L they were active. So a customer who was already
-- inactive when complaining and did not buy again is not counted, nor one who lapsed later than
-- f + 180. Contracts are not looked at: a contract covering L does not keep the customer from
-- being counted.
-- open_at_month_end = complaints of the cause received by the end of the month's last day (of D
-- in D's month), in any month, and not closed by then (a closed complaint without resolved_at
-- counts as closed at every month end); overdue_at_month_end = of those, the ones whose exact
-- elapsed time from received_at to the end of that day exceeds ${complaint_deadline_days} × 24 h.
-- Both add up over the causes to mart_complaint_operations_monthly's open_at_month_end and
-- overdue_at_month_end.
WITH firsts AS (
    SELECT customer_id, COALESCE(root_cause, 'unknown') AS root_cause, MIN(received_date) AS first_date
    FROM fact_complaint
    GROUP BY customer_id, COALESCE(root_cause, 'unknown')
),
lapses AS (
    SELECT customer_id, {{ add_days(order_date, ${inactivity_days}) }} AS lapse_date
    FROM (
        SELECT customer_id, order_date,
               LEAD(order_date) OVER (PARTITION BY customer_id ORDER BY order_date) AS next_date
        FROM (SELECT DISTINCT customer_id, order_date FROM fact_order WHERE is_purchase) d
    ) p
    WHERE next_date IS NULL OR {{ date_diff_days(order_date, next_date) }} > ${inactivity_days}
),
-- a lapse per purchase run is few rows per customer: joined on the customer alone, the
-- window test is made on each pair
customers AS (
    SELECT f.root_cause, f.customer_id, f.first_date,
           MAX(CASE WHEN {{ add_days(f.first_date, 180) }} <= ${as_of_date} THEN 1 ELSE 0 END) AS observed,
           MAX(CASE WHEN {{ add_days(f.first_date, 180) }} <= ${as_of_date}
                     AND l.lapse_date > f.first_date
                     AND l.lapse_date <= {{ add_days(f.first_date, 180) }} THEN 1 ELSE 0 END) AS churned
    FROM firsts f
    LEFT JOIN lapses l ON l.customer_id = f.customer_id
    GROUP BY f.root_cause, f.customer_id, f.first_date
),
by_customers AS (
    SELECT root_cause, {{ month_start(first_date) }} AS month,
           COUNT(*)      AS new_complaining_customers,
           SUM(observed) AS observed_180d,
           SUM(churned)  AS churned_within_180d
    FROM customers
    GROUP BY root_cause, {{ month_start(first_date) }}
),
by_complaints AS (
    SELECT {{ month_start(received_date) }}                                          AS month,
           COALESCE(root_cause, 'unknown')                                           AS root_cause,
           COUNT(*)                                                                  AS complaints,
           SUM(CASE WHEN is_closed THEN COALESCE(compensation_amount, 0) ELSE 0 END) AS compensation_total,
           COUNT(DISTINCT customer_id)                                               AS complaining_customers
    FROM fact_complaint
    GROUP BY {{ month_start(received_date) }}, COALESCE(root_cause, 'unknown')
),
months AS (
    SELECT DISTINCT month_start AS month, LEAST(month_end, ${as_of_date}) AS activity_date
    FROM dim_date
    WHERE month_start <= ${as_of_date}
),
-- open at the end of the activity date: received by then and not closed by then (a closed
-- complaint's resolved_date after the activity date means closed after its end); overdue
-- compares whole microseconds, the end being the last microsecond of the activity date
backlog AS (
    SELECT m.month, COALESCE(c.root_cause, 'unknown') AS root_cause,
           COUNT(*) AS open_at_month_end,
           SUM(CASE WHEN {{ epoch_micros({{ add_days(m.activity_date, 1) }}) }} - 1 - {{ epoch_micros(c.received_at) }}
                         > CAST(${complaint_deadline_days} AS BIGINT) * 86400000000
                    THEN 1 ELSE 0 END) AS overdue_at_month_end
    FROM fact_complaint c
    JOIN months m
      ON c.received_date <= m.activity_date
     AND (NOT c.is_closed OR c.resolved_date > m.activity_date)
    GROUP BY m.month, COALESCE(c.root_cause, 'unknown')
),
cells AS (
    SELECT month, root_cause FROM by_complaints
    UNION
    SELECT month, root_cause FROM backlog
)
SELECT ${as_of_date}                                                                 AS as_of_date,
       k.month,
       k.root_cause,
       CAST(COALESCE(c.complaints, 0) AS BIGINT)                                     AS complaints,
       CAST(COALESCE(c.complaints, 0) AS DOUBLE)
           / NULLIF(SUM(COALESCE(c.complaints, 0)) OVER (PARTITION BY k.month), 0)   AS share,
       CAST(COALESCE(c.compensation_total, 0) AS DECIMAL(18,2))                      AS compensation_total,
       CAST(COALESCE(c.complaining_customers, 0) AS BIGINT)                          AS complaining_customers,
       CAST(COALESCE(u.observed_180d, 0) AS BIGINT)                                  AS observed_180d,
       CAST(COALESCE(u.churned_within_180d, 0) AS BIGINT)                            AS churned_within_180d,
       CAST(COALESCE(u.new_complaining_customers, 0) AS BIGINT)                      AS new_complaining_customers,
       CAST(COALESCE(b.open_at_month_end, 0) AS BIGINT)                              AS open_at_month_end,
       CAST(COALESCE(b.overdue_at_month_end, 0) AS BIGINT)                           AS overdue_at_month_end
FROM cells k
LEFT JOIN by_complaints c ON c.month = k.month AND c.root_cause = k.root_cause
LEFT JOIN by_customers u ON u.month = k.month AND u.root_cause = k.root_cause
LEFT JOIN backlog b ON b.month = k.month AND b.root_cause = k.root_cause
