REM PL/SQL: a package with the order API, a standalone function and two triggers.
REM The constructs most real PL/SQL uses: package constants and exceptions, a record type, collections,
REM SELECT INTO, cursor FOR loops, BULK COLLECT, FORALL, SQL%ROWCOUNT, RAISE_APPLICATION_ERROR, a REF CURSOR.

CREATE OR REPLACE FUNCTION loyalty_tier (p_points IN NUMBER) RETURN VARCHAR2
  DETERMINISTIC
IS
BEGIN
  RETURN CASE
           WHEN p_points IS NULL OR p_points < 100 THEN 'BRONZE'
           WHEN p_points < 1000 THEN 'SILVER'
           ELSE 'GOLD'
         END;
END loyalty_tier;
/

CREATE OR REPLACE PACKAGE order_api AS
  max_lines CONSTANT PLS_INTEGER := 50;
  order_not_found EXCEPTION;

  TYPE order_summary IS RECORD (
    order_id  orders.order_id%TYPE,
    items     PLS_INTEGER,
    total     NUMBER(12,2)
  );
  TYPE id_list IS TABLE OF NUMBER;

  FUNCTION order_total (p_order_id IN NUMBER) RETURN NUMBER;
  FUNCTION summary (p_order_id IN NUMBER) RETURN order_summary;
  PROCEDURE place_order (p_customer_id IN NUMBER, p_product_ids IN id_list, p_order_id OUT NUMBER);
  PROCEDURE cancel_order (p_order_id IN NUMBER);
  PROCEDURE reprice_open_orders (p_product_id IN NUMBER, p_changed OUT NUMBER);
  FUNCTION customer_orders (p_customer_id IN NUMBER) RETURN SYS_REFCURSOR;
END order_api;
/

CREATE OR REPLACE PACKAGE BODY order_api AS

  FUNCTION order_total (p_order_id IN NUMBER) RETURN NUMBER IS
    v_total NUMBER := 0;
  BEGIN
    FOR line IN (SELECT quantity, unit_price FROM order_items WHERE order_id = p_order_id) LOOP
      v_total := v_total + line.quantity * line.unit_price;
    END LOOP;
    RETURN v_total;
  END order_total;

  FUNCTION summary (p_order_id IN NUMBER) RETURN order_summary IS
    v order_summary;
  BEGIN
    SELECT o.order_id, COUNT(i.line_no), NVL(SUM(i.quantity * i.unit_price), 0)
      INTO v.order_id, v.items, v.total
      FROM orders o LEFT JOIN order_items i ON i.order_id = o.order_id
     WHERE o.order_id = p_order_id
     GROUP BY o.order_id;
    RETURN v;
  EXCEPTION
    WHEN NO_DATA_FOUND THEN
      RAISE order_not_found;
  END summary;

  PROCEDURE place_order (p_customer_id IN NUMBER, p_product_ids IN id_list, p_order_id OUT NUMBER) IS
    v_price products.unit_price%TYPE;
  BEGIN
    IF p_product_ids.COUNT > max_lines THEN
      RAISE_APPLICATION_ERROR(-20010, 'too many lines: ' || p_product_ids.COUNT);
    END IF;
    p_order_id := orders_seq.NEXTVAL;
    INSERT INTO orders (order_id, customer_id, status) VALUES (p_order_id, p_customer_id, 'NEW');
    FOR i IN 1 .. p_product_ids.COUNT LOOP
      SELECT unit_price INTO v_price FROM products WHERE product_id = p_product_ids(i);
      INSERT INTO order_items (order_id, line_no, product_id, quantity, unit_price)
      VALUES (p_order_id, i, p_product_ids(i), 1, v_price);
    END LOOP;
  EXCEPTION
    WHEN NO_DATA_FOUND THEN
      RAISE_APPLICATION_ERROR(-20011, 'unknown product in order for customer ' || p_customer_id);
  END place_order;

  PROCEDURE cancel_order (p_order_id IN NUMBER) IS
  BEGIN
    UPDATE orders SET status = 'CANCELLED' WHERE order_id = p_order_id AND status IN ('NEW', 'PAID');
    IF SQL%ROWCOUNT = 0 THEN
      RAISE_APPLICATION_ERROR(-20012, 'order ' || p_order_id || ' cannot be cancelled');
    END IF;
  END cancel_order;

  PROCEDURE reprice_open_orders (p_product_id IN NUMBER, p_changed OUT NUMBER) IS
    v_orders id_list;
    v_price  products.unit_price%TYPE;
  BEGIN
    SELECT unit_price INTO v_price FROM products WHERE product_id = p_product_id;
    SELECT DISTINCT i.order_id BULK COLLECT INTO v_orders
      FROM order_items i JOIN orders o ON o.order_id = i.order_id
     WHERE i.product_id = p_product_id AND o.status = 'NEW'
     ORDER BY i.order_id;
    FORALL k IN 1 .. v_orders.COUNT
      UPDATE order_items SET unit_price = v_price
       WHERE order_id = v_orders(k) AND product_id = p_product_id;
    p_changed := SQL%ROWCOUNT;
  END reprice_open_orders;

  FUNCTION customer_orders (p_customer_id IN NUMBER) RETURN SYS_REFCURSOR IS
    c SYS_REFCURSOR;
  BEGIN
    OPEN c FOR
      SELECT order_id, status FROM orders WHERE customer_id = p_customer_id ORDER BY order_id;
    RETURN c;
  END customer_orders;

END order_api;
/

CREATE OR REPLACE TRIGGER orders_status_trg
  BEFORE UPDATE OF status ON orders
  FOR EACH ROW
BEGIN
  IF :OLD.status IN ('SHIPPED', 'CANCELLED') AND :NEW.status <> :OLD.status THEN
    RAISE_APPLICATION_ERROR(-20020, 'order ' || :OLD.order_id || ' is ' || :OLD.status);
  END IF;
  IF :NEW.status = 'SHIPPED' AND :NEW.shipped_at IS NULL THEN
    :NEW.shipped_at := SYSTIMESTAMP;
  END IF;
END;
/

CREATE OR REPLACE TRIGGER customers_points_trg
  BEFORE INSERT OR UPDATE OF loyalty_points ON customers
  FOR EACH ROW
  WHEN (NEW.loyalty_points < 0)
BEGIN
  :NEW.loyalty_points := 0;
END;
/
