from sct.rules import Effort, Example, Rule, register


@register
class OR001(Rule):
    """A SQL*Plus command (SET, PROMPT, SPOOL, CONNECT, ...) is not part of the schema and is left out.

    SQL*Plus commands steer the client that runs the script: output formatting, spooling, connections,
    error handling. PostgreSQL's psql has its own commands for these, and a converted schema needs none of
    them, so each command is counted once per file (at its first occurrence) and dropped. The commands that
    change what the statements say are honoured before they are dropped: DEFINE and SET DEFINE/CONCAT/ESCAPE
    drive substitution variables (see OR002), and EXIT/QUIT ends the file, as it would in SQL*Plus. Check the
    dropped commands if your install procedure depends on them (for example CONNECT switching schemas).
    """

    name = "oracle.sqlplus-command-ignored"
    effort = Effort.AUTO
    category = "script"
    examples = (
        Example(before="SET ECHO OFF\nPROMPT Creating tables\nCREATE TABLE t (a NUMBER);"),
        Example(before="CREATE TABLE t (a NUMBER);", applies=False),
    )
