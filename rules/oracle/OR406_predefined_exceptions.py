from sct.rules import Effort, Example, Rule, register


@register
class OR406(Rule):
    """Oracle predefined exceptions become PostgreSQL conditions (NO_DATA_FOUND -> no_data_found, DUP_VAL_ON_INDEX -> unique_violation, ...).

    Exact: NO_DATA_FOUND, TOO_MANY_ROWS, DUP_VAL_ON_INDEX (unique_violation), ZERO_DIVIDE (division_by_zero),
    CASE_NOT_FOUND, INVALID_CURSOR (invalid_cursor_state), CURSOR_ALREADY_OPEN (duplicate_cursor), OTHERS.
    REVIEW: VALUE_ERROR (string_data_right_truncation, numeric_value_out_of_range, invalid_text_representation,
    null_value_not_allowed), INVALID_NUMBER (invalid_text_representation), TIMEOUT_ON_RESOURCE
    (lock_not_available). See converter/procedural/conditions.py.
    """

    name = "oracle.predefined-exceptions"
    effort = Effort.AUTO
    category = "code"
    examples = (
        Example(before='CREATE FUNCTION safe_div (a NUMBER, b NUMBER) RETURN NUMBER IS\nBEGIN\n  RETURN a / b;\nEXCEPTION\n  WHEN ZERO_DIVIDE THEN\n    RETURN NULL;\nEND;\n/',
                after='CREATE OR REPLACE FUNCTION safe_div(a numeric, b numeric)\nRETURNS numeric\nLANGUAGE plpgsql\nAS $$\n#variable_conflict use_column\nBEGIN\n  RETURN CAST(a AS DECIMAL) / b;\nEXCEPTION\n  WHEN division_by_zero THEN\n    RETURN NULL;\nEND;\n$$;'),
    )
