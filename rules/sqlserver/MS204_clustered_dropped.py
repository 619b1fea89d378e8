from sct.rules import Effort, Example, Rule, register


@register
class MS204(Rule):
    """CLUSTERED is dropped from keys and indexes: PostgreSQL tables are heaps.

    CLUSTER table USING index orders a table once; it is not kept in order as rows change.
    """

    name = "sqlserver.clustered-dropped"
    source = "sqlserver"
    effort = Effort.AUTO
    category = "ddl"
    examples = (
        Example(before='CREATE TABLE t (id INT NOT NULL, CONSTRAINT pk_t PRIMARY KEY CLUSTERED (id))\nGO',
                after='CREATE TABLE t (\n    id integer NOT NULL,\n    CONSTRAINT pk_t PRIMARY KEY (id)\n);'),
    )
