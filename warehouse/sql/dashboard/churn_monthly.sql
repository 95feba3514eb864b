-- Dashboard: monthly churn and retention, every complete month, for the whole book
-- (segment_kind 'all') and each segment split (customer_type, acquisition_channel,
-- account_owner, complained_90d), as in mart_churn_monthly.
SELECT month, segment_kind, segment, customers_start, new_customers, customers_end, lost_customers,
       retention_rate, churn_rate, revenue_churn
FROM mart_churn_monthly
ORDER BY segment_kind, segment, month
