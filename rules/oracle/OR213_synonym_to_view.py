from sct.rules import Effort, Example, Rule, register


@register
class OR213(Rule):
    """A synonym for a table or view becomes a view over it.

    PostgreSQL has no synonyms. A simple view gives the same name for reading and, since it is auto-updatable,
    for INSERT, UPDATE and DELETE. Unlike a synonym it lists the columns as they are when it is created; setting
    search_path is the alternative when the synonym only hides a schema name.
    """

    name = "oracle.synonym-to-view"
    effort = Effort.REVIEW
    category = "synonyms"
    examples = (
        Example(before="CREATE TABLE t (a NUMBER(4));\nCREATE SYNONYM s FOR t;",
                after="CREATE TABLE t (a smallint); CREATE VIEW s AS SELECT * FROM t;"),
    )
