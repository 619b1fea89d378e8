from sct.rules import Effort, Example, Rule, register


@register
class OR219(Rule):
    """External tables (ORGANIZATION EXTERNAL) become file_fdw foreign tables or COPY loads, by hand."""

    name = "oracle.external-table"
    effort = Effort.MANUAL
    category = "tables"
    examples = (
        Example(before="CREATE TABLE t (a NUMBER) ORGANIZATION EXTERNAL (TYPE oracle_loader DEFAULT DIRECTORY d LOCATION ('t.csv'));"),
    )
