-- customer_predictions — grain: one customer of customer_summary (a purchaser by D).
-- The BG/NBD columns come per distinct history (frequency, recency_days, age_days) from
-- bg_nbd_predictions, computed in Java (they need Gauss's 2F1); the Gamma-Gamma columns are
-- closed forms of the fitted p, q, v (${gg_p}, ${gg_q}, ${gg_v}; NULL when not fitted):
--   expected_order_value = (v + x·m̄)·p / (p·x + q − 1) for a repeat buyer with m̄ > 0,
--                          else the population mean p·v / (q − 1);
--   predicted_clv_12m    = the purchases expected in each of the next 12 months, discounted by
--                          (1 + monthly rate)^month and summed (bg_nbd_predictions), × expected_order_value.
-- A column is NULL where its model was not fitted.
WITH valued AS (
    SELECT customer_id, frequency, recency_days, age_days,
           CASE WHEN frequency > 0 AND monetary_value > 0
                THEN (${gg_v} + frequency * monetary_value) * ${gg_p} / (${gg_p} * frequency + ${gg_q} - 1)
                ELSE ${gg_p} * ${gg_v} / (${gg_q} - 1) END AS expected_order_value
    FROM customer_summary
)
SELECT v.customer_id,
       b.predicted_purchases_12m,
       b.p_alive,
       v.expected_order_value,
       b.discounted_purchases_12m * v.expected_order_value AS predicted_clv_12m
FROM valued v
LEFT JOIN bg_nbd_predictions b
       ON b.frequency = v.frequency AND b.recency_days = v.recency_days AND b.age_days = v.age_days
