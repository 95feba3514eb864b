-- mart_acquisition_monthly — grain: one month × acquisition_channel, months up to D's month
-- (docs/contract.md §3, §4.10). new_customers = customers whose first purchase (§4.3: completed,
-- net revenue above zero) falls in the month, by their acquisition_channel as of D (the
-- current dim_customer row; null → 'unknown'). marketing_spend = fact_marketing_spend of
-- that channel in the month (channels folded to lower case there, so they meet
-- acquisition_channel); a month × channel with spend but no new customer is kept with 0 new
-- customers, and one with new customers but no recorded spend has marketing_spend null
-- (not recorded is not zero). cac = marketing_spend ÷ new_customers, null when there is no
-- new customer or no recorded spend.
--
-- Value against cost (§4.16): the row's new customers are a cohort, month m = the row's month.
-- Month k of the cohort is calendar month m + k (k = 0 is m itself, as in §4.7).
--   revenue_12m = the cohort's purchase revenue in months k = 0 … 11, up to D;
--   is_revenue_window_complete = month 11 has ended by D (its last day ≤ D);
--   revenue_to_date = the cohort's purchase revenue from m through D;
--   predicted_clv_12m = Σ the cohort's customer_predictions.predicted_clv_12m (as mart_customer_value
--     has them: expected over the 12 months after D); null when none of them has one (not fitted);
--   revenue_12m_to_cac = revenue_12m ÷ marketing_spend (= revenue_12m per new customer ÷ cac);
--   clv_to_cac = (revenue_to_date + predicted_clv_12m) ÷ marketing_spend: what the cohort has paid
--     and is expected to pay in the next 12 months, per unit of what acquiring it cost. The
--     prediction alone looks forward from D, so an old cohort would look worthless without what
--     it already paid;
--   payback_months = the smallest k ≥ 1 such that the cohort's purchase revenue over months
--     0 … k − 1 (the first k months) reaches marketing_spend; null when not reached by D.
-- The ratios and payback_months are null without new customers, or without spend (null or 0):
-- nothing was paid to be paid back.
WITH purchases AS (
    SELECT customer_id, order_date, net_revenue
    FROM fact_order
    WHERE is_purchase AND order_date <= ${as_of_date}
),
first_purchase AS (
    SELECT customer_id, MIN(order_date) AS first_purchase_date
    FROM purchases
    GROUP BY customer_id
),
acquired AS (
    SELECT f.customer_id,
           {{ month_start(f.first_purchase_date) }}     AS month,
           COALESCE(c.acquisition_channel, 'unknown')   AS acquisition_channel
    FROM first_purchase f
    LEFT JOIN dim_customer c ON c.customer_id = f.customer_id AND c.is_current
),
new_customers AS (
    SELECT a.month, a.acquisition_channel, COUNT(*) AS new_customers,
           -- exact decimals per customer, so that the sum does not depend on the engine's summation order
           SUM(CAST(p.predicted_clv_12m AS DECIMAL(18,4))) AS predicted_clv_12m,
           COUNT(p.predicted_clv_12m) AS predicted_customers
    FROM acquired a
    LEFT JOIN customer_predictions p ON p.customer_id = a.customer_id
    GROUP BY a.month, a.acquisition_channel
),
spend AS (
    SELECT month, LOWER(channel) AS acquisition_channel, SUM(amount) AS marketing_spend
    FROM fact_marketing_spend
    WHERE month <= {{ month_start(${as_of_date}) }}
    GROUP BY month, LOWER(channel)
),
cohort_purchases AS (
    SELECT a.month, a.acquisition_channel, p.net_revenue,
           (year(p.order_date) - year(a.month)) * 12 + month(p.order_date) - month(a.month) AS k
    FROM acquired a
    JOIN purchases p ON p.customer_id = a.customer_id
),
cohort_months AS (
    SELECT month, acquisition_channel, k, SUM(net_revenue) AS revenue
    FROM cohort_purchases
    GROUP BY month, acquisition_channel, k
),
cumulative AS (
    SELECT c.month, c.acquisition_channel, c.k, c.revenue,
           SUM(c.revenue) OVER (PARTITION BY c.month, c.acquisition_channel ORDER BY c.k
                                ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS revenue_through_k,
           s.marketing_spend
    FROM cohort_months c
    LEFT JOIN spend s ON s.month = c.month AND s.acquisition_channel = c.acquisition_channel
),
cohort_value AS (
    -- the revenue only grows in a month with purchases, so the first such month whose running
    -- sum reaches the spend is the payback month
    SELECT month, acquisition_channel,
           SUM(CASE WHEN k < 12 THEN revenue ELSE 0 END)                          AS revenue_12m,
           SUM(revenue)                                                           AS revenue_to_date,
           MIN(CASE WHEN marketing_spend > 0 AND revenue_through_k >= marketing_spend
                    THEN k + 1 END)                                               AS payback_months
    FROM cumulative
    GROUP BY month, acquisition_channel
),
cells AS (
    SELECT month, acquisition_channel FROM new_customers
    UNION
    SELECT month, acquisition_channel FROM spend
),
joined AS (
    SELECT k.month,
           k.acquisition_channel,
           COALESCE(n.new_customers, 0)                                           AS new_customers,
           s.marketing_spend,
           COALESCE(v.revenue_12m, 0)                                             AS revenue_12m,
           COALESCE(v.revenue_to_date, 0)                                         AS revenue_to_date,
           CASE WHEN n.predicted_customers > 0 THEN n.predicted_clv_12m END       AS predicted_clv_12m,
           v.payback_months,
           COALESCE(n.new_customers, 0) > 0 AND s.marketing_spend > 0             AS has_cost
    FROM cells k
    LEFT JOIN new_customers n ON n.month = k.month AND n.acquisition_channel = k.acquisition_channel
    LEFT JOIN spend s ON s.month = k.month AND s.acquisition_channel = k.acquisition_channel
    LEFT JOIN cohort_value v ON v.month = k.month AND v.acquisition_channel = k.acquisition_channel
)
SELECT ${as_of_date}                                                    AS as_of_date,
       month,
       acquisition_channel,
       CAST(new_customers AS BIGINT)                                    AS new_customers,
       CAST(marketing_spend AS DECIMAL(18,2))                           AS marketing_spend,
       CASE WHEN new_customers > 0
            THEN CAST(marketing_spend AS DOUBLE) / new_customers END    AS cac,
       CAST(revenue_12m AS DECIMAL(18,2))                               AS revenue_12m,
       {{ add_months(month, 12) }} <= {{ add_days(${as_of_date}, 1) }}  AS is_revenue_window_complete,
       CAST(revenue_to_date AS DECIMAL(18,2))                           AS revenue_to_date,
       CAST(predicted_clv_12m AS DECIMAL(18,2))                         AS predicted_clv_12m,
       CASE WHEN has_cost
            THEN CAST(revenue_12m AS DOUBLE) / CAST(marketing_spend AS DOUBLE) END AS revenue_12m_to_cac,
       CASE WHEN has_cost AND predicted_clv_12m IS NOT NULL
            THEN CAST(revenue_to_date + predicted_clv_12m AS DOUBLE) / CAST(marketing_spend AS DOUBLE) END
                                                                        AS clv_to_cac,
       CAST(CASE WHEN has_cost THEN payback_months END AS INT)          AS payback_months
FROM joined
