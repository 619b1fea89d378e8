"""SQLite -> PostgreSQL rules (SQ001-SQ099 and up): objects not converted, types, DDL, SQL, triggers."""
