/*
 * The procedural structure of SQL Server (T-SQL) procedures, functions (scalar, inline table-valued and
 * multi-statement table-valued) and DML triggers: blocks, TRY/CATCH, declarations, flow control, cursors,
 * transactions, EXEC and dynamic SQL.
 *
 * Written for this project (Apache-2.0), from the SQL Server Transact-SQL reference. Like PlSqlParser.g4 and
 * MySqlProcParser.g4 it does not parse SQL or expressions: they are carried as spans, runs of tokens with
 * balanced parentheses (and balanced CASE ... END); a visitor takes the text between a span's first and last
 * token.
 *
 * Input: one CREATE [OR ALTER] | ALTER PROCEDURE | FUNCTION | TRIGGER statement, one GO batch as the script
 * reader (converter/tsql_script.py) cuts it.
 *
 * T-SQL statements need no terminator (';' is optional), so a span ends where the next statement starts: a
 * span never holds, outside parentheses and CASE ... END, a word that starts a statement (`piece` below lists
 * them: SELECT, INSERT, UPDATE, DELETE, SET, IF, ELSE, EXEC, ...). Where such a word continues a statement,
 * the statement's rule reads it: UPDATE t SET ..., INSERT ... SELECT | EXEC, UNION [ALL] | EXCEPT | INTERSECT
 * SELECT, OFFSET n ROWS FETCH NEXT, a cursor's FOR UPDATE, a trigger condition's UPDATE(col), DROP ... IF
 * EXISTS. A WITH (common table expressions) starts a statement only where a statement may start: T-SQL wants
 * the statement before it ended by ';'. MERGE must end with ';', and is read up to it.
 *
 * Regenerate the Python code with `python grammars/build.py` after any change.
 */
parser grammar TSqlProcParser;

options { tokenVocab = TSqlProcLexer; }

// ======================================================================================== units

compilation_unit
    : SEMI* (CREATE (OR ALTER)? | ALTER) (create_procedure | create_function | create_trigger) EOF
    ;

// CREATE PROC[EDURE] name [;number] [(] @p type [= default] [OUT | OUTPUT] [READONLY], ... [)]
//     [WITH option, ...] [FOR REPLICATION] AS statements
create_procedure
    : (PROC | PROCEDURE) qualified_name (SEMI NUMBER)?
      (LPAREN (parameter (COMMA parameter)*)? RPAREN | parameter (COMMA parameter)*)?
      (WITH routine_option (COMMA routine_option)*)? (FOR REPLICATION)? AS statement_list
    ;

parameter
    : LOCAL_VAR AS? datatype VARYING? (EQUALS default_value=literal)? (OUT | OUTPUT)? READONLY?
    ;

// RECOMPILE, ENCRYPTION, SCHEMABINDING, RETURNS NULL ON NULL INPUT, NATIVE_COMPILATION, EXECUTE AS CALLER |
// SELF | OWNER | 'user'
routine_option
    : (EXEC | EXECUTE) AS (identifier | STRING)
    | (identifier | RETURNS | ON)+
    ;

// Scalar: RETURNS type AS BEGIN ... END; inline: RETURNS TABLE AS RETURN (query); multi-statement:
// RETURNS @t TABLE (columns) AS BEGIN ... END. AS is optional.
create_function
    : FUNCTION qualified_name LPAREN (parameter (COMMA parameter)*)? RPAREN RETURNS
      ( TABLE function_options? AS? RETURN (LPAREN inline=query RPAREN | inline=query) SEMI?
      | LOCAL_VAR TABLE LPAREN columns=inner RPAREN function_options? AS? block SEMI?
      | datatype function_options? AS? block SEMI?
      )
    ;

function_options
    : WITH routine_option (COMMA routine_option)*
    ;

// CREATE TRIGGER name ON table [WITH option, ...] FOR | AFTER | INSTEAD OF event, ... [WITH APPEND]
//     [NOT FOR REPLICATION] AS statements
create_trigger
    : TRIGGER qualified_name ON table=qualified_name (WITH routine_option (COMMA routine_option)*)?
      trigger_timing trigger_event (COMMA trigger_event)* (WITH identifier)? (NOT FOR REPLICATION)?
      AS statement_list
    ;

