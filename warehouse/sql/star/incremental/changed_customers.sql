-- Customers whose versions in dim_customer differ from the lake's: a new customer or version
-- (SCD2), an inferred member completed by its customers row, a changed validity. A fact
-- carries the customer_key of the version valid at its event (else the current one), so
-- any fact of such a customer may change.
SELECT customer_id FROM (
    SELECT customer_id, customer_key, valid_from, valid_to, is_current FROM dim_customer
    EXCEPT
    SELECT customer_id, customer_key, valid_from, valid_to, is_current FROM lake_dim_customer) n
UNION
SELECT customer_id FROM (
    SELECT customer_id, customer_key, valid_from, valid_to, is_current FROM lake_dim_customer
    EXCEPT
    SELECT customer_id, customer_key, valid_from, valid_to, is_current FROM dim_customer) o
