-- mart_churn_monthly — grain: one complete month × segment (docs/contract.md §3, §4.5).
-- Cb = customers active on the last day of the previous month, Ce = active on the month's
-- last day, Cl = active then and not now, Cn = active now and not then; so Ce = Cb − Cl + Cn
-- and retention_rate + churn_rate = 1. Activity comes from fact_customer_month (§4.4).
-- Complete months only (last day ≤ D); rows with Cb = Ce = 0 are left out; rates are null
-- when Cb = 0. Segments use the customer's attributes as of D (null → 'unknown');
-- complained_90d is 'yes' when the customer complained in the 90 days ending on the month's
-- last day. revenue_churn = purchase revenue in months m−12 … m−1 of the lost customers ÷
-- that of the customers at the start.
-- repeat_purchase_rate = of the customers with at least one purchase in the month (in the
-- segment), the share whose first purchase ever was before the month's first day; a customer
-- whose first purchase is in the month counts as not repeat however often they bought in it.
-- Null when nobody of the segment purchased in the month. Purchasers count whether or not
-- they are active at either month end (with a short inactivity window they may be neither).
-- Each CTE below is used once, and the segments come from one GROUPING SETS pass: DuckDB
-- keeps a CTE used twice in memory, which a million customers' months do not fit.
-- A month's row, its customer's activity at the end of the previous month and the revenue
-- before it are brought together by a GROUP BY over their union (transitions), not by joins:
-- several hash joins in one pipeline must hold all their build sides in memory at once,
-- while an aggregation spills, and this mart then needs far less memory.
-- purchase revenue in m−12 … m−1 of the customers active at the end of m−1 (the only ones
-- revenue_churn needs), keyed by m
WITH revenue_before AS (
    SELECT a.customer_id, {{ add_months(a.month_start, 1) }} AS month, SUM(cm.revenue) AS revenue_12m_before
    FROM fact_customer_month a
    JOIN fact_customer_month cm ON cm.customer_id = a.customer_id
    WHERE a.is_active
      AND cm.revenue > 0
      AND cm.month_start > {{ add_months(a.month_start, -12) }}
      AND cm.month_start <= a.month_start
    GROUP BY a.customer_id, {{ add_months(a.month_start, 1) }}
),
-- one row per complete month of a customer, gathered from that month's row (this_month), the
-- previous month's row if the customer was active at its end, and the revenue before it
transitions AS (
    SELECT customer_id, month,
           MAX(active_start) = 1                   AS active_start,
           MAX(active_end) = 1                     AS active_end,
           MAX(purchased) = 1                      AS purchased,
           MAX(purchased_before) = 1               AS purchased_before,
           SUM(revenue_12m_before)                 AS revenue_12m_before
    FROM (
        SELECT customer_id, month_start AS month, 1 AS this_month, 0 AS active_start,
               CASE WHEN is_active THEN 1 ELSE 0 END AS active_end,
               CASE WHEN purchases > 0 THEN 1 ELSE 0 END AS purchased,
               CASE WHEN purchases > 0 AND first_purchase_date < month_start THEN 1 ELSE 0 END AS purchased_before,
               CAST(0 AS DECIMAL(38,4)) AS revenue_12m_before
        FROM fact_customer_month
        WHERE is_complete
        UNION ALL
        SELECT customer_id, {{ add_months(month_start, 1) }}, 0, 1, 0, 0, 0, CAST(0 AS DECIMAL(38,4))
        FROM fact_customer_month
        WHERE is_active
        UNION ALL
        SELECT customer_id, month, 0, 0, 0, 0, 0, CAST(revenue_12m_before AS DECIMAL(38,4))
        FROM revenue_before
    ) u
    GROUP BY customer_id, month
    HAVING MAX(this_month) = 1
),
complained AS (
    SELECT cm.customer_id, cm.month_start AS month
    FROM fact_customer_month cm
    JOIN fact_complaint c
      ON c.customer_id = cm.customer_id
     AND c.received_date <= cm.month_end
     AND c.received_date > {{ add_days(cm.month_end, -90) }}
    WHERE cm.is_complete
    GROUP BY cm.customer_id, cm.month_start
),
attributes AS (
    SELECT customer_id,
           COALESCE(customer_type, 'unknown')       AS customer_type,
           COALESCE(acquisition_channel, 'unknown') AS acquisition_channel,
           COALESCE(account_owner, 'unknown')       AS account_owner
    FROM dim_customer
    WHERE is_current
),
flagged AS (
    SELECT t.month, t.active_start, t.active_end, t.purchased, t.purchased_before, t.revenue_12m_before,
           COALESCE(a.customer_type, 'unknown')       AS customer_type,
           COALESCE(a.acquisition_channel, 'unknown') AS acquisition_channel,
           COALESCE(a.account_owner, 'unknown')       AS account_owner,
           CASE WHEN c.customer_id IS NULL THEN 'no' ELSE 'yes' END AS complained_90d
    FROM transitions t
    LEFT JOIN attributes a ON a.customer_id = t.customer_id
    LEFT JOIN complained c ON c.customer_id = t.customer_id AND c.month = t.month
    WHERE t.active_start OR t.active_end OR t.purchased
),
counted AS (
    SELECT month, customer_type, acquisition_channel, account_owner, complained_90d,
           GROUPING(customer_type) AS by_other_than_type,
           GROUPING(acquisition_channel) AS by_other_than_channel,
           GROUPING(account_owner) AS by_other_than_owner,
           GROUPING(complained_90d) AS by_other_than_complained,
           SUM(CASE WHEN active_start THEN 1 ELSE 0 END)                     AS cb,
           SUM(CASE WHEN active_end AND NOT active_start THEN 1 ELSE 0 END)  AS cn,
           SUM(CASE WHEN active_end THEN 1 ELSE 0 END)                       AS ce,
           SUM(CASE WHEN active_start AND NOT active_end THEN 1 ELSE 0 END)  AS cl,
           SUM(CASE WHEN active_start THEN revenue_12m_before ELSE 0 END)    AS revenue_start,
           SUM(CASE WHEN active_start AND NOT active_end THEN revenue_12m_before ELSE 0 END) AS revenue_lost,
           SUM(CASE WHEN purchased THEN 1 ELSE 0 END)                        AS purchasers,
           SUM(CASE WHEN purchased_before THEN 1 ELSE 0 END)                 AS repeat_purchasers
    FROM flagged
    GROUP BY GROUPING SETS ((month), (month, customer_type), (month, acquisition_channel),
                            (month, account_owner), (month, complained_90d))
)
SELECT ${as_of_date}                                                     AS as_of_date,
       month,
       CASE WHEN by_other_than_type = 0 THEN 'customer_type'
            WHEN by_other_than_channel = 0 THEN 'acquisition_channel'
            WHEN by_other_than_owner = 0 THEN 'account_owner'
            WHEN by_other_than_complained = 0 THEN 'complained_90d'
            ELSE 'all' END                                               AS segment_kind,
       CASE WHEN by_other_than_type = 0 THEN customer_type
            WHEN by_other_than_channel = 0 THEN acquisition_channel
            WHEN by_other_than_owner = 0 THEN account_owner
            WHEN by_other_than_complained = 0 THEN complained_90d
            ELSE 'all' END                                               AS segment,
       CAST(cb AS BIGINT)                                                AS customers_start,
       CAST(cn AS BIGINT)                                                AS new_customers,
       CAST(ce AS BIGINT)                                                AS customers_end,
       CAST(cl AS BIGINT)                                                AS lost_customers,
       CASE WHEN cb > 0 THEN CAST(ce - cn AS DOUBLE) / cb END           AS retention_rate,
       CASE WHEN cb > 0 THEN CAST(cl AS DOUBLE) / cb END                AS churn_rate,
       CASE WHEN revenue_start > 0
            THEN CAST(revenue_lost AS DOUBLE) / CAST(revenue_start AS DOUBLE) END AS revenue_churn,
       CASE WHEN purchasers > 0 THEN CAST(repeat_purchasers AS DOUBLE) / purchasers END AS repeat_purchase_rate
FROM counted
WHERE cb > 0 OR ce > 0
