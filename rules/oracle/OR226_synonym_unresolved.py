from sct.rules import Effort, Example, Rule, register


@register
class OR226(Rule):
    """A synonym whose target is not in the converted scripts (another schema, a database link) is left out."""

    name = "oracle.synonym-unresolved"
    effort = Effort.MANUAL
    category = "synonyms"
    examples = (
        Example(before="CREATE SYNONYM emps FOR hr.employees;"),
    )
