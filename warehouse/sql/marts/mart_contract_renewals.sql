-- mart_contract_renewals — grain: one contract started on or before D (docs/contract.md §4.4, §4.17),
-- with whether and how it was renewed by the end of D.
-- last_day = the last day the contract covers (§4.4): the earlier of end_date and the day of a
-- cancellation known by D; null when it has neither (it runs with no end in sight).
-- A contract N renews P when both are the same customer's, N starts after P started, and N
-- starts within 30 days either side of P's last day (a renewal signed before the old term runs
-- out, or a short gap after it). P's successor is its first such N (start_date, then
-- contract_id); a successor claimed by several contracts (two contracts replaced by one)
-- renews only the one that started first (start_date, then contract_id), the others are not
-- renewed. So every pair is one to one. A second contract taken while the first runs on with no
-- end is an add-on, not a renewal: P has no last day.
-- fee_change = the successor's monthly_fee − P's, null when either fee is missing.
-- renewal_status: upsell (fee_change > 0), downsell (< 0), flat (= 0), fee_unknown (renewed,
-- a fee missing); not renewed: not_renewed once the window has closed (last_day + 30 ≤ D, so
-- any renewal would have started by D), window_open while it has not, no_last_day without a
-- last day.
WITH contracts AS (
    SELECT contract_id, customer_id, product_id, start_date, monthly_fee,
           CASE WHEN cancel_date IS NULL THEN end_date
                WHEN end_date IS NULL OR cancel_date < end_date THEN cancel_date
                ELSE end_date END AS last_day
    FROM fact_contract
),
candidates AS (
    SELECT p.contract_id AS predecessor_id,
           p.start_date  AS predecessor_start,
           n.contract_id AS successor_id,
           ROW_NUMBER() OVER (PARTITION BY p.contract_id ORDER BY n.start_date, n.contract_id) AS nth
    FROM contracts p
    JOIN contracts n ON n.customer_id = p.customer_id
    WHERE p.last_day IS NOT NULL
      AND n.start_date > p.start_date
      AND n.start_date >= {{ add_days(p.last_day, -30) }}
      AND n.start_date <= {{ add_days(p.last_day, 30) }}
),
claims AS (
    SELECT predecessor_id, successor_id,
           ROW_NUMBER() OVER (PARTITION BY successor_id ORDER BY predecessor_start, predecessor_id) AS claim
    FROM candidates
    WHERE nth = 1
),
pairs AS (
    SELECT predecessor_id, successor_id FROM claims WHERE claim = 1
),
renewed AS (
    SELECT c.*,
           pr.predecessor_id AS renews_contract_id,
           s.contract_id     AS renewed_by_contract_id,
           s.start_date      AS renewal_start_date,
           s.monthly_fee     AS renewal_monthly_fee,
           CAST(s.monthly_fee - c.monthly_fee AS DECIMAL(18,2)) AS fee_change
    FROM contracts c
    LEFT JOIN pairs ps ON ps.predecessor_id = c.contract_id
    LEFT JOIN contracts s ON s.contract_id = ps.successor_id
    LEFT JOIN pairs pr ON pr.successor_id = c.contract_id
)
SELECT ${as_of_date}                                                 AS as_of_date,
       contract_id,
       customer_id,
       product_id,
       start_date,
       monthly_fee,
       last_day,
       renews_contract_id,
       renewed_by_contract_id,
       renewal_start_date,
       renewal_monthly_fee,
       fee_change,
       CASE WHEN renewed_by_contract_id IS NOT NULL AND fee_change > 0 THEN 'upsell'
            WHEN renewed_by_contract_id IS NOT NULL AND fee_change < 0 THEN 'downsell'
            WHEN renewed_by_contract_id IS NOT NULL AND fee_change = 0 THEN 'flat'
            WHEN renewed_by_contract_id IS NOT NULL THEN 'fee_unknown'
            WHEN last_day IS NULL THEN 'no_last_day'
            WHEN {{ add_days(last_day, 30) }} <= ${as_of_date} THEN 'not_renewed'
            ELSE 'window_open' END                                   AS renewal_status
FROM renewed
