from sct.rules import Effort, Example, Rule, register


@register
class MY202(Rule):
    """ON UPDATE CURRENT_TIMESTAMP becomes a BEFORE UPDATE trigger that sets the column.

    Like MySQL, it sets the column only when the UPDATE changes the row and does not set the column itself.
    """

    name = "mysql.on-update-trigger"
    source = "mysql"
    effort = Effort.AUTO
    category = "ddl"
    examples = (
        Example(before='CREATE TABLE t (id INT, changed TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP);',
                after='CREATE TABLE t (\n    id integer,\n    changed timestamptz(0) DEFAULT CURRENT_TIMESTAMP NOT NULL\n);\nCREATE FUNCTION t_changed_on_update() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n    IF ROW(NEW.*) IS DISTINCT FROM ROW(OLD.*) THEN\n        IF NEW.changed IS NOT DISTINCT FROM OLD.changed THEN\n            NEW.changed := CURRENT_TIMESTAMP;\n        END IF;\n    END IF;\n    RETURN NEW;\nEND;\n$$;\nCREATE TRIGGER t_changed_on_update BEFORE UPDATE ON t\n    FOR EACH ROW EXECUTE FUNCTION t_changed_on_update();'),
    )
