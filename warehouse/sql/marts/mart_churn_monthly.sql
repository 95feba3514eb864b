-- mart_churn_monthly — grain: one complete month × segment (CONTRACT §3, §4.5).
-- Cb = customers active on the last day of the previous month, Ce = active on the month's
-- last day, Cl = active then and not now, Cn = active now and not then; so Ce = Cb − Cl + Cn
-- and retention_rate + churn_rate = 1. Activity comes from fact_customer_month (§4.4).
-- Complete months only (last day ≤ D); rows with Cb = Ce = 0 are left out; rates are null
-- when Cb = 0. Segments use the customer's attributes as of D (null → 'unknown');
-- complained_90d is 'yes' when the customer complained in the 90 days ending on the month's
-- last day. revenue_churn = purchase revenue in months m−12 … m−1 of the lost customers ÷
-- that of the customers at the start.
WITH monthly AS (
    SELECT cm.customer_id, cm.month_start, cm.month_end, cm.is_active, cm.is_complete,
           COALESCE(SUM(cm.revenue) OVER (PARTITION BY cm.customer_id ORDER BY cm.month_start
                                          ROWS BETWEEN 12 PRECEDING AND 1 PRECEDING), 0) AS revenue_12m_before
    FROM fact_customer_month cm
),
transitions AS (
    SELECT cur.customer_id, cur.month_start AS month, cur.month_end,
           COALESCE(prev.is_active, FALSE) AS active_start,
           cur.is_active AS active_end,
           cur.revenue_12m_before
    FROM monthly cur
    LEFT JOIN monthly prev
           ON prev.customer_id = cur.customer_id
          AND prev.month_start = {{ add_months(cur.month_start, -1) }}
    WHERE cur.is_complete
),
complained AS (
    SELECT t.customer_id, t.month
    FROM transitions t
    JOIN fact_complaint c
      ON c.customer_id = t.customer_id
     AND c.received_date <= t.month_end
     AND c.received_date > {{ add_days(t.month_end, -90) }}
    GROUP BY t.customer_id, t.month
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
    SELECT t.month, t.active_start, t.active_end, t.revenue_12m_before,
           COALESCE(a.customer_type, 'unknown')       AS customer_type,
           COALESCE(a.acquisition_channel, 'unknown') AS acquisition_channel,
           COALESCE(a.account_owner, 'unknown')       AS account_owner,
           CASE WHEN c.customer_id IS NULL THEN 'no' ELSE 'yes' END AS complained_90d
    FROM transitions t
    LEFT JOIN attributes a ON a.customer_id = t.customer_id
    LEFT JOIN complained c ON c.customer_id = t.customer_id AND c.month = t.month
    WHERE t.active_start OR t.active_end
),
segmented AS (
    SELECT month, 'all' AS segment_kind, 'all' AS segment, active_start, active_end, revenue_12m_before FROM flagged
    UNION ALL
    SELECT month, 'customer_type', customer_type, active_start, active_end, revenue_12m_before FROM flagged
    UNION ALL
    SELECT month, 'acquisition_channel', acquisition_channel, active_start, active_end, revenue_12m_before FROM flagged
    UNION ALL
    SELECT month, 'account_owner', account_owner, active_start, active_end, revenue_12m_before FROM flagged
    UNION ALL
    SELECT month, 'complained_90d', complained_90d, active_start, active_end, revenue_12m_before FROM flagged
),
counted AS (
    SELECT month, segment_kind, segment,
           SUM(CASE WHEN active_start THEN 1 ELSE 0 END)                     AS cb,
           SUM(CASE WHEN active_end AND NOT active_start THEN 1 ELSE 0 END)  AS cn,
           SUM(CASE WHEN active_end THEN 1 ELSE 0 END)                       AS ce,
           SUM(CASE WHEN active_start AND NOT active_end THEN 1 ELSE 0 END)  AS cl,
           SUM(CASE WHEN active_start THEN revenue_12m_before ELSE 0 END)    AS revenue_start,
           SUM(CASE WHEN active_start AND NOT active_end THEN revenue_12m_before ELSE 0 END) AS revenue_lost
    FROM segmented
    GROUP BY month, segment_kind, segment
)
SELECT ${as_of_date}                                                     AS as_of_date,
       month,
       segment_kind,
       segment,
       CAST(cb AS BIGINT)                                                AS customers_start,
       CAST(cn AS BIGINT)                                                AS new_customers,
       CAST(ce AS BIGINT)                                                AS customers_end,
       CAST(cl AS BIGINT)                                                AS lost_customers,
       CASE WHEN cb > 0 THEN CAST(ce - cn AS DOUBLE) / cb END           AS retention_rate,
       CASE WHEN cb > 0 THEN CAST(cl AS DOUBLE) / cb END                AS churn_rate,
       CASE WHEN revenue_start > 0
            THEN CAST(revenue_lost AS DOUBLE) / CAST(revenue_start AS DOUBLE) END AS revenue_churn
FROM counted
WHERE cb > 0 OR ce > 0
