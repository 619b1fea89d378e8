/*
 * The procedural structure of MySQL and MariaDB stored programs: procedures, functions, triggers,
 * events and (MariaDB 11.4+, default sql_mode) packages; blocks, declarations, handlers, flow control.
 *
 * Written for this project (Apache-2.0), from the MySQL 8.0 and MariaDB reference manuals. Like
 * PlSqlParser.g4 it does not parse SQL or expressions: they are carried as spans, runs of tokens with
 * balanced parentheses (and balanced CASE ... END) up to the delimiter that ends them in their place.
 * Each `span_*` rule names the delimiters it stops at; a visitor takes the text between a span's first
 * and last token.
 *
 * Input: one CREATE statement as the script reader gives it, without the client's DELIMITER (so the
 * statement ends at the end of the text, with or without a ';'), or a MariaDB anonymous compound
 * statement (BEGIN NOT ATOMIC ... END). Inside a body every statement ends with ';'.
 *
 * Statements: a statement starts with a structural keyword (DECLARE, SET, IF, CASE, LOOP, REPEAT,
 * WHILE, FOR, LEAVE, ITERATE, RETURN, OPEN, FETCH, CLOSE, SIGNAL, RESIGNAL, GET, PREPARE, EXECUTE,
 * DEALLOCATE, CALL, START, COMMIT, ROLLBACK, SAVEPOINT, RELEASE, BEGIN, a label) or is SQL (any other
 * first token), which is one span up to its ';'. SELECT and WITH statements have their INTO clause
 * read apart, since INTO variables is procedural.
 *
 * Regenerate the Python code with `python grammars/build.py` after any change.
 */
parser grammar MySqlProcParser;

options { tokenVocab = MySqlProcLexer; }

// ======================================================================================== units

compilation_unit
    : (create_unit | anonymous_block) SEMI? EOF
    ;

create_unit
    : CREATE (OR REPLACE)? definer_clause?
      ( create_procedure | create_function | create_loadable_function | create_trigger | create_event
      | create_package | create_package_body )
    ;

// MariaDB: BEGIN NOT ATOMIC ... END outside any routine.
anonymous_block
    : block
    ;

definer_clause
    : DEFINER EQUALS user_name
    ;

// user, 'user'@'host', `user`@`host`, user@host, CURRENT_USER, CURRENT_USER()
user_name
    : (identifier | STRING) AT_NAME?
    | CURRENT_USER (LPAREN RPAREN)?
    ;

if_not_exists
    : IF NOT EXISTS
    ;

create_procedure
    : PROCEDURE if_not_exists? qualified_name parameter_list characteristic* routine_body
    ;

create_function
    : AGGREGATE? FUNCTION if_not_exists? qualified_name parameter_list RETURNS datatype characteristic*
      routine_body
    ;

// A loadable function (UDF) from a shared library: CREATE [AGGREGATE] FUNCTION f RETURNS STRING |
// INTEGER | REAL | DECIMAL SONAME 'lib.so'. No SQL body: read so that it can be reported as what it is.
create_loadable_function
    : AGGREGATE? FUNCTION if_not_exists? qualified_name RETURNS REGULAR_ID SONAME STRING
    ;

parameter_list
    : LPAREN (parameter (COMMA parameter)*)? RPAREN
    ;

parameter
    : parameter_mode? identifier datatype
    ;

parameter_mode
    : IN | OUT | INOUT
    ;

characteristic
    : COMMENT STRING
    | LANGUAGE SQL
    | NOT? DETERMINISTIC
    | CONTAINS SQL
    | NO SQL
    | READS SQL DATA
    | MODIFIES SQL DATA
    | SQL SECURITY (DEFINER | INVOKER)
    ;

// A routine's body is one statement: most often a block, but `RETURN expr` or a single SQL statement
// is enough.
routine_body
    : statement
    ;

// ---- triggers

create_trigger
    : TRIGGER if_not_exists? qualified_name trigger_timing trigger_event ON qualified_name FOR EACH ROW
      trigger_order? routine_body
    ;

trigger_timing
    : BEFORE | AFTER
    ;

trigger_event
    : INSERT | UPDATE | DELETE
    ;

trigger_order
    : (FOLLOWS | PRECEDES) qualified_name
    ;

// ---- events

create_event
    : EVENT if_not_exists? qualified_name ON SCHEDULE schedule
      (ON COMPLETION NOT? PRESERVE)? event_status? (COMMENT STRING)? DO routine_body
    ;

schedule
    : AT at=span_schedule
    | EVERY every=span_schedule (STARTS starts=span_schedule)? (ENDS ends=span_schedule)?
    ;

event_status
    : ENABLE
    | DISABLE (ON (SLAVE | REPLICA))?
    ;

// ---- packages (MariaDB 11.4+ in the default sql_mode: SQL/PSM routines inside)