trigger_timing
    : FOR | AFTER | INSTEAD OF
    ;

trigger_event
    : INSERT | UPDATE | DELETE
    ;

// ======================================================================================== statements

statement_list
    : (statement | SEMI)*
    ;

statement
    : core_statement SEMI?
    ;

core_statement
    : label
    | try_catch
    | begin_transaction
    | block
    | declare_cursor
    | declare_statement
    | set_variable
    | set_option
    | if_statement
    | while_statement
    | break_statement
    | continue_statement
    | goto_statement
    | return_statement
    | raiserror_statement
    | throw_statement
    | print_statement
    | execute_statement
    | commit_statement
    | rollback_statement
    | save_transaction
    | open_statement
    | fetch_statement
    | close_statement
    | deallocate_statement
    | waitfor_statement
    | sql_statement
    ;

label
    : identifier COLON
    ;

block
    : BEGIN statement_list END
    ;

try_catch
    : BEGIN TRY try_statements=statement_list END TRY SEMI? BEGIN CATCH catch_statements=statement_list END CATCH
    ;

// ---- declarations

// DECLARE @a int = 1, @t TABLE (...), @c CURSOR
declare_statement
    : DECLARE declare_item (COMMA declare_item)*
    ;

declare_item
    : LOCAL_VAR AS? TABLE LPAREN columns=inner RPAREN
    | LOCAL_VAR AS? CURSOR
    | LOCAL_VAR AS? datatype (EQUALS value=span_item)?
    ;

// DECLARE c [INSENSITIVE] [SCROLL] CURSOR [LOCAL | GLOBAL] [FORWARD_ONLY | SCROLL] [STATIC | KEYSET |
// DYNAMIC | FAST_FORWARD] [READ_ONLY | SCROLL_LOCKS | OPTIMISTIC] [TYPE_WARNING] FOR query [FOR UPDATE [OF ...]]
declare_cursor
    : DECLARE name=identifier iso_options+=identifier* CURSOR options+=identifier* FOR query
    ;

// ---- assignments

// SET @a = value, SET @a += value, SET @c = CURSOR [options] FOR query (a cursor variable)
set_variable
    : SET LOCAL_VAR (EQUALS | ASSIGN_OP) (cursor=cursor_value | value=span)
    ;

cursor_value
    : CURSOR identifier* FOR query
    ;

// SET NOCOUNT ON, SET XACT_ABORT ON, SET ROWCOUNT 10, SET TRANSACTION ISOLATION LEVEL ..., SET IDENTITY_INSERT t ON
set_option
    : SET span
    ;

// ---- flow

if_statement
    : IF condition=span_condition then=statement (ELSE otherwise=statement)?
    ;

while_statement
    : WHILE condition=span_condition statement
    ;

break_statement
    : BREAK
    ;

continue_statement
    : CONTINUE
    ;

goto_statement
    : GOTO identifier
    ;

return_statement
    : RETURN value=span?
    ;

// RAISERROR (message, severity, state [, argument ...]) [WITH LOG | NOWAIT | SETERROR, ...];
// the old RAISERROR number 'message' form is kept as a span.
raiserror_statement
    : RAISERROR LPAREN argument (COMMA argument)* RPAREN (WITH identifier (COMMA identifier)*)?
    | RAISERROR legacy=span
    ;

// THROW [number, message, state]
throw_statement
    : THROW (span_item COMMA span_item COMMA span_item)?
    ;

print_statement
    : PRINT value=span
    ;

// ---- EXEC

// EXEC[UTE] [@status =] procedure [[@name =] value [OUTPUT], ...] [WITH RECOMPILE | RESULT SETS ...]
// EXEC[UTE] (string [+ string ...]) [AS LOGIN | USER = '...'] [AT linked_server]
execute_statement
    : (EXEC | EXECUTE) LPAREN dynamic=inner RPAREN (AS identifier EQUALS STRING)? (identifier identifier)?
    | (EXEC | EXECUTE) (status=LOCAL_VAR EQUALS)? (procedure=qualified_name | procedure_variable=LOCAL_VAR)
      (exec_argument (COMMA exec_argument)*)? (WITH exec_option=span)?
    ;

