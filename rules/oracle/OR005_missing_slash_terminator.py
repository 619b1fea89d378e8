from sct.rules import Effort, Example, Rule, register


@register
class OR005(Rule):
    """A PL/SQL unit runs on into the next statement because the line holding only '/' after it is missing.

    In SQL*Plus a PL/SQL unit (CREATE PROCEDURE, FUNCTION, PACKAGE, TRIGGER, TYPE, or a DECLARE/BEGIN
    block) contains ';' everywhere and ends only at a line holding only '/'. Without that line, every
    statement that follows becomes part of the unit, which then fails to compile in Oracle and cannot be
    parsed by the converter. The finding points at the first line inside the unit that starts like a new
    statement (CREATE, ALTER, DROP or GRANT, which PL/SQL code cannot contain); add the '/' line before it.
    """

    name = "oracle.missing-slash-terminator"
    effort = Effort.MANUAL
    category = "script"
    examples = (
        Example(before="CREATE OR REPLACE PROCEDURE p IS\nBEGIN\n  NULL;\nEND;\nCREATE TABLE t (a NUMBER);"),
        Example(before="CREATE OR REPLACE PROCEDURE p IS\nBEGIN\n  NULL;\nEND;\n/\n"
                       "CREATE TABLE t (a NUMBER);", applies=False),
    )
