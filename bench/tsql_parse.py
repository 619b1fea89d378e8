"""Benchmark: parse T-SQL procedures, functions and triggers with our ANTLR grammar, against references measured
in the same run.

    .venv/bin/python bench/tsql_parse.py [--repeat 5] [--copies 20] [--generated 300] [--seed 7] [--root DIR]

Workload: every CREATE PROCEDURE | FUNCTION | TRIGGER of the SQL Server corpora (`<root>/sqlserver/*/*.sql`, cut
at their GO batches; 12 routines of Northwind and pubs), each parsed `--copies` times per run, plus `--generated`
routines made here from `--seed` (the same text for the same seed): procedures, scalar, inline and
multi-statement functions, AFTER and INSTEAD OF triggers, whose bodies mix TRY/CATCH, cursors, WHILE, temp
tables, table variables, MERGE ... ;, EXEC and sp_executesql, OUTPUT parameters, inserted/deleted, CTEs,
transactions, RAISERROR/THROW, with or without ';'. Every routine must parse without errors, or the benchmark
stops. What is timed is `parse_tsql_routine` and `build_tsql_unit` (text -> typed IR).

References, on the same machine in the same run, so that the ratios stay comparable across machines (as
bench/mysql_proc_parse.py):
- the PL/SQL grammar (`parse_plsql` + `build_unit`) on the PL/SQL units of the Oracle corpora that have code
  (human_resources, order_entry, info_exchange), `--copies` times, in lines per second;
- `sqlglot.parse(text, read="tsql")` of the same T-SQL texts. sqlglot reads most routine bodies as an opaque
  `Command`: a floor of what any parse costs, not like for like.

Each timing is the best of --repeat runs, after one untimed warm-up run (ANTLR fills its prediction caches then).
Prints lines, seconds, lines/s for each, and the ratios ours/reference in lines/s (higher is better for us).
"""

from __future__ import annotations

import argparse
import logging
import random
import re
import sys
from pathlib import Path

from parse_reference import CORPUS_ROOT, measure, parse_plsql_all, parse_sqlglot_all, plsql_units

from sct.converter.procedural_tsql import build_tsql_unit, parse_tsql_routine
from sct.converter.tsql_script import read_tsql_scripts

_ROUTINE = re.compile(r"\s*(create(\s+or\s+alter)?|alter)\s+(proc|procedure|function|trigger)\b", re.IGNORECASE)


# --- the corpora -------------------------------------------------------------------------------------------

def corpus_routines(root: Path) -> list[str]:
    """The CREATE PROCEDURE | FUNCTION | TRIGGER batches of the SQL Server corpora ([] when absent)."""
    folder = root / "sqlserver"
    paths = sorted(folder.glob("*/*.sql"))
    if not paths:
        return []
    return [s.text for s in read_tsql_scripts(paths).statements if _ROUTINE.match(s.text)]



# --- generated routines ------------------------------------------------------------------------------------

