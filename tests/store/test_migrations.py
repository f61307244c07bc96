"""Conversations stored by an earlier version (ids without a channel prefix) keep working after the upgrade."""

from __future__ import annotations

import asyncio
import hashlib
import multiprocessing
import sqlite3

import pytest
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot import conversation_ids, paths, server_secrets
from store import migrations
from store import tracker_store as ts

DOMAIN = Domain.load(str(paths.ROOT / "domain.yml"))
LEGACY_EMAIL_ID = "anon-" + hashlib.sha256(b"leder@kommune.dk").hexdigest()[:20]


@pytest.fixture(autouse=True)
def key(tmp_path, monkeypatch):
    monkeypatch.delenv(server_secrets.MASTER_SECRET_ENV, raising=False)
    monkeypatch.setenv(server_secrets.MASTER_SECRET_FILE_ENV, str(tmp_path / "secret.key"))
    server_secrets.master_key.cache_clear()
    yield
    server_secrets.master_key.cache_clear()


def _old_conversation(sender: str, channel: str, answer: str) -> DialogueStateTracker:
    return DialogueStateTracker.from_events(
        sender,
        [
            ActionExecuted("action_listen"),
            UserUttered(
                "gennemgå de fem ledetråde", {"name": "start_ledetraade", "confidence": 1.0}, input_channel=channel
            ),
            SlotSet("lt_1", answer),
            ActionExecuted("action_listen"),
        ],
        DOMAIN.slots,
    )


def _write_as_before(db, conversations) -> None:
    """Rows exactly as the earlier version wrote them: Rasa's own SQL store, ids as the channels gave them."""
    old = SQLTrackerStore(DOMAIN, dialect="sqlite", db=str(db))
    for tracker in conversations:
        asyncio.run(old.save(tracker))
    old.engine.dispose()


def _senders(db) -> set[str]:
    with sqlite3.connect(db) as conn:
        return {row[0] for row in conn.execute("SELECT DISTINCT sender_id FROM events")}


def test_old_conversations_get_their_channels_prefix_and_continue(tmp_path):
    db = tmp_path / "tracker.db"
    _write_as_before(
        db,
        [
            _old_conversation("U0123ABC", "slack", "Foreningerne"),
            _old_conversation(LEGACY_EMAIL_ID, "rest", "Biblioteket"),
            _old_conversation("web-sub-7", "socketio", "Skolen"),
            _old_conversation("29:teams-user", "teams", "Borgerne"),
        ],
    )
    store = ts.PrivacySQLTrackerStore(DOMAIN, dialect="sqlite", db=str(db))
    expected = {
        "slack:U0123ABC": "Foreningerne",
        conversation_ids.conversation_id("rest", "leder@kommune.dk"): "Biblioteket",
        conversation_ids.conversation_id("socketio", "web-sub-7"): "Skolen",
        "teams:29:teams-user": "Borgerne",
    }
    assert _senders(db) == set(expected)
    for sender, answer in expected.items():
        tracker = asyncio.run(store.retrieve(sender))
        assert tracker is not None and tracker.get_slot("lt_1") == answer
    # Once is enough: a second start changes nothing and new ids are left alone.
    assert migrations.namespace_sender_ids(store.engine) == 0
    store.engine.dispose()


def _open(db: str, results) -> None:
    try:
        ts.PrivacySQLTrackerStore(DOMAIN, dialect="sqlite", db=db)
        results.put("ok")
    except Exception as exc:  # the test shows what went wrong
        results.put(repr(exc))


def test_replicas_starting_together_migrate_once(tmp_path):
    db = tmp_path / "tracker.db"
    _write_as_before(db, [_old_conversation(f"U{i:04d}X", "slack", f"svar {i}") for i in range(30)])
    context = multiprocessing.get_context("fork")  # separate processes, without importing Rasa four times again
    results = context.Queue()
    procs = [context.Process(target=_open, args=(str(db), results)) for _ in range(4)]
    for proc in procs:
        proc.start()
    outcomes = [results.get(timeout=300) for _ in procs]
    for proc in procs:
        proc.join(timeout=60)
    assert outcomes == ["ok"] * 4
    assert _senders(db) == {f"slack:U{i:04d}X" for i in range(30)}