create_package
    : PACKAGE if_not_exists? qualified_name characteristic* (package_heading SEMI)* END identifier?
    ;

package_heading
    : PROCEDURE identifier parameter_list characteristic*
    | FUNCTION identifier parameter_list RETURNS datatype characteristic*
    ;

// Variables, then routines, then the statements that run once per session, before the first use.
create_package_body
    : PACKAGE BODY if_not_exists? qualified_name characteristic* (declaration SEMI)*
      (package_routine SEMI)* (statement SEMI)* END identifier?
    ;

package_routine
    : PROCEDURE identifier parameter_list characteristic* routine_body
    | FUNCTION identifier parameter_list RETURNS datatype characteristic* routine_body
    ;

// ======================================================================================== blocks

// [label:] BEGIN [NOT ATOMIC] declarations statements END [label]
block
    : BEGIN (NOT ATOMIC)? (declaration SEMI)* (statement SEMI)* END identifier?
    ;

// ======================================================================================== declarations

declaration
    : handler_declaration
    | condition_declaration
    | cursor_declaration
    | variable_declaration
    ;

// DECLARE a, b INT DEFAULT 0
variable_declaration
    : DECLARE identifier (COMMA identifier)* datatype (DEFAULT default_value=span)?
    ;

// DECLARE name CONDITION FOR SQLSTATE [VALUE] '45000' | 1051
condition_declaration
    : DECLARE identifier CONDITION FOR condition_value
    ;

condition_value
    : SQLSTATE VALUE? STRING
    | NUMBER
    ;

// DECLARE cur CURSOR FOR select_statement
cursor_declaration
    : DECLARE identifier CURSOR FOR query=span
    ;

// DECLARE CONTINUE | EXIT | UNDO HANDLER FOR condition[, ...] statement
handler_declaration
    : DECLARE handler_action HANDLER FOR handler_condition (COMMA handler_condition)* statement
    ;

handler_action
    : CONTINUE | EXIT | UNDO
    ;

handler_condition
    : SQLSTATE VALUE? STRING
    | NUMBER
    | SQLWARNING
    | NOT FOUND
    | SQLEXCEPTION
    | identifier                            // a condition declared with DECLARE ... CONDITION
    ;

// A type as written: INT UNSIGNED, DECIMAL(10,2), VARCHAR(40) CHARACTER SET utf8mb4 COLLATE x,
// ENUM('a','b'), SET('a','b'), MariaDB's TYPE OF t.c and ROW TYPE OF t.
datatype
    : type_word (type_word | LPAREN inner RPAREN | PERIOD any_name | STRING)*
    ;

// The words of a type are plain words, and SET (SET('a','b'), CHARACTER SET) and ROW (ROW TYPE OF):
// never a keyword that starts a characteristic (COMMENT, LANGUAGE, ...), so RETURNS type ends there.
type_word
    : REGULAR_ID | SET | ROW
    ;

// ======================================================================================== statements

statement
    : labeled_statement
    | block
    | set_statement
    | if_statement
    | case_statement
    | loop_statement
    | repeat_statement
    | while_statement
    | for_statement
    | leave_statement
    | iterate_statement
    | return_statement
    | open_statement
    | fetch_statement
    | close_statement
    | signal_statement
    | resignal_statement
    | get_diagnostics
    | prepare_statement
    | execute_statement
    | deallocate_statement
    | call_statement
    | start_transaction
    | commit_statement
    | rollback_statement
    | savepoint_statement
    | release_savepoint
    | select_statement
    | sql_statement
    ;

labeled_statement
    : identifier COLON (block | loop_statement | repeat_statement | while_statement | for_statement)
    ;

// SET target = value[, ...]; any other SET (NAMES, TRANSACTION, PASSWORD, ...) is SQL.
set_statement
    : SET set_assignment (COMMA set_assignment)*
    | SET other=span
    ;

set_assignment
    : set_target (EQUALS | ASSIGN) value=span_item
    ;

// local, NEW.col, @user, @@system, @@session.system, SESSION | GLOBAL | LOCAL | PERSIST name
set_target
    : set_scope? identifier (PERIOD any_name)?
    | AT_NAME
    | SYSTEM_VAR
    ;

set_scope
    : GLOBAL | SESSION | LOCAL | PERSIST | PERSIST_ONLY
    ;

if_statement
    : IF condition=span_then THEN statements elseif_branch* else_branch? END IF
    ;

elseif_branch
    : ELSEIF condition=span_then THEN statements
    ;

else_branch
    : ELSE statements
    ;

statements
    : (statement SEMI)+
    ;

// Simple (CASE selector WHEN value THEN) or searched (CASE WHEN condition THEN).
case_statement
    : CASE selector=span_when? case_when_branch+ else_branch? END CASE
    ;