exec_argument
    : (LOCAL_VAR EQUALS)? (literal | LOCAL_VAR | DEFAULT) (OUT | OUTPUT)?
    ;

// ---- transactions

// BEGIN [DISTRIBUTED] TRAN[SACTION] [name | @name] [WITH MARK ['description']]
begin_transaction
    : BEGIN DISTRIBUTED? (TRAN | TRANSACTION) transaction_name? (WITH identifier STRING?)?
    ;

commit_statement
    : COMMIT (TRAN | TRANSACTION | WORK)? transaction_name?
    ;

rollback_statement
    : ROLLBACK (TRAN | TRANSACTION | WORK)? transaction_name?
    ;

save_transaction
    : SAVE (TRAN | TRANSACTION) transaction_name
    ;

transaction_name
    : identifier | LOCAL_VAR
    ;

// ---- cursors

open_statement
    : OPEN cursor_name
    ;

// FETCH [NEXT | PRIOR | FIRST | LAST | ABSOLUTE n | RELATIVE n] [FROM] [GLOBAL] cursor [INTO @a, ...]
fetch_statement
    : FETCH (orientation=identifier (OPERATOR? NUMBER | LOCAL_VAR)?)? FROM? cursor_name
      (INTO LOCAL_VAR (COMMA LOCAL_VAR)*)?
    ;

close_statement
    : CLOSE cursor_name
    ;

deallocate_statement
    : DEALLOCATE cursor_name
    ;

// [GLOBAL] name | @variable
cursor_name
    : scope=identifier? (identifier | LOCAL_VAR)
    ;

// WAITFOR DELAY 'time' | TIME 'time' | (RECEIVE ...)
waitfor_statement
    : WAITFOR span
    ;

// ---- SQL

// A SELECT (a result set, or an assignment SELECT @a = ...), INSERT, UPDATE, DELETE, MERGE, a statement
// with common table expressions, TRUNCATE, CREATE (#temp tables, indexes), DROP, ALTER.
sql_statement
    : query
    | insert_statement
    | update_statement
    | delete_statement
    | merge_statement
    | (TRUNCATE | CREATE) span
    | DROP (identifier | TABLE | PROC | PROCEDURE | FUNCTION | TRIGGER) (IF EXISTS)? span
    | ALTER (piece | DROP | SET)+
    ;

// SELECT ... [UNION | EXCEPT | INTERSECT SELECT ...]; WITH name [(columns)] AS (query), ... statement
query
    : SELECT span?
    | WITH span (SELECT span? | insert_statement | update_statement | delete_statement | merge_statement)
    ;

// INSERT [INTO] target [WITH (hints)] [(columns)] [OUTPUT ...] VALUES (...), ... | DEFAULT VALUES | SELECT
// ... | EXEC ...
insert_statement
    : INSERT target=span_insert? (VALUES span? | DEFAULT VALUES | SELECT span? | execute_statement)
    ;

// UPDATE target SET ... [OUTPUT ...] [FROM ...] [WHERE ...]
update_statement
    : UPDATE span SET span
    ;

delete_statement
    : DELETE span
    ;

// MERGE must end with ';': read up to it (its WHEN ... THEN UPDATE | INSERT | DELETE included).
merge_statement
    : MERGE (~(SEMI | LPAREN | RPAREN | CASE | END) | group)+ SEMI
    ;

// A value as a parameter's default or an EXEC argument: a constant, NULL, or a name.
literal
    : OPERATOR? (NUMBER | STRING | HEX_NUMBER | identifier)
    ;

// ======================================================================================== spans

// Balanced groups: ( ... ) and CASE ... END; inside, any word, statement starts included (subqueries).
group
    : LPAREN inner RPAREN
    | CASE inner END
    ;

inner
    : (~(LPAREN | RPAREN | CASE | END) | group)*
    ;

