from sct.rules import Effort, Example, Rule, register


@register
class MY012(Rule):
    """A stored program that cannot be parsed, or is of a kind not converted (loadable function, package, aggregate).

    Procedures, functions and triggers convert to PL/pgSQL (MY401-MY416); this finding stays on what our grammar
    cannot parse (the first syntax error is named), on loadable functions (CREATE FUNCTION ... SONAME: native code),
    MariaDB packages, aggregate functions and anonymous blocks. Such a program is listed in the report and left
    out of schema.sql; what calls it (a view) is left out too (MY016).
    """

    name = "mysql.stored-program-not-converted"
    source = "mysql"
    effort = Effort.MANUAL
    category = "procedural"
    examples = (
        Example(before="CREATE FUNCTION metaphon RETURNS STRING SONAME 'udf_example.so';"),
    )
