from sct.rules import Effort, Example, Rule, register


@register
class OR201(Rule):
    """Storage and physical clauses (TABLESPACE, STORAGE, PCTFREE, LOGGING, COMPRESS, ...) are dropped, noted once per object.

    They tune Oracle's storage and have no meaning for PostgreSQL, whose tablespaces and storage parameters
    are set up differently. The finding lists the clauses dropped so a DBA can map the ones that matter.
    """

    name = "oracle.physical-attributes-dropped"
    effort = Effort.AUTO
    category = "tables"
    examples = (
        Example(before="CREATE TABLE t (a NUMBER(4)) TABLESPACE users PCTFREE 10 STORAGE (INITIAL 1M) NOLOGGING;",
                after="CREATE TABLE t (a smallint);"),
    )
