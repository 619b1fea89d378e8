-- A small shop in SQLite, for the sct migrate demo (README): four tables with keys, text with quotes,
-- tabs and accents, decimals as text, blobs and NULLs. Build it with:
--   .venv/bin/python -c "import sqlite3; sqlite3.connect('out/shop.db').executescript(open('corpus/migrate/shop.sql').read())"
DROP TABLE IF EXISTS order_items;
DROP TABLE IF EXISTS orders;
DROP TABLE IF EXISTS products;
DROP TABLE IF EXISTS customers;

CREATE TABLE customers (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    email TEXT,
    joined TEXT
);
CREATE TABLE products (
    id INTEGER PRIMARY KEY,
    sku TEXT NOT NULL,
    title TEXT NOT NULL,
    price NUMERIC NOT NULL,
    picture BLOB
);
CREATE TABLE orders (
    id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers (id),
    placed TEXT NOT NULL,
    note TEXT
);
CREATE TABLE order_items (
    order_id INTEGER NOT NULL REFERENCES orders (id),
    line INTEGER NOT NULL,
    product_id INTEGER NOT NULL REFERENCES products (id),
    quantity INTEGER NOT NULL,
    PRIMARY KEY (order_id, line)
);

WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500)
INSERT INTO customers SELECT i, 'Customer ' || i || CASE i % 5 WHEN 0 THEN ' O''Brien' WHEN 1 THEN ' Müller' ELSE '' END,
       CASE WHEN i % 7 = 0 THEN NULL ELSE 'c' || i || '@example.com' END, date('2024-01-01', '+' || i || ' days') FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 120)
INSERT INTO products SELECT i, 'SKU-' || printf('%04d', i), 'Product ' || i || char(9) || '"deluxe"', round(i * 1.25, 2),
       CASE WHEN i % 3 = 0 THEN randomblob(64) END FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
INSERT INTO orders SELECT i, 1 + (i * 7) % 500, datetime('2024-03-01', '+' || i || ' hours'),
       CASE WHEN i % 11 = 0 THEN 'leave at the door' || char(10) || 'thanks' END FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 6000)
INSERT INTO order_items SELECT 1 + (i - 1) / 3, 1 + (i - 1) % 3, 1 + (i * 13) % 120, 1 + i % 4 FROM n;
