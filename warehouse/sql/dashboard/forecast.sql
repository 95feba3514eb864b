-- Dashboard: the existing customers' expected purchases and revenue for each of the next 12
-- months, and the backtest's 3 months forecast beside what happened (docs/contract.md §4.19),
-- as forecast_monthly has them.
SELECT is_backtest,
       history_end,
       month,
       months_ahead,
       customers,
       expected_purchases,
       expected_revenue,
       actual_purchases,
       actual_revenue
FROM forecast_monthly
ORDER BY month, is_backtest
