-- mart_acquisition_monthly — grain: one month × acquisition_channel, months up to D's month
-- (docs/contract.md §3, §4.10). new_customers = customers whose first purchase (§4.3: completed,
-- net revenue above zero) falls in the month, by their acquisition_channel as of D (the
-- current dim_customer row; null → 'unknown'). marketing_spend = fact_marketing_spend of
-- that channel in the month (channels folded to lower case there, so they meet
-- acquisition_channel); a month × channel with spend but no new customer is kept with 0 new
-- customers, and one with new customers but no recorded spend has marketing_spend null
-- (not recorded is not zero). cac = marketing_spend ÷ new_customers, null when there is no
-- new customer or no recorded spend.
WITH first_purchase AS (
    SELECT customer_id, MIN(order_date) AS first_purchase_date
    FROM fact_order
    WHERE is_purchase AND order_date <= ${as_of_date}
    GROUP BY customer_id
),
acquired AS (
    SELECT {{ month_start(f.first_purchase_date) }}     AS month,
           COALESCE(c.acquisition_channel, 'unknown')   AS acquisition_channel
    FROM first_purchase f
    LEFT JOIN dim_customer c ON c.customer_id = f.customer_id AND c.is_current
),
new_customers AS (
    SELECT month, acquisition_channel, COUNT(*) AS new_customers
    FROM acquired
    GROUP BY month, acquisition_channel
),
spend AS (
    SELECT month, LOWER(channel) AS acquisition_channel, SUM(amount) AS marketing_spend
    FROM fact_marketing_spend
    WHERE month <= {{ month_start(${as_of_date}) }}
    GROUP BY month, LOWER(channel)
),
cells AS (
    SELECT month, acquisition_channel FROM new_customers
    UNION
    SELECT month, acquisition_channel FROM spend
)
SELECT ${as_of_date}                                                    AS as_of_date,
       k.month,
       k.acquisition_channel,
       CAST(COALESCE(n.new_customers, 0) AS BIGINT)                     AS new_customers,
       CAST(s.marketing_spend AS DECIMAL(18,2))                         AS marketing_spend,
       CASE WHEN COALESCE(n.new_customers, 0) > 0
            THEN CAST(s.marketing_spend AS DOUBLE) / n.new_customers END AS cac
FROM cells k
LEFT JOIN new_customers n ON n.month = k.month AND n.acquisition_channel = k.acquisition_channel
LEFT JOIN spend s ON s.month = k.month AND s.acquisition_channel = k.acquisition_channel
