from sct.rules import Effort, Example, Rule, register


@register
class OR335(Rule):
    """SYS_GUID() becomes a 16-byte bytea built from gen_random_uuid() (RAW(16)), or 32 hex digits as text.

    SYS_GUID returns RAW(16); in a character column Oracle stores it as 32 upper-case hex digits. When the
    caller says the column is RAW the bytea form is exact, for character columns the converter writes
    upper(replace(gen_random_uuid()::text, '-', '')); elsewhere it writes bytea and asks for review.
    """

    name = "oracle.sys-guid-to-uuid"
    effort = Effort.AUTO
    category = "sql"
    examples = (
        Example(before='INSERT INTO t (id) VALUES (RAWTOHEX(SYS_GUID()));', after="INSERT INTO t (id) VALUES (UPPER(ENCODE(DECODE(REPLACE(CAST(GEN_RANDOM_UUID() AS TEXT), '-', ''), 'hex'), 'hex')));"),
    )
