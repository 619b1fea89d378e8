/*
 * Tokens of Oracle PL/SQL, for the procedural grammar in PlSqlParser.g4.
 *
 * Written for this project (Apache-2.0). Only the words the procedural structure needs are keywords;
 * every other word is a REGULAR_ID, and SQL and expressions are carried as runs of tokens, so this lexer
 * needs no table of SQL keywords or functions. Keywords are case-insensitive. Comments go to the hidden
 * channel (kept in the token stream, out of the parser's way); white space is dropped. A character no
 * other rule takes becomes an OTHER token, so the lexer never fails: anything odd is the parser's to
 * report, with its position.
 *
 * Regenerate the Python code with `python grammars/build.py` after any change.
 */
lexer grammar PlSqlLexer;

options { caseInsensitive = true; }

// ---- keywords (keep in alphabetical order; PlSqlParser.g4 sorts each into `non_reserved` or `reserved`)

ACCESSIBLE      : 'ACCESSIBLE';
AFTER           : 'AFTER';
AGGREGATE       : 'AGGREGATE';
AND             : 'AND';
ARRAY           : 'ARRAY';
AS              : 'AS';
AUTHID          : 'AUTHID';
BEFORE          : 'BEFORE';
BEGIN           : 'BEGIN';
BETWEEN         : 'BETWEEN';
BODY            : 'BODY';
BULK            : 'BULK';
BY              : 'BY';
CALL            : 'CALL';
CASE            : 'CASE';
CLOSE           : 'CLOSE';
COLLATION       : 'COLLATION';
COLLECT         : 'COLLECT';
COMMIT          : 'COMMIT';
COMPOUND        : 'COMPOUND';
CONSTANT        : 'CONSTANT';
CONSTRUCTOR     : 'CONSTRUCTOR';
CONTINUE        : 'CONTINUE';
CREATE          : 'CREATE';
CURRENT_USER    : 'CURRENT_USER';
CURSOR          : 'CURSOR';
DATABASE        : 'DATABASE';
DECLARE         : 'DECLARE';
DEFAULT         : 'DEFAULT';
DEFINER         : 'DEFINER';
DELETE          : 'DELETE';
DETERMINISTIC   : 'DETERMINISTIC';
DISABLE         : 'DISABLE';
EACH            : 'EACH';
EDITIONABLE     : 'EDITIONABLE';
ELSE            : 'ELSE';
ELSIF           : 'ELSIF';
ENABLE          : 'ENABLE';
END             : 'END';
EXCEPTION       : 'EXCEPTION';
EXCEPTIONS      : 'EXCEPTIONS';
EXECUTE         : 'EXECUTE';
EXIT            : 'EXIT';
EXTERNAL        : 'EXTERNAL';
FETCH           : 'FETCH';
FINAL           : 'FINAL';
FOLLOWS         : 'FOLLOWS';
FOR             : 'FOR';
FORALL          : 'FORALL';
FORCE           : 'FORCE';
FUNCTION        : 'FUNCTION';
GOTO            : 'GOTO';
IF              : 'IF';
IMMEDIATE       : 'IMMEDIATE';
IN              : 'IN';
INDEX           : 'INDEX';
INDICES         : 'INDICES';
INSERT          : 'INSERT';
INSTANTIABLE    : 'INSTANTIABLE';
INSTEAD         : 'INSTEAD';
INTO            : 'INTO';
IS              : 'IS';
LANGUAGE        : 'LANGUAGE';
LIMIT           : 'LIMIT';
LOCK            : 'LOCK';
LOOP            : 'LOOP';
MAP             : 'MAP';
MEMBER          : 'MEMBER';
MERGE           : 'MERGE';
NESTED          : 'NESTED';
NEW             : 'NEW';
NOCOPY          : 'NOCOPY';
NONEDITIONABLE  : 'NONEDITIONABLE';
NOT             : 'NOT';
NULL            : 'NULL';
OBJECT          : 'OBJECT';
OF              : 'OF';
OID             : 'OID';
OLD             : 'OLD';
ON              : 'ON';
OPEN            : 'OPEN';
OR              : 'OR';
ORDER           : 'ORDER';
OTHERS          : 'OTHERS';
OUT             : 'OUT';
OVERRIDING      : 'OVERRIDING';
PACKAGE         : 'PACKAGE';
PARALLEL_ENABLE : 'PARALLEL_ENABLE';
PARENT          : 'PARENT';
PERSISTABLE     : 'PERSISTABLE';
PIPE            : 'PIPE';
PIPELINED       : 'PIPELINED';
PRAGMA          : 'PRAGMA';
PRECEDES        : 'PRECEDES';
PROCEDURE       : 'PROCEDURE';
RAISE           : 'RAISE';
RANGE           : 'RANGE';
RECORD          : 'RECORD';
REF             : 'REF';
REFERENCING     : 'REFERENCING';
REPLACE         : 'REPLACE';
RESULT          : 'RESULT';
RESULT_CACHE    : 'RESULT_CACHE';
RETURN          : 'RETURN';
RETURNING       : 'RETURNING';
REVERSE         : 'REVERSE';
ROLLBACK        : 'ROLLBACK';
ROW             : 'ROW';
ROWTYPE         : 'ROWTYPE';
SAVE            : 'SAVE';
SAVEPOINT       : 'SAVEPOINT';
SCHEMA          : 'SCHEMA';
SELECT          : 'SELECT';
SELF            : 'SELF';
SET             : 'SET';
SHARING         : 'SHARING';
SQL_MACRO       : 'SQL_MACRO';
STATEMENT       : 'STATEMENT';
STATIC          : 'STATIC';
SUBTYPE         : 'SUBTYPE';
TABLE           : 'TABLE';
THEN            : 'THEN';
TO              : 'TO';
TRANSACTION     : 'TRANSACTION';
TRIGGER         : 'TRIGGER';
TYPE            : 'TYPE';
UNDER           : 'UNDER';
UPDATE          : 'UPDATE';
USING           : 'USING';
VALUES          : 'VALUES';
VARRAY          : 'VARRAY';
VARYING         : 'VARYING';
WHEN            : 'WHEN';
WHILE           : 'WHILE';
WITH            : 'WITH';
WORK            : 'WORK';

