"""`sct assess sqlite:///...` and `sct convert sqlite:///...`: a SQLite database file read from sqlite_master.

The small database the tests build holds every construct the SQLite front end handles (types of each affinity,
STRICT and WITHOUT ROWID tables, INTEGER PRIMARY KEY with and without AUTOINCREMENT, CHECK, UNIQUE, DEFAULT
CURRENT_TIMESTAMP, COLLATE NOCASE, generated columns, foreign keys with actions, plain, unique, partial and
expression indexes, views, a trigger). What a user relies on: the assessment exits 0 and lists every object
with the findings a DBA must read; schema.sql applies on PostgreSQL in one pass; the converted views give the
rows SQLite gives; chinook (built from ../shared/corpus) converts and applies as well.
"""

from __future__ import annotations

import json
import sqlite3
import sys
from pathlib import Path

import psycopg
import pytest

from sct import cli

FIXTURE = """
CREATE TABLE artist (id INTEGER PRIMARY KEY AUTOINCREMENT, name VARCHAR(40) NOT NULL COLLATE NOCASE UNIQUE,
                     born DATE, active BOOLEAN NOT NULL DEFAULT 1, payload, rating REAL CHECK (rating >= 0));
CREATE TABLE album (AlbumId INTEGER PRIMARY KEY, title NVARCHAR(160) NOT NULL, artist_id INTEGER NOT NULL,
                    price DECIMAL(8,2) DEFAULT 0.99, added DATETIME DEFAULT CURRENT_TIMESTAMP,
                    stamp TEXT DEFAULT CURRENT_TIMESTAMP, cover BLOB DEFAULT x'00ff',
                    title_len INTEGER GENERATED ALWAYS AS (length(title)) VIRTUAL,
                    CONSTRAINT album_price_ck CHECK (price >= 0),
                    FOREIGN KEY (artist_id) REFERENCES artist (id) ON DELETE CASCADE ON UPDATE CASCADE);
CREATE TABLE tag (code TEXT PRIMARY KEY, label TEXT UNIQUE ON CONFLICT REPLACE) WITHOUT ROWID;
CREATE TABLE counter (id INTEGER PRIMARY KEY, n INTEGER NOT NULL, note TEXT) STRICT;
CREATE TABLE album_tag (album_id INTEGER NOT NULL REFERENCES album (AlbumId),
                        tag_code TEXT NOT NULL REFERENCES tag, PRIMARY KEY (album_id, tag_code));
CREATE INDEX album_title ON album (title);
CREATE UNIQUE INDEX album_artist_title ON album (artist_id, title DESC);
CREATE INDEX album_cheap ON album (price) WHERE price < 5;
CREATE INDEX artist_lower_name ON artist (lower(name));
CREATE VIEW album_list AS
  SELECT a.name || ' - ' || b.title AS label, b.price * 100 / 3 AS cents_third, b.AlbumId / 2 AS half
  FROM album b JOIN artist a ON a.id = b.artist_id WHERE b.title LIKE 'the%';
CREATE VIEW artist_kind AS SELECT id, typeof(payload) AS kind FROM artist;
CREATE TRIGGER album_touch AFTER UPDATE ON album BEGIN
  UPDATE album SET added = CURRENT_TIMESTAMP WHERE AlbumId = NEW.AlbumId;
END;
"""

ROWS = """
INSERT INTO artist (id, name, born, active, payload, rating) VALUES (1, 'Queen', '1970-06-27', 1, NULL, 4.5),
                                                                    (2, 'Abba', NULL, 0, NULL, NULL);
INSERT INTO album (AlbumId, title, artist_id, price) VALUES (1, 'The Game', 1, 9.99), (2, 'the Works', 1, 4.5),
                                                            (3, 'Arrival', 2, 3), (7, 'THE Album', 2, NULL);
"""

