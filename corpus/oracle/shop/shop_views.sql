REM Views, a materialized view and a synonym.

CREATE OR REPLACE VIEW customer_orders_v AS
SELECT c.customer_id,
       c.full_name,
       NVL(c.country_code, '??') AS country_code,
       o.order_id,
       o.order_date,
       DECODE(o.status, 'NEW', 'open', 'PAID', 'open', 'closed') AS state
  FROM customers c, orders o
 WHERE o.customer_id(+) = c.customer_id;

CREATE OR REPLACE VIEW order_totals_v (order_id, items, total) AS
SELECT order_id, COUNT(*), SUM(quantity * unit_price)
  FROM order_items
 GROUP BY order_id
WITH READ ONLY;

CREATE OR REPLACE VIEW recent_orders_v AS
SELECT order_id, customer_id, TO_CHAR(order_date, 'YYYY-MM-DD') AS order_day
  FROM orders
 WHERE order_date > SYSDATE - 30;

CREATE MATERIALIZED VIEW product_sales_mv
  BUILD IMMEDIATE
  REFRESH COMPLETE ON DEMAND
AS
SELECT p.product_id, p.name, SUM(i.quantity) AS units
  FROM products p JOIN order_items i ON i.product_id = p.product_id
 GROUP BY p.product_id, p.name;

CREATE SYNONYM clients FOR customers;
