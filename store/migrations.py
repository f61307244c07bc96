"""One-time changes to a tracker store written by an earlier version, run when the store opens.

namespaced-sender-ids: earlier versions stored conversations under the id
the channel gave (no channel prefix) and pseudonymised personal-data ids
with an unkeyed hash. Each such conversation is renamed to the id the
channels use now (bot.conversation_ids.namespaced_legacy_id), its channel
read from its first user message, so it continues where it was.

A table records what has run, so the check costs one query per start; when
several replicas open the store at once, one does the work and the others
find it done (or collide on the record and roll back).
"""

from __future__ import annotations

import json
import logging
import time

import sqlalchemy as sa

from bot.conversation_ids import is_namespaced, namespaced_legacy_id

logger = logging.getLogger(__name__)

MIGRATIONS_TABLE = "samskabelse_migrations"
NAMESPACED_SENDER_IDS = "namespaced-sender-ids"


def _input_channel(connection: sa.engine.Connection, sender_id: str) -> str | None:
    row = connection.execute(
        sa.text("SELECT data FROM events WHERE sender_id = :sender AND type_name = 'user' ORDER BY id LIMIT 1"),
        {"sender": sender_id},
    ).first()
    try:
        channel = json.loads(row[0]).get("input_channel") if row else None
    except (TypeError, ValueError, AttributeError):
        return None
    return channel if isinstance(channel, str) else None


def namespace_sender_ids(engine: sa.engine.Engine, attempts: int = 20) -> int:
    """Rename every conversation stored without a channel prefix; return how many were renamed.

    SQLite refuses to turn a read into a write once another process has
    written ("database is locked", at once, without waiting): then the
    migration starts over, and finds it done.
    """
    for attempt in range(attempts):
        try:
            return _namespace_sender_ids(engine)
        except sa.exc.OperationalError as error:
            if "locked" not in str(error) or attempt == attempts - 1:
                raise
            time.sleep(0.1 * (attempt + 1))
    return 0


def _namespace_sender_ids(engine: sa.engine.Engine) -> int:
    with engine.begin() as connection:
        connection.execute(sa.text(f"CREATE TABLE IF NOT EXISTS {MIGRATIONS_TABLE} (name VARCHAR(100) PRIMARY KEY)"))
    if not sa.inspect(engine).has_table("events"):
        return 0
    try:
        with engine.begin() as connection:
            done = connection.execute(
                sa.text(f"SELECT name FROM {MIGRATIONS_TABLE} WHERE name = :name"), {"name": NAMESPACED_SENDER_IDS}
            ).first()
            if done:
                return 0
            senders = [row[0] for row in connection.execute(sa.text("SELECT DISTINCT sender_id FROM events"))]
            legacy = [s for s in senders if s and not is_namespaced(s)]
            for sender in legacy:
                new = namespaced_legacy_id(sender, _input_channel(connection, sender))
                connection.execute(
                    sa.text("UPDATE events SET sender_id = :new WHERE sender_id = :old"), {"new": new, "old": sender}
                )
            connection.execute(
                sa.text(f"INSERT INTO {MIGRATIONS_TABLE} (name) VALUES (:name)"), {"name": NAMESPACED_SENDER_IDS}
            )
    except sa.exc.IntegrityError:
        return 0  # another replica recorded it first; this one's changes were rolled back
    if legacy:
        logger.info("Gave %d stored conversations their channel's prefix.", len(legacy))
    return len(legacy)
