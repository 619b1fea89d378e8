from sct.rules import Effort, Example, Rule, register


@register
class MS405(Rule):
    """THROW, RAISERROR and PRINT become RAISE, with SQL Server's message formatting and error number.

    THROW n, msg, state and RAISERROR (severity 11-18) become RAISE EXCEPTION with the message and
    'SQL Server error n' as DETAIL (50000 for RAISERROR), where ERROR_NUMBER() reads it back; RAISERROR's %d/%i/%u/%s
    placeholders become format(). A bare THROW in a CATCH block re-raises. PRINT and RAISERROR up to severity 10
    are RAISE NOTICE. RAISERROR outside TRY goes on with the next statement in SQL Server: it converts when a
    ROLLBACK or RETURN follows (or it ends the routine), else it is MANUAL.
    """

    name = "sqlserver.errors-and-messages"
    source = "sqlserver"
    effort = Effort.AUTO
    category = "procedural"
    examples = (
        Example(setup='CREATE TABLE dbo.jobs (job_id SMALLINT PRIMARY KEY, min_lvl TINYINT NOT NULL)\nGO',
                before="CREATE TRIGGER jobs_check ON dbo.jobs FOR INSERT\nAS\nIF EXISTS (SELECT 1 FROM inserted WHERE min_lvl < 10)\nBEGIN\n  RAISERROR ('Level %d is below 10 for job %d.', 16, 1, 5, 7)\n  ROLLBACK TRANSACTION\nEND\nGO",
                after="CREATE OR REPLACE FUNCTION jobs_check_fn()\nRETURNS trigger\nLANGUAGE plpgsql\nAS $$\n#variable_conflict use_column\nBEGIN\n  IF EXISTS(SELECT 1 FROM inserted WHERE min_lvl < 10) THEN\n    RAISE EXCEPTION USING MESSAGE = format('Level %s is below 10 for job %s.', coalesce((5)::text, '(null)'), coalesce((7)::text, '(null)')), DETAIL = 'SQL Server error 50000', HINT = 'severity 16, state 1';\n  END IF;\n  RETURN NULL;\nEND;\n$$;\nCREATE TRIGGER jobs_check AFTER INSERT ON jobs\nREFERENCING NEW TABLE AS inserted\nFOR EACH STATEMENT EXECUTE FUNCTION jobs_check_fn();"),
    )
