-- mart_complaint_causes — grain: one root_cause (null → 'unknown') over every complaint
-- received on or before the end of D (docs/contract.md §3, §4.1, §4.8).
-- complaints; share = complaints ÷ all complaints (0..1, the shares add up to 1);
-- compensation_total = compensation of the complaints closed (resolved or rejected) on or
-- before D (0 when none; the compensation of open complaints is not counted);
-- complaining_customers = distinct customers with a complaint of that cause.
-- churned_within_180d looks at each complaining customer's FIRST complaint with that cause,
-- received on day f, and only when its 180-day window has ended by D (f + 180 ≤ D); those
-- customers are counted in observed_180d. Of them, churned_within_180d counts the ones who
-- became inactive on a day L with f < L ≤ f + 180. Activity here is purchase activity
-- (§4.4 without contracts): a customer becomes inactive on L = p + ${inactivity_days} after a
-- purchase day p when their next purchase, if any, is more than ${inactivity_days} days after p
-- (on L the last purchase is then exactly inactivity-days old); the day before L they were
-- active. So a customer who was already inactive when complaining and did not buy again is
-- not counted, nor one who lapsed later than f + 180. Contracts are not looked at: a contract
-- covering L does not keep the customer from being counted.
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
    SELECT f.root_cause, f.customer_id,
           MAX(CASE WHEN {{ add_days(f.first_date, 180) }} <= ${as_of_date} THEN 1 ELSE 0 END) AS observed,
           MAX(CASE WHEN {{ add_days(f.first_date, 180) }} <= ${as_of_date}
                     AND l.lapse_date > f.first_date
                     AND l.lapse_date <= {{ add_days(f.first_date, 180) }} THEN 1 ELSE 0 END) AS churned
    FROM firsts f
    LEFT JOIN lapses l ON l.customer_id = f.customer_id
    GROUP BY f.root_cause, f.customer_id
),
by_customers AS (
    SELECT root_cause,
           COUNT(*)      AS complaining_customers,
           SUM(observed) AS observed_180d,
           SUM(churned)  AS churned_within_180d
    FROM customers
    GROUP BY root_cause
),
by_complaints AS (
    SELECT COALESCE(root_cause, 'unknown')                                           AS root_cause,
           COUNT(*)                                                                  AS complaints,
           SUM(CASE WHEN is_closed THEN COALESCE(compensation_amount, 0) ELSE 0 END) AS compensation_total
    FROM fact_complaint
    GROUP BY COALESCE(root_cause, 'unknown')
)
SELECT ${as_of_date}                                                                 AS as_of_date,
       c.root_cause,
       CAST(c.complaints AS BIGINT)                                                  AS complaints,
       CAST(c.complaints AS DOUBLE) / SUM(c.complaints) OVER ()                      AS share,
       CAST(c.compensation_total AS DECIMAL(18,2))                                   AS compensation_total,
       CAST(u.complaining_customers AS BIGINT)                                       AS complaining_customers,
       CAST(u.observed_180d AS BIGINT)                                               AS observed_180d,
       CAST(u.churned_within_180d AS BIGINT)                                         AS churned_within_180d
FROM by_complaints c
JOIN by_customers u ON u.root_cause = c.root_cause
