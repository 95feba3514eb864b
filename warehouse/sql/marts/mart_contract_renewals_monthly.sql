-- mart_contract_renewals_monthly — grain: one calendar month, from the month of the first
-- contract's start through D's month, none skipped (docs/contract.md §4.17), over the contracts of
-- mart_contract_renewals.
-- Renewals are counted in the month the renewing contract starts: renewals = contracts started
-- in the month that renew another; upsells, downsells, flat_renewals and fee_unknown_renewals
-- split them by renewal_status; fee_change = Σ their fee changes (the monthly recurring fee
-- gained, net; 0 when none is known).
-- Endings are counted in the month of the ended contract's last_day, on or before D:
-- contracts_ended = ended_renewed + ended_not_renewed + ended_window_open (renewed by D; not
-- renewed and the 30-day window closed; not renewed yet and the window still open on D).
-- renewal_rate = ended_renewed ÷ contracts_ended once the month is settled (ended_window_open =
-- 0), null before that or when nothing ended: a rate over an unsettled month would count the
-- early renewals and not the late ones.
-- Every count adds up over months. No contract at all: no rows.
WITH first_contract AS (
    SELECT {{ month_start(MIN(start_date)) }} AS month
    FROM mart_contract_renewals
),
-- no contract gives a null first month, so no month at all
months AS (
    SELECT DISTINCT d.month_start AS month, d.month_end
    FROM dim_date d
    JOIN first_contract f ON d.month_start >= f.month
    WHERE d.month_start <= {{ month_start(${as_of_date}) }}
),
renewals AS (
    SELECT {{ month_start(renewal_start_date) }}                            AS month,
           COUNT(*)                                                         AS renewals,
           SUM(CASE WHEN renewal_status = 'upsell' THEN 1 ELSE 0 END)       AS upsells,
           SUM(CASE WHEN renewal_status = 'downsell' THEN 1 ELSE 0 END)     AS downsells,
           SUM(CASE WHEN renewal_status = 'flat' THEN 1 ELSE 0 END)         AS flat_renewals,
           SUM(CASE WHEN renewal_status = 'fee_unknown' THEN 1 ELSE 0 END)  AS fee_unknown_renewals,
           SUM(COALESCE(fee_change, 0))                                     AS fee_change
    FROM mart_contract_renewals
    WHERE renewed_by_contract_id IS NOT NULL
    GROUP BY {{ month_start(renewal_start_date) }}
),
endings AS (
    SELECT {{ month_start(last_day) }}                                      AS month,
           COUNT(*)                                                         AS contracts_ended,
           SUM(CASE WHEN renewed_by_contract_id IS NOT NULL THEN 1 ELSE 0 END) AS ended_renewed,
           SUM(CASE WHEN renewal_status = 'not_renewed' THEN 1 ELSE 0 END)  AS ended_not_renewed,
           SUM(CASE WHEN renewal_status = 'window_open' THEN 1 ELSE 0 END)  AS ended_window_open
    FROM mart_contract_renewals
    WHERE last_day <= ${as_of_date}
    GROUP BY {{ month_start(last_day) }}
)
SELECT ${as_of_date}                                                        AS as_of_date,
       m.month,
       m.month_end > ${as_of_date}                                          AS is_partial,
       CAST(COALESCE(r.renewals, 0) AS BIGINT)                              AS renewals,
       CAST(COALESCE(r.upsells, 0) AS BIGINT)                               AS upsells,
       CAST(COALESCE(r.downsells, 0) AS BIGINT)                             AS downsells,
       CAST(COALESCE(r.flat_renewals, 0) AS BIGINT)                         AS flat_renewals,
       CAST(COALESCE(r.fee_unknown_renewals, 0) AS BIGINT)                  AS fee_unknown_renewals,
       CAST(COALESCE(r.fee_change, 0) AS DECIMAL(18,2))                     AS fee_change,
       CAST(COALESCE(e.contracts_ended, 0) AS BIGINT)                       AS contracts_ended,
       CAST(COALESCE(e.ended_renewed, 0) AS BIGINT)                         AS ended_renewed,
       CAST(COALESCE(e.ended_not_renewed, 0) AS BIGINT)                     AS ended_not_renewed,
       CAST(COALESCE(e.ended_window_open, 0) AS BIGINT)                     AS ended_window_open,
       CASE WHEN e.contracts_ended > 0 AND e.ended_window_open = 0
            THEN CAST(e.ended_renewed AS DOUBLE) / e.contracts_ended END    AS renewal_rate
FROM months m
LEFT JOIN renewals r ON r.month = m.month
LEFT JOIN endings e ON e.month = m.month
