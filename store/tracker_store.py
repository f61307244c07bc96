"""SQL tracker store that forgets on request and keeps every turn equally fast.

Forgetting ("Slet min samtale"): deleting rows from inside an action would not
work, since Rasa saves the turn's events after the action and the SQL store
would write them back. So the delete action only sets a marker slot, and this
store, when it sees the marker in the turn it is asked to save, deletes every
stored event of that sender instead of saving.

Deleted text must not linger in the SQLite files either: every connection
runs with `secure_delete` (deleted rows are overwritten with zeros, not just
unlinked), and after a deletion the write-ahead log, which still holds the
pages as they were, is checkpointed into the database and truncated.
(PostgreSQL keeps deleted rows in its files until VACUUM reuses the space;
running VACUUM is the operator's job.)

Speed: Rasa's SQL store rebuilds the whole conversation from the database on
every message, the policies walk it and the action server is sent all of it,
so a turn at 600 messages took 20 times as long as one at 10. Here the
database keeps every event, but the tracker the server works with is
- kept in memory between turns, and reused only while the newest stored event
  id for the sender is the one we saved (another replica or a purge changes
  it, and then the tracker is read again), and
- compacted once it grows past MAX_EVENTS: the events before the last
  KEEP_TURNS user turns are replaced by the state they produced (slot values
  and the active form), which is all the policies and actions read.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import time
from collections import OrderedDict
from typing import Any, List, Optional, Text

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.events import ActionExecuted, ActiveLoop, Event, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.names import Slots
from store import migrations, speedups

logger = logging.getLogger(__name__)

# A compacted tracker keeps this many user turns verbatim (rules look back a
# turn or two) ...
KEEP_TURNS = 5
# ... and is compacted when it holds more events than this (a 10-turn
# conversation has about 50).
MAX_EVENTS = 100
# Conversations whose trackers stay in memory (least recently used go first),
# and for how long: after an hour without a message the tracker is read from
# the database again, so rows deleted by `make purge` do not live on in memory.
CACHE_SIZE = 2000
CACHE_SECONDS = 3600.0
# Which events a stored tracker object already has in the database.
_STORED_ATTR = "_samskabelse_stored_events"


def deletion_requested(tracker: DialogueStateTracker) -> bool:
    """True if the current turn (since the last user message) set the marker slot."""
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            return False
        if isinstance(event, SlotSet) and event.key == Slots.DELETE_REQUESTED and event.value:
            return True
    return False


def compacted(tracker: DialogueStateTracker, keep_turns: int = KEEP_TURNS) -> DialogueStateTracker:
    """The same conversation state with only the last `keep_turns` user turns as events.

    The cut is made at an `action_listen` before a user message, so the kept
    events are whole turns; the state before the cut becomes SlotSet events
    (and an ActiveLoop if a form was running), replayed first.
    """
    events: List[Event] = list(tracker.events)
    starts = [
        i
        for i, e in enumerate(events)
        if isinstance(e, ActionExecuted)
        and e.action_name == ACTION_LISTEN_NAME
        and i + 1 < len(events)
        and isinstance(events[i + 1], UserUttered)
    ]
    if len(starts) <= keep_turns:
        return tracker
    cut = starts[-keep_turns]
    before = DialogueStateTracker.from_events(tracker.sender_id, events[:cut], tracker.slots.values())
    state: List[Event] = [
        SlotSet(name, slot.value, timestamp=events[cut].timestamp)
        for name, slot in before.slots.items()
        if slot.value != slot.initial_value
    ]
    if before.active_loop_name:
        state.append(ActiveLoop(before.active_loop_name, timestamp=events[cut].timestamp))
    return DialogueStateTracker.from_events(tracker.sender_id, state + events[cut:], tracker.slots.values())


def _switch_to_wal(cursor: Any, wait_seconds: float = 30.0) -> None:
    """`PRAGMA journal_mode=WAL` needs the file to itself and, unlike other
    statements, does not wait for a lock: the second of two Sanic workers
    opening a new database at the same moment died with "database is locked"
    (about 1 start in 100 under load). So wait for it here."""
    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


class PrivacySQLTrackerStore(SQLTrackerStore):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        speedups.apply()  # before the server's first action call, which comes after the store is built
        super().__init__(*args, **kwargs)
        self._trackers: "OrderedDict[Text, tuple[Optional[int], float, DialogueStateTracker]]" = OrderedDict()
        if self.engine.dialect.name == "sqlite":
            self._tune_sqlite()
        self._create_sender_index()
        migrations.namespace_sender_ids(self.engine)
        # Built once: the ORM unit of work and query objects cost about half
        # of this store's time per turn (retrieve and save went 1.9 -> 0.6 ms of CPU).
        events = self.SQLEvent.__table__
        self._insert_events = events.insert()
        self._select_latest_id = sa.select(sa.func.max(events.c.id)).where(
            events.c.sender_id == sa.bindparam("sender_id")
        )

    def _create_sender_index(self) -> None:
        """The freshness check asks for the newest event id of one sender on every turn.

        Sanic workers and replicas start together: a check-then-create races and
        crashed a worker with "index already exists", so the database decides.
        """
        index = "ix_events_sender_id_id"
        try:
            with self.engine.begin() as connection:
                connection.execute(
                    sa.text(f"CREATE INDEX IF NOT EXISTS {index} ON {self.SQLEvent.__tablename__} (sender_id, id)")
                )
        except sa.exc.DBAPIError:
            # PostgreSQL can still collide in its catalog when two create at once; the other one won.
            if index not in {i["name"] for i in sa.inspect(self.engine).get_indexes(self.SQLEvent.__tablename__)}:
                raise

    def _tune_sqlite(self) -> None:
        """Keep connections open (SQLAlchemy 1.4 opens a new one per session for a
        SQLite file) and use the write-ahead log: readers never wait for the
        writer and a commit is one append. synchronous=NORMAL in WAL mode
        survives a crash of the process; only an OS crash can lose the last commits."""
        url = self.engine.url
        self.engine.dispose()
        self.engine = sa.create_engine(
            url,
            poolclass=sa.pool.QueuePool,
            pool_size=1,
            max_overflow=4,
            connect_args={"check_same_thread": False, "timeout": 30},
        )

        @sa.event.listens_for(self.engine, "connect")
        def _pragmas(connection: Any, _: Any) -> None:
            cursor = connection.cursor()
            _switch_to_wal(cursor)
            cursor.execute("PRAGMA synchronous=NORMAL")
            # Deleted rows are overwritten with zeros, so "Slet min samtale" leaves no text behind.
            cursor.execute("PRAGMA secure_delete=ON")
            cursor.close()

        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)

    def _truncate_wal(self) -> None:
        """Copy the write-ahead log into the database and empty it: the log still holds
        the pages with the deleted rows (secure_delete zeroes only the new versions)."""
        with self.engine.connect() as connection:
            busy, _, _ = connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        if busy:
            logger.warning(
                "Could not empty the SQLite write-ahead log after a deletion (a reader held it); "
                "the next checkpoint will."
            )

    def _latest_id(self, connection: Any, sender_id: Text) -> Optional[int]:
        return connection.execute(self._select_latest_id, {"sender_id": sender_id}).scalar()

    def _remember(self, sender_id: Text, latest_id: Optional[int], tracker: DialogueStateTracker) -> None:
        setattr(tracker, _STORED_ATTR, len(tracker.events))
        self._trackers[sender_id] = (latest_id, time.monotonic(), tracker)
        self._trackers.move_to_end(sender_id)
        while len(self._trackers) > CACHE_SIZE:
            self._trackers.popitem(last=False)

    async def retrieve(self, sender_id: Text) -> Optional[DialogueStateTracker]:
        with self.engine.connect() as connection:
            latest_id = self._latest_id(connection, sender_id)
        cached = self._trackers.get(sender_id)
        if (
            cached
            and latest_id is not None
            and cached[0] == latest_id
            and time.monotonic() - cached[1] < CACHE_SECONDS
            and getattr(cached[2], _STORED_ATTR, -1) == len(cached[2].events)
        ):
            self._trackers.move_to_end(sender_id)
            return cached[2]
        tracker = await super().retrieve(sender_id)
        if tracker is None:
            self._trackers.pop(sender_id, None)
            return None
        tracker = compacted(tracker) if len(tracker.events) > MAX_EVENTS else tracker
        self._remember(sender_id, latest_id, tracker)
        return tracker

    def _new_events(self, tracker: DialogueStateTracker) -> List[Event]:
        stored = getattr(tracker, _STORED_ATTR, None)
        if stored is None:  # not read through this store: count what the database has
            with self.session_scope() as session:
                return list(super()._additional_events(session, tracker))
        return list(tracker.events)[stored:]

    async def save(self, tracker: DialogueStateTracker) -> None:
        if deletion_requested(tracker):
            self._trackers.pop(tracker.sender_id, None)
            with self.session_scope() as session:
                deleted = session.query(self.SQLEvent).filter(self.SQLEvent.sender_id == tracker.sender_id).delete()
                session.commit()
            if self.engine.dialect.name == "sqlite":
                self._truncate_wal()
            logger.info("Deleted a conversation on the user's request (%d events).", deleted)
            return
        await self.stream_events(tracker)
        rows = [self._row(tracker.sender_id, event) for event in self._new_events(tracker)]
        with self.engine.begin() as connection:
            if rows:
                connection.execute(self._insert_events, rows)
            # Other writers of this sender wait for its lock, so the newest id is ours.
            latest_id = self._latest_id(connection, tracker.sender_id)
        if len(tracker.events) > MAX_EVENTS:
            tracker = compacted(tracker)
        self._remember(tracker.sender_id, latest_id, tracker)

    @staticmethod
    def _row(sender_id: Text, event: Event) -> dict[str, Any]:
        """The database row Rasa's SQL store writes for an event (same columns, same JSON)."""
        data = event.as_dict()
        return {
            "sender_id": sender_id,
            "type_name": event.type_name,
            "timestamp": data.get("timestamp"),
            "intent_name": data.get("parse_data", {}).get("intent", {}).get("name"),
            "action_name": data.get("name"),
            "data": json.dumps(data),
        }
