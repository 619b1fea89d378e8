"""MySQL/MariaDB -> PostgreSQL rules (MY001-MY399): script, types, DDL, SQL."""
