from sct.rules import Effort, Example, Rule, register


@register
class MS402(Rule):
    """A procedure's result set becomes RETURNS TABLE (RETURN QUERY), or an INOUT refcursor with --result-sets refcursor.

    A SELECT that returns rows to the client has no PostgreSQL procedure form. By default a procedure with one
    result set becomes a function RETURNS TABLE (...) called as SELECT * FROM p(...); its column types follow
    PostgreSQL's rules from the tables and views the query reads (converter.dialects.pg_types), and a column whose
    type is not known is MANUAL rather than guessed. With --result-sets refcursor, each result set is an INOUT
    refcursor parameter (result_set_1, ...) the caller fetches from. Inline and multi-statement table-valued
    functions become RETURNS TABLE functions; the multi-statement function's table variable is a temporary table.
    """

    name = "sqlserver.result-sets"
    source = "sqlserver"
    effort = Effort.REVIEW
    category = "procedural"
    examples = (
        Example(setup='CREATE TABLE dbo.orders (id INT IDENTITY(1,1) PRIMARY KEY, customer NVARCHAR(20) NOT NULL, amount MONEY NULL, status TINYINT NOT NULL DEFAULT 0)\nGO',
                before='CREATE PROCEDURE dbo.orders_of @customer NVARCHAR(20)\nAS\nSET NOCOUNT ON\nSELECT id, amount FROM dbo.orders WHERE customer = @customer ORDER BY id\nGO',
                after='CREATE OR REPLACE FUNCTION orders_of(customer varchar(20))\nRETURNS TABLE (id integer, amount numeric)\nLANGUAGE plpgsql\nAS $$\n#variable_conflict use_column\nBEGIN\n  customer := CAST(orders_of.customer AS varchar(20));\n  RETURN QUERY SELECT id, amount FROM orders WHERE customer = orders_of.customer ORDER BY id NULLS FIRST;\nEND;\n$$;'),
    )
