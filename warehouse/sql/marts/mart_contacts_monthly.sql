-- mart_contacts_monthly — grain: one calendar month, from the month of the first contact through
-- D's month, none skipped (docs/contract.md §4.18), over the contacts (fact_interaction) that
-- occurred on or before the end of D.
-- contacts = contacts in the month; contacting_customers = distinct customers among them;
-- active_customers = customers active on the month's snapshot day (its last day, or D in D's
-- month; fact_customer_month.is_active, §4.4); contacts_per_active_customer = contacts ÷
-- active_customers, null when none is active (a contacted customer need not be active).
-- inbound, outbound: contacts by direction (one without direction is in neither);
-- outbound_share = outbound ÷ (inbound + outbound), the proactive share, null when both are 0.
-- complaints = complaints received in the month; contacts_per_complaint = contacts ÷ complaints,
-- null without complaints. The interactions source names no complaint, so this is a workload
-- ratio, not a count of contacts about complaints.
-- agents = distinct agent_id among the month's contacts; agent_contacts = contacts with an
-- agent; avg_contacts_per_agent = agent_contacts ÷ agents and max_contacts_per_agent = the most
-- contacts one agent had in the month, both null without an agent.
-- The counts add up over months except contacting_customers and agents (one can be in two).
-- No contact at all: no rows.
WITH first_contact AS (
    SELECT {{ month_start(MIN(occurred_date)) }} AS month
    FROM fact_interaction
),
-- an empty fact_interaction gives a null first month, so no month at all
months AS (
    SELECT DISTINCT d.month_start AS month, d.month_end
    FROM dim_date d
    JOIN first_contact f ON d.month_start >= f.month
    WHERE d.month_start <= {{ month_start(${as_of_date}) }}
),
contacts AS (
    SELECT {{ month_start(occurred_date) }}                               AS month,
           COUNT(*)                                                       AS contacts,
           COUNT(DISTINCT customer_id)                                    AS contacting_customers,
           SUM(CASE WHEN direction = 'inbound' THEN 1 ELSE 0 END)         AS inbound,
           SUM(CASE WHEN direction = 'outbound' THEN 1 ELSE 0 END)        AS outbound,
           COUNT(agent_id)                                                AS agent_contacts,
           COUNT(DISTINCT agent_id)                                       AS agents
    FROM fact_interaction
    GROUP BY {{ month_start(occurred_date) }}
),
agent_load AS (
    SELECT month, MAX(agent_contacts) AS max_contacts_per_agent
    FROM (
        SELECT {{ month_start(occurred_date) }} AS month, agent_id, COUNT(*) AS agent_contacts
        FROM fact_interaction
        WHERE agent_id IS NOT NULL
        GROUP BY {{ month_start(occurred_date) }}, agent_id
    ) per_agent
    GROUP BY month
),
complaints AS (
    SELECT {{ month_start(received_date) }} AS month, COUNT(*) AS complaints
    FROM fact_complaint
    GROUP BY {{ month_start(received_date) }}
),
active AS (
    SELECT month_start AS month, COUNT(*) AS active_customers
    FROM fact_customer_month
    WHERE is_active
    GROUP BY month_start
)
SELECT ${as_of_date}                                                       AS as_of_date,
       m.month,
       m.month_end > ${as_of_date}                                         AS is_partial,
       CAST(COALESCE(c.contacts, 0) AS BIGINT)                             AS contacts,
       CAST(COALESCE(c.contacting_customers, 0) AS BIGINT)                 AS contacting_customers,
       CAST(COALESCE(a.active_customers, 0) AS BIGINT)                     AS active_customers,
       CASE WHEN a.active_customers > 0
            THEN CAST(COALESCE(c.contacts, 0) AS DOUBLE) / a.active_customers END AS contacts_per_active_customer,
       CAST(COALESCE(c.inbound, 0) AS BIGINT)                              AS inbound,
       CAST(COALESCE(c.outbound, 0) AS BIGINT)                             AS outbound,
       CASE WHEN c.inbound + c.outbound > 0
            THEN CAST(c.outbound AS DOUBLE) / (c.inbound + c.outbound) END AS outbound_share,
       CAST(COALESCE(k.complaints, 0) AS BIGINT)                           AS complaints,
       CASE WHEN k.complaints > 0
            THEN CAST(COALESCE(c.contacts, 0) AS DOUBLE) / k.complaints END AS contacts_per_complaint,
       CAST(COALESCE(c.agents, 0) AS BIGINT)                               AS agents,
       CAST(COALESCE(c.agent_contacts, 0) AS BIGINT)                       AS agent_contacts,
       CASE WHEN c.agents > 0 THEN CAST(c.agent_contacts AS DOUBLE) / c.agents END AS avg_contacts_per_agent,
       CAST(l.max_contacts_per_agent AS BIGINT)                            AS max_contacts_per_agent
FROM months m
LEFT JOIN contacts c ON c.month = m.month
LEFT JOIN active a ON a.month = m.month
LEFT JOIN complaints k ON k.month = m.month
LEFT JOIN agent_load l ON l.month = m.month
