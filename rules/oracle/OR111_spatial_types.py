from sct.rules import Effort, Example, Rule, register


@register
class OR111(Rule):
    """SDO_GEOMETRY and other Oracle Spatial types need PostGIS and a manual conversion."""

    name = "oracle.spatial-types"
    effort = Effort.MANUAL
    category = "types"
    examples = (
        Example(before="CREATE TABLE t (g MDSYS.SDO_GEOMETRY);"),
    )