OBJECTS = {("table", "artist"), ("table", "album"), ("table", "tag"), ("table", "counter"),
           ("table", "album_tag"), ("foreign_key", "album_artist_id_fkey"),
           ("foreign_key", "album_tag_album_id_fkey"), ("foreign_key", "album_tag_tag_code_fkey"),
           ("index", "album_title"), ("index", "album_artist_title"), ("index", "album_cheap"),
           ("index", "artist_lower_name"), ("view", "album_list"), ("view", "artist_kind"),
           ("trigger", "album_touch")}


@pytest.fixture
def small_db(tmp_path: Path) -> Path:
    path = tmp_path / "small.db"
    connection = sqlite3.connect(path)
    connection.executescript(FIXTURE + ROWS)
    connection.close()
    return path


@pytest.fixture
def sct(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)

    def run(*args: str) -> tuple[int, str]:
        capsys.readouterr()
        monkeypatch.setattr(sys, "argv", ["sct", *args])
        try:
            cli.main()
            code = 0
        except SystemExit as done:
            code = done.code if isinstance(done.code, int) else 1
        captured = capsys.readouterr()
        assert "Traceback" not in captured.out + captured.err
        return code, captured.out + captured.err

    return run


def _report(tmp_path: Path, folder: str) -> dict:
    return json.loads((tmp_path / folder / "report.json").read_text(encoding="utf-8"))


def _findings(report: dict, name: str) -> dict[str, list[str]]:
    obj = next(o for o in report["objects"] if o["name"] == name)
    out: dict[str, list[str]] = {}
    for finding in obj["findings"]:
        out.setdefault(finding["rule_id"], []).append(finding["message"])
    return out


def test_assess_lists_every_object_with_its_findings(small_db, sct, tmp_path):
    code, output = sct("assess", f"sqlite:///{small_db}", "-o", "assessment", "--format", "json")
    assert code == 0, output
    report = _report(tmp_path, "assessment")
    assert report["source"]["dialect"] == "sqlite"
    assert report["source"]["files"] == [f"sqlite:///{small_db}"]
    assert {(o["kind"], o["name"]) for o in report["objects"]} == OBJECTS
    files = {o["name"]: o["file"] for o in report["objects"]}
    assert files["album_cheap"] == f"sqlite:///{small_db}/index/album_cheap"

    artist = _findings(report, "artist")
    assert "SQ022" in artist and "SQ021" not in artist                  # AUTOINCREMENT
    assert any("name (VARCHAR(40) -> varchar(40))" in m and "payload (no type -> text)" in m
               for m in artist["SQ011"])
    assert any("born DATE becomes date" in m for m in artist["SQ012"])
    assert any("COLLATE NOCASE" in m for m in artist["SQ026"])
    album = _findings(report, "album")
    assert "SQ021" in album and "SQ024" in album and len(album["SQ025"]) == 2
    tag = _findings(report, "tag")
    assert "SQ023" in tag and any("ON CONFLICT REPLACE" in m for m in tag["SQ028"])
    assert "SQ011" not in _findings(report, "counter")                  # STRICT: types are enforced
    assert "SQ027" in _findings(report, "album_artist_id_fkey")
    assert "SQ032" in _findings(report, "album_list")
    assert "SQ001" in _findings(report, "artist_kind")                  # typeof(): no counterpart
    trigger = next(o for o in report["objects"] if o["name"] == "album_touch")
    assert trigger["status"] == "manual" and not trigger["in_target"]
    assert "UPDATE album SET added = CURRENT_TIMESTAMP" in trigger["source_sql"]
    assert any("SQLite triggers are not converted" in f["message"] and "NEW.AlbumId" in f["message"]
               for f in trigger["findings"])


