-- Dashboard: cross-selling per month over the 24 months up to D (docs/contract.md §4.12), as
-- mart_cross_sell_monthly has it: buyers, repeat buyers buying in a category new to them, the
-- cross-sell rate and the buyers' category breadth.
SELECT month,
       is_partial,
       buyers,
       repeat_buyers,
       new_category_buyers,
       cross_sell_buyers,
       cross_sell_rate,
       avg_category_breadth
FROM mart_cross_sell_monthly
WHERE month >= (SELECT date_trunc('month', as_of_date) - INTERVAL 23 MONTH FROM warehouse_info)
ORDER BY month
