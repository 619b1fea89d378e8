from sct.rules import Effort, Example, Rule, register


@register
class OR225(Rule):
    """Materialized views are created with their query; refresh modes and query rewrite need review.

    PostgreSQL materialized views are refreshed in full by REFRESH MATERIALIZED VIEW [CONCURRENTLY]; there is no
    fast (incremental) or ON COMMIT refresh and no query rewrite. BUILD DEFERRED becomes WITH NO DATA. Schedule
    the refresh (e.g. pg_cron) or refresh from the loading job.
    """

    name = "oracle.materialized-view"
    effort = Effort.REVIEW
    category = "views"
    examples = (
        Example(before="CREATE TABLE t (a NUMBER(4));\nCREATE MATERIALIZED VIEW mv BUILD DEFERRED REFRESH FAST ON COMMIT AS SELECT a FROM t;",
                after="CREATE TABLE t (a smallint); CREATE MATERIALIZED VIEW mv AS SELECT a FROM t WITH NO DATA;"),
    )
