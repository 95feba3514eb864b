-- churn_identities: in every cell of mart_churn_monthly, Ce = Cb − Cl + Cn, and where there
-- were customers at the start, retention_rate + churn_rate = 1 (docs/contract.md §3).
SELECT 'mart_churn_monthly (' || CAST(month AS VARCHAR) || ', ' || segment_kind || ', ' || COALESCE(segment, 'NULL') || '): '
       || CASE WHEN customers_end <> customers_start - lost_customers + new_customers
               THEN 'Ce ' || CAST(customers_end AS VARCHAR) || ' <> Cb ' || CAST(customers_start AS VARCHAR)
                    || ' - Cl ' || CAST(lost_customers AS VARCHAR) || ' + Cn ' || CAST(new_customers AS VARCHAR)
               ELSE 'retention_rate + churn_rate = ' || CAST(retention_rate + churn_rate AS VARCHAR) END AS violation
FROM mart_churn_monthly
WHERE customers_end <> customers_start - lost_customers + new_customers
   OR (customers_start > 0 AND (retention_rate IS NULL OR churn_rate IS NULL
                                OR abs(retention_rate + churn_rate - 1) > 1e-9))
