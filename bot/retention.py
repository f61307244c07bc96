"""Retention: delete conversations whose last message is older than the maximum age.

Works on Rasa's SQL tracker store table (`events`) in SQLite and PostgreSQL,
through SQLAlchemy only (no Rasa server code).

In SQLite the deleted text is gone from the files afterwards: the deletion runs
with `secure_delete` (rows overwritten with zeros) and the write-ahead log, which
still holds the old pages, is checkpointed and truncated. PostgreSQL keeps deleted
rows in its data files until VACUUM reuses the space; scheduling VACUUM (or
autovacuum) is the database operator's job, and nothing extra is done here.
"""

from __future__ import annotations

import os
import time

from bot import paths

RETENTION_DAYS_ENV = "RETENTION_DAYS"
DEFAULT_RETENTION_DAYS = 30.0
TRACKER_DB_URL_ENV = "TRACKER_DB_URL"


def default_db_url() -> str:
    return os.environ.get(TRACKER_DB_URL_ENV) or f"sqlite:///{paths.ROOT / 'data' / 'store' / 'tracker.db'}"


def retention_days() -> float:
    raw = os.environ.get(RETENTION_DAYS_ENV, "").strip()
    return float(raw) if raw else DEFAULT_RETENTION_DAYS


def purge(db_url: str, max_age_days: float, now: float | None = None) -> int:
    """Delete every conversation idle for longer than max_age_days; return how many."""
    import sqlalchemy as sa

    cutoff = (time.time() if now is None else now) - max_age_days * 86400
    engine = sa.create_engine(db_url)
    sqlite = engine.dialect.name == "sqlite"
    if sqlite:

        @sa.event.listens_for(engine, "connect")
        def _secure_delete(connection, _):
            cursor = connection.cursor()
            cursor.execute("PRAGMA secure_delete=ON")
            cursor.close()

    try:
        if not sa.inspect(engine).has_table("events"):
            return 0
        old = sa.text("SELECT sender_id FROM events GROUP BY sender_id HAVING MAX(timestamp) < :cutoff")
        with engine.begin() as conn:
            senders = [row[0] for row in conn.execute(old, {"cutoff": cutoff})]
            for sender in senders:
                conn.execute(sa.text("DELETE FROM events WHERE sender_id = :sender"), {"sender": sender})
        if sqlite and senders:
            with engine.connect() as conn:
                # The write-ahead log (if the store runs in WAL mode) still holds the old pages.
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        return len(senders)
    finally:
        engine.dispose()
