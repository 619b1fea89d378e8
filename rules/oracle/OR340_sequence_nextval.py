from sct.rules import Effort, Example, Rule, register


@register
class OR340(Rule):
    """seq.NEXTVAL and seq.CURRVAL become nextval('seq') and currval('seq'), schema-qualified as written.
    """

    name = "oracle.sequence-nextval"
    effort = Effort.AUTO
    category = "sql"
    examples = (
        Example(before='INSERT INTO t (id) VALUES (hr.emp_seq.NEXTVAL);', after="INSERT INTO t (id) VALUES (NEXTVAL('hr.emp_seq'));"),
    )
