"""SQL Server (T-SQL) to PostgreSQL rules: MS001-MS099 scripts, MS101-MS199 types, MS201-MS299 DDL, MS301-MS399 SQL."""
