from sct.rules import Effort, Example, Rule, register


@register
class MY414(Rule):
    """Events (CREATE EVENT) are not converted: PostgreSQL has no scheduler; use the pg_cron extension.

    Schedule the body with cron.schedule (pg_cron) or an external job; the event is listed and left out.
    """

    name = "mysql.events"
    source = "mysql"
    effort = Effort.MANUAL
    category = "procedural"
    examples = (
        Example(setup='CREATE TABLE t (a INT);',
                before='CREATE EVENT purge ON SCHEDULE EVERY 1 DAY DO DELETE FROM t;'),
    )
