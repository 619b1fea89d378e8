REM Sample rows. The empty string in notes is NULL in Oracle.

INSERT INTO customers (customer_id, email, full_name, country_code, credit_limit, created_at, notes)
VALUES (1, 'ada@example.com', 'Ada Lovelace', 'GB', 5000, TO_DATE('2024-01-15 10:30:00', 'YYYY-MM-DD HH24:MI:SS'), '');
INSERT INTO customers (customer_id, email, full_name, credit_limit)
VALUES (2, 'grace@example.com', 'Grace Hopper', 12000.50);
INSERT INTO products (sku, name, unit_price, weight_kg) VALUES ('KB-01', 'Keyboard', 49.90, 0.8);
INSERT INTO products (sku, name, unit_price, tax_rate) VALUES ('MS-02', 'Mouse', 19.99, 0.1);
INSERT INTO orders (order_id, customer_id, order_date, status) VALUES (1, 1, TO_DATE('2024-02-01', 'YYYY-MM-DD'), 'PAID');
INSERT INTO order_items (order_id, line_no, product_id, quantity, unit_price) VALUES (1, 1, 1, 2, 49.90);
INSERT INTO order_items (order_id, line_no, product_id, quantity, unit_price) VALUES (1, 2, 2, 1, 19.99);
COMMIT;
