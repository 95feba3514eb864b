-- customer_summary — grain: one customer with at least one purchase by D (docs/contract.md §4.3), the
-- history the BG/NBD and Gamma-Gamma models see.
--   * A purchase occasion is a purchase day: a customer's purchases on the same (UTC) day are
--     merged into one, worth their summed net revenue. This is how Fader, Hardie & Lee count
--     CDNOW ("same-day purchases count as one") and what their published fits need.
--   * frequency     = repeat purchase days: purchase days after the first one.
--   * recency_days  = last purchase day − first purchase day; age_days = D − first purchase day.
--   * recency, t_age = the same in the model's time unit (${time_unit_days} days: 7 for week, 1 for
--     day), so t_x and T of the papers. The time unit scales time; it does not merge purchases.
--   * repeat_revenue = net revenue of the repeat purchase days; monetary_value = its mean per
--     repeat day (null without repeat purchases): the Gamma-Gamma model's m̄.
--   * nonpositive_days = days with completed orders but no purchase (orders netting to zero or
--     less): excluded from every measure above and counted here.
--   * Orders after ${as_of_date} are left out: none on D, but the forecast's backtest (§4.19) reads
--     this file as of its cutoff.
WITH days AS (
    SELECT customer_id,
           order_date,
           SUM(CASE WHEN is_purchase THEN net_revenue ELSE 0 END) AS purchase_value,
           MAX(CASE WHEN is_purchase THEN 1 ELSE 0 END)           AS has_purchase
    FROM fact_order
    WHERE status = 'completed' AND order_date <= ${as_of_date}
    GROUP BY customer_id, order_date
),
purchase_days AS (
    SELECT customer_id, order_date, purchase_value,
           MIN(order_date) OVER (PARTITION BY customer_id) AS first_day
    FROM days
    WHERE has_purchase = 1 AND purchase_value > 0
),
per_customer AS (
    SELECT customer_id,
           MIN(first_day)                                                      AS first_day,
           MAX(order_date)                                                     AS last_day,
           SUM(CASE WHEN order_date > first_day THEN 1 ELSE 0 END)             AS frequency,
           SUM(CASE WHEN order_date > first_day THEN purchase_value ELSE 0 END) AS repeat_revenue
    FROM purchase_days
    GROUP BY customer_id
),
excluded AS (
    SELECT customer_id, COUNT(*) AS nonpositive_days
    FROM days
    WHERE has_purchase = 0
    GROUP BY customer_id
)
SELECT p.customer_id,
       p.first_day                                                                  AS first_purchase_date,
       CAST(p.frequency AS BIGINT)                                                  AS frequency,
       CAST({{ date_diff_days(p.first_day, p.last_day) }} AS INT)                   AS recency_days,
       CAST({{ date_diff_days(p.first_day, ${as_of_date}) }} AS INT)                AS age_days,
       CAST({{ date_diff_days(p.first_day, p.last_day) }} AS DOUBLE) / ${time_unit_days}   AS recency,
       CAST({{ date_diff_days(p.first_day, ${as_of_date}) }} AS DOUBLE) / ${time_unit_days} AS t_age,
       CAST(p.repeat_revenue AS DECIMAL(18,4))                                      AS repeat_revenue,
       CASE WHEN p.frequency > 0
            THEN CAST(CAST(p.repeat_revenue AS DECIMAL(18,4)) AS DOUBLE) / p.frequency END AS monetary_value,
       CAST(COALESCE(e.nonpositive_days, 0) AS BIGINT)                              AS nonpositive_days
FROM per_customer p
LEFT JOIN excluded e ON e.customer_id = p.customer_id
