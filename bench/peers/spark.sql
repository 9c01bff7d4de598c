-- SegMart's job on Online Retail written as Spark SQL: what a user would run instead on a distributed
-- engine. The same rules and steps as bench/peers/duckdb.sql, statement for statement, in Spark's
-- dialect. The runner (io.segmart.peers.SparkPeer, Maven profile spark-peer) registers the input
-- files as the view `raw` (every column a string; a missing column is NULL, an empty one '') and
-- replaces ${output}. CACHE TABLE materializes a step, as CREATE TEMP TABLE does in DuckDB.

-- A line with fewer columns than the header (a truncated line) is a reject (malformed_record), as in SegMart.
CACHE TABLE malformed AS SELECT * FROM raw WHERE Country IS NULL;

CACHE TABLE checked AS
SELECT
  trim(coalesce(InvoiceNo, '')) AS invoice_id,
  trim(coalesce(StockCode, '')) AS product_id,
  trim(coalesce(Description, '')) AS description,
  trim(coalesce(InvoiceDate, '')) AS ts_text,
  coalesce(try_to_timestamp(trim(InvoiceDate), 'yyyy-MM-dd HH:mm:ss'), try_to_timestamp(trim(InvoiceDate), 'yyyy-MM-dd HH:mm'))
    AS invoice_ts,
  try_cast(trim(Quantity) AS BIGINT) AS quantity,
  try_cast(trim(UnitPrice) AS DECIMAL(18, 6)) AS unit_price,
  trim(coalesce(CustomerID, '')) AS customer_text,
  trim(Country) AS country_text
FROM raw WHERE Country IS NOT NULL;

CACHE TABLE classified AS
SELECT *, CASE
    WHEN invoice_id = '' THEN 'missing_invoice_id'
    WHEN upper(invoice_id) LIKE 'C%' THEN 'cancelled_invoice'
    WHEN ts_text = '' THEN 'missing_timestamp'
    WHEN invoice_ts IS NULL THEN 'bad_timestamp'
    WHEN product_id = '' THEN 'missing_product_id'
    WHEN description = '' THEN 'missing_description'
    WHEN quantity IS NULL THEN 'bad_quantity'
    WHEN quantity <= 0 THEN 'non_positive_quantity'
    WHEN unit_price IS NULL THEN 'bad_unit_price'
    WHEN unit_price <= 0.01 THEN 'unit_price_too_low'
    WHEN lower(customer_text) IN ('', 'nan') THEN 'missing_customer_id'
    WHEN upper(country_text) NOT IN ('UNITED KINGDOM', 'EIRE', 'GERMANY', 'FRANCE', 'SPAIN', 'BELGIUM', 'SWITZERLAND',
      'PORTUGAL', 'ITALY', 'FINLAND', 'AUSTRIA', 'NORWAY', 'NETHERLANDS', 'DENMARK', 'SWEDEN', 'POLAND', 'GREECE',
      'CYPRUS', 'CHANNEL ISLANDS') THEN 'country_not_allowed'
  END AS reason
FROM checked;

-- Duplicates: the same invoice, product, quantity, price, time, customer and country; the
-- alphabetically first description is kept.
CACHE TABLE lines AS
SELECT invoice_id, invoice_ts, customer_id, product_id, min(description) AS description, quantity, unit_price,
  CAST(round(quantity * unit_price, 2) * 100 AS BIGINT) AS line_total_cents, country, count(*) - 1 AS duplicates
FROM (
  SELECT invoice_id, invoice_ts, regexp_replace(customer_text, '^([0-9]+)\\.0+$', '$1') AS customer_id, product_id,
    description, quantity, unit_price,
    CASE upper(country_text) WHEN 'EIRE' THEN 'IRELAND' ELSE upper(country_text) END AS country
  FROM classified WHERE reason IS NULL)
GROUP BY invoice_id, invoice_ts, customer_id, product_id, quantity, unit_price, country;

CACHE TABLE as_of AS SELECT date_add(to_date(max(invoice_ts)), 1) AS day FROM lines;

CACHE TABLE orders AS
SELECT customer_id, invoice_id, min(invoice_ts) AS ts, sum(line_total_cents) AS cents, sum(quantity) AS items,
  min(country) AS country
FROM lines GROUP BY customer_id, invoice_id;

CACHE TABLE metrics AS
WITH countries AS (
  SELECT customer_id, country, row_number() OVER (PARTITION BY customer_id ORDER BY count(*) DESC, country) AS place
  FROM orders GROUP BY customer_id, country),
day AS (SELECT day, CAST(day AS TIMESTAMP_NTZ) AS start, CAST(date_sub(day, 365) AS TIMESTAMP_NTZ) AS year_ago FROM as_of)
SELECT o.customer_id, min(ts) AS first_order_at, max(ts) AS last_order_at,
  datediff(first(d.day), to_date(max(ts))) AS recency_days, count(*) AS orders, sum(cents) AS revenue_cents,
  sum(items) AS items, (2 * sum(cents) + count(*)) div (2 * count(*)) AS aov_cents,
  datediff(to_date(max(ts)), to_date(min(ts))) AS lifespan_days, first(c.country) AS primary_country,
  coalesce(sum(cents) FILTER (WHERE ts >= d.year_ago AND ts < d.start), 0) AS revenue_365d_cents
