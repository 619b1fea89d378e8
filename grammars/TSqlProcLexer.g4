/*
 * Tokens of SQL Server (T-SQL) procedures, functions and triggers, for the grammar in TSqlProcParser.g4.
 *
 * Written for this project (Apache-2.0). As in PlSqlLexer.g4 and MySqlProcLexer.g4, only the words the
 * procedural structure needs are keywords; every other word is a REGULAR_ID, and SQL and expressions are
 * carried as runs of tokens, so there is no table of SQL keywords or functions here. Keywords are
 * case-insensitive.
 *
 * T-SQL's lexical rules:
 * - comments: '--' to the end of the line, and '/' '*' ... '*' '/', which nest; both go to the hidden
 *   channel (kept in the token stream, out of the parser's way);
 * - strings: '...' and N'...', a doubled quote inside; no backslash escapes;
 * - identifiers: words starting with a letter, '_' or '#' (#temp and ##global temp tables), then letters,
 *   digits, '_', '@', '$', '#'; [bracketed] with ]] for a ']'; "quoted" (QUOTED_IDENTIFIER ON) with "";
 * - @name is a local variable or parameter, @@name a system function (@@TRANCOUNT, @@ERROR, ...).
 * A character no other rule takes becomes an OTHER token, so the lexer never fails.
 *
 * Regenerate the Python code with `python grammars/build.py` after any change.
 */
lexer grammar TSqlProcLexer;

options { caseInsensitive = true; }

// ---- keywords (keep in alphabetical order; TSqlProcParser.g4 sorts each into `non_reserved` or `reserved`)

AFTER           : 'AFTER';
ALL             : 'ALL';
ALTER           : 'ALTER';
AS              : 'AS';
BEGIN           : 'BEGIN';
BREAK           : 'BREAK';
CASE            : 'CASE';
CATCH           : 'CATCH';
CLOSE           : 'CLOSE';
COMMIT          : 'COMMIT';
CONTINUE        : 'CONTINUE';
CREATE          : 'CREATE';
CURSOR          : 'CURSOR';
DEALLOCATE      : 'DEALLOCATE';
DECLARE         : 'DECLARE';
DEFAULT         : 'DEFAULT';
DELETE          : 'DELETE';
DISTRIBUTED     : 'DISTRIBUTED';
DROP            : 'DROP';
ELSE            : 'ELSE';
END             : 'END';
EXCEPT          : 'EXCEPT';
EXEC            : 'EXEC';
EXECUTE         : 'EXECUTE';
EXISTS          : 'EXISTS';
FETCH           : 'FETCH';
FOR             : 'FOR';
FROM            : 'FROM';
FUNCTION        : 'FUNCTION';
GOTO            : 'GOTO';
IF              : 'IF';
INSERT          : 'INSERT';
INSTEAD         : 'INSTEAD';
INTERSECT       : 'INTERSECT';
INTO            : 'INTO';
MERGE           : 'MERGE';
NOT             : 'NOT';
OF              : 'OF';
ON              : 'ON';
OPEN            : 'OPEN';
OR              : 'OR';
OUT             : 'OUT';
OUTPUT          : 'OUTPUT';
PRINT           : 'PRINT';
PROC            : 'PROC';
PROCEDURE       : 'PROCEDURE';
RAISERROR       : 'RAISERROR';
READONLY        : 'READONLY';
REPLICATION     : 'REPLICATION';
RETURN          : 'RETURN';
RETURNS         : 'RETURNS';
ROLLBACK        : 'ROLLBACK';
ROW             : 'ROW';
ROWS            : 'ROWS';
SAVE            : 'SAVE';
SELECT          : 'SELECT';
SET             : 'SET';
TABLE           : 'TABLE';
THEN            : 'THEN';
THROW           : 'THROW';
TRAN            : 'TRAN';
TRANSACTION     : 'TRANSACTION';
TRIGGER         : 'TRIGGER';
TRUNCATE        : 'TRUNCATE';
TRY             : 'TRY';
UNION           : 'UNION';
UPDATE          : 'UPDATE';
VALUES          : 'VALUES';
VARYING         : 'VARYING';
WAITFOR         : 'WAITFOR';
WHILE           : 'WHILE';
WITH            : 'WITH';
WORK            : 'WORK';

// ---- punctuation the structure needs; every other operator is an OPERATOR

PERIOD          : '.';
COMMA           : ',';
SEMI            : ';';
COLON           : ':';               // a label (name:); '::' is an OPERATOR
LPAREN          : '(';
RPAREN          : ')';
EQUALS          : '=';
// SET @a += 1, SELECT @s += name: compound assignment.
ASSIGN_OP       : '+=' | '-=' | '*=' | '/=' | '%=' | '&=' | '|=' | '^=';
OPERATOR        : '<>' | '!=' | '!<' | '!>' | '<=' | '>=' | '<' | '>' | '+' | '-' | '*' | '/' | '%' | '&' | '|'
                | '^' | '~' | '::' | '{' | '}';

// ---- literals, names and variables

// 'text' and N'text': a doubled quote stays inside.
STRING          : 'N'? '\'' ('\'\'' | ~'\'')* '\'';

HEX_NUMBER      : '0X' [0-9A-F]*;

// 1, 1.5, 1., .5, 1e-3, $1.50 (money)
NUMBER          : '$'? ([0-9]+ ('.' [0-9]*)? | '.' [0-9]+) ('E' [+-]? [0-9]+)?;

// @@TRANCOUNT, @@ERROR, @@ROWCOUNT, @@FETCH_STATUS, ...
SYSTEM_VAR      : '@@' ID_CHAR+;
// @name: a local variable or a parameter.
LOCAL_VAR       : '@' ID_CHAR+;

BRACKET_ID      : '[' (']]' | ~']')* ']';
QUOTED_ID       : '"' ('""' | ~'"')* '"';
REGULAR_ID      : [\p{L}_#] ID_CHAR*;
fragment ID_CHAR: [\p{L}\p{N}_@$#];

// ---- what the parser does not see

LINE_COMMENT    : '--' ~[\r\n]* -> channel(HIDDEN);
// T-SQL block comments nest: /* a /* b */ c */ is one comment.
BLOCK_COMMENT   : '/*' (BLOCK_COMMENT | .)*? '*/' -> channel(HIDDEN);
WS              : [ \t\r\n\f\u000B\u00A0\uFEFF]+ -> skip;
OTHER           : .;
