from sct.rules import Effort, Example, Rule, register


@register
class OR403(Rule):
    """A PL/SQL trigger becomes a trigger function (RETURNS trigger) and CREATE TRIGGER.

    Timing, events (UPDATE OF columns), FOR EACH ROW or statement and WHEN are kept; :NEW and :OLD (and
    REFERENCING aliases) become NEW and OLD. The function returns what PostgreSQL needs for the same effect:
    NEW from a BEFORE or INSTEAD OF row trigger (so the changes to :NEW are written), OLD for a DELETE, NULL
    from AFTER and statement triggers; an Oracle `RETURN;` returns the same. A trigger that Oracle creates
    DISABLED, or that ALTER TRIGGER ... DISABLE disables, is created and disabled. FOLLOWS / PRECEDES is a
    REVIEW finding: PostgreSQL fires the triggers of one event in name order.
    """

    name = "oracle.trigger-to-plpgsql"
    effort = Effort.AUTO
    category = "code"
    examples = (
        Example(before='CREATE OR REPLACE TRIGGER emp_bi BEFORE INSERT ON emp FOR EACH ROW\nBEGIN\n  :NEW.created := SYSDATE;\nEND;\n/',
                after="CREATE OR REPLACE FUNCTION emp_bi_fn()\nRETURNS trigger\nLANGUAGE plpgsql\nAS $$\n#variable_conflict use_column\nBEGIN\n  new.created := CAST(DATE_TRUNC('second', CLOCK_TIMESTAMP()) AS TIMESTAMP(0));\n  RETURN NEW;\nEND;\n$$;\nCREATE OR REPLACE TRIGGER emp_bi\nBEFORE INSERT ON emp\nFOR EACH ROW\nEXECUTE FUNCTION emp_bi_fn();"),
    )