FROM orders o JOIN countries c ON c.customer_id = o.customer_id AND c.place = 1 CROSS JOIN day d
GROUP BY o.customer_id;

-- Ties in NTILE are broken by customer id (numerically: ids are whole numbers).
CACHE TABLE scored AS
SELECT *,
  6 - NTILE(5) OVER (ORDER BY recency_days, length(customer_id), customer_id) AS r_score,
  NTILE(5) OVER (ORDER BY orders, length(customer_id), customer_id) AS f_score,
  NTILE(5) OVER (ORDER BY revenue_cents, length(customer_id), customer_id) AS m_score,
  RANK() OVER (ORDER BY recency_days DESC) - 1 AS r_less,
  RANK() OVER (ORDER BY orders) - 1 AS f_less,
  count(*) OVER () AS n
FROM metrics;

CREATE TEMPORARY VIEW rfm_groups AS SELECT * FROM VALUES
  ('Champions', 'HIGH VALUE', 'Reward with exclusive offers and early access'),
  ('Loyal Customers', 'HIGH VALUE', 'Upsell higher value products and premium services'),
  ('Potential Loyalists', 'MODERATE VALUE', 'Offer membership rewards program to increase engagement'),
  ('New Customers', 'LOW ENGAGEMENT', 'Provide onboarding support and product education'),
  ('At Risk', 'AT RISK', 'Send win-back campaigns with special offers'),
  ('Lost', 'LOW ENGAGEMENT', 'Revive with targeted reach-out campaigns and deep discounts'),
  ('Dormant Loyalists', 'AT RISK', 'Urgent retention campaigns - valuable customers going dormant'),
  ('Promising', 'MODERATE VALUE', 'Engage with educational content and nurture campaigns'),
  ('Others', 'LOW ENGAGEMENT', 'Monitor and nurture with regular communication')
  AS t(segment, value_group, action);

CACHE TABLE dim_customers AS
WITH graded AS (
  SELECT *,
    CASE WHEN n <= 1 THEN 1 WHEN r_less * 5 >= 4 * (n - 1) THEN 5 WHEN r_less * 5 >= 3 * (n - 1) THEN 4
      WHEN r_less * 5 >= 2 * (n - 1) THEN 3 WHEN r_less * 5 >= n - 1 THEN 2 ELSE 1 END AS rf_r_score,
    CASE WHEN n <= 1 THEN 1 WHEN f_less * 5 >= 4 * (n - 1) THEN 5 WHEN f_less * 5 >= 3 * (n - 1) THEN 4
      WHEN f_less * 5 >= 2 * (n - 1) THEN 3 WHEN f_less * 5 >= n - 1 THEN 2 ELSE 1 END AS rf_f_score
  FROM scored),
segmented AS (
  SELECT *,
    CASE
      WHEN r_score >= 4 AND f_score >= 4 AND m_score >= 4 THEN 'Champions'
      WHEN r_score >= 3 AND f_score >= 4 AND m_score >= 4 THEN 'Loyal Customers'
      WHEN r_score >= 3 AND f_score >= 3 AND m_score >= 3 THEN 'Potential Loyalists'
      WHEN r_score >= 4 AND f_score <= 2 THEN 'New Customers'
      WHEN r_score <= 2 AND f_score >= 4 AND m_score >= 4 THEN 'At Risk'
      WHEN r_score <= 2 AND f_score <= 2 AND m_score <= 2 THEN 'Lost'
      WHEN r_score <= 2 AND f_score >= 3 THEN 'Dormant Loyalists'
      WHEN r_score >= 3 AND f_score <= 2 AND m_score <= 2 THEN 'Promising'
      ELSE 'Others' END AS rfm_segment,
    CASE
      WHEN rf_r_score <= 2 AND rf_f_score <= 2 THEN 'Hibernating'
      WHEN rf_r_score <= 2 AND rf_f_score <= 4 THEN 'At Risk'
      WHEN rf_r_score <= 2 AND rf_f_score = 5 THEN 'Cannot Lose Them'
      WHEN rf_r_score = 3 AND rf_f_score <= 2 THEN 'About to Sleep'
      WHEN rf_r_score = 3 AND rf_f_score = 3 THEN 'Need Attention'
      WHEN rf_r_score = 4 AND rf_f_score = 1 THEN 'Promising'
      WHEN rf_r_score = 4 AND rf_f_score BETWEEN 2 AND 3 THEN 'Potential Loyalists'
      WHEN rf_r_score BETWEEN 3 AND 4 AND rf_f_score BETWEEN 4 AND 5 THEN 'Loyal Customers'
      WHEN rf_r_score = 5 AND rf_f_score = 1 THEN 'New Customers'
      WHEN rf_r_score = 5 AND rf_f_score BETWEEN 2 AND 3 THEN 'Potential Loyalists'
      ELSE 'Champions' END AS rf_segment
  FROM graded)
