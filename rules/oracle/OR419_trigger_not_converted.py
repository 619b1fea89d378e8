from sct.rules import Effort, Example, Rule, register


@register
class OR419(Rule):
    """Compound triggers, DDL and database-event triggers have no direct PostgreSQL form.

    A compound trigger becomes one trigger per timing point (state shared between them needs a temporary
    table or transition tables); DDL triggers become event triggers (CREATE EVENT TRIGGER); LOGON, STARTUP and
    other database events have none.
    """

    name = "oracle.trigger-not-converted"
    effort = Effort.MANUAL
    category = "code"
    examples = (
        Example(before='CREATE TRIGGER no_drop BEFORE DROP ON SCHEMA\nBEGIN\n  NULL;\nEND;\n/'),
    )
