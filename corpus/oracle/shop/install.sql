REM  shop: a small order-management schema written for sct's demo and docs.
REM  It uses the Oracle features most real schemas use: every common column type, a sequence-fed key,
REM  an identity column, virtual columns, constraints of every kind, indexes, views, a materialized view,
REM  comments, a synonym, and PL/SQL: a package, a function and triggers. Run in SQL*Plus as the owning
REM  user: @install.sql
SET ECHO OFF
SET FEEDBACK 1
PROMPT Creating the shop schema ...
@@shop_tables.sql
@@shop_views.sql
@@shop_code.sql
@@shop_data.sql
EXIT
