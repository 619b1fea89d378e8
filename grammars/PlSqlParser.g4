/*
 * The procedural structure of Oracle PL/SQL: units, declarations, statements, exception handlers.
 *
 * Written for this project (Apache-2.0). This grammar does not parse SQL or expressions: sqlglot does
 * that for the rest of the project. They are carried as spans, runs of tokens with balanced parentheses
 * (and balanced CASE ... END) up to the delimiter that ends them in their place. Each `span_*` rule below
 * names the delimiters it stops at; a visitor takes the text between a span's first and last token.
 *
 * Input: one code object as the script reader (converter/script.py) gives it, without the SQL*Plus '/'
 * line: CREATE [OR REPLACE] PROCEDURE | FUNCTION | PACKAGE [BODY] | TRIGGER | TYPE [BODY] ..., or an
 * anonymous block.
 *
 * Regenerate the Python code with `python grammars/build.py` after any change.
 */
parser grammar PlSqlParser;

options { tokenVocab = PlSqlLexer; }

// ======================================================================================== units

compilation_unit
    : (create_unit | anonymous_block) EOF
    ;

create_unit
    : CREATE (OR REPLACE)? (EDITIONABLE | NONEDITIONABLE)?
      ( create_procedure | create_function | create_package | create_package_body
      | create_trigger | create_type | create_type_body )
    ;

anonymous_block
    : label_declaration* block
    ;

create_procedure
    : procedure_heading (IS | AS) routine_implementation
    ;

create_function
    : function_heading ( (IS | AS) routine_implementation | AGGREGATE? USING qualified_name SEMI? )
    ;

create_package
    : PACKAGE qualified_name routine_attribute* (IS | AS) declare_item* END identifier? SEMI
    ;

create_package_body
    : PACKAGE BODY qualified_name (IS | AS) declare_item* initialization? END identifier? SEMI
    ;

// The statements a package body runs once per session, before its first use.
initialization
    : BEGIN seq_of_statements exception_section?
    ;

// ---- triggers

create_trigger
    : TRIGGER qualified_name trigger_timing trigger_event (OR trigger_event)* ON trigger_target
      referencing_clause? for_each_row? trigger_option* trigger_when? trigger_body
    ;

trigger_timing
    : BEFORE | AFTER | INSTEAD OF | FOR     // FOR: a compound trigger
    ;

// DML events, and the DDL and database events (LOGON, DROP, SERVERERROR, ...) of ON SCHEMA/DATABASE.
trigger_event
    : INSERT
    | DELETE
    | UPDATE (OF identifier (COMMA identifier)*)?
    | CREATE
    | SET? identifier+
    ;

trigger_target
    : (identifier PERIOD)? SCHEMA
    | identifier? DATABASE                  // [PLUGGABLE] DATABASE
    | (NESTED TABLE identifier OF)? qualified_name
    ;

referencing_clause
    : REFERENCING referencing_alias+
    ;

referencing_alias
    : (OLD | NEW | PARENT) AS? identifier
    ;

for_each_row
    : FOR EACH ROW
    ;

trigger_option
    : (FOLLOWS | PRECEDES) qualified_name (COMMA qualified_name)*
    | ENABLE
    | DISABLE
    ;

trigger_when
    : WHEN LPAREN inner RPAREN
    ;

trigger_body
    : COMPOUND TRIGGER declare_item* timing_point_section+ END identifier? SEMI
    | CALL qualified_name arguments? SEMI?
    | block
    ;

timing_point_section
    : timing_point IS BEGIN seq_of_statements exception_section? END timing_point SEMI
    ;

timing_point
    : (BEFORE | AFTER) STATEMENT
    | (BEFORE | AFTER) EACH ROW
    | INSTEAD OF EACH ROW
    ;

// ---- types

create_type
    : TYPE qualified_name FORCE? (OID STRING)? routine_attribute*
      ( (IS | AS) type_kind
      | UNDER qualified_name object_members
      )?
      type_modifier* SEMI?
    ;

type_kind
    : OBJECT object_members
    | collection_type
    ;

object_members
    : LPAREN type_element (COMMA type_element)* RPAREN
    ;

type_element
    : method_heading
    | PRAGMA identifier arguments
    | identifier datatype                   // an attribute
    ;

type_modifier
    : NOT? (FINAL | INSTANTIABLE | PERSISTABLE)
    ;

create_type_body
    : TYPE BODY qualified_name (IS | AS) (method_heading (IS | AS) routine_implementation)+ END SEMI?
    ;

method_heading
    : method_qualifier* method_kind (procedure_heading | function_heading)
    ;

method_qualifier
    : NOT? (OVERRIDING | FINAL | INSTANTIABLE)
    ;

