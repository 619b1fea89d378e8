from sct.rules import Effort, Example, Rule, register


@register
class OR305(Rule):
    """USER (and SYS_CONTEXT('USERENV', 'SESSION_USER'...)) becomes CURRENT_USER; the case differs.

    Oracle user names are upper case ('HR'); PostgreSQL role names are usually lower case ('hr'). Comparisons
    with stored names (created_by = USER) and data written before the migration need checking.
    """

    name = "oracle.user-to-current-user"
    effort = Effort.REVIEW
    category = "sql"
    examples = (
        Example(before='CREATE VIEW v AS SELECT USER AS who FROM dual;', after='CREATE VIEW v AS SELECT CURRENT_USER AS who;'),
    )
