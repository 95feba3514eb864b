-- renewal_calls — grain: one contract running on D, not cancelled and not yet renewed by D, whose end_date is in (D, D + 90 days].
-- renewal_calls — an analyst view (DuckDB only, over the published tables; docs/contract.md
-- §4.17): the contracts to call about their renewal, with their customer's value. A contract
-- cancelled by D has stopped (§4.4), and one already renewed needs no call, so both are left
-- out. end_bucket: 30 when end_date ≤ D + 30, 60 when ≤ D + 60, else 90. call_rank orders the
-- calls: predicted_clv_12m descending (none last), then historical_clv descending, the earlier
-- end_date, contract_id; 1 = call first.
SELECT r.as_of_date,
       CAST(ROW_NUMBER() OVER (ORDER BY v.predicted_clv_12m DESC NULLS LAST, v.historical_clv DESC NULLS LAST,
                                        r.last_day, r.contract_id) AS BIGINT)   AS call_rank,
       r.contract_id,
       r.customer_id,
       COALESCE(d.account_owner, 'unknown')                                    AS account_owner,
       r.product_id,
       r.monthly_fee,
       r.last_day                                                              AS end_date,
       CAST({{ date_diff_days(r.as_of_date, r.last_day) }} AS INT)             AS days_to_end,
       CASE WHEN r.last_day <= {{ add_days(r.as_of_date, 30) }} THEN 30
            WHEN r.last_day <= {{ add_days(r.as_of_date, 60) }} THEN 60
            ELSE 90 END                                                        AS end_bucket,
       v.historical_clv,
       v.predicted_clv_12m,
       v.is_top20,
       v.lifecycle_stage,
       v.churn_probability,
       v.contacts_12m,
       v.days_since_last_contact
FROM mart_contract_renewals r
LEFT JOIN mart_customer_value v ON v.customer_id = r.customer_id
LEFT JOIN dim_customer d ON d.customer_id = r.customer_id AND d.is_current
WHERE r.renewal_status = 'window_open'
  AND r.last_day > r.as_of_date
  AND r.last_day <= {{ add_days(r.as_of_date, 90) }}
ORDER BY call_rank
