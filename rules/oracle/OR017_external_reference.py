from sct.rules import Effort, Example, Rule, register


@register
class OR017(Rule):
    """An object that references a table or view in a schema the scripts do not create is left out.

    schema.sql must apply on an empty database, so a foreign key to another schema's table, or a view over
    it, cannot be in it: convert that schema's scripts together with these, or apply the object where the
    referenced one exists. An unqualified name the scripts do not create (partial scripts) is kept, with a
    review finding: that table must exist before schema.sql is applied.
    """

    name = "oracle.external-reference"
    effort = Effort.MANUAL
    category = "order"
    examples = (
        Example(before="CREATE TABLE t (a NUMBER(6), CONSTRAINT t_fk FOREIGN KEY (a) REFERENCES oe.product_information (product_id));"),
        Example(before="CREATE VIEW v AS SELECT a FROM t;", after="CREATE VIEW v AS SELECT a FROM t;"),
        Example(before="CREATE TABLE t (a NUMBER(6));\nCREATE VIEW v AS SELECT a FROM t;", applies=False),
    )
