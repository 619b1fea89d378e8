from sct.rules import Effort, Example, Rule, register


@register
class OR232(Rule):
    """A schema qualifier that names the scripts' owner is dropped, so the reference finds the converted object.

    Oracle install scripts run as the schema owner and often write `sh.sales` for the `sales` table they create
    unqualified. When the scripts create nothing in the named schema but do create the unqualified name, the
    qualifier is taken for the owner. Review when another schema really holds an object of that name.
    """

    name = "oracle.own-schema-qualifier"
    effort = Effort.REVIEW
    category = "names"
    examples = (
        Example(before="CREATE TABLE sales (amount NUMBER(10,2));\nCREATE VIEW v AS SELECT SUM(s.amount) AS total FROM sh.sales s;",
                after="CREATE TABLE sales (amount numeric(10,2));\nCREATE VIEW v AS SELECT SUM(s.amount) AS total FROM sales AS s;"),
        Example(before="CREATE TABLE sales (amount NUMBER(10,2));\nCREATE VIEW v AS SELECT amount FROM hr.other;",
                applies=False),
    )
