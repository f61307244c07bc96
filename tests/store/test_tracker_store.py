"""The SQL tracker store: same conversation state as Rasa's, bounded in memory, fresh across replicas."""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import sqlite3
import traceback
from pathlib import Path

import pytest
from jsonschema import ValidationError
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, ActiveLoop, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot import paths
from bot.names import Slots
from store import speedups
from store import tracker_store as ts

DOMAIN = Domain.load(str(paths.ROOT / "domain.yml"))


def turn(i: int, intent: str = "ask_definition") -> list:
    """One user turn as Rasa stores it: listen, user message, answer, slot, back to listening."""
    return [
        ActionExecuted("action_listen"),
        UserUttered(f"spørgsmål {i}", {"name": intent, "confidence": 0.9}),
        ActionExecuted("action_answer"),
        SlotSet("last_entry", f"entry_{i}"),
    ]


def conversation(turns: int) -> list:
    events = []
    for i in range(turns):
        events += turn(i)
        if i == 3:  # a walk-through starts and stays active
            events += [ActiveLoop("ledetraade_form"), SlotSet("lt_1", "borgere og foreninger")]
    return events + [ActionExecuted("action_listen")]


def test_compaction_keeps_state_and_recent_history():
    full = DialogueStateTracker.from_events("s", conversation(60), DOMAIN.slots)
    small = ts.compacted(full, keep_turns=8)
    assert len(small.events) < len(full.events) / 4
    assert small.current_slot_values() == full.current_slot_values()
    assert small.active_loop_name == full.active_loop_name == "ledetraade_form"
    assert small.latest_message.text == full.latest_message.text
    # What the policies see: the recent dialogue states are the same.
    assert small.past_states(DOMAIN)[-6:] == full.past_states(DOMAIN)[-6:]


def test_short_conversations_are_not_compacted():
    tracker = DialogueStateTracker.from_events("s", conversation(5), DOMAIN.slots)
    assert ts.compacted(tracker, keep_turns=8) is tracker


def _store(db) -> ts.PrivacySQLTrackerStore:
    return ts.PrivacySQLTrackerStore(DOMAIN, dialect="sqlite", db=str(db))


def _talk(store: ts.PrivacySQLTrackerStore, sender: str, turns: range) -> DialogueStateTracker:
    """What Rasa's processor does per message: retrieve (or create), add the turn, save."""

    async def run() -> DialogueStateTracker:
        tracker = None
        for i in turns:
            tracker = await store.get_or_create_tracker(sender)
            for event in turn(i)[1:] + [ActionExecuted("action_listen")]:
                tracker.update(event)
            await store.save(tracker)
        return tracker

    return asyncio.run(run())


def _stored_user_texts(db, sender: str) -> list[str]:
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT data FROM events WHERE sender_id=? AND type_name='user' ORDER BY id", (sender,)
        ).fetchall()
    import json

    return [json.loads(data)["text"] for (data,) in rows]


def test_long_conversation_is_bounded_in_memory_but_complete_in_the_database(tmp_path):
    db = tmp_path / "t.db"
    store = _store(db)
    _talk(store, "lang", range(300))
    tracker = asyncio.run(store.retrieve("lang"))
    assert len(tracker.events) <= ts.MAX_EVENTS
    assert tracker.get_slot("last_entry") == "entry_299"
    assert _stored_user_texts(db, "lang") == [f"spørgsmål {i}" for i in range(300)]
    # After a restart (a new store on the same file) the state is the same.
    again = asyncio.run(_store(db).retrieve("lang"))
    assert again.current_slot_values() == tracker.current_slot_values()
    assert len(again.events) <= ts.MAX_EVENTS


def test_rows_are_the_ones_rasas_own_sql_store_writes(tmp_path):
    """Our save writes rows itself (no ORM); Rasa's store, the report and `make purge` read them."""
    from rasa.core.tracker_store import SQLTrackerStore

    ours, theirs = tmp_path / "ours.db", tmp_path / "theirs.db"
    tracker = _talk(_store(ours), "s", range(3))
    plain = SQLTrackerStore(DOMAIN, dialect="sqlite", db=str(theirs))
    asyncio.run(plain.save(DialogueStateTracker.from_events("s", list(tracker.events), DOMAIN.slots)))
    columns = "sender_id, type_name, timestamp, intent_name, action_name, data"
    rows = [
        sqlite3.connect(db).execute(f"SELECT {columns} FROM events ORDER BY id").fetchall() for db in (ours, theirs)
    ]
    assert rows[0] == rows[1]
    assert {row[3] for row in rows[0]} >= {"ask_definition"} and {row[4] for row in rows[0]} >= {"action_answer"}
    assert asyncio.run(plain.retrieve("s")).events == asyncio.run(_store(ours).retrieve("s")).events