class Routines:
    """Deterministic T-SQL routines from one seed. Statement makers take the indent and return lines."""

    TYPES = ("int", "bigint", "decimal(12, 2)", "nvarchar(50)", "varchar(max)", "datetime2(3)", "bit", "money")
    TABLES = ("dbo.Orders", "dbo.[Order Details]", "Sales.Customer", "dbo.Products", "inventory.stock")
    COLUMNS = ("id", "qty", "price", "[end]", "status", "updated_at", "customer_id", "name")

    def __init__(self, seed: int) -> None:
        self.r = random.Random(seed)
        self.n = 0

    def pick(self, items):
        return self.r.choice(items)

    def var(self) -> str:
        return f"@v{self.r.randrange(8)}"

    def expr(self) -> str:
        return self.pick((f"{self.var()} + {self.r.randrange(100)}", f"ISNULL({self.var()}, 0) * 2",
                          f"CASE WHEN {self.var()} > 0 THEN 'pos' WHEN {self.var()} < 0 THEN 'neg' ELSE 'zero' END",
                          f"(SELECT MAX({self.pick(self.COLUMNS)}) FROM {self.pick(self.TABLES)})",
                          f"CONVERT(varchar(20), {self.var()}, 120)", f"N'text {self.r.randrange(999)}'",
                          "DATEADD(day, -1, SYSDATETIME())", f"LEN({self.var()}) + @@ROWCOUNT"))

    def end(self) -> str:
        return self.pick(("", ";"))

    # one statement, or a compound one holding others (depth keeps the nesting small)
    def statement(self, ind: str, depth: int) -> list[str]:
        makers = [self.select, self.assign, self.insert, self.update, self.delete, self.exec_proc, self.print_,
                  self.temp_table, self.cte]
        if depth < 2:
            makers += [self.if_else, self.while_loop, self.try_catch, self.cursor_loop, self.merge,
                       self.dynamic_sql, self.transaction]
        return self.pick(makers)(ind, depth)

    def statements(self, ind: str, depth: int, count: int) -> list[str]:
        return [line for _ in range(count) for line in self.statement(ind, depth)]

    def select(self, ind, depth):
        c, t = self.pick(self.COLUMNS), self.pick(self.TABLES)
        return [self.pick((
            f"{ind}SELECT {c}, COUNT(*) AS n FROM {t} WITH (NOLOCK) WHERE {c} IS NOT NULL GROUP BY {c} "
            f"HAVING COUNT(*) > 1 ORDER BY n DESC{self.end()}",
            f"{ind}SELECT TOP ({self.r.randrange(1, 50)}) @v1 = {c} FROM {t} ORDER BY {c}{self.end()}",
            f"{ind}SELECT {c} FROM {t} UNION ALL SELECT {c} FROM {self.pick(self.TABLES)} EXCEPT SELECT 0",
            f"{ind}SELECT * FROM {t} ORDER BY 1 OFFSET {self.r.randrange(9)} ROWS FETCH NEXT 10 ROWS ONLY",
            f"{ind}SELECT a.{c}, b.name FROM {t} AS a LEFT JOIN dbo.Names b ON b.id = a.id "
            f"CROSS APPLY (SELECT TOP 1 x FROM dbo.X WHERE x.id = a.id) AS ca",
        ))]

    def assign(self, ind, depth):
        return [self.pick((f"{ind}SET {self.var()} = {self.expr()}{self.end()}",
                           f"{ind}SET {self.var()} += {self.r.randrange(10)}",
                           f"{ind}SELECT {self.var()} = {self.expr()}, {self.var()} = GETDATE()"))]

    def insert(self, ind, depth):
        t = self.pick(("#work", "@rows", self.pick(self.TABLES)))
        return [self.pick((
            f"{ind}INSERT INTO {t} (id, qty) VALUES ({self.var()}, {self.r.randrange(100)}), (2, 3){self.end()}",
            f"{ind}INSERT {t} (id, qty) SELECT id, qty FROM {self.pick(self.TABLES)} WHERE qty > {self.var()}",
            f"{ind}INSERT INTO {t} (id) OUTPUT inserted.id INTO @ids (id) SELECT id FROM #work",
            f"{ind}INSERT INTO {t} EXEC dbo.load_rows @from = {self.var()}",
        ))]

    def update(self, ind, depth):
        t, c = self.pick(self.TABLES), self.pick(self.COLUMNS)
        return [self.pick((
            f"{ind}UPDATE {t} SET {c} = {self.expr()}, updated_at = SYSDATETIME() WHERE id = {self.var()}{self.end()}",
            f"{ind}UPDATE t SET t.qty = s.qty OUTPUT deleted.qty, inserted.qty FROM {t} AS t JOIN #work s "
            f"ON s.id = t.id",
        ))]

    def delete(self, ind, depth):
        return [self.pick((f"{ind}DELETE FROM {self.pick(self.TABLES)} WHERE id IN (SELECT id FROM @rows)",
                           f"{ind}DELETE TOP (100) {self.pick(self.TABLES)} WHERE status = 'x'{self.end()}",
                           f"{ind}TRUNCATE TABLE #work"))]

    def exec_proc(self, ind, depth):
        return [self.pick((f"{ind}EXEC @rc = dbo.step{self.r.randrange(9)} {self.var()}, @out = {self.var()} OUTPUT",
                           f"{ind}EXECUTE dbo.log_event @msg = N'done', @level = {self.r.randrange(5)}{self.end()}",
                           f"{ind}EXEC sp_rename 'dbo.t.old', 'new', 'COLUMN'"))]

    def print_(self, ind, depth):
        return [self.pick((f"{ind}PRINT 'step ' + CAST({self.var()} AS varchar(10))",
                           f"{ind}RAISERROR('value %d out of range', 16, 1, {self.var()}) WITH NOWAIT",
                           f"{ind}WAITFOR DELAY '00:00:0{self.r.randrange(10)}'"))]

    def temp_table(self, ind, depth):
        return [f"{ind}CREATE TABLE #work (id int PRIMARY KEY, qty int NULL, CHECK (qty >= 0))",
                f"{ind}CREATE INDEX ix_work ON #work (qty)",
                f"{ind}DROP TABLE IF EXISTS #work"]

    def cte(self, ind, depth):
        return [f"{ind};WITH recent (id, n) AS (SELECT id, ROW_NUMBER() OVER (PARTITION BY customer_id "
                "ORDER BY updated_at DESC) FROM dbo.Orders),",
                f"{ind}  top_rows AS (SELECT id FROM recent WHERE n = 1)",
                f"{ind}" + self.pick(("SELECT id FROM top_rows", "DELETE FROM dbo.Orders WHERE id IN "
                                      "(SELECT id FROM top_rows)",
                                      "UPDATE dbo.Orders SET status = 'latest' WHERE id IN (SELECT id FROM top_rows)"))
                + ";"]

    def if_else(self, ind, depth):
        out = [f"{ind}IF {self.pick((f'{self.var()} > 0', 'EXISTS (SELECT 1 FROM #work)', '@@ROWCOUNT = 0'))}",
               f"{ind}BEGIN"] + self.statements(ind + "  ", depth + 1, self.r.randrange(1, 4)) + [f"{ind}END"]
        if self.r.random() < 0.6:
            out += [f"{ind}ELSE IF {self.var()} IS NULL"] + self.branch(ind, depth)
            out += [f"{ind}ELSE"] + self.branch(ind, depth)
        return out

    def branch(self, ind, depth):
        """One statement without BEGIN ... END when it is one line, else in a block."""
        inner = self.statement(ind + "  ", depth + 1)
        return inner if len(inner) == 1 else [f"{ind}BEGIN", *inner, f"{ind}END"]

    def while_loop(self, ind, depth):
        return ([f"{ind}WHILE {self.var()} < {self.r.randrange(10, 100)}", f"{ind}BEGIN",
                 f"{ind}  SET @v0 = @v0 + 1"] + self.statements(ind + "  ", depth + 1, self.r.randrange(1, 3))
                + [f"{ind}  IF @v0 % 7 = 0 CONTINUE", f"{ind}  IF @v0 > 90 BREAK", f"{ind}END"])

    def try_catch(self, ind, depth):
        return ([f"{ind}BEGIN TRY"] + self.statements(ind + "  ", depth + 1, self.r.randrange(1, 4))
                + [f"{ind}END TRY", f"{ind}BEGIN CATCH",
                   f"{ind}  IF @@TRANCOUNT > 0 ROLLBACK TRANSACTION",
                   f"{ind}  SELECT ERROR_NUMBER() AS num, ERROR_MESSAGE() AS msg, ERROR_LINE() AS line",
                   f"{ind}  " + self.pick(("THROW;", "THROW 50001, N'failed', 1;",
                                           "RAISERROR('failed: %s', 16, 1, @msg)")),
                   f"{ind}END CATCH"])

    def cursor_loop(self, ind, depth):
        c = f"cur{self.r.randrange(100)}"
        return [f"{ind}DECLARE {c} CURSOR LOCAL FAST_FORWARD FOR SELECT id, qty FROM {self.pick(self.TABLES)} "
                "WHERE qty > 0",
                f"{ind}OPEN {c}", f"{ind}FETCH NEXT FROM {c} INTO @v1, @v2",
                f"{ind}WHILE @@FETCH_STATUS = 0", f"{ind}BEGIN"] + self.statements(ind + "  ", depth + 1, 1) + [
                f"{ind}  FETCH NEXT FROM {c} INTO @v1, @v2", f"{ind}END", f"{ind}CLOSE {c}", f"{ind}DEALLOCATE {c}"]

    def merge(self, ind, depth):
        t = self.pick(self.TABLES)
        return [f"{ind}MERGE {t} AS target USING (SELECT id, qty FROM #work) AS source (id, qty)",
                f"{ind}  ON target.id = source.id",
                f"{ind}  WHEN MATCHED AND source.qty = 0 THEN DELETE",
                f"{ind}  WHEN MATCHED THEN UPDATE SET target.qty = source.qty",
                f"{ind}  WHEN NOT MATCHED BY TARGET THEN INSERT (id, qty) VALUES (source.id, source.qty)",
                f"{ind}  OUTPUT $action, inserted.id INTO @ids (action, id);"]

    def dynamic_sql(self, ind, depth):
        return [self.pick((
            f"{ind}SET @sql = N'SELECT @n = COUNT(*) FROM ' + QUOTENAME(@table) + N' WHERE qty > @min'",
            f"{ind}SET @sql = N'UPDATE dbo.t SET it = ''x'' WHERE id = @id'")),
            f"{ind}EXEC sp_executesql @sql, N'@n int OUTPUT, @min int', @n = {self.var()} OUTPUT, @min = 5",
            f"{ind}EXEC ('TRUNCATE TABLE ' + @table)"]

    def transaction(self, ind, depth):
        return ([f"{ind}BEGIN TRANSACTION", f"{ind}SAVE TRANSACTION before_step"]
                + self.statements(ind, depth + 1, self.r.randrange(1, 3))
                + [f"{ind}IF @@ERROR <> 0 ROLLBACK TRANSACTION before_step", f"{ind}COMMIT TRANSACTION"])

    # the routines
    def declarations(self, ind: str) -> list[str]:
        names = ", ".join(f"@v{k} {self.pick(self.TYPES)}" + (f" = {k}" if k % 2 else "") for k in range(8))
        return [f"{ind}DECLARE {names}", f"{ind}DECLARE @rows TABLE (id int PRIMARY KEY, qty int)",
                f"{ind}DECLARE @ids TABLE (action nvarchar(10) NULL, id int), @rc int, @out int, @n int",
                f"{ind}DECLARE @sql nvarchar(max), @table sysname = N'dbo.Orders', @msg nvarchar(400)"]

    def name(self, kind: str) -> str:
        self.n += 1
        return self.pick(("dbo.", "[Sales].", "")) + f"{kind}_{self.n}"

    def procedure(self) -> str:
        params = [f"@p{k} {self.pick(self.TYPES)}" + self.pick(("", " = NULL", " = 0", " OUTPUT", " = N'x' OUT"))
                  for k in range(self.r.randrange(0, 5))]
        head = self.pick(("CREATE PROCEDURE", "CREATE OR ALTER PROCEDURE", "ALTER PROC", "CREATE PROC"))
        options = self.pick(("", "WITH RECOMPILE", "WITH EXECUTE AS OWNER"))
        lines = [f"{head} {self.name('proc')} {', '.join(params)}", *([options] if options else []), "AS",
                 "BEGIN", "  SET NOCOUNT ON", "  SET XACT_ABORT ON", *self.declarations("  ")]
        lines += self.statements("  ", 0, self.r.randrange(3, 9))
        return "\n".join(lines + ["  RETURN 0", "END"])

    def scalar_function(self) -> str:
        lines = [f"CREATE FUNCTION {self.name('fn')} (@a int, @b nvarchar(40) = N'x')",
                 f"RETURNS {self.pick(self.TYPES)}", "WITH SCHEMABINDING", "AS", "BEGIN",
                 "  DECLARE @r decimal(12, 2) = 0, @v0 int = 0, @v1 int, @v2 int",
                 f"  SELECT @r = SUM(qty * price) FROM {self.pick(self.TABLES)} WHERE customer_id = @a",
                 "  WHILE @v0 < @a", "  BEGIN", "    SET @v0 += 1",
                 "    IF @v0 % 2 = 0 SET @r = @r + 1 ELSE SET @r = @r - 1", "  END",
                 f"  RETURN CASE WHEN @r IS NULL THEN 0 ELSE {self.expr()} END", "END"]
        return "\n".join(lines)

    def inline_function(self) -> str:
        query = (f"SELECT o.id, o.qty, c.name FROM {self.pick(self.TABLES)} AS o JOIN Sales.Customer c "
                 "ON c.id = o.customer_id WHERE o.customer_id = @customer")
        return "\n".join([f"CREATE FUNCTION {self.name('tvf')} (@customer int)", "RETURNS TABLE", "AS",
                          self.pick((f"RETURN ({query})", f"RETURN {query};",
                                     f"RETURN WITH x AS ({query}) SELECT * FROM x"))])

    def multi_statement_function(self) -> str:
        lines = [f"CREATE FUNCTION {self.name('mtvf')} (@from date, @to date)",
                 "RETURNS @result TABLE (id int NOT NULL PRIMARY KEY, total money, label nvarchar(20))", "AS",
                 "BEGIN", "  DECLARE @v1 int = 0, @v2 int",
                 "  INSERT @result (id, total) SELECT id, SUM(price) FROM dbo.Orders WHERE updated_at BETWEEN "
                 "@from AND @to GROUP BY id",
                 "  UPDATE @result SET label = CASE WHEN total > 1000 THEN 'big' ELSE 'small' END",
                 "  IF NOT EXISTS (SELECT 1 FROM @result) INSERT INTO @result VALUES (0, 0, 'none')",
                 "  RETURN", "END"]
        return "\n".join(lines)

    def trigger(self) -> str:
        table = self.pick(self.TABLES)
        timing = self.pick(("AFTER INSERT, UPDATE", "FOR DELETE", "INSTEAD OF INSERT", "AFTER INSERT, UPDATE, DELETE"))
        lines = [f"CREATE TRIGGER {self.name('trg')} ON {table}", timing, "NOT FOR REPLICATION" if
                 self.r.random() < 0.3 else "", "AS", "BEGIN", "  SET NOCOUNT ON",
                 "  IF NOT EXISTS (SELECT 1 FROM inserted) AND NOT EXISTS (SELECT 1 FROM deleted) RETURN",
                 "  DECLARE @v0 int = 0, @v1 int, @v2 int, @n int",
                 "  IF UPDATE(qty) OR UPDATE (price)", "  BEGIN",
                 "    INSERT INTO audit.changes (id, old_qty, new_qty, at)",
                 "    SELECT i.id, d.qty, i.qty, SYSDATETIME() FROM inserted i JOIN deleted d ON d.id = i.id",
                 "  END",
                 "  IF EXISTS (SELECT 1 FROM inserted WHERE qty < 0)", "  BEGIN",
                 "    RAISERROR('negative quantity', 16, 1)", "    ROLLBACK TRANSACTION", "    RETURN", "  END",
                 f"  UPDATE t SET updated_at = SYSDATETIME() FROM {table} t JOIN inserted i ON i.id = t.id"]
        lines += self.statements("  ", 1, self.r.randrange(1, 4))
        return "\n".join([line for line in lines if line] + ["END"])

    def make(self, count: int) -> list[str]:
        kinds = [self.procedure] * 5 + [self.trigger] * 2 + [self.scalar_function, self.inline_function,
                                                             self.multi_statement_function]
        return [self.pick(kinds)() for _ in range(count)]


