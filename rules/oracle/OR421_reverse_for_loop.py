from sct.rules import Effort, Example, Rule, register


@register
class OR421(Rule):
    """FOR i IN REVERSE lo..hi becomes FOR i IN REVERSE hi..lo: PostgreSQL writes the bounds in iteration order.

    Both count down from hi to lo; Oracle writes the lower bound first, PostgreSQL the start value.
    """

    name = "oracle.reverse-for-loop"
    effort = Effort.AUTO
    category = "code"
    examples = (
        Example(before='CREATE PROCEDURE countdown IS\nBEGIN\n  FOR i IN REVERSE 1..3 LOOP\n    NULL;\n  END LOOP;\nEND;\n/',
                after='CREATE OR REPLACE PROCEDURE countdown()\nLANGUAGE plpgsql\nAS $$\n#variable_conflict use_column\nBEGIN\n  FOR i IN REVERSE 3..1 LOOP\n    NULL;\n  END LOOP;\nEND;\n$$;'),
    )
