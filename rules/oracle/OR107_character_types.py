from sct.rules import Effort, Example, Rule, register


@register
class OR107(Rule):
    """VARCHAR2, NVARCHAR2, CHAR and NCHAR become varchar(n) and char(n).

    Oracle lengths may count bytes (BYTE semantics, the default) or characters; PostgreSQL counts characters.
    A limit of n bytes never admits more than n characters, so varchar(n) accepts every value Oracle accepted.
    """

    name = "oracle.character-types"
    effort = Effort.AUTO
    category = "types"
    examples = (
        Example(before="CREATE TABLE t (a VARCHAR2(25), b VARCHAR2(10 CHAR), c CHAR(2));",
                after="CREATE TABLE t (a varchar(25), b varchar(10), c char(2));"),
    )
