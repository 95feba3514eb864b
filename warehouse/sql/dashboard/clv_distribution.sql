-- Dashboard: how customer lifetime value (historical_clv, purchase revenue to date) is
-- spread over the buyers (orders > 0; prospects have none). Twenty equal bands from 0 up to
-- the 95th percentile, the band width rounded up to 1, 2 or 5 × a power of ten so the axis
-- reads well; everything above the twentieth band falls in a last, open band (band_to null).
WITH buyers AS (
    SELECT historical_clv AS clv
    FROM mart_customer_value
    WHERE orders > 0
),
raw_width AS (
    SELECT GREATEST(quantile_cont(CAST(clv AS DOUBLE), 0.95) / 20, 0.01) AS w FROM buyers
),
width AS (
    SELECT w, pow(10, floor(log10(w))) AS magnitude FROM raw_width
),
step AS (
    SELECT magnitude * CASE WHEN w <= magnitude THEN 1
                            WHEN w <= 2 * magnitude THEN 2
                            WHEN w <= 5 * magnitude THEN 5
                            ELSE 10 END AS step
    FROM width
),
banded AS (
    SELECT CAST(LEAST(floor(b.clv / s.step), 20) AS INTEGER) AS band, s.step, b.clv
    FROM buyers b CROSS JOIN step s
)
SELECT band,
       band * MIN(step)                                        AS band_from,
       CASE WHEN band < 20 THEN (band + 1) * MIN(step) END     AS band_to,
       COUNT(*)                                                AS customers,
       SUM(clv)                                                AS clv_total
FROM banded
GROUP BY band
ORDER BY band
