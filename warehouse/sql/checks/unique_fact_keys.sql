-- unique_fact_keys: each fact row is one event of its source, named by the source's natural
-- key (the snapshot by customer and month, marketing spend by month and channel).
SELECT 'fact_order.order_id ' || order_id || ' on ' || CAST(COUNT(*) AS VARCHAR) || ' rows' AS violation
FROM fact_order GROUP BY order_id HAVING COUNT(*) > 1
UNION ALL
SELECT 'fact_order_line (' || order_id || ', ' || CAST(line_no AS VARCHAR) || ') on ' || CAST(COUNT(*) AS VARCHAR) || ' rows'
FROM fact_order_line GROUP BY order_id, line_no HAVING COUNT(*) > 1
UNION ALL
SELECT 'fact_complaint.complaint_id ' || complaint_id || ' on ' || CAST(COUNT(*) AS VARCHAR) || ' rows'
FROM fact_complaint GROUP BY complaint_id HAVING COUNT(*) > 1
UNION ALL
SELECT 'fact_contract.contract_id ' || contract_id || ' on ' || CAST(COUNT(*) AS VARCHAR) || ' rows'
FROM fact_contract GROUP BY contract_id HAVING COUNT(*) > 1
UNION ALL
SELECT 'fact_interaction.interaction_id ' || interaction_id || ' on ' || CAST(COUNT(*) AS VARCHAR) || ' rows'
FROM fact_interaction GROUP BY interaction_id HAVING COUNT(*) > 1
UNION ALL
SELECT 'fact_survey_response.response_id ' || response_id || ' on ' || CAST(COUNT(*) AS VARCHAR) || ' rows'
FROM fact_survey_response GROUP BY response_id HAVING COUNT(*) > 1
UNION ALL
SELECT 'fact_customer_month (' || customer_id || ', ' || CAST(month_start AS VARCHAR) || ') on '
       || CAST(COUNT(*) AS VARCHAR) || ' rows'
FROM fact_customer_month GROUP BY customer_id, month_start HAVING COUNT(*) > 1
UNION ALL
SELECT 'fact_marketing_spend (' || CAST(month AS VARCHAR) || ', ' || channel || ') on ' || CAST(COUNT(*) AS VARCHAR) || ' rows'
FROM fact_marketing_spend GROUP BY month, channel HAVING COUNT(*) > 1