case_when_branch
    : WHEN value=span_then THEN statements
    ;

loop_statement
    : LOOP statements END LOOP identifier?
    ;

repeat_statement
    : REPEAT statements UNTIL condition=span END REPEAT identifier?
    ;

while_statement
    : WHILE condition=span_do DO statements END WHILE identifier?
    ;

// MariaDB: FOR i IN [REVERSE] low .. high DO ... END FOR; FOR rec IN cursor[(args)] | (query) DO ... END FOR
for_statement
    : FOR identifier IN REVERSE? low=span_range DOUBLE_PERIOD high=span_do DO statements END FOR identifier?
    | FOR identifier IN (qualified_name (LPAREN arguments=inner RPAREN)? | LPAREN query=inner RPAREN)
      DO statements END FOR identifier?
    ;

leave_statement
    : LEAVE identifier
    ;

iterate_statement
    : ITERATE identifier
    ;

return_statement
    : RETURN value=span
    ;

open_statement
    : OPEN identifier
    ;

// FETCH [[NEXT] FROM] cur INTO target[, ...]; MariaDB's FETCH GROUP NEXT ROW (aggregate functions).
fetch_statement
    : FETCH (NEXT? FROM)? identifier INTO variable (COMMA variable)*
    | FETCH GROUP NEXT ROW
    ;

close_statement
    : CLOSE identifier
    ;

// SIGNAL SQLSTATE [VALUE] '45000' | condition [SET item = value, ...]
signal_statement
    : SIGNAL signal_value signal_set?
    ;

resignal_statement
    : RESIGNAL signal_value? signal_set?
    ;

signal_value
    : SQLSTATE VALUE? STRING
    | identifier
    ;

signal_set
    : SET signal_item (COMMA signal_item)*
    ;

signal_item
    : identifier EQUALS value=span_item
    ;

// GET [CURRENT | STACKED] DIAGNOSTICS target = NUMBER | ROW_COUNT, ...
// GET [CURRENT | STACKED] DIAGNOSTICS CONDITION n target = MESSAGE_TEXT | RETURNED_SQLSTATE | ..., ...
get_diagnostics
    : GET (CURRENT | STACKED)? DIAGNOSTICS (CONDITION condition_number=diagnostics_number)?
      diagnostics_item (COMMA diagnostics_item)*
    ;

diagnostics_number
    : NUMBER | variable
    ;

diagnostics_item
    : variable EQUALS identifier
    ;

// PREPARE name FROM 'text' | @var (MariaDB: any expression)
prepare_statement
    : PREPARE identifier FROM source=span
    ;

// EXECUTE name [USING @a, ...]; MariaDB's EXECUTE IMMEDIATE expr [USING expr, ...]
execute_statement
    : EXECUTE identifier using_clause?
    | EXECUTE IMMEDIATE dynamic=span_using using_clause?
    ;

using_clause
    : USING span_item (COMMA span_item)*
    ;

deallocate_statement
    : (DEALLOCATE | DROP) PREPARE identifier
    ;

call_statement
    : CALL qualified_name (LPAREN inner RPAREN)?
    ;

// START TRANSACTION [WITH CONSISTENT SNAPSHOT | READ ONLY | READ WRITE, ...]
start_transaction
    : START TRANSACTION options=span?
    ;

// COMMIT [WORK] [AND [NO] CHAIN] [[NO] RELEASE]
commit_statement
    : COMMIT options=span?
    ;

rollback_statement
    : ROLLBACK WORK? TO SAVEPOINT? identifier
    | ROLLBACK options=span?
    ;

savepoint_statement
    : SAVEPOINT identifier
    ;

release_savepoint
    : RELEASE SAVEPOINT identifier
    ;

// SELECT ... [INTO target, ...] ...; WITH ... SELECT ...; (SELECT ...) ...: INTO read apart.
select_statement
    : (SELECT | WITH | LPAREN inner RPAREN) span_into? (into_clause span_into?)?
    ;

// INTO OUTFILE 'file' first: a variable may be called outfile, but is not followed by a string.
into_clause
    : INTO (OUTFILE | DUMPFILE) STRING
    | INTO variable (COMMA variable)*
    ;

// Every other statement: INSERT, REPLACE, UPDATE, DELETE, CREATE TEMPORARY TABLE, DROP, TRUNCATE, DO,
// LOCK TABLES, ...: one span up to ';'. The first token is anything that cannot start one of the
// statements above, nor end a statement list.
sql_statement
    : sql_head span?
    ;

sql_head
    : ~( SEMI | LPAREN | RPAREN | CASE | END | UNTIL | ELSE | ELSEIF | WHEN
       | DECLARE | SET | IF | LOOP | REPEAT | WHILE | FOR | LEAVE | ITERATE | RETURN | OPEN | FETCH | CLOSE
       | SIGNAL | RESIGNAL | GET | PREPARE | EXECUTE | DEALLOCATE | CALL | COMMIT | ROLLBACK
       | SAVEPOINT | RELEASE | BEGIN | SELECT | WITH | PROCEDURE | FUNCTION | SONAME )
    ;