def test_a_second_replica_sees_the_first_ones_turns(tmp_path):
    db = tmp_path / "t.db"
    one, two = _store(db), _store(db)
    _talk(one, "delt", range(0, 3))
    _talk(two, "delt", range(3, 5))
    _talk(one, "delt", range(5, 7))  # one's cached tracker is stale and must be reread
    assert _stored_user_texts(db, "delt") == [f"spørgsmål {i}" for i in range(7)]
    assert asyncio.run(two.retrieve("delt")).get_slot("last_entry") == "entry_6"


def test_deletion_marker_removes_every_event_of_that_sender_only(tmp_path):
    db = tmp_path / "t.db"
    store = _store(db)
    _talk(store, "slet", range(3))
    _talk(store, "bliv", range(2))

    async def delete() -> None:
        tracker = await store.retrieve("slet")
        tracker.update(UserUttered("slet min samtale", {"name": "delete_conversation", "confidence": 1.0}))
        tracker.update(SlotSet(Slots.DELETE_REQUESTED, True))
        await store.save(tracker)

    asyncio.run(delete())
    assert _stored_user_texts(db, "slet") == []
    assert asyncio.run(store.retrieve("slet")) is None
    assert len(_stored_user_texts(db, "bliv")) == 2


def test_action_results_are_still_validated(tmp_path):
    """With our store built (which installs the cached check), an action result is still checked."""
    from rasa.core.actions.action import RemoteAction

    _store(tmp_path / "t.db")
    assert RemoteAction._validate_action_result is speedups._validate_action_result
    action = RemoteAction("action_answer", None)
    assert action._validate_action_result({"events": [], "responses": [{"text": "Hej"}]})
    with pytest.raises(ValidationError):
        action._validate_action_result({"events": [{"event": "slot", "name": 3}], "responses": "ikke en liste"})


def test_trackers_are_reread_after_an_idle_hour(tmp_path, monkeypatch):
    db = tmp_path / "t.db"
    store = _store(db)
    _talk(store, "pause", range(2))
    cached = asyncio.run(store.retrieve("pause"))
    assert asyncio.run(store.retrieve("pause")) is cached  # served from memory
    clock = ts.time.monotonic() + ts.CACHE_SECONDS + 1
    monkeypatch.setattr(ts.time, "monotonic", lambda: clock)
    again = asyncio.run(store.retrieve("pause"))
    assert again is not cached and again.current_slot_values() == cached.current_slot_values()


def _open_store_at_barrier(db: str, barrier) -> None:
    barrier.wait()
    try:
        _store(db)
    except Exception:  # the exit code tells the parent, the file what went wrong
        Path(db + ".error").write_text(traceback.format_exc()[-2000:])
        os._exit(1)
    os._exit(0)


def test_workers_starting_together_on_a_new_database_all_start(tmp_path):
    """Sanic forks its workers at once; each opens the store on the same new file.
    A check-then-create of the index used to kill one of them now and then, and
    so did switching the new file to WAL while the other held it."""
    context = multiprocessing.get_context("fork")
    exit_codes = []
    for attempt in range(24):
        barrier = context.Barrier(2)
        workers = [
            context.Process(target=_open_store_at_barrier, args=(str(tmp_path / f"{attempt}.db"), barrier))
            for _ in range(2)
        ]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(timeout=120)
        exit_codes += [worker.exitcode for worker in workers]
    errors = [path.read_text() for path in sorted(tmp_path.glob("*.error"))]
    assert exit_codes == [0] * 48, errors
    with sqlite3.connect(tmp_path / "0.db") as conn:
        assert conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND name = ?", ("ix_events_sender_id_id",)
        ).fetchone()


MARKER = "Zebrafinke-4711"


def raw_bytes(db: Path) -> bytes:
    """The database file and its write-ahead log (and index) as they lie on disk."""
    return b"".join(f.read_bytes() for f in sorted(db.parent.glob(db.name + "*")))


def test_deleted_text_is_gone_from_the_sqlite_files(tmp_path, secure_delete_off_by_default):
    """Unlinking rows is not enough: SQLite keeps their bytes in free space and in the write-ahead log."""
    db = tmp_path / "t.db"
    store = _store(db)
    _talk(store, "bliv", range(3))

    async def say() -> None:
        for text in (f"Vores projekt hedder {MARKER}", f"{MARKER} igen, med foreningerne"):
            tracker = await store.get_or_create_tracker("slet")
            tracker.update(UserUttered(text, {"name": "out_of_scope", "confidence": 0.9}))
            tracker.update(ActionExecuted("action_answer"))
            tracker.update(ActionExecuted("action_listen"))
            await store.save(tracker)

    async def delete() -> None:
        tracker = await store.retrieve("slet")
        tracker.update(UserUttered("slet min samtale", {"name": "delete_conversation", "confidence": 1.0}))
        tracker.update(SlotSet(Slots.DELETE_REQUESTED, True))
        await store.save(tracker)

    asyncio.run(say())
    _talk(store, "bliv", range(3, 5))  # other conversations keep writing meanwhile
    assert MARKER.encode() in raw_bytes(db)
    asyncio.run(delete())
    assert MARKER.encode() not in raw_bytes(db)
    assert len(_stored_user_texts(db, "bliv")) == 5  # the others are untouched
