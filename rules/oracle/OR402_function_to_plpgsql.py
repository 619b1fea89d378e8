from sct.rules import Effort, Example, Rule, register


@register
class OR402(Rule):
    """A PL/SQL function becomes a PL/pgSQL function (CREATE OR REPLACE FUNCTION ... RETURNS type LANGUAGE plpgsql).

    The function is VOLATILE (PostgreSQL's default): DETERMINISTIC, PARALLEL_ENABLE and RESULT_CACHE are
    promises or caches that do not change results, and are dropped. A function with OUT parameters is a
    finding (PostgreSQL returns OUT parameters instead of a value); a PIPELINED function is one too.
    """

    name = "oracle.function-to-plpgsql"
    effort = Effort.AUTO
    category = "code"
    examples = (
        Example(before='CREATE FUNCTION twice (n NUMBER) RETURN NUMBER DETERMINISTIC IS\nBEGIN\n  RETURN n * 2;\nEND;\n/',
                after='CREATE OR REPLACE FUNCTION twice(n numeric)\nRETURNS numeric\nLANGUAGE plpgsql\nAS $$\n#variable_conflict use_column\nBEGIN\n  RETURN n * 2;\nEND;\n$$;'),
    )
