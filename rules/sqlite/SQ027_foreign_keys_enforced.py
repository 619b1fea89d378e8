from sct.rules import Effort, Example, Rule, register


@register
class SQ027(Rule):
    """SQLite checks foreign keys only when PRAGMA foreign_keys = ON: existing rows may violate them.

    The pragma is off by default, per connection, so a database can hold orphan rows that PostgreSQL refuses
    when the key is added. Run PRAGMA foreign_key_check on the SQLite database first.
    """

    name = "sqlite.foreign-keys-enforced"
    source = "sqlite"
    effort = Effort.REVIEW
    category = "ddl"
    examples = (
        Example(setup="CREATE TABLE p (id INTEGER PRIMARY KEY);",
                before="CREATE TABLE c (p_id INTEGER REFERENCES p (id) ON DELETE CASCADE);",
                after="CREATE TABLE c (\n    p_id bigint\n);\n"
                      "ALTER TABLE c ADD CONSTRAINT c_p_id_fkey FOREIGN KEY (p_id) REFERENCES p (id) ON DELETE CASCADE;"),
    )
