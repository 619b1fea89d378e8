from sct.rules import Effort, Example, Rule, register


@register
class OR105(Rule):
    """TIMESTAMP[(n)] becomes timestamp(n); WITH [LOCAL] TIME ZONE becomes timestamptz.

    PostgreSQL keeps at most 6 fractional digits (Oracle up to 9). timestamptz stores an instant, not the
    original zone: TIMESTAMP WITH TIME ZONE values keep their moment but lose the zone name or offset, which
    the finding points out.
    """

    name = "oracle.timestamp-types"
    effort = Effort.AUTO
    category = "types"
    examples = (
        Example(before="CREATE TABLE t (a TIMESTAMP, b TIMESTAMP(3));",
                after="CREATE TABLE t (a timestamp(6), b timestamp(3));"),
    )
