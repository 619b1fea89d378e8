"""Benchmark: parse MySQL stored programs with our ANTLR grammar, against two references measured in the same run.

    .venv/bin/python bench/mysql_proc_parse.py [--repeat 5] [--copies 20] [--root DIR]

Workload: every CREATE PROCEDURE | FUNCTION | TRIGGER | EVENT of the MySQL corpora (`<root>/mysql/*/*.sql`, cut
at their DELIMITER lines) plus the sample programs below (one of each construct the grammar reads), each parsed
`--copies` times per run (the PL/SQL reference likewise); what is timed is `parse_mysql_routine` and `build_mysql_unit` (text -> typed IR).

References, on the same machine in the same run, so that the ratios stay comparable across machines:
- the PL/SQL grammar (`parse_plsql` + `build_unit`) on the PL/SQL units of the Oracle corpora that have code
  (human_resources, order_entry, info_exchange), in lines per second;
- `sqlglot.parse(text, read="mysql")` of the same MySQL texts. sqlglot does not parse stored programs: it
  reads most of them as an opaque `Command` after a tokenizer pass, so this is a floor of what any parse costs,
  not like for like.

Each timing is the best of --repeat runs, after one untimed warm-up run (ANTLR fills its prediction caches then).
Prints lines, seconds, lines/s for each, and the ratios ours/reference in lines/s (higher is better for us).
"""

from __future__ import annotations

import argparse
import logging
import re
import sys
from pathlib import Path

from parse_reference import CORPUS_ROOT, measure, parse_plsql_all, parse_sqlglot_all, plsql_units

from sct.converter.procedural_mysql import build_mysql_unit, parse_mysql_routine

SAMPLES = [
    """CREATE DEFINER=`app`@`%` PROCEDURE transfer(IN p_from INT, IN p_to INT, IN p_amount DECIMAL(12,2),
                                                  OUT p_status VARCHAR(20))
    MODIFIES SQL DATA SQL SECURITY INVOKER COMMENT 'move money'
    main: BEGIN
      DECLARE v_balance DECIMAL(12,2) DEFAULT 0;
      DECLARE insufficient CONDITION FOR SQLSTATE '45000';
      DECLARE EXIT HANDLER FOR SQLEXCEPTION
      BEGIN
        GET DIAGNOSTICS CONDITION 1 @state = RETURNED_SQLSTATE, @msg = MESSAGE_TEXT;
        ROLLBACK;
        SET p_status = 'failed';
        RESIGNAL;
      END;
      START TRANSACTION;
      SELECT balance INTO v_balance FROM accounts WHERE id = p_from FOR UPDATE;
      IF v_balance < p_amount THEN
        SIGNAL insufficient SET MESSAGE_TEXT = 'insufficient funds', MYSQL_ERRNO = 1644;
      ELSEIF p_amount <= 0 THEN
        LEAVE main;
      END IF;
      UPDATE accounts SET balance = balance - p_amount WHERE id = p_from;
      UPDATE accounts SET balance = balance + p_amount WHERE id = p_to;
      INSERT INTO ledger (from_id, to_id, amount, at) VALUES (p_from, p_to, p_amount, NOW());
      COMMIT;
      SET p_status = 'ok';
    END main""",
    """CREATE PROCEDURE report_rows(IN p_table VARCHAR(64))
    BEGIN
      DECLARE done INT DEFAULT FALSE;
      DECLARE v_id, v_total INT DEFAULT 0;
      DECLARE cur CURSOR FOR SELECT id FROM items WHERE active = 1 ORDER BY id;
      DECLARE CONTINUE HANDLER FOR NOT FOUND SET done = TRUE;
      OPEN cur;
      read_loop: LOOP
        FETCH cur INTO v_id;
        IF done THEN LEAVE read_loop; END IF;
        CASE WHEN v_id % 2 = 0 THEN SET v_total = v_total + v_id;
             ELSE ITERATE read_loop;
        END CASE;
      END LOOP read_loop;
      CLOSE cur;
      SET @sql = CONCAT('SELECT COUNT(*) INTO @n FROM ', p_table);
      PREPARE stmt FROM @sql;
      EXECUTE stmt;
      DEALLOCATE PREPARE stmt;
      REPEAT SET v_total = v_total - 1; UNTIL v_total <= 0 END REPEAT;
      WHILE v_id > 0 DO SET v_id = v_id - 1; END WHILE;
      SELECT v_total AS total, @n AS rows_in_table;
    END""",
    """CREATE FUNCTION grade(score INT) RETURNS CHAR(1) DETERMINISTIC NO SQL
    RETURN CASE WHEN score >= 90 THEN 'A' WHEN score >= 75 THEN 'B' ELSE 'C' END""",
    """CREATE TRIGGER orders_bu BEFORE UPDATE ON orders FOR EACH ROW
    BEGIN
      IF NEW.qty < 0 THEN
        SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'negative quantity';
      END IF;
      SET NEW.total = NEW.qty * NEW.price, NEW.updated_at = NOW();
    END""",
    """CREATE EVENT purge_sessions ON SCHEDULE EVERY 1 HOUR STARTS CURRENT_TIMESTAMP
    ON COMPLETION PRESERVE ENABLE COMMENT 'hourly'
    DO DELETE FROM sessions WHERE last_seen < NOW() - INTERVAL 1 DAY""",
]


