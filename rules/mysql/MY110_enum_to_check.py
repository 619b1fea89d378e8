from sct.rules import Effort, Example, Rule, register


@register
class MY110(Rule):
    """ENUM becomes varchar with a CHECK on its members (not a PostgreSQL enum type).

    The column stays text for comparisons, concatenation and loading, and a member change is one CHECK;
    ORDER BY sorts alphabetically instead of by member position, and MySQL's member numbers (1 for the
    first) and any-case spellings are refused.
    """

    name = "mysql.enum-to-check"
    source = "mysql"
    effort = Effort.REVIEW
    category = "types"
    examples = (
        Example(before="CREATE TABLE t (gender ENUM('M','F') NOT NULL);",
                after="CREATE TABLE t (\n    gender varchar(1) NOT NULL,\n    CHECK (gender IN ('M', 'F'))\n);"),
    )
