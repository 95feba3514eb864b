-- mart_satisfaction_monthly — grain: one month of responded_at × segment, for the survey
-- answers given on or before the end of D (docs/contract.md §3, §4.9). segment is 'all' plus each
-- customer_type as of D (the current dim_customer row; null → 'unknown'); a cell exists when
-- the month has at least one answer in the segment. CSAT (1–5): csat_avg, csat_satisfied_pct =
-- 100 × answers scoring 4 or 5 ÷ CSAT answers. NPS (0–10): promoters 9–10, passives 7–8,
-- detractors 0–6, nps = 100 × (promoters − detractors) ÷ NPS answers (−100 … 100).
-- Counts are 0 and averages, percentages and nps null when the month has no answer of that kind.
WITH responses AS (
    SELECT {{ month_start(r.response_date) }}      AS month,
           COALESCE(c.customer_type, 'unknown')    AS customer_type,
           r.kind,
           r.score
    FROM fact_survey_response r
    LEFT JOIN dim_customer c ON c.customer_id = r.customer_id AND c.is_current
),
segmented AS (
    SELECT month, 'all' AS segment, kind, score FROM responses
    UNION ALL
    SELECT month, customer_type, kind, score FROM responses
),
counted AS (
    SELECT month, segment,
           SUM(CASE WHEN kind = 'CSAT' THEN 1 ELSE 0 END)                     AS csat_responses,
           SUM(CASE WHEN kind = 'CSAT' THEN score ELSE 0 END)                 AS csat_score_sum,
           SUM(CASE WHEN kind = 'CSAT' AND score >= 4 THEN 1 ELSE 0 END)      AS csat_satisfied,
           SUM(CASE WHEN kind = 'NPS' THEN 1 ELSE 0 END)                      AS nps_responses,
           SUM(CASE WHEN kind = 'NPS' AND score >= 9 THEN 1 ELSE 0 END)       AS promoters,
           SUM(CASE WHEN kind = 'NPS' AND score BETWEEN 7 AND 8 THEN 1 ELSE 0 END) AS passives,
           SUM(CASE WHEN kind = 'NPS' AND score <= 6 THEN 1 ELSE 0 END)       AS detractors
    FROM segmented
    GROUP BY month, segment
)
SELECT ${as_of_date}                                                           AS as_of_date,
       month,
       segment,
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
