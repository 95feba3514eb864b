-- mart_satisfaction_touchpoint_monthly — grain: one month of responded_at × touchpoint × value_tier,
-- for the survey answers given on or before the end of D (docs/contract.md §4.9, §4.13).
-- touchpoint is the answer's touchpoint as the source spells it (null → 'unknown'); on the rows
-- totalling every touchpoint it is null and is_touchpoint_total is true. The source can spell
-- any text, 'all' or 'total' included, so no label could mark the total without colliding; a
-- null cannot come from the source (a missing touchpoint is 'unknown'), and the flag says so
-- explicitly. value_tier is 'top20', 'rest' or 'all' (their total): the warehouse derives the
-- tier itself, so 'all' cannot collide. A cell exists for every combination of members the
-- month's answers reach: filter is_touchpoint_total and value_tier to one member each (or to
-- NOT is_touchpoint_total, value_tier <> 'all') before summing.
-- The tier is the customer's as of the month's end (its last day, or D in D's month): 'top20'
-- when their purchase revenue (§4.3) in that month and the 11 before, up to that day, is above
-- zero and fewer than 20% of the customers with such revenue have strictly more (so in D's
-- month it is is_top20 of mart_customer_value, §4.6); 'rest' for everyone else, non-buyers
-- included. The measures are mart_satisfaction_monthly's: CSAT (1–5) csat_avg,
-- csat_satisfied_pct = 100 × answers scoring 4 or 5 ÷ CSAT answers; NPS (0–10) promoters 9–10,
-- passives 7–8, detractors 0–6, nps = 100 × (promoters − detractors) ÷ NPS answers. Counts are 0
-- and averages, percentages and nps null when the cell has no answer of that kind.
WITH responses AS (
    SELECT {{ month_start(response_date) }}   AS month,
           COALESCE(touchpoint, 'unknown')    AS touchpoint,
           customer_id,
           kind,
           score
    FROM fact_survey_response
),
response_months AS (
    SELECT DISTINCT month FROM responses
),
-- purchases are all on or before D, so "up to the month's end" is "before the next month"
recent AS (
    SELECT m.month, o.customer_id, SUM(o.net_revenue) AS revenue_12m
    FROM response_months m
    JOIN fact_order o
      ON o.order_date >= {{ add_months(m.month, -11) }}
     AND o.order_date < {{ add_months(m.month, 1) }}
    WHERE o.is_purchase
    GROUP BY m.month, o.customer_id
),
ranked AS (
    SELECT month, customer_id,
           RANK() OVER (PARTITION BY month ORDER BY revenue_12m DESC) - 1 AS more_revenue_12m,
           COUNT(*) OVER (PARTITION BY month)                            AS recent_buyers
    FROM recent
    WHERE revenue_12m > 0
),
tiered AS (
    SELECT r.month, r.touchpoint,
           CASE WHEN k.customer_id IS NOT NULL THEN 'top20' ELSE 'rest' END AS value_tier,
           r.kind, r.score
    FROM responses r
    LEFT JOIN ranked k
           ON k.month = r.month AND k.customer_id = r.customer_id AND 5 * k.more_revenue_12m < k.recent_buyers
),
cube AS (
    SELECT month, touchpoint, FALSE AS is_touchpoint_total, value_tier, kind, score FROM tiered
    UNION ALL
    SELECT month, touchpoint, FALSE, 'all', kind, score FROM tiered
    UNION ALL
    SELECT month, CAST(NULL AS STRING), TRUE, value_tier, kind, score FROM tiered
    UNION ALL
    SELECT month, CAST(NULL AS STRING), TRUE, 'all', kind, score FROM tiered
),
counted AS (
    SELECT month, touchpoint, is_touchpoint_total, value_tier,
           SUM(CASE WHEN kind = 'CSAT' THEN 1 ELSE 0 END)                     AS csat_responses,
           SUM(CASE WHEN kind = 'CSAT' THEN score ELSE 0 END)                 AS csat_score_sum,
           SUM(CASE WHEN kind = 'CSAT' AND score >= 4 THEN 1 ELSE 0 END)      AS csat_satisfied,
           SUM(CASE WHEN kind = 'NPS' THEN 1 ELSE 0 END)                      AS nps_responses,
           SUM(CASE WHEN kind = 'NPS' AND score >= 9 THEN 1 ELSE 0 END)       AS promoters,
           SUM(CASE WHEN kind = 'NPS' AND score BETWEEN 7 AND 8 THEN 1 ELSE 0 END) AS passives,
           SUM(CASE WHEN kind = 'NPS' AND score <= 6 THEN 1 ELSE 0 END)       AS detractors
    FROM cube
    GROUP BY month, touchpoint, is_touchpoint_total, value_tier
)
SELECT ${as_of_date}                                                           AS as_of_date,
       month,
       touchpoint,
       is_touchpoint_total,
       value_tier,
       CAST(csat_responses AS BIGINT)                                          AS csat_responses,
       CASE WHEN csat_responses > 0
            THEN CAST(csat_score_sum AS DOUBLE) / csat_responses END           AS csat_avg,
       CASE WHEN csat_responses > 0
            THEN CAST(100 * csat_satisfied AS DOUBLE) / csat_responses END     AS csat_satisfied_pct,
       CAST(nps_responses AS BIGINT)                                           AS nps_responses,
       CAST(promoters AS BIGINT)                                               AS promoters,
       CAST(passives AS BIGINT)                                                AS passives,
       CAST(detractors AS BIGINT)                                              AS detractors,
       CASE WHEN nps_responses > 0
            THEN CAST(100 * (promoters - detractors) AS DOUBLE) / nps_responses END AS nps
FROM counted
