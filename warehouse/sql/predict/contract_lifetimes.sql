-- contract_lifetimes — grain: one contract cohort (calendar month of start_date) × periods
-- survived × churned, with the number of contracts: what the shifted-beta-geometric model
-- and mart_contract_retention read. A period is a month from the contract's start date
-- (start + k months, clamped to month end).
--   * A contract is alive at period k when it covers start + k months (docs/contract.md §4.4: up to its
--     end_date, and up to its cancellation when cancelled by D).
--   * observed: the periods k with start + k months ≤ D.
--   * periods_survived = the last observed period at which it was alive.
--   * churned = it stopped by D (end_date ≤ D, or cancelled by D): it left in period
--     periods_survived + 1. Otherwise it is censored: still running after periods_survived.
--   * cohort_size = contracts of the cohort; observed_periods = the periods observed for every
--     contract of the cohort (those of its last starter), the range of the observed curve.
WITH contracts AS (
    SELECT {{ month_start(start_date) }} AS cohort_month,
           start_date,
           CASE WHEN end_date IS NULL THEN cancel_date
                WHEN cancel_date IS NULL THEN end_date
                WHEN cancel_date < end_date THEN cancel_date
                ELSE end_date END AS stop_date
    FROM fact_contract
),
months AS (
    SELECT cohort_month, start_date, stop_date,
           (year(${as_of_date}) - year(start_date)) * 12 + month(${as_of_date}) - month(start_date) AS months_to_d,
           CASE WHEN stop_date IS NOT NULL
                THEN (year(stop_date) - year(start_date)) * 12 + month(stop_date) - month(start_date) END AS months_to_stop
    FROM contracts
),
lives AS (
    SELECT cohort_month, stop_date,
           months_to_d - CASE WHEN {{ add_months(start_date, months_to_d) }} > ${as_of_date} THEN 1 ELSE 0 END
               AS observed,
           CASE WHEN stop_date IS NULL THEN NULL
                ELSE months_to_stop - CASE WHEN {{ add_months(start_date, months_to_stop) }} > stop_date THEN 1 ELSE 0 END
           END AS alive_until
    FROM months
),
classified AS (
    SELECT cohort_month, observed,
           CASE WHEN alive_until IS NULL OR alive_until > observed THEN observed
                WHEN alive_until < 0 THEN 0
                ELSE alive_until END AS periods_survived,
           stop_date IS NOT NULL AND stop_date <= ${as_of_date} AS churned
    FROM lives
),
grouped AS (
    SELECT cohort_month, CAST(periods_survived AS BIGINT) AS periods_survived, churned,
           COUNT(*) AS contracts, MIN(observed) AS observed
    FROM classified
    GROUP BY cohort_month, periods_survived, churned
)
SELECT cohort_month,
       {{ month_text(cohort_month) }}                                   AS cohort,
       periods_survived,
       churned,
       CAST(contracts AS BIGINT)                                        AS contracts,
       CAST(SUM(contracts) OVER (PARTITION BY cohort_month) AS BIGINT)  AS cohort_size,
       CAST(MIN(observed) OVER (PARTITION BY cohort_month) AS BIGINT)   AS observed_periods
FROM grouped