// A local variable (or NEW.col in a trigger) or a user variable: the targets of INTO and FETCH.
variable
    : identifier (PERIOD any_name)?
    | AT_NAME
    ;

// ======================================================================================== spans

// Balanced groups: ( ... ) and CASE ... END (a CASE expression holds THEN, WHEN and ELSE of its own).
group
    : LPAREN inner RPAREN
    | CASE inner END
    ;

inner
    : (~(LPAREN | RPAREN | CASE | END | SEMI) | group)*
    ;

// Up to ';': an expression, a SQL statement, a default value, a cursor's query.
span
    : (~(SEMI | LPAREN | RPAREN | CASE | END) | group)+
    ;

// Up to THEN: IF and ELSEIF conditions, CASE WHEN values.
span_then
    : (~(THEN | SEMI | LPAREN | RPAREN | CASE | END) | group)+
    ;

// Up to WHEN: the selector of a simple CASE statement.
span_when
    : (~(WHEN | SEMI | LPAREN | RPAREN | CASE | END) | group)+
    ;

// Up to DO: a WHILE condition.
span_do
    : (~(DO | SEMI | LPAREN | RPAREN | CASE | END) | group)+
    ;

// Up to '..': the low bound of a MariaDB FOR loop.
span_range
    : (~(DOUBLE_PERIOD | DO | SEMI | LPAREN | RPAREN | CASE | END) | group)+
    ;

// Up to ',' or ';': one value of a SET list, of a SIGNAL's SET list, or a USING argument.
span_item
    : (~(COMMA | SEMI | LPAREN | RPAREN | CASE | END) | group)+
    ;

// Up to USING or ';': the statement text of EXECUTE IMMEDIATE.
span_using
    : (~(USING | SEMI | LPAREN | RPAREN | CASE | END) | group)+
    ;

// Up to INTO or ';': the parts of a SELECT around its INTO clause.
span_into
    : (~(INTO | SEMI | LPAREN | RPAREN | CASE | END) | group)+
    ;

// An event's schedule: a time or an interval, up to the next clause of CREATE EVENT.
span_schedule
    : (~(STARTS | ENDS | ON | ENABLE | DISABLE | COMMENT | DO | SEMI | LPAREN | RPAREN | CASE | END)
      | group)+
    ;

// ======================================================================================== names

qualified_name
    : identifier (PERIOD any_name)*
    ;

identifier
    : REGULAR_ID
    | QUOTED_ID
    | non_reserved
    ;

// After a '.', any word names something: NEW.end, t.status.
any_name
    : identifier
    | reserved
    ;

// Keywords that are also names (MySQL's non-reserved words: a column called data, a label called
// body). Each keyword is in exactly one of these two lists.
non_reserved
    : AFTER | AGGREGATE | AT | ATOMIC | BODY | CLOSE | COMMENT | COMMIT | COMPLETION | CONTAINS
    | CURRENT | DATA | DEALLOCATE | DEFINER | DIAGNOSTICS | DISABLE | DO | DUMPFILE | ENABLE | ENDS
    | EVENT | EVERY | EXECUTE | FOLLOWS | FOUND | GLOBAL | HANDLER | IMMEDIATE | INVOKER | LANGUAGE
    | LOCAL | NEXT | NO | OPEN | OUTFILE | PACKAGE | PERSIST | PERSIST_ONLY | PRECEDES | PREPARE
    | PRESERVE | REPLICA | REVERSE | ROLLBACK | ROW | SAVEPOINT | SCHEDULE | SECURITY | SESSION | SLAVE
    | SONAME | STACKED | START | STARTS | TRANSACTION | VALUE | WORK
    ;

reserved
    : AS | BEFORE | BEGIN | CALL | CASE | CONDITION | CONTINUE | CREATE | CURRENT_USER | CURSOR
    | DECLARE | DEFAULT | DELETE | DETERMINISTIC | DROP | EACH | ELSE | ELSEIF | END | EXISTS | EXIT
    | FETCH | FOR | FROM | FUNCTION | GET | GROUP | IF | IN | INOUT | INSERT | INTO | IS | ITERATE
    | LEAVE | LOOP | MODIFIES | NOT | ON | OR | OUT | PROCEDURE | READS | RELEASE | REPEAT | REPLACE
    | RESIGNAL | RETURN | RETURNS | SELECT | SET | SIGNAL | SQL | SQLEXCEPTION | SQLSTATE | SQLWARNING
    | THEN | TO | TRIGGER | UNDO | UNTIL | UPDATE | USING | WHEN | WHILE | WITH
    ;