method_kind
    : MEMBER | STATIC | (MAP | ORDER) MEMBER | CONSTRUCTOR
    ;

// ======================================================================================== routines

procedure_heading
    : PROCEDURE qualified_name parameter_list? routine_attribute*
    ;

function_heading
    : FUNCTION qualified_name parameter_list? return_clause routine_attribute*
    ;

return_clause
    : RETURN SELF AS RESULT                 // a type's constructor
    | RETURN datatype
    ;

parameter_list
    : LPAREN parameter (COMMA parameter)* RPAREN
    ;

parameter
    : identifier parameter_mode? datatype ((ASSIGN | DEFAULT) default_value=span_item)?
    ;

parameter_mode
    : IN OUT? NOCOPY?
    | OUT NOCOPY?
    ;

routine_attribute
    : AUTHID (CURRENT_USER | DEFINER)
    | ACCESSIBLE BY arguments
    | DETERMINISTIC
    | PIPELINED
    | PARALLEL_ENABLE arguments?
    | RESULT_CACHE (identifier arguments)?  // RELIES_ON (...)
    | SQL_MACRO arguments?
    | SHARING EQUALS identifier
    | DEFAULT COLLATION identifier
    ;

// A body, or a call specification (LANGUAGE JAVA NAME '...', EXTERNAL ...) kept as a span.
routine_implementation
    : declare_item* body
    | call_spec
    ;

call_spec
    : (LANGUAGE | EXTERNAL) span SEMI
    ;

// ======================================================================================== blocks

block
    : (DECLARE declare_item*)? body
    ;

body
    : BEGIN seq_of_statements exception_section? END identifier? SEMI
    ;

exception_section
    : EXCEPTION exception_handler+
    ;

exception_handler
    : WHEN exception_name (OR exception_name)* THEN seq_of_statements
    ;

exception_name
    : OTHERS
    | qualified_name
    ;

// ======================================================================================== declarations

declare_item
    : variable_declaration
    | exception_declaration
    | type_definition
    | subtype_definition
    | cursor_definition
    | pragma_declaration
    | procedure_declaration
    | function_declaration
    | cc_block
    ;

variable_declaration
    : identifier CONSTANT? datatype (NOT NULL)? ((ASSIGN | DEFAULT) default_value=span)? SEMI
    ;

exception_declaration
    : identifier EXCEPTION SEMI
    ;

type_definition
    : TYPE identifier (IS | AS) (record_type | collection_type | ref_cursor_type) SEMI
    ;

record_type
    : RECORD LPAREN record_field (COMMA record_field)* RPAREN
    ;

record_field
    : identifier datatype (NOT NULL)? ((ASSIGN | DEFAULT) default_value=span_item)?
    ;

collection_type
    : TABLE OF datatype (NOT NULL)? (INDEX BY index_type=datatype)?
    | (VARRAY | VARYING ARRAY) LPAREN limit=inner RPAREN OF datatype (NOT NULL)?
    ;

ref_cursor_type
    : REF CURSOR (RETURN datatype)?
    ;

subtype_definition
    : SUBTYPE identifier IS datatype (RANGE low=span_bound DOUBLE_PERIOD high=span_bound)? (NOT NULL)? SEMI
    ;

cursor_definition
    : CURSOR identifier parameter_list? (RETURN datatype)? (IS query=span)? SEMI
    ;

pragma_declaration
    : PRAGMA identifier arguments? SEMI
    ;

// A forward declaration (heading ';') or a nested procedure or function.
procedure_declaration
    : procedure_heading (SEMI | (IS | AS) routine_implementation)
    ;

function_declaration
    : function_heading (SEMI | (IS | AS) routine_implementation)
    ;

// A type as written: NUMBER(10,2), VARCHAR2(30 CHAR), emp.sal%TYPE, emp%ROWTYPE, REF obj_t,
// TIMESTAMP(6) WITH LOCAL TIME ZONE, INTERVAL DAY TO SECOND, CHARACTER SET ANY_CS, pkg.rec_t.
datatype
    : REF? type_word (type_word | PERIOD any_name | LPAREN inner RPAREN | AT_SIGN any_name)*
      (PERCENT (TYPE | ROWTYPE | identifier))?
    ;

type_word
    : identifier | WITH | TO | SET | VARYING
    ;

// ======================================================================================== statements

seq_of_statements
    : (label_declaration* (statement | cc_block))+
    ;

label_declaration
    : LABEL_START identifier LABEL_END
    ;

statement
    : assignment_statement
    | call_statement
    | if_statement
    | case_statement
    | basic_loop
    | while_loop
    | numeric_for_loop
    | cursor_for_loop
    | forall_statement
    | exit_statement
    | continue_statement
    | goto_statement
    | null_statement
    | return_statement
    | raise_statement
    | open_statement
    | open_for_statement
    | fetch_statement
    | close_statement
    | execute_immediate
    | sql_statement
    | commit_statement
    | rollback_statement
    | savepoint_statement
    | set_transaction
    | lock_table
    | pipe_row_statement
    | block
    ;

