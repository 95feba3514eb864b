-- dim_date — grain: one calendar day, from the first event in the data through D.
-- dim_date: the conformed calendar, one row per day from the first event in the data
-- through the run date. ${first_date} is the earliest event date (computed by the pipeline).
SELECT CAST(year(date_day) * 10000 + month(date_day) * 100 + day(date_day) AS INT) AS date_key,
       date_day,
       CAST(year(date_day) AS INT)                                      AS year,
       CAST(quarter(date_day) AS INT)                                   AS quarter,
       CAST(month(date_day) AS INT)                                     AS month,
       {{ month_start(date_day) }}                                      AS month_start,
       last_day(date_day)                                               AS month_end,
       {{ month_text(date_day) }}                                       AS month_text,
       -- the ISO year is the year of the week's Thursday
       CAST(year({{ add_days(date_day, 4 - {{ iso_day_of_week(date_day) }}) }}) AS INT) AS iso_year,
       CAST(weekofyear(date_day) AS INT)                                AS iso_week,
       {{ iso_day_of_week(date_day) }}                                  AS day_of_week,
       {{ iso_day_of_week(date_day) }} >= 6                             AS is_weekend
FROM {{ date_series(${first_date}, ${as_of_date}) }} days
