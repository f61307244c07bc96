"""Retention purge on a tracker-store table with Rasa's layout."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

from bot import paths
from bot.retention import purge

DAY = 86400.0


def make_store(path, conversations: dict[str, list[float]]) -> str:
    with sqlite3.connect(path) as conn:
        conn.execute(
            "CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id VARCHAR(255) NOT NULL, "
            "type_name VARCHAR(255) NOT NULL, timestamp FLOAT, intent_name VARCHAR(255), "
            "action_name VARCHAR(255), data TEXT)"
        )
        for sender, stamps in conversations.items():
            for ts in stamps:
                conn.execute(
                    "INSERT INTO events (sender_id, type_name, timestamp, data) VALUES (?, 'user', ?, '{}')",
                    (sender, ts),
                )
    return f"sqlite:///{path}"


def senders(path) -> set[str]:
    with sqlite3.connect(path) as conn:
        return {r[0] for r in conn.execute("SELECT DISTINCT sender_id FROM events")}


def test_purge_deletes_only_idle_conversations(tmp_path):
    now = 1_800_000_000.0
    db = tmp_path / "t.db"
    url = make_store(
        db, {"old": [now - 40 * DAY, now - 35 * DAY], "active": [now - 40 * DAY, now - 1 * DAY], "new": [now - 60]}
    )
    assert purge(url, 30, now=now) == 1
    assert senders(db) == {"active", "new"}
    assert purge(url, 30, now=now) == 0


def test_purge_on_an_empty_database_is_harmless(tmp_path):
    assert purge(f"sqlite:///{tmp_path / 'empty.db'}", 30) == 0


def test_purge_command_uses_retention_days(tmp_path):
    db = tmp_path / "t.db"
    import time

    url = make_store(db, {"a": [time.time() - 3 * DAY], "b": [time.time()]})
    result = subprocess.run(
        [sys.executable, "-m", "tools", "purge", "--db", url],
        cwd=paths.ROOT,
        capture_output=True,
        text=True,
        env={"RETENTION_DAYS": "2", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    assert "Slettede 1 samtale, der har været uberørt i mere end 2 dage." in result.stdout
    assert senders(db) == {"b"}


MARKER = "Zebrafinke-4711"


def test_purged_text_is_gone_from_the_sqlite_files(tmp_path, request, secure_delete_off_by_default):
    """In WAL mode (as the tracker store runs it) a deleted row lives on in free space and in the log."""
    now = 1_800_000_000.0
    db = tmp_path / "t.db"
    server = sqlite3.connect(db)  # the running assistant holds the database open meanwhile
    request.addfinalizer(server.close)
    server.execute("PRAGMA journal_mode=WAL")
    url = make_store(db, {"new": [now - 60] * 20})
    with sqlite3.connect(db) as conn:
        for i in range(20):
            conn.execute(
                "INSERT INTO events (sender_id, type_name, timestamp, data) VALUES ('old', 'user', ?, ?)",
                (now - 40 * DAY, f'{{"text": "{MARKER} nummer {i}"}}'),
            )

    def on_disk() -> bytes:
        return b"".join(f.read_bytes() for f in sorted(tmp_path.glob("t.db*")))

    assert MARKER.encode() in on_disk()
    assert purge(url, 30, now=now) == 1
    assert MARKER.encode() not in on_disk()
    assert senders(db) == {"new"}
