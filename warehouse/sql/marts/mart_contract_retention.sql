-- mart_contract_retention — grain: one contract cohort (calendar month of start_date) × period
-- (months since start, 0 … the periods observed for the whole cohort by D), from fact_contract
-- through contract_lifetimes (see warehouse/sql/predict/contract_lifetimes.sql for when a
-- contract is alive at a period) and the cohort's shifted-beta-geometric fit (contract_periods).
--   cohort_size         contracts started in the cohort month
--   contracts_alive     of them, alive at the period (start + period months)
--   observed_survival   contracts_alive ÷ cohort_size
--   observed_retention  contracts_alive ÷ contracts_alive of the period before (null at period 0)
--   sbg_alpha, sbg_beta the cohort's sBG fit (null when not fitted: see model_fit)
--   fitted_survival     S(t) = B(α, β + t) ÷ B(α, β)
--   fitted_retention    r(t) = (β + t − 1) ÷ (α + β + t − 1) (null at period 0)
WITH alive AS (
    SELECT p.cohort, p.period, SUM(l.contracts) AS contracts_alive
    FROM contract_periods p
    JOIN contract_lifetimes l ON l.cohort = p.cohort AND l.periods_survived >= p.period
    GROUP BY p.cohort, p.period
),
cohorts AS (
    SELECT DISTINCT cohort, cohort_month, cohort_size FROM contract_lifetimes
),
counted AS (
    SELECT c.cohort_month, p.period, c.cohort_size,
           COALESCE(a.contracts_alive, 0) AS contracts_alive,
           p.sbg_alpha, p.sbg_beta, p.fitted_survival, p.fitted_retention
    FROM contract_periods p
    JOIN cohorts c ON c.cohort = p.cohort
    LEFT JOIN alive a ON a.cohort = p.cohort AND a.period = p.period
)
SELECT ${as_of_date}                                                      AS as_of_date,
       cohort_month,
       CAST(period AS INT)                                                AS period,
       CAST(cohort_size AS BIGINT)                                        AS cohort_size,
       CAST(contracts_alive AS BIGINT)                                    AS contracts_alive,
       CAST(contracts_alive AS DOUBLE) / cohort_size                      AS observed_survival,
       CASE WHEN period > 0
            THEN CAST(contracts_alive AS DOUBLE)
                 / NULLIF(LAG(contracts_alive) OVER (PARTITION BY cohort_month ORDER BY period), 0) END
                                                                          AS observed_retention,
       sbg_alpha,
       sbg_beta,
       fitted_survival,
       fitted_retention
FROM counted
