-- lapsed_customer_predictions — grain: one customer × complete month m in which the customer lapsed
-- (docs/contract.md §4.14), with the 12-month CLV the models fitted as of D give the customer's
-- purchase history as of the day before m's first day (lapsed_customer_histories).
-- The arithmetic is customer_predictions': the BG/NBD columns per distinct history (frequency,
-- recency_days, age_days) from lapsed_bg_nbd_predictions, computed in Java (Gauss's 2F1); the
-- Gamma-Gamma expected_order_value from the fitted p, q, v (${gg_p}, ${gg_q}, ${gg_v}):
--   (v + x·m̄)·p / (p·x + q − 1) for a repeat buyer with m̄ > 0, else p·v / (q − 1);
--   predicted_clv_12m = the discounted purchases of the next 12 months × expected_order_value.
-- ${clv_fitted} is TRUE when both models were fitted. Then a customer without a purchase before
-- the month (no history: the models describe customers after a first purchase) has
-- predicted_clv_12m 0; when either model was not fitted every prediction is NULL.
WITH valued AS (
    SELECT customer_id, month, history_date, first_purchase_date, frequency, recency_days, age_days,
           monetary_value,
           CASE WHEN frequency IS NULL THEN CAST(NULL AS DOUBLE)
                WHEN frequency > 0 AND monetary_value > 0
                THEN (${gg_v} + frequency * monetary_value) * ${gg_p} / (${gg_p} * frequency + ${gg_q} - 1)
                ELSE ${gg_p} * ${gg_v} / (${gg_q} - 1) END AS expected_order_value
    FROM lapsed_customer_histories
)
SELECT v.customer_id,
       v.month,
       v.history_date,
       v.first_purchase_date,
       v.frequency,
       v.recency_days,
       v.age_days,
       v.monetary_value,
       b.p_alive,
       v.expected_order_value,
       CASE WHEN NOT ${clv_fitted} THEN CAST(NULL AS DOUBLE)
            WHEN v.frequency IS NULL THEN CAST(0 AS DOUBLE)
            ELSE b.discounted_purchases_12m * v.expected_order_value END AS predicted_clv_12m
FROM valued v
LEFT JOIN lapsed_bg_nbd_predictions b
       ON b.frequency = v.frequency AND b.recency_days = v.recency_days AND b.age_days = v.age_days
