/*
 * Tokens of MySQL and MariaDB stored programs, for the procedural grammar in MySqlProcParser.g4.
 *
 * Written for this project (Apache-2.0). As in PlSqlLexer.g4, only the words the procedural structure
 * needs are keywords; every other word is a REGULAR_ID, and SQL and expressions are carried as runs of
 * tokens, so there is no table of SQL keywords or functions here. Keywords are case-insensitive.
 *
 * MySQL's lexical rules, as the server applies them with the default sql_mode:
 * - comments: '#' to the end of the line, '-- ' (two dashes and a blank or control character) to the end
 *   of the line, and C-style comments; all go to the hidden channel (kept in the token stream, out of the
 *   parser's way). A versioned comment, '/' '*' '!' 50003 ... '*' '/' (MariaDB: '/' '*' 'M!' ...), is
 *   code the server runs: only its opening and closing marks are hidden, so what is inside is parsed.
 *   A '*' '/' outside comments is hidden too: MySQL code has it only there, or in the rare case of a
 *   product written right before a comment without a blank, which this lexer misreads.
 * - strings: '...' and "..." (ANSI_QUOTES off), with backslash escapes and doubled quotes;
 * - identifiers: words, or `quoted` with `` for a backtick;
 * - @name, @'name', @`name` are user variables; @@name, @@session.name, @@global.name system variables.
 *   A DEFINER's user@host reads as a name or string followed by an AT_NAME.
 * A character no other rule takes becomes an OTHER token, so the lexer never fails.
 *
 * Regenerate the Python code with `python grammars/build.py` after any change.
 */
lexer grammar MySqlProcLexer;

options { caseInsensitive = true; }

// ---- keywords (keep in alphabetical order; MySqlProcParser.g4 sorts each into `non_reserved` or `reserved`)

AFTER           : 'AFTER';
AGGREGATE       : 'AGGREGATE';
AS              : 'AS';
AT              : 'AT';
ATOMIC          : 'ATOMIC';
BEFORE          : 'BEFORE';
BEGIN           : 'BEGIN';
BODY            : 'BODY';
CALL            : 'CALL';
CASE            : 'CASE';
CLOSE           : 'CLOSE';
COMMENT         : 'COMMENT';
COMMIT          : 'COMMIT';
COMPLETION      : 'COMPLETION';
CONDITION       : 'CONDITION';
CONTAINS        : 'CONTAINS';
CONTINUE        : 'CONTINUE';
CREATE          : 'CREATE';
CURRENT         : 'CURRENT';
CURRENT_USER    : 'CURRENT_USER';
CURSOR          : 'CURSOR';
DATA            : 'DATA';
DEALLOCATE      : 'DEALLOCATE';
DECLARE         : 'DECLARE';
DEFAULT         : 'DEFAULT';
DEFINER         : 'DEFINER';
DELETE          : 'DELETE';
DETERMINISTIC   : 'DETERMINISTIC';
DIAGNOSTICS     : 'DIAGNOSTICS';
DISABLE         : 'DISABLE';
DO              : 'DO';
DROP            : 'DROP';
DUMPFILE        : 'DUMPFILE';
EACH            : 'EACH';
ELSE            : 'ELSE';
ELSEIF          : 'ELSEIF';
ENABLE          : 'ENABLE';
END             : 'END';
ENDS            : 'ENDS';
EVENT           : 'EVENT';
EVERY           : 'EVERY';
EXECUTE         : 'EXECUTE';
EXISTS          : 'EXISTS';
EXIT            : 'EXIT';
FETCH           : 'FETCH';
FOLLOWS         : 'FOLLOWS';
FOR             : 'FOR';
FOUND           : 'FOUND';
FROM            : 'FROM';
FUNCTION        : 'FUNCTION';
GET             : 'GET';
GLOBAL          : 'GLOBAL';
GROUP           : 'GROUP';
HANDLER         : 'HANDLER';
IF              : 'IF';
IMMEDIATE       : 'IMMEDIATE';
IN              : 'IN';
INOUT           : 'INOUT';
INSERT          : 'INSERT';
INTO            : 'INTO';
INVOKER         : 'INVOKER';
IS              : 'IS';
ITERATE         : 'ITERATE';
LANGUAGE        : 'LANGUAGE';
LEAVE           : 'LEAVE';
LOCAL           : 'LOCAL';
LOOP            : 'LOOP';
MODIFIES        : 'MODIFIES';
NEXT            : 'NEXT';
NO              : 'NO';
NOT             : 'NOT';
ON              : 'ON';
OPEN            : 'OPEN';
OR              : 'OR';
OUT             : 'OUT';
OUTFILE         : 'OUTFILE';
PACKAGE         : 'PACKAGE';
PERSIST         : 'PERSIST';
PERSIST_ONLY    : 'PERSIST_ONLY';
PRECEDES        : 'PRECEDES';
PREPARE         : 'PREPARE';
PRESERVE        : 'PRESERVE';
PROCEDURE       : 'PROCEDURE';
READS           : 'READS';
RELEASE         : 'RELEASE';
REPEAT          : 'REPEAT';
REPLACE         : 'REPLACE';
REPLICA         : 'REPLICA';
RESIGNAL        : 'RESIGNAL';
RETURN          : 'RETURN';
RETURNS         : 'RETURNS';
REVERSE         : 'REVERSE';
ROLLBACK        : 'ROLLBACK';
ROW             : 'ROW';
SAVEPOINT       : 'SAVEPOINT';
SCHEDULE        : 'SCHEDULE';
SECURITY        : 'SECURITY';
SELECT          : 'SELECT';
SESSION         : 'SESSION';
SET             : 'SET';
SIGNAL          : 'SIGNAL';
SLAVE           : 'SLAVE';
SONAME          : 'SONAME';
SQL             : 'SQL';
SQLEXCEPTION    : 'SQLEXCEPTION';
SQLSTATE        : 'SQLSTATE';
SQLWARNING      : 'SQLWARNING';
STACKED         : 'STACKED';
START           : 'START';
STARTS          : 'STARTS';
THEN            : 'THEN';
TO              : 'TO';
TRANSACTION     : 'TRANSACTION';
TRIGGER         : 'TRIGGER';
UNDO            : 'UNDO';
UNTIL           : 'UNTIL';
UPDATE          : 'UPDATE';
USING           : 'USING';
VALUE           : 'VALUE';
WHEN            : 'WHEN';
WHILE           : 'WHILE';
WITH            : 'WITH';
WORK            : 'WORK';