// One element of a span: a statement start that continues the statement where it stands, a word that starts
// no statement, or a group. The continuations come first: where both readings fit (SELECT ... UNION ALL
// SELECT ...), ANTLR takes the first alternative.
piece
    : PERIOD any_name                           // t.open, x.update: after '.', a keyword is a name
    | (UNION ALL? | EXCEPT | INTERSECT) SELECT
    | (ROW | ROWS) FETCH
    | FOR UPDATE
    | ~(SEMI | COLON | LPAREN | RPAREN | CASE | END
      | ALTER | BEGIN | BREAK | CLOSE | COMMIT | CONTINUE | CREATE | DEALLOCATE | DECLARE | DELETE | DROP | ELSE
      | EXEC | EXECUTE | FETCH | GOTO | IF | INSERT | MERGE | OPEN | PRINT | RAISERROR | RETURN | ROLLBACK | SAVE
      | SELECT | SET | THROW | TRUNCATE | UPDATE | WAITFOR | WHILE)
    | group
    ;

// A statement's words, an expression, a condition. A ':' ends it (what follows is a label: name:).
span
    : piece+
    ;

// IF and WHILE conditions: in a trigger, UPDATE(column) tests whether the statement set the column.
span_condition
    : (piece | UPDATE LPAREN inner RPAREN)+
    ;

// Up to ',': one variable's initial value in a DECLARE list, one of THROW's arguments.
span_item
    : (PERIOD any_name | ~(COMMA | SEMI | COLON | LPAREN | RPAREN | CASE | END
      | ALTER | BEGIN | BREAK | CLOSE | COMMIT | CONTINUE | CREATE | DEALLOCATE | DECLARE | DELETE | DROP | ELSE
      | EXEC | EXECUTE | FETCH | GOTO | IF | INSERT | MERGE | OPEN | PRINT | RAISERROR | RETURN | ROLLBACK | SAVE
      | SELECT | SET | THROW | TRUNCATE | UPDATE | WAITFOR | WHILE)
      | group)+
    ;

// INSERT's target, up to what gives the rows.
span_insert
    : (PERIOD any_name | ~(VALUES | DEFAULT | SEMI | COLON | LPAREN | RPAREN | CASE | END
      | ALTER | BEGIN | BREAK | CLOSE | COMMIT | CONTINUE | CREATE | DEALLOCATE | DECLARE | DELETE | DROP | ELSE
      | EXEC | EXECUTE | FETCH | GOTO | IF | INSERT | MERGE | OPEN | PRINT | RAISERROR | RETURN | ROLLBACK | SAVE
      | SELECT | SET | THROW | TRUNCATE | UPDATE | WAITFOR | WHILE)
      | group)+
    ;

// One argument inside parentheses, up to ','.
argument
    : (~(COMMA | LPAREN | RPAREN | CASE | END) | group)+
    ;

// ======================================================================================== names

// int, varchar(max), decimal(10, 2), dbo.my_type, [nvarchar](40)
datatype
    : qualified_name (LPAREN inner RPAREN)?
    ;

qualified_name
    : identifier (PERIOD any_name?)*
    ;

identifier
    : REGULAR_ID
    | BRACKET_ID
    | QUOTED_ID
    | non_reserved
    ;

// After a '.', any word names something: t.[end], i.update_date, x.value.
any_name
    : identifier
    | reserved
    ;

// Keywords that SQL Server does not reserve, which are names too (a column called rows, a type called
// table is not: TABLE is reserved). Each keyword is in exactly one of these two lists.
non_reserved
    : AFTER | CATCH | INSTEAD | OUT | OUTPUT | READONLY | RETURNS | ROW | ROWS | TRY | VARYING | WORK
    ;

reserved
    : ALL | ALTER | AS | BEGIN | BREAK | CASE | CLOSE | COMMIT | CONTINUE | CREATE | CURSOR | DEALLOCATE
    | DECLARE | DEFAULT | DELETE | DISTRIBUTED | DROP | ELSE | END | EXCEPT | EXEC | EXECUTE | EXISTS | FETCH
    | FOR | FROM | FUNCTION | GOTO | IF | INSERT | INTERSECT | INTO | MERGE | NOT | OF | ON | OPEN | OR | PRINT
    | PROC | PROCEDURE | RAISERROR | REPLICATION | RETURN | ROLLBACK | SAVE | SELECT | SET | TABLE | THEN
    | THROW | TRAN | TRANSACTION | TRIGGER | TRUNCATE | UNION | UPDATE | VALUES | WAITFOR | WHILE | WITH
    ;
