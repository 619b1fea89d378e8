from sct.rules import Effort, Example, Rule, register


@register
class OR212(Rule):
    """Sequences keep START, INCREMENT, MINVALUE, MAXVALUE, CACHE and CYCLE; NOCACHE and ORDER have no effect in PostgreSQL.

    PostgreSQL sequences are bigint, so bounds beyond ±9223372036854775807 are clamped (reported for review).
    ORDER only matters on RAC. CACHE is per session in PostgreSQL, so cached values are lost at disconnect
    rather than at instance restart.
    """

    name = "oracle.sequence-options"
    effort = Effort.AUTO
    category = "sequences"
    examples = (
        Example(before="CREATE SEQUENCE s START WITH 10 INCREMENT BY 5 MAXVALUE 99999999999999999999999 NOCACHE ORDER;",
                after="CREATE SEQUENCE s INCREMENT BY 5 MAXVALUE 9223372036854775807 START WITH 10;"),
    )