// ---- punctuation the structure needs; every other operator is an OPERATOR

ASSIGN          : ':=';
DOUBLE_PERIOD   : '..';
PERIOD          : '.';
COMMA           : ',';
SEMI            : ';';
COLON           : ':';
LPAREN          : '(';
RPAREN          : ')';
EQUALS          : '=';
OPERATOR        : '<=>' | '<>' | '!=' | '<=' | '>=' | '<' | '>' | '+' | '-' | '*' | '/' | '%' | '&&' | '||'
                | '!' | '~' | '^' | '|' | '&' | '<<' | '>>' | '->' | '->>' | '?' | '{' | '}';

// ---- literals, names and variables

// 'text' and "text": a quote doubled or escaped with a backslash stays inside.
STRING          : '\'' ('\\' . | '\'\'' | ~['\\])* '\''
                | '"' ('\\' . | '""' | ~["\\])* '"'
                ;

// 0x1F and 0b101 before NUMBER, which would take their leading 0.
HEX_NUMBER      : '0X' [0-9A-F]+ | '0B' [01]+;

// 1, 1.5, .5, 1e-3; '1.' is left to PERIOD so that MariaDB's FOR i IN 1..10 reads as 1 .. 10.
NUMBER          : ([0-9]+ ('.' [0-9]+)? | '.' [0-9]+) ('E' [+-]? [0-9]+)?;

// @@name, @@session.name, @@global.name: a system variable.
SYSTEM_VAR      : '@@' ID_CHAR+ ('.' ID_CHAR+)?;
// @name, @'name', @"name", @`name`: a user variable, or the host part of a DEFINER's user@host.
AT_NAME         : '@' ( [\p{L}\p{N}_$.]+ | '\'' ('\\' . | '\'\'' | ~['\\])* '\'' | '"' ~'"'* '"' | QUOTED_ID );

QUOTED_ID       : '`' ('``' | ~'`')* '`';
REGULAR_ID      : [\p{L}_$] ID_CHAR*;
fragment ID_CHAR: [\p{L}\p{N}_$];

// ---- what the parser does not see

LINE_COMMENT    : ('#' ~[\n]* | '--' [ \t\f\r] ~[\n]* | '--' '\n') -> channel(HIDDEN);
// Not /*! nor /*M!: those are versioned comments, code the server runs.
BLOCK_COMMENT   : ('/**/' | '/*' ~[!M] .*? '*/' | '/*M' ~[!] .*? '*/') -> channel(HIDDEN);
VERSION_OPEN    : ('/*!' | '/*M!') [0-9]* -> channel(HIDDEN);
VERSION_CLOSE   : '*/' -> channel(HIDDEN);
WS              : [ \t\r\n\f\u000B\u00A0\uFEFF]+ -> skip;
OTHER           : .;
