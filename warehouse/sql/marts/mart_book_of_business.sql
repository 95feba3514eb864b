-- mart_book_of_business — grain: one account_owner as of D (the current dim_customer row;
-- null → 'unknown'), docs/contract.md §3. Every customer counts for the owner they have as of D.
-- customers = customers known by D (current dim_customer rows, prospects and inferred
-- members included). active_customers = active on D (§4.4: the fact_customer_month row of
-- D's month, whose activity date is D, has is_active).
-- revenue_12m = purchase revenue (§4.3) in the 12 calendar months up to D: D's month up to D
-- and the 11 months before it. complaints_12m = complaints received in that same window.
-- churn_rate_12m = lost_customers_12m ÷ customers_start_12m over the 12 complete months up
-- to D (the last complete month is D's month when D is its last day, else the month before):
-- customers_start_12m = customers active on the last day before the window (the end of the
-- month before its first month), lost_customers_12m = those of them not active on the
-- window's last day (mart_churn_monthly's Cb and Cl with a 12-month step: a customer who
-- lapsed and came back within the window is not lost). Null when customers_start_12m = 0.
-- book_value = the sum of the owner's customers' predicted_clv_12m (mart_customer_value's, from
-- customer_predictions), book_value_basis = 'predicted_clv_12m'. When no customer of the owner
-- has a prediction (the models could not be fitted: see model_fit), book_value = revenue_12m
-- and book_value_basis = 'historical_revenue_12m'.
-- §4.16: prospects and former_customers split the customers not active on D by lifecycle_stage
-- as of D (mart_customer_value): prospect = never bought by D (no first_purchase_date on the
-- fact_customer_month row of D's month, or no row), former = bought, and not active on D
-- ('churned'). The active ones are the three other stages, so customers = active_customers +
-- prospects + former_customers. The satisfaction of the owner's customers, as
-- mart_satisfaction_monthly measures it, over the answers given in the same 12 calendar months
-- as revenue_12m: csat_avg_12m, csat_satisfied_pct_12m (scores 4–5, on 0–100) and nps_12m
-- (100 × (promoters − detractors) ÷ NPS answers), each null when there is no answer of its kind.
WITH owners AS (
    SELECT customer_id, COALESCE(account_owner, 'unknown') AS account_owner
    FROM dim_customer
    WHERE is_current
),
-- one pass over the customer months each of these needs: the window's start month (the month
-- before its first), its last complete month, D's month, and the revenue months
customer_months AS (
    SELECT customer_id,
           MAX(CASE WHEN month_start = {{ add_months({{ month_start({{ add_days(${as_of_date}, 1) }}) }}, -13) }}
                     AND is_active THEN 1 ELSE 0 END)                             AS active_start,
           MAX(CASE WHEN month_start = {{ add_months({{ month_start({{ add_days(${as_of_date}, 1) }}) }}, -1) }}
                     AND is_active THEN 1 ELSE 0 END)                             AS active_end,
           MAX(CASE WHEN month_start = {{ month_start(${as_of_date}) }}
                     AND is_active THEN 1 ELSE 0 END)                             AS active_now,
           MAX(CASE WHEN month_start = {{ month_start(${as_of_date}) }}
                     AND first_purchase_date IS NOT NULL THEN 1 ELSE 0 END)       AS has_bought,
           SUM(CASE WHEN month_start >= {{ add_months({{ month_start(${as_of_date}) }}, -11) }}
                    THEN revenue ELSE 0 END)                                      AS revenue_12m
    FROM fact_customer_month
    WHERE month_start >= {{ add_months({{ month_start({{ add_days(${as_of_date}, 1) }}) }}, -13) }}
    GROUP BY customer_id
),
predicted AS (
    -- exact decimals per customer, so that the sum does not depend on the engine's summation order
    SELECT customer_id, CAST(predicted_clv_12m AS DECIMAL(18,4)) AS predicted_clv_12m
    FROM customer_predictions
    WHERE predicted_clv_12m IS NOT NULL
),
complaints AS (
    SELECT customer_id, COUNT(*) AS complaints_12m
    FROM fact_complaint
    WHERE received_date >= {{ add_months({{ month_start(${as_of_date}) }}, -11) }}
      AND received_date <= ${as_of_date}
    GROUP BY customer_id
),
surveys AS (
    SELECT customer_id,
           SUM(CASE WHEN kind = 'CSAT' THEN 1 ELSE 0 END)                         AS csat_responses,
           SUM(CASE WHEN kind = 'CSAT' THEN score ELSE 0 END)                     AS csat_score_sum,
           SUM(CASE WHEN kind = 'CSAT' AND score >= 4 THEN 1 ELSE 0 END)          AS csat_satisfied,
           SUM(CASE WHEN kind = 'NPS' THEN 1 ELSE 0 END)                          AS nps_responses,
           SUM(CASE WHEN kind = 'NPS' AND score >= 9 THEN 1 ELSE 0 END)           AS promoters,
           SUM(CASE WHEN kind = 'NPS' AND score <= 6 THEN 1 ELSE 0 END)           AS detractors
    FROM fact_survey_response
    WHERE response_date >= {{ add_months({{ month_start(${as_of_date}) }}, -11) }}
      AND response_date <= ${as_of_date}
    GROUP BY customer_id
),
counted AS (
    SELECT o.account_owner,
           COUNT(*)                                                               AS customers,
           SUM(COALESCE(m.active_now, 0))                                         AS active_customers,
           SUM(CASE WHEN COALESCE(m.active_now, 0) = 0 AND COALESCE(m.has_bought, 0) = 0
                    THEN 1 ELSE 0 END)                                            AS prospects,
           SUM(CASE WHEN COALESCE(m.active_now, 0) = 0 AND m.has_bought = 1
                    THEN 1 ELSE 0 END)                                            AS former_customers,
           SUM(COALESCE(s.csat_responses, 0))                                     AS csat_responses,
           SUM(COALESCE(s.csat_score_sum, 0))                                     AS csat_score_sum,
           SUM(COALESCE(s.csat_satisfied, 0))                                     AS csat_satisfied,
           SUM(COALESCE(s.nps_responses, 0))                                      AS nps_responses,
           SUM(COALESCE(s.promoters, 0))                                          AS promoters,
           SUM(COALESCE(s.detractors, 0))                                         AS detractors,
           SUM(COALESCE(m.revenue_12m, 0))                                        AS revenue_12m,
           SUM(COALESCE(m.active_start, 0))                                       AS customers_start_12m,
           SUM(CASE WHEN m.active_start = 1 AND m.active_end = 0 THEN 1 ELSE 0 END) AS lost_customers_12m,
           SUM(COALESCE(c.complaints_12m, 0))                                     AS complaints_12m,
           SUM(p.predicted_clv_12m)                                               AS predicted_clv_12m,
           COUNT(p.predicted_clv_12m)                                             AS predicted_customers
    FROM owners o
    LEFT JOIN customer_months m ON m.customer_id = o.customer_id
    LEFT JOIN complaints c ON c.customer_id = o.customer_id
    LEFT JOIN predicted p ON p.customer_id = o.customer_id
    LEFT JOIN surveys s ON s.customer_id = o.customer_id
    GROUP BY o.account_owner
)
SELECT ${as_of_date}                                                              AS as_of_date,
       account_owner,
       CAST(customers AS BIGINT)                                                  AS customers,
       CAST(active_customers AS BIGINT)                                           AS active_customers,
       CAST(revenue_12m AS DECIMAL(18,2))                                         AS revenue_12m,
       CAST(customers_start_12m AS BIGINT)                                        AS customers_start_12m,
       CAST(lost_customers_12m AS BIGINT)                                         AS lost_customers_12m,
       CASE WHEN customers_start_12m > 0
            THEN CAST(lost_customers_12m AS DOUBLE) / customers_start_12m END     AS churn_rate_12m,
       CAST(complaints_12m AS BIGINT)                                             AS complaints_12m,
       CASE WHEN predicted_customers > 0 THEN CAST(predicted_clv_12m AS DECIMAL(18,2))
            ELSE CAST(revenue_12m AS DECIMAL(18,2)) END                           AS book_value,
       CASE WHEN predicted_customers > 0 THEN 'predicted_clv_12m'
            ELSE 'historical_revenue_12m' END                                     AS book_value_basis,
       CAST(prospects AS BIGINT)                                                  AS prospects,
       CAST(former_customers AS BIGINT)                                           AS former_customers,
       CAST(csat_responses AS BIGINT)                                             AS csat_responses_12m,
       CASE WHEN csat_responses > 0
            THEN CAST(csat_score_sum AS DOUBLE) / csat_responses END              AS csat_avg_12m,
       CASE WHEN csat_responses > 0
            THEN CAST(100 * csat_satisfied AS DOUBLE) / csat_responses END        AS csat_satisfied_pct_12m,
       CAST(nps_responses AS BIGINT)                                              AS nps_responses_12m,
       CASE WHEN nps_responses > 0
            THEN CAST(100 * (promoters - detractors) AS DOUBLE) / nps_responses END AS nps_12m
FROM counted
