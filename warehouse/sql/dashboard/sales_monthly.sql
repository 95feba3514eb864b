-- Dashboard: purchase sales per month over the 24 months up to D (docs/contract.md §4.11), as
-- mart_sales_monthly has them: net revenue by product category, customer country and order
-- channel, and the whole book's discount and return rates.
SELECT month,
       breakdown_kind,
       breakdown,
       is_partial,
       orders,
       customers,
       net_revenue,
       discount_rate,
       return_rate
FROM mart_sales_monthly
WHERE month >= (SELECT date_trunc('month', as_of_date) - INTERVAL 23 MONTH FROM warehouse_info)
ORDER BY breakdown_kind, breakdown, month
