from sct.rules import Effort, Example, Rule, register


@register
class MS101(Rule):
    """BIT becomes smallint with CHECK (col IN (0, 1)), not boolean.

    SQL Server code compares BIT columns with 0 and 1, sums them and inserts 0/1; PostgreSQL has no
    boolean = integer operator, so a boolean column would break those statements. The CHECK keeps BIT's two values.
    In data, SQL Server stores any non-zero number as 1 and 'TRUE'/'FALSE' as 1/0; data.sql writes the same.
    """

    name = "sqlserver.bit-to-smallint"
    source = "sqlserver"
    effort = Effort.AUTO
    category = "types"
    examples = (
        Example(before='CREATE TABLE t (flag BIT NOT NULL DEFAULT 0)\nGO',
                after='CREATE TABLE t (\n    flag smallint DEFAULT 0 NOT NULL,\n    CHECK (flag IN (0, 1))\n);'),
    )
