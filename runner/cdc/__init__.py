"""Change data capture: read committed changes from a source's log and apply them to the target.

    model.py            the vocabulary every part shares (positions, row changes, transactions, DDL)
    mysql_binlog.py     MySQL/MariaDB row-based binary log reader (our own decoder over PyMySQL)
    postgres_logical.py PostgreSQL logical decoding (test_decoding through a replication slot)
    apply.py            applying transactions to a target, with the position, in one target transaction
    engine.py           full-load-and-cdc handoff, the capture loop, checkpoints, cutover
    metrics.py          counters and latencies (sct status --json, Prometheus text)
"""
