from sct.rules import Effort, Example, Rule, register


@register
class OR423(Rule):
    """A private routine of a package body (not in the spec) becomes a routine anyone may call: PostgreSQL has no private functions.

    The routine is created in the package's schema like the public ones, and EXECUTE stays granted to PUBLIC
    (PostgreSQL's default): revoking it would make the public routines fail for every role but the owner, since
    a PostgreSQL routine runs with its caller's rights unless it is SECURITY DEFINER. To keep it private, make
    the public routines SECURITY DEFINER and `REVOKE EXECUTE ON FUNCTION pkg.f(...) FROM PUBLIC`, or rely on
    USAGE on the schema.
    """

    name = "oracle.package-private-routine"
    effort = Effort.REVIEW
    category = "code"
    examples = (
        Example(before="CREATE OR REPLACE PACKAGE api AS\n  FUNCTION f RETURN NUMBER;\nEND;\n/\nCREATE OR REPLACE PACKAGE BODY api AS\n  FUNCTION helper RETURN NUMBER IS BEGIN RETURN 1; END;\n  FUNCTION f RETURN NUMBER IS BEGIN RETURN helper; END;\nEND;\n/"),
        Example(before="CREATE OR REPLACE PACKAGE api AS\n  FUNCTION f RETURN NUMBER;\nEND;\n/\nCREATE OR REPLACE PACKAGE BODY api AS\n  FUNCTION f RETURN NUMBER IS BEGIN RETURN 1; END;\nEND;\n/", applies=False),
    )
