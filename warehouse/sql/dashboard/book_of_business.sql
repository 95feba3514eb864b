-- Dashboard: the book of business per account owner as of D, largest 12-month revenue first,
-- as in mart_book_of_business.
SELECT account_owner, customers, active_customers, prospects, former_customers, revenue_12m, book_value,
       book_value_basis, churn_rate_12m, complaints_12m, csat_avg_12m, nps_responses_12m, nps_12m
FROM mart_book_of_business
ORDER BY revenue_12m DESC, account_owner