SELECT s.customer_id, s.first_order_at, s.last_order_at, s.recency_days, s.orders,
  CAST(s.revenue_cents AS DECIMAL(18, 2)) / 100 AS revenue, CAST(s.aov_cents AS DECIMAL(18, 2)) / 100 AS aov, s.items,
  s.lifespan_days, s.primary_country, CAST(s.revenue_365d_cents AS DECIMAL(18, 2)) / 100 AS revenue_365d,
  s.r_score, s.f_score, s.m_score, concat(CAST(s.r_score AS STRING), CAST(s.f_score AS STRING), CAST(s.m_score AS STRING))
    AS rfm_score, s.rfm_segment,
  g.value_group AS rfm_value_group, g.action AS rfm_action, s.rf_r_score, s.rf_f_score, s.rf_segment,
  CASE WHEN s.revenue_365d_cents <= 5000 THEN 'Level 1' WHEN s.revenue_365d_cents < 15000 THEN 'Level 2' ELSE 'Level 3' END
    AS profit_level,
  CASE WHEN s.recency_days <= 7 THEN '0-7' WHEN s.recency_days <= 14 THEN '8-14' WHEN s.recency_days <= 28 THEN '15-28'
    WHEN s.recency_days <= 56 THEN '29-56' ELSE '57+' END AS activity_bucket,
  CASE WHEN s.aov_cents <= 10000 THEN 'Low' WHEN s.aov_cents <= 30000 THEN 'Medium' ELSE 'High' END AS order_value_bucket,
  CASE WHEN s.orders <= 1 THEN 'One-Time' WHEN s.orders <= 4 THEN 'Occasional' WHEN s.orders <= 9 THEN 'Regular'
    ELSE 'Frequent' END AS frequency_bucket,
  CASE WHEN s.revenue_cents < 5000 THEN 'Low' WHEN s.revenue_cents < 20000 THEN 'Medium' WHEN s.revenue_cents < 50000 THEN 'High'
    ELSE 'VIP' END AS value_bucket,
  a.day AS as_of
FROM segmented s JOIN rfm_groups g ON g.segment = s.rfm_segment CROSS JOIN as_of a;

-- Each mart is a folder of CSV part files, as Spark writes them.
INSERT OVERWRITE DIRECTORY '${output}/dim_customers' USING csv OPTIONS (header 'true', escape '"', timestampNTZFormat 'yyyy-MM-dd HH:mm:ss')
SELECT * FROM dim_customers ORDER BY length(customer_id), customer_id;

INSERT OVERWRITE DIRECTORY '${output}/fct_sales' USING csv OPTIONS (header 'true', escape '"', timestampNTZFormat 'yyyy-MM-dd HH:mm:ss')
SELECT invoice_id, invoice_ts, to_date(invoice_ts) AS invoice_date, customer_id, product_id, description, quantity,
  unit_price, CAST(line_total_cents AS DECIMAL(18, 2)) / 100 AS line_total, country,
  CASE WHEN country = 'UNITED KINGDOM' THEN 'UK' ELSE 'EU' END AS market,
  CASE WHEN dayofweek(invoice_ts) IN (1, 7) THEN 'weekend' ELSE 'weekday' END AS day_type,
  CASE WHEN dayofweek(invoice_ts) NOT IN (1, 7) AND hour(invoice_ts) >= 9 AND hour(invoice_ts) < 17
    THEN 'business_hours' ELSE 'off_hours' END AS time_segment
FROM lines ORDER BY invoice_date, invoice_id, product_id;

INSERT OVERWRITE DIRECTORY '${output}/rejects' USING csv OPTIONS (header 'true', escape '"', timestampNTZFormat 'yyyy-MM-dd HH:mm:ss')
SELECT reason, invoice_id, product_id, description, ts_text, quantity, unit_price, customer_text, country_text
FROM classified WHERE reason IS NOT NULL
UNION ALL
SELECT 'malformed_record', InvoiceNo, StockCode, Description, InvoiceDate, NULL, NULL, CustomerID, NULL FROM malformed;

INSERT OVERWRITE DIRECTORY '${output}/summary' USING csv OPTIONS (header 'true', escape '"', timestampNTZFormat 'yyyy-MM-dd HH:mm:ss')
SELECT (SELECT count(*) FROM raw) AS read, (SELECT count(*) FROM lines) AS kept,
  (SELECT count(*) FROM classified WHERE reason IS NOT NULL) + (SELECT count(*) FROM malformed) AS rejected,
  (SELECT sum(duplicates) FROM lines) AS duplicates,
  (SELECT sum(line_total_cents) FROM lines) AS revenue_cents;
