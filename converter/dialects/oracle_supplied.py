"""Calls into Oracle-supplied packages with an exact PL/pgSQL form, and what to say about the others.

`supplied_call_statement(package, procedure, args)` is the PL/pgSQL statement for a procedure call whose
meaning PostgreSQL has (`DBMS_LOB.APPEND(d, s)` -> `d := d || s;`), or None. The arguments are the texts of
the already converted argument expressions, in order; a call with named arguments (`x => ...`) or another
number of arguments is None. `advice(package, member)` is the message for a call that stays a finding
(OR398 in SQL, OR417 in PL/SQL): what to use on PostgreSQL.

LOBs are values on PostgreSQL (a CLOB is text, a BLOB bytea), so the DBMS_LOB procedures that change a LOB
in place become assignments to the variable, and those that manage a locator (temporary LOBs, OPEN/CLOSE)
become assignments or nothing. Functions of DBMS_LOB in expressions are rewritten by
converter.dialects.oracle_sql (rule OR349).
"""

from __future__ import annotations

import re

__all__ = ["BFILE_ADVICE", "CONSTANTS", "advice", "supplied_call_statement"]

# Constants of supplied packages and their values (PL/SQL Packages and Types Reference, DBMS_LOB Constants):
# in an expression, the value is exact.
CONSTANTS: dict[tuple[str, str], str] = {
    ("DBMS_LOB", "FILE_READONLY"): "0", ("DBMS_LOB", "LOB_READONLY"): "0", ("DBMS_LOB", "LOB_READWRITE"): "1",
    ("DBMS_LOB", "LOBMAXSIZE"): "18446744073709551615", ("DBMS_LOB", "SESSION"): "10", ("DBMS_LOB", "CALL"): "12",
}

BFILE_ADVICE = ("a BFILE is a file outside the database: read it on the server with pg_read_binary_file (bytes) "
                "or pg_read_file (text) (superuser or pg_read_server_files), or load it into a bytea or text "
                "column")

# DBMS_LOB members that work on BFILEs (files outside the database).
BFILE_MEMBERS = frozenset({"FILEOPEN", "FILECLOSE", "FILECLOSEALL", "FILEEXISTS", "FILEGETNAME", "FILEISOPEN",
                           "LOADFROMFILE", "LOADBLOBFROMFILE", "LOADCLOBFROMFILE"})

PACKAGE_ADVICE: dict[str, str] = {
    "DBMS_LOB": "use the text and bytea functions and operators (substr, length, position, overlay, ||)",
    "DBMS_XDB": "the XML DB repository (folders, resources, ACLs, its configuration) has no PostgreSQL "
                "counterpart: keep the documents in a table with an xml or bytea column",
    "DBMS_XDB_VERSION": "the XML DB repository has no PostgreSQL counterpart",
    "DBMS_XMLDOM": "PostgreSQL has no DOM API for xml values: read them with xpath() or XMLTABLE and build "
                   "them with XMLELEMENT, XMLFOREST and XMLAGG",
    "DBMS_XMLSCHEMA": "PostgreSQL does not register XML schemas or validate xml values against them: validate "
                      "in the application",
    "DBMS_XMLGEN": "build the XML with XMLELEMENT, XMLFOREST and XMLAGG, or with query_to_xml()",
    "DBMS_XMLPARSER": "parse text with XMLPARSE(DOCUMENT ...) or a cast to xml",
    "DBMS_XSLPROCESSOR": "XSLT needs the xml2 extension (xslt_process) or the application",
    "DBMS_XMLSTORE": "write rows from XML with INSERT ... SELECT ... FROM XMLTABLE(...)",
    "MDSYS": "Oracle Spatial types and functions need PostGIS and a manual conversion (see OR111)",
}


def advice(package: str, member: str = "") -> str:
    """What to use on PostgreSQL instead of `package.member` (generic advice for unknown packages)."""
    package, member = package.upper(), member.upper()
    if package == "DBMS_LOB" and member in BFILE_MEMBERS or (not package and member == "BFILENAME"):
        return BFILE_ADVICE
    return PACKAGE_ADVICE.get(package, "rewrite it with PostgreSQL features")


def _dbms_lob(procedure: str, args: list[str]) -> str | None:
    n = len(args)
    if procedure == "APPEND" and n == 2:                        # APPEND(dest_lob, src_lob)
        dest, src = args
        return f"{dest} := {dest} || {src};"
    if procedure == "WRITEAPPEND" and n == 3:                   # WRITEAPPEND(lob, amount, buffer)
        lob, amount, buffer = args
        return f"{lob} := {lob} || substr({buffer}, 1, ({amount})::integer);"
    if procedure == "TRIM" and n == 2:                          # TRIM(lob, newlen)
        lob, newlen = args
        return f"{lob} := substr({lob}, 1, ({newlen})::integer);"
    if procedure == "CREATETEMPORARY" and n in (2, 3):          # CREATETEMPORARY(lob, cache[, dur]): empty
        return f"{args[0]} := '';"
    if procedure == "FREETEMPORARY" and n == 1:
        return f"{args[0]} := NULL;"
    if procedure in ("OPEN", "CLOSE") and n in (1, 2) and (procedure == "OPEN") == (n == 2):
        return "NULL;"                                          # a value needs no opening
    return None


_NAMED = re.compile(r"^\s*[A-Za-z_][\w$#]*\s*=>")


def supplied_call_statement(package: str, procedure: str, args: list[str]) -> str | None:
    """The PL/pgSQL statement for `package.procedure(args)` (converted argument texts), or None."""
    if any(_NAMED.match(a) for a in args):
        return None
    if package.upper() == "DBMS_LOB":
        return _dbms_lob(procedure.upper(), [a.strip() for a in args])
    return None
