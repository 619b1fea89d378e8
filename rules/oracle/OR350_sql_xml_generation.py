from sct.rules import Effort, Example, Rule, register


@register
class OR350(Rule):
    """XMLELEMENT, XMLATTRIBUTES, XMLFOREST and XMLPI keep their SQL/XML form, with the names Oracle gives the XML.

    PostgreSQL has the same SQL/XML functions (and XMLAGG, XMLCONCAT, XMLCOMMENT, kept as written). Oracle
    upper-cases an unquoted element name and names XMLFOREST/XMLATTRIBUTES items after their column in upper
    case; PostgreSQL would use the lower-case name, so the names are written out (NAME "EMP", col AS "COL").
    Element content that may be a NUMBER or a DATE is for review: the two write those differently (Oracle .5
    and an XML Schema date, PostgreSQL 0.5 and 2009-01-13T00:00:00). An empty element is <x></x> in Oracle and
    <x/> in PostgreSQL: the same XML. EVALNAME (a computed name) is not converted (OR399).
    """

    name = "oracle.sql-xml-generation"
    effort = Effort.AUTO
    category = "sql"
    examples = (
        Example(before="CREATE VIEW v AS SELECT XMLELEMENT(emp, XMLFOREST(ename, job)) AS x FROM t;",
                after='CREATE VIEW v AS SELECT XMLELEMENT(NAME "EMP", XMLFOREST(ename AS "ENAME", job AS "JOB")) '
                      'AS x FROM t;'),
    )