// x := ...; rec.field := ...; tab(i).field := ...; :NEW.col := ...;
assignment_statement
    : target ASSIGN value=span SEMI
    ;

target
    : (identifier | BINDVAR) (PERIOD any_name | LPAREN inner RPAREN)*
    ;

// proc; pkg.proc(args); obj.method(args).other(args);
call_statement
    : qualified_name (arguments (PERIOD any_name arguments?)*)? SEMI
    ;

if_statement
    : IF condition=span_then THEN seq_of_statements elsif_branch* else_branch? END IF SEMI
    ;

elsif_branch
    : ELSIF condition=span_then THEN seq_of_statements
    ;

else_branch
    : ELSE seq_of_statements
    ;

// Simple (CASE selector WHEN value THEN) or searched (CASE WHEN condition THEN).
case_statement
    : CASE selector=span_when? case_when_branch+ else_branch? END CASE identifier? SEMI
    ;

case_when_branch
    : WHEN value=span_then THEN seq_of_statements
    ;

basic_loop
    : loop_body
    ;

while_loop
    : WHILE condition=span_loop loop_body
    ;

numeric_for_loop
    : FOR identifier IN REVERSE? low=span_bound DOUBLE_PERIOD high=span_bound loop_body
    ;

// FOR r IN (SELECT ...) LOOP, FOR r IN cur LOOP, FOR r IN cur(args) LOOP
cursor_for_loop
    : FOR identifier IN (LPAREN query=inner RPAREN | qualified_name arguments?) loop_body
    ;

loop_body
    : LOOP seq_of_statements END LOOP identifier? SEMI
    ;

forall_statement
    : FORALL identifier IN forall_bounds (SAVE EXCEPTIONS)? (sql_statement | execute_immediate)
    ;

forall_bounds
    : low=span_bound DOUBLE_PERIOD high=span_bound
    | INDICES OF qualified_name (BETWEEN low=span_bound AND high=span_bound)?
    | VALUES OF qualified_name
    ;

exit_statement
    : EXIT identifier? (WHEN condition=span)? SEMI
    ;

continue_statement
    : CONTINUE identifier? (WHEN condition=span)? SEMI
    ;

goto_statement
    : GOTO identifier SEMI
    ;

null_statement
    : NULL SEMI
    ;

return_statement
    : RETURN value=span? SEMI
    ;

raise_statement
    : RAISE qualified_name? SEMI
    ;

open_statement
    : OPEN qualified_name arguments? SEMI
    ;

// OPEN c FOR SELECT ...; or OPEN c FOR dynamic_sql_expression [USING ...];
open_for_statement
    : OPEN target FOR (query=sql_text | dynamic=span_dynamic using_clause?) SEMI
    ;

fetch_statement
    : FETCH qualified_name into_clause (LIMIT limit=span)? SEMI
    ;

close_statement
    : CLOSE qualified_name SEMI
    ;

execute_immediate
    : EXECUTE IMMEDIATE dynamic=span_dynamic into_clause? using_clause? returning_clause? SEMI
    ;

into_clause
    : (BULK COLLECT)? INTO target (COMMA target)*
    ;

using_clause
    : USING using_argument (COMMA using_argument)*
    ;

using_argument
    : parameter_mode? span_using
    ;

returning_clause
    : (RETURNING | RETURN) into_clause
    ;

// SELECT ... INTO ..., INSERT, UPDATE, DELETE, MERGE (with RETURNING INTO): the SQL is one span.
sql_statement
    : sql_text SEMI
    ;

sql_text
    : (SELECT | WITH | INSERT | UPDATE | DELETE | MERGE) span
    ;

commit_statement
    : COMMIT span? SEMI
    ;

rollback_statement
    : ROLLBACK WORK? (TO SAVEPOINT? identifier)? SEMI
    ;

savepoint_statement
    : SAVEPOINT identifier SEMI
    ;

set_transaction
    : SET TRANSACTION span SEMI
    ;

lock_table
    : LOCK TABLE span SEMI
    ;

pipe_row_statement
    : PIPE ROW LPAREN value=inner RPAREN SEMI
    ;

// $IF cond $THEN ... [$ELSIF cond $THEN ...] [$ELSE ...] $END, and $ERROR msg $END. The branches are
// kept as tokens: whichever holds, the text is reported for a person to resolve.
cc_block
    : PP_IF cc_text PP_THEN cc_text (PP_ELSIF cc_text PP_THEN cc_text)* (PP_ELSE cc_text)? PP_END
    | PP_ERROR cc_text PP_END
    ;