def cut_statements(text: str) -> list[tuple[str, int]]:
    """The statements of a mysql client script as (text, lines before it), honouring DELIMITER lines."""
    out: list[tuple[str, int]] = []
    delimiter, start, k, n = ";", 0, 0, len(text)
    while k < n:
        if (k == 0 or text[k - 1] == "\n") and not re.sub(r"(?m)^\s*(--[ \t].*|#.*)?$", "", text[start:k]).strip():
            command = re.match(r"[ \t]*delimiter[ \t]+(\S+)[^\n]*\n?", text[k:], re.IGNORECASE)
            if command:
                delimiter, k = command.group(1), k + command.end()
                start = k
                continue
        char = text[k]
        if char in "'\"`":
            k += 1
            while k < n and text[k] != char:
                k += 2 if text[k] == "\\" and char != "`" else 1
            k += 1
        elif char == "#" or text.startswith("-- ", k):
            end = text.find("\n", k)
            k = n if end < 0 else end
        elif text.startswith("/*", k):
            k = text.index("*/", k) + 2
        elif text.startswith(delimiter, k):
            out.append((text[start:k], text.count("\n", 0, start)))
            k += len(delimiter)
            start = k
        else:
            k += 1
    return [(t, lines) for t, lines in out if t.strip()]


def mysql_programs(root: Path) -> list[str]:
    """The stored programs of the MySQL corpora, then the samples."""
    programs = []
    for path in sorted((root / "mysql").glob("*/*.sql")):
        for text, _ in cut_statements(path.read_text(encoding="utf-8", errors="replace")):
            code = re.sub(r"(?m)^\s*(--.*|#.*)?\n", "", text).lstrip()
            if re.match(r"create\s+(definer\s*=\s*\S+\s+)?(procedure|function|trigger|event)\b", code, re.I):
                programs.append(text.strip())
    return programs + SAMPLES





def parse_mysql_all(texts: list[str]) -> None:
    for text in texts:
        result = parse_mysql_routine(text)
        if not result.ok:
            raise SystemExit(f"MySQL program does not parse:\n{result.describe_errors()}\n{text[:200]}")
        build_mysql_unit(result)




def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="timed runs; the best is reported (default 5)")
    parser.add_argument("--copies", type=int, default=20, help="times each MySQL program is parsed per run")
    parser.add_argument("--root", type=Path, default=CORPUS_ROOT, help="the shared corpus folder")
    args = parser.parse_args(argv)
    logging.getLogger("sqlglot").setLevel(logging.ERROR)   # its "falling back to Command" warnings

    programs = mysql_programs(args.root) * args.copies
    units = plsql_units(args.root) * args.copies
    rows = [("ours: MySQL grammar", programs, parse_mysql_all),
            ("ref: PL/SQL grammar", units, parse_plsql_all),
            ("ref: sqlglot mysql", programs, lambda texts: parse_sqlglot_all(texts, "mysql"))]
    measure(rows, "ours: MySQL grammar", args.repeat, args.root)
    return 0


if __name__ == "__main__":
    sys.exit(main())
