-- fact_marketing_spend — grain: one calendar month × marketing channel, for months up to
-- and including D's month (a month's spend is stamped on the month, docs/contract.md §4.1).
-- month is the first day of the month as a DATE; channel is folded to lower case (the
-- extract already folds it; folding again keeps the grain when an older state did not),
-- so that it meets dim_customer.acquisition_channel (§4.10); amount in DECIMAL(18,2).
WITH spend AS (
    SELECT CAST(concat(s.month, '-01') AS DATE) AS month,
           LOWER(s.channel)                     AS channel,
           s.amount
    FROM stg_marketing_spend s
)
SELECT month,
       channel,
       CAST(SUM(amount) AS DECIMAL(18,2)) AS amount
FROM spend
WHERE month <= {{ month_start(${as_of_date}) }}
GROUP BY month, channel