# --- timing ------------------------------------------------------------------------------------------------



def parse_tsql_all(texts: list[str]) -> None:
    for text in texts:
        build_tsql_unit(parse_tsql_routine(text))




def check_parses(texts: list[str], what: str) -> None:
    """Stop the benchmark at the first routine with a syntax error."""
    for n, text in enumerate(texts):
        result = parse_tsql_routine(text, f"<{what} #{n}>")
        if not result.ok:
            raise SystemExit(f"{what} routine #{n} does not parse:\n{result.describe_errors()}\n{text}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="timed runs; the best is reported (default 5)")
    parser.add_argument("--copies", type=int, default=20, help="times each corpus routine is parsed per run")
    parser.add_argument("--generated", type=int, default=300, help="generated routines (default 300)")
    parser.add_argument("--seed", type=int, default=7, help="seed of the generated routines (default 7)")
    parser.add_argument("--root", type=Path, default=CORPUS_ROOT, help="the shared corpus folder")
    args = parser.parse_args(argv)
    logging.getLogger("sqlglot").setLevel(logging.ERROR)   # its "falling back to Command" warnings

    corpus = corpus_routines(args.root)
    if not corpus:
        print(f"no SQL Server corpus under {args.root / 'sqlserver'}: skipping the corpus routines, timing the "
              "generated ones only")
    generated = Routines(args.seed).make(args.generated)
    check_parses(corpus, "corpus")
    check_parses(generated, "generated")
    counts = {kind: sum(bool(re.match(rf"\s*(create(\s+or\s+alter)?|alter)\s+{kind}", t, re.I)) for t in generated)
              for kind in ("proc", "function", "trigger")}
    print(f"routines: {len(corpus)} from the corpus (x{args.copies}), {len(generated)} generated (seed {args.seed}: "
          f"{counts['proc']} procedures, {counts['function']} functions, {counts['trigger']} triggers), "
          "all parse without errors")
    units = plsql_units(args.root) * args.copies
    rows = [("ours: T-SQL corpus", corpus * args.copies, parse_tsql_all),
            ("ours: T-SQL generated", generated, parse_tsql_all),
            ("ours: T-SQL all", corpus * args.copies + generated, parse_tsql_all),
            ("ref: PL/SQL grammar", units, parse_plsql_all),
            ("ref: sqlglot tsql", corpus * args.copies + generated, lambda texts: parse_sqlglot_all(texts, "tsql"))]
    measure(rows, "ours: T-SQL all", args.repeat, args.root)
    return 0


if __name__ == "__main__":
    sys.exit(main())
