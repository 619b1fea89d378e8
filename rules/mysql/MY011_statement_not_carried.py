from sct.rules import Effort, Example, Rule, register


@register
class MY011(Rule):
    """A session or administration statement (SET, USE, LOCK TABLES, DROP, CREATE DATABASE, ...) is not carried into the target.

    mysqldump surrounds its DDL and data with session settings and locks that have no place in a
    PostgreSQL schema script; they are counted, once per kind, at their first location.
    """

    name = "mysql.statement-not-carried"
    source = "mysql"
    effort = Effort.AUTO
    category = "script"
    examples = (
        Example(before='SET NAMES utf8mb4;\nLOCK TABLES `t` WRITE;'),
    )