// ---- conditional compilation: $IF ... $THEN ... $ELSIF ... $ELSE ... $END, $ERROR ... $END, $$name

PP_IF           : '$IF';
PP_THEN         : '$THEN';
PP_ELSIF        : '$ELSIF';
PP_ELSE         : '$ELSE';
PP_END          : '$END';
PP_ERROR        : '$ERROR';
PP_INQUIRY      : '$$' ID_CHAR+;

// ---- punctuation the structure needs; every other operator is an OPERATOR

ASSIGN          : ':=';
ARROW           : '=>';
DOUBLE_PERIOD   : '..';
PERIOD          : '.';
COMMA           : ',';
SEMI            : ';';
LPAREN          : '(';
RPAREN          : ')';
PERCENT         : '%';
AT_SIGN         : '@';
EQUALS          : '=';
LABEL_START     : '<<';
LABEL_END       : '>>';
OPERATOR        : '<>' | '!=' | '^=' | '~=' | '<=' | '>=' | '<' | '>' | '+' | '-' | '*' | '**' | '/' | '||'
                | '?' | '&' | '&&' | ':';

// ---- literals and names

// 'text' with '' for a quote; N'...' (national); Q'<delim>...<delim>' with any of the usual delimiters.
STRING          : 'N'? '\'' ('\'\'' | ~'\'')* '\''
                | 'N'? 'Q\'' Q_BODY '\''
                ;
fragment Q_BODY : '[' .*? ']' | '{' .*? '}' | '(' .*? ')' | '<' .*? '>'
                | '!' .*? '!' | '#' .*? '#' | '|' .*? '|' | '/' .*? '/' | '~' .*? '~' | '^' .*? '^'
                | '@' .*? '@' | '%' .*? '%' | '*' .*? '*' | '+' .*? '+' | '-' .*? '-' | '=' .*? '='
                | '"' .*? '"' | ':' .*? ':' | '?' .*? '?' | '$' .*? '$' | '\\' .*? '\\' | '`' .*? '`'
                | '.' .*? '.' | ',' .*? ','
                ;

// 1, 1.5, .5, 1e-3, 2.5F; '1.' is left to PERIOD so that '1..10' reads as 1 .. 10.
NUMBER          : ([0-9]+ ('.' [0-9]+)? | '.' [0-9]+) ('E' [+-]? [0-9]+)? [FD]?;

// :name or :1, a bind variable or a trigger's :NEW / :OLD.
BINDVAR         : ':' (ID_CHAR+ | QUOTED_ID);

QUOTED_ID       : '"' ~'"'* '"';
REGULAR_ID      : [\p{L}] ID_CHAR*;
fragment ID_CHAR: [\p{L}\p{N}_$#];

// ---- what the parser does not see

LINE_COMMENT    : '--' ~[\n]* -> channel(HIDDEN);
BLOCK_COMMENT   : '/*' .*? '*/' -> channel(HIDDEN);
WS              : [ \t\r\n\f\u000B\u00A0\uFEFF]+ -> skip;
OTHER           : .;
