from sct.rules import Effort, Example, Rule, register


@register
class OR230(Rule):
    """A CHECK constraint whose condition PostgreSQL cannot express is left out; the table is still created.

    The finding quotes the condition and why it was not converted (e.g. `IS JSON`, which PostgreSQL 15 lacks).
    The rule is no longer enforced: enforce it another way (a jsonb column, a trigger) or accept the loss.
    """

    name = "oracle.check-not-convertible"
    effort = Effort.REVIEW
    category = "constraints"
    examples = (
        Example(before="CREATE TABLE t (a NUMBER(4), doc BLOB CONSTRAINT t_doc_json CHECK (doc IS JSON));",
                after="CREATE TABLE t (a smallint, doc bytea);"),
        Example(before="CREATE TABLE t (a NUMBER(4) CHECK (a > 0));", applies=False),
    )
