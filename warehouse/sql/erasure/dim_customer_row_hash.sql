-- dim_customer.row_hash of a forgotten customer's version: the hash star/dim_customer.sql
-- gives the same version with its personal columns (name, email, phone, city) empty, so a
-- hash of the erased values is not kept and the next night computes the same value.
{{ sha256(concat_ws('|', '~', '~', '~', COALESCE(country, '~'), '~', COALESCE(customer_type, '~'),
                    COALESCE(acquisition_channel, '~'), COALESCE(account_owner, '~'))) }}
