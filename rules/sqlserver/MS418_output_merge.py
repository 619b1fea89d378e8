from sct.rules import Effort, Example, Rule, register


@register
class MS418(Rule):
    """The OUTPUT clause and MERGE ... WHEN NOT MATCHED BY SOURCE are MANUAL; MERGE otherwise converts (review).

    PostgreSQL 15's RETURNING has no deleted.* (old values) and MERGE has neither RETURNING nor WHEN NOT MATCHED BY
    SOURCE (PostgreSQL 17): those statements are MANUAL. Other MERGE statements convert to PostgreSQL's MERGE, which
    also raises an error when a target row matches several source rows (review: concurrency).
    """

    name = "sqlserver.output-merge"
    source = "sqlserver"
    effort = Effort.MANUAL
    category = "procedural"
    examples = (
        Example(setup='CREATE TABLE dbo.orders (id INT IDENTITY(1,1) PRIMARY KEY, customer NVARCHAR(20) NOT NULL, amount MONEY NULL, status TINYINT NOT NULL DEFAULT 0)\nGO',
                before='CREATE PROCEDURE dbo.cancel @id INT\nAS\nUPDATE dbo.orders SET status = 4 OUTPUT deleted.status, inserted.status WHERE id = @id\nGO'),
    )