def test_schema_applies_and_views_give_sqlites_rows(small_db, sct, tmp_path, scratch_pg, psql_apply):
    code, output = sct("convert", f"sqlite:///{small_db}", "-o", "out")
    assert code == 0, output
    schema = (tmp_path / "out" / "schema.sql").read_text(encoding="utf-8")
    psql_apply(scratch_pg, tmp_path / "out" / "schema.sql")
    assert "CREATE INDEX album_cheap ON album (price) WHERE price < 5;" in schema
    assert "ON DELETE CASCADE ON UPDATE CASCADE" in schema
    assert "VIEW artist_kind" not in schema and "TRIGGER album_touch" not in schema
    sqlite_rows = sqlite3.connect(small_db).execute("SELECT * FROM album_list ORDER BY label").fetchall()
    assert len(sqlite_rows) == 3                        # 'The Game', 'the Works', 'THE Album': LIKE ignores case
    with psycopg.connect(scratch_pg, autocommit=True) as conn:
        conn.execute("INSERT INTO artist (id, name, born, active, rating) VALUES (1, 'Queen', '1970-06-27', "
                     "TRUE, 4.5), (2, 'Abba', NULL, FALSE, NULL)")
        conn.execute("INSERT INTO album (albumid, title, artist_id, price) VALUES (1, 'The Game', 1, 9.99), "
                     "(2, 'the Works', 1, 4.5), (3, 'Arrival', 2, 3), (7, 'THE Album', 2, NULL)")
        pg_rows = conn.execute("SELECT label, cents_third, half FROM album_list ORDER BY label").fetchall()
        assert [(a, None if b is None else float(b), c) for a, b, c in pg_rows] == \
            [(a, None if b is None else float(b), c) for a, b, c in sqlite_rows]
        # the identity (BY DEFAULT) took the explicit values; moved past them, as a data load does, it generates
        conn.execute("SELECT setval(pg_get_serial_sequence('artist', 'id'), 2)")
        assert conn.execute("INSERT INTO artist (name) VALUES ('Blur') RETURNING id").fetchone() == (3,)
        assert conn.execute("SELECT title_len FROM album WHERE albumid = 1").fetchone() == (8,)
        # DEFAULT CURRENT_TIMESTAMP is UTC, as SQLite writes it
        conn.execute("SET TIME ZONE 'Pacific/Auckland'")
        conn.execute("INSERT INTO album (albumid, title, artist_id) VALUES (9, 'x', 1)")
        added, stamp, utc = conn.execute("SELECT added, stamp, now() AT TIME ZONE 'UTC' FROM album "
                                         "WHERE albumid = 9").fetchone()
        assert abs((utc - added).total_seconds()) < 60 and stamp == added.strftime("%Y-%m-%d %H:%M:%S")
        # a blob literal x'00ff' is bytes, not PostgreSQL's bit string
        assert conn.execute("SELECT cover FROM album WHERE albumid = 9").fetchone() == (b"\x00\xff",)


def test_chinook_converts_applies_and_is_assessed(shared_corpus, sct, tmp_path, scratch_pg, psql_apply):
    script = shared_corpus / "sqlite" / "chinook" / "Chinook_Sqlite.sql"
    if not script.is_file():
        pytest.skip(f"{script} is not present")
    database = tmp_path / "chinook.db"
    connection = sqlite3.connect(database)
    connection.executescript(script.read_text(encoding="utf-8-sig"))
    connection.close()
    code, output = sct("convert", f"sqlite:///{database}", "-o", "out")
    assert code == 0, output
    psql_apply(scratch_pg, tmp_path / "out" / "schema.sql")
    code, output = sct("assess", f"sqlite:///{database}", "-o", "assessment", "--format", "json")
    assert code == 0, output
    listed = {(o["kind"], o["name"]) for o in _report(tmp_path, "assessment")["objects"]}
    expected = sqlite3.connect(database).execute(
        "SELECT type, lower(name) FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite%'").fetchall()
    assert set(expected) <= listed and len(expected) == 22
    assert sum(1 for kind, _ in listed if kind == "foreign_key") == 11
    with psycopg.connect(scratch_pg) as conn:
        tables = conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone()[0]
        indexes = conn.execute("SELECT count(*) FROM pg_indexes WHERE indexname LIKE 'ifk%'").fetchone()[0]
    assert (tables, indexes) == (11, 11)


def test_missing_file_is_one_line(sct, tmp_path):
    code, output = sct("assess", f"sqlite:///{tmp_path}/nothing.db", "-o", "out")
    assert code == 2 and "nothing.db" in output
    assert len(output.strip().splitlines()) == 1