cc_text
    : (~(PP_IF | PP_THEN | PP_ELSIF | PP_ELSE | PP_END | PP_ERROR) | cc_block)*
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

arguments
    : LPAREN inner RPAREN
    ;

// Up to ';': an expression (x := <span>;), a SQL statement, a call specification.
span
    : (~(SEMI | LPAREN | RPAREN | CASE | END) | group)+
    ;

// Up to THEN: IF and ELSIF conditions, CASE WHEN values.
span_then
    : (~(THEN | SEMI | LPAREN | RPAREN | CASE | END) | group)+
    ;

// Up to WHEN: the selector of a simple CASE statement.
span_when
    : (~(WHEN | SEMI | LPAREN | RPAREN | CASE | END) | group)+
    ;

// Up to LOOP: a WHILE condition.
span_loop
    : (~(LOOP | SEMI | LPAREN | RPAREN | CASE | END) | group)+
    ;

// A loop or FORALL bound, or a SUBTYPE range: up to '..', LOOP, AND, NOT or the DML FORALL runs.
span_bound
    : (~( DOUBLE_PERIOD | LOOP | AND | BETWEEN | NOT | SAVE | INSERT | UPDATE | DELETE | MERGE | EXECUTE
        | SEMI | LPAREN | RPAREN | CASE | END) | group)+
    ;

// One item of a list in parentheses (a parameter's default): up to ',' or ')'.
span_item
    : (~(COMMA | SEMI | LPAREN | RPAREN | CASE | END) | group)+
    ;

// The statement string of EXECUTE IMMEDIATE or OPEN FOR: up to INTO, USING, RETURNING or ';'.
span_dynamic
    : (~( INTO | BULK | USING | RETURNING | RETURN | SELECT | WITH
        | SEMI | LPAREN | RPAREN | CASE | END) | group)+
    ;

// One bind argument of a USING clause: up to ',', RETURNING or ';'.
span_using
    : (~(COMMA | RETURNING | RETURN | SEMI | LPAREN | RPAREN | CASE | END) | group)+
    ;

// ======================================================================================== names

qualified_name
    : identifier (PERIOD any_name)* (AT_SIGN any_name (PERIOD any_name)*)?
    ;

identifier
    : REGULAR_ID
    | QUOTED_ID
    | non_reserved
    ;

// After a '.', any word names something: rec.type, tab.delete, :new.limit.
any_name
    : identifier
    | reserved
    ;

// Keywords that are also names (a parameter called parent, a variable called result). A keyword is
// here only when no rule could read it either way; each keyword is in exactly one of these two lists.
non_reserved
    : ARRAY | BODY | BULK | CALL | COLLATION | COLLECT | COMPOUND | CURRENT_USER | DATABASE | DEFINER
    | DISABLE | EACH | EDITIONABLE | ENABLE | EXCEPTIONS | EXTERNAL | FOLLOWS | FORCE | IMMEDIATE
    | INDICES | LANGUAGE | LIMIT | MAP | MEMBER | NESTED | NEW | NONEDITIONABLE | OBJECT | OID | OLD
    | PARENT | PERSISTABLE | PRECEDES | RECORD | REPLACE | RESULT | ROW | ROWTYPE | SAVE | SCHEMA | SELF
    | STATEMENT | STATIC | TRANSACTION | UNDER | WORK
    ;

reserved
    : ACCESSIBLE | AFTER | AGGREGATE | AND | AS | AUTHID | BEFORE | BEGIN | BETWEEN | BY | CASE | CLOSE
    | COMMIT | CONSTANT | CONSTRUCTOR | CONTINUE | CREATE | CURSOR | DECLARE | DEFAULT | DELETE
    | DETERMINISTIC | ELSE | ELSIF | END | EXCEPTION | EXECUTE | EXIT | FETCH | FINAL | FOR | FORALL
    | FUNCTION | GOTO | IF | IN | INDEX | INSERT | INSTANTIABLE | INSTEAD | INTO | IS | LOCK | LOOP
    | MERGE | NOCOPY | NOT | NULL | OF | ON | OPEN | OR | ORDER | OTHERS | OUT | OVERRIDING | PACKAGE
    | PARALLEL_ENABLE | PIPE | PIPELINED | PRAGMA | PROCEDURE | RAISE | RANGE | REF | REFERENCING
    | RESULT_CACHE | RETURN | RETURNING | REVERSE | ROLLBACK | SAVEPOINT | SELECT | SET | SHARING
    | SQL_MACRO | SUBTYPE | TABLE | THEN | TO | TRIGGER | TYPE | UPDATE | USING | VALUES | VARRAY
    | VARYING | WHEN | WHILE | WITH
    ;
