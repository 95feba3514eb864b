-- Dashboard: contract renewals per month over the 24 months up to D (docs/contract.md §4.17),
-- as mart_contract_renewals_monthly has them.
SELECT r.month,
       r.is_partial,
       r.renewals,
       r.upsells,
       r.downsells,
       r.flat_renewals,
       r.fee_change,
       r.contracts_ended,
       r.ended_not_renewed,
       r.renewal_rate
FROM mart_contract_renewals_monthly r
WHERE r.month >= (SELECT date_trunc('month', as_of_date) - INTERVAL 23 MONTH FROM warehouse_info)
ORDER BY r.month
