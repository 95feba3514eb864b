-- Dashboard: complaint operations per month over the 24 months up to D (docs/contract.md §4.13),
-- as mart_complaint_operations_monthly has them (one row per month, none skipped from the first
-- complaint's): complaints received by severity, the backlog open and overdue at each month's
-- end, and the complaint rate.
SELECT month,
       complaints,
       complainants,
       active_customers,
       complaint_rate,
       low_severity_complaints,
       medium_severity_complaints,
       high_severity_complaints,
       critical_severity_complaints,
       low_severity_compensation,
       open_at_month_end,
       overdue_at_month_end
FROM mart_complaint_operations_monthly
WHERE month >= (SELECT date_trunc('month', as_of_date) - INTERVAL 23 MONTH FROM warehouse_info)
ORDER BY month
