from sct.rules import Effort, Example, Rule, register


@register
class OR351(Rule):
    """XMLTYPE(), EXTRACTVALUE and EXISTSNODE become PostgreSQL xml functions with the same results.

    XMLTYPE(text) and XMLTYPE.CREATEXML(text) -> CAST(text AS XML) (PostgreSQL also accepts a fragment, which
    Oracle rejects). EXTRACTVALUE(xml, xpath) -> sct_oracle.extractvalue: the text of the one leaf element or
    attribute, with entities resolved (xpath(...)::text would keep &amp;), NULL when empty. EXISTSNODE(xml,
    xpath) -> CAST(XPATH_EXISTS(xpath, xml) AS INTEGER), with literal xmlns:p="uri" namespaces as an array.
    x.getClobVal() and x.getStringVal() -> CAST(x AS TEXT), for review (Oracle may indent the text). Namespace
    arguments that are computed or declare a default namespace, and the other XMLType methods, are not
    converted.
    """

    name = "oracle.xmltype-functions"
    effort = Effort.AUTO
    category = "sql"
    examples = (
        Example(before="CREATE VIEW v AS SELECT EXTRACTVALUE(doc, '/order/id') AS id FROM t;",
                after="CREATE VIEW v AS SELECT sct_oracle.extractvalue(doc, '/order/id') AS id FROM t;"),
    )
