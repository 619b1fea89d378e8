from sct.rules import Effort, Example, Rule, register


@register
class OR428(Rule):
    """A TYPE BODY becomes a schema named after the type, and its MEMBER and STATIC methods `schema.method`.

    Like a package (OR422), the body becomes CREATE SCHEMA IF NOT EXISTS (type `vec` gives schema `vec`;
    the composite type of OR233 keeps its name) and each method a routine of that schema, reported as an object
    of its own. A MEMBER method gets a first parameter `self` of the composite type (INOUT for a procedure:
    Oracle's SELF is IN OUT there), and `SELF.x` in its body reads `self.x`; call it as `vec.norm(v)`.
    A member naming an attribute without `SELF.`, a CONSTRUCTOR, MAP or ORDER method is MANUAL (OR415);
    calls `obj.method()` elsewhere are not rewritten. The methods of a subtype (CREATE TYPE t UNDER s, OR234)
    take a `self` of the subtype's composite type, which holds the supertypes' attributes too; an OVERRIDING
    method runs when called by its own name (`t.m(v)`), never in place of the supertype's.
    """

    name = "oracle.type-body-to-schema"
    effort = Effort.AUTO
    category = "code"
    examples = (
        Example(before="CREATE TYPE vec AS OBJECT (x NUMBER, y NUMBER,\n"
                       "  MEMBER FUNCTION dist(p_scale NUMBER) RETURN NUMBER);\n/\n"
                       "CREATE OR REPLACE TYPE BODY vec AS\n"
                       "  MEMBER FUNCTION dist(p_scale NUMBER) RETURN NUMBER IS\n"
                       "  BEGIN\n    RETURN (SELF.x + SELF.y) * p_scale;\n  END;\nEND;\n/",
                after="CREATE TYPE vec AS (x numeric, y numeric);\nCREATE SCHEMA IF NOT EXISTS vec;\n"
                      "CREATE OR REPLACE FUNCTION vec.dist(self vec, p_scale numeric)\nRETURNS numeric\n"
                      "LANGUAGE plpgsql\nAS $$\n#variable_conflict use_column\nBEGIN\n"
                      "  RETURN (self.x + self.y) * p_scale;\nEND;\n$$;"),
        Example(before="CREATE OR REPLACE PACKAGE BODY api AS\n  PROCEDURE p IS BEGIN NULL; END;\nEND;\n/",
                applies=False),
    )
