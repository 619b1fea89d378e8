from sct.rules import Effort, Example, Rule, register


@register
class MS320(Rule):
    """INSERTs under SET IDENTITY_INSERT t ON become INSERT ... OVERRIDING SYSTEM VALUE.

    data.sql then moves each identity past the loaded keys (setval to the maximum).
    """

    name = "sqlserver.identity-insert"
    source = "sqlserver"
    effort = Effort.AUTO
    category = "sql"
    examples = (
        Example(setup='CREATE TABLE t (id INT IDENTITY)\nGO',
                before='SET IDENTITY_INSERT t ON\nGO\nINSERT INTO t (id) VALUES (7)\nGO\nSET IDENTITY_INSERT t OFF\nGO',
                after='INSERT INTO t (id) OVERRIDING SYSTEM VALUE VALUES (7);'),
    )
