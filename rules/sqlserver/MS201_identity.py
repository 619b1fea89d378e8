from sct.rules import Effort, Example, Rule, register


@register
class MS201(Rule):
    """IDENTITY(seed, step) becomes GENERATED ALWAYS AS IDENTITY (START WITH seed INCREMENT BY step).

    ALWAYS, because SQL Server refuses an explicit value for an identity column unless SET IDENTITY_INSERT
    is on; such INSERTs become INSERT ... OVERRIDING SYSTEM VALUE (MS320).
    """

    name = "sqlserver.identity"
    source = "sqlserver"
    effort = Effort.AUTO
    category = "ddl"
    examples = (
        Example(before='CREATE TABLE t (id INT IDENTITY(100, 5) PRIMARY KEY)\nGO',
                after='CREATE TABLE t (\n    id integer GENERATED ALWAYS AS IDENTITY (START WITH 100 INCREMENT BY 5),\n    PRIMARY KEY (id)\n);'),
    )
