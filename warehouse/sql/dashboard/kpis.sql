-- Dashboard: the headline figures, one row. Read-only over the published marts (DuckDB).
-- last_churn_month is the latest complete month of mart_churn_monthly; the NPS and CSAT are
-- those of the latest month with an answer of that kind (segment 'all'). unprofitable_customers:
-- those who cost more than they bring (is_unprofitable, §4.16). renewal_calls: contracts ending
-- in the next 90 days, not renewed (§4.17).
SELECT i.as_of_date,
       i.published_at,
       i.engine,
       (SELECT COUNT(*) FROM mart_customer_value)                             AS customers,
       (SELECT COUNT(*) FROM mart_customer_value WHERE orders > 0)            AS buyers,
       (SELECT SUM(active_customers) FROM mart_book_of_business)              AS active_customers,
       (SELECT SUM(revenue_12m) FROM mart_book_of_business)                   AS revenue_12m,
       (SELECT SUM(complaints_12m) FROM mart_book_of_business)                AS complaints_12m,
       (SELECT COUNT(*) FROM mart_customer_value WHERE is_unprofitable)       AS unprofitable_customers,
       (SELECT COUNT(*) FROM renewal_calls)                                   AS renewal_calls,
       c.month                                                                AS last_churn_month,
       c.churn_rate                                                           AS last_churn_rate,
       c.retention_rate                                                       AS last_retention_rate,
       n.month                                                                AS last_nps_month,
       n.nps                                                                  AS last_nps,
       s.month                                                                AS last_csat_month,
       s.csat_avg                                                             AS last_csat_avg
FROM warehouse_info i
LEFT JOIN (SELECT month, churn_rate, retention_rate FROM mart_churn_monthly
           WHERE segment_kind = 'all' ORDER BY month DESC LIMIT 1) c ON TRUE
LEFT JOIN (SELECT month, nps FROM mart_satisfaction_monthly
           WHERE segment = 'all' AND nps_responses > 0 ORDER BY month DESC LIMIT 1) n ON TRUE
LEFT JOIN (SELECT month, csat_avg FROM mart_satisfaction_monthly
           WHERE segment = 'all' AND csat_responses > 0 ORDER BY month DESC LIMIT 1) s ON TRUE
