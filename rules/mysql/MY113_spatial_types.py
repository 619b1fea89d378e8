from sct.rules import Effort, Example, Rule, register


@register
class MY113(Rule):
    """Spatial columns (GEOMETRY, POINT, ...) need PostGIS; the table is left out."""

    name = "mysql.spatial-types"
    source = "mysql"
    effort = Effort.MANUAL
    category = "types"
    examples = (
        Example(before='CREATE TABLE t (p POINT);'),
    )
