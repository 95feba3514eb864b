-- Dashboard: customer contacts per month over the 24 months up to D (docs/contract.md §4.18),
-- as mart_contacts_monthly has them.
SELECT month,
       is_partial,
       contacts,
       contacting_customers,
       inbound,
       outbound,
       outbound_share,
       contacts_per_complaint,
       agents,
       avg_contacts_per_agent,
       max_contacts_per_agent
FROM mart_contacts_monthly
WHERE month >= (SELECT date_trunc('month', as_of_date) - INTERVAL 23 MONTH FROM warehouse_info)
ORDER BY month
