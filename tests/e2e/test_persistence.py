"""Conversations persist in the SQLite tracker store across a restart, and no personal data is stored."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from chat import sender, texts

from bot.privacy import labels
from tools.servers import Servers

CPR_MASK, EMAIL_MASK, PHONE_MASK = labels()["cpr"], labels()["email"], labels()["phone"]

pytestmark = pytest.mark.server

PERSONAL = ["010190-1234", "0101901234", "lone.hansen@aarhus.dk", "12345678", "+45 87 65 43 21", "2233 4455"]


def raw_database_text(db: Path) -> str:
    """Every text value in every table, as stored."""
    with sqlite3.connect(db) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        parts = []
        for table in tables:
            for row in conn.execute(f'SELECT * FROM "{table}"'):
                parts.extend(str(v) for v in row if v is not None)
    # The store runs SQLite in write-ahead-log mode: recent rows may sit in tracker.db-wal.
    files = sorted(db.parent.glob(db.name + "*"))
    return "\n".join(parts) + "\n" + "\n".join(f.read_bytes().decode("utf-8", "ignore") for f in files)


def step(guides, number: int) -> str:
    ledetraade = guides.ledetraade
    return ledetraade.texts["step"].format(number=number, question=ledetraade.steps[number - 1].question)


def test_restart_mid_ledetraade_loses_nothing_and_stores_no_personal_data(tmp_path, guides):
    db = tmp_path / "tracker.db"
    user = sender("persist")
    email_user = "leder@kommune.dk"
    with Servers(workdir=tmp_path / "first", tracker_db=db) as first:
        first.send(email_user, "Mit CPR-nummer er 010190-1234, ring på 12345678 – hvad er samskabelse?")
        first.send(user, "gennemgå de fem ledetråde med mig")
        assert texts(first.send(user, "Flere ældre i fællesskab – skriv til lone.hansen@aarhus.dk")) == [
            step(guides, 2)
        ]
        logs = [(tmp_path / "first" / name).read_text() for name in ("rasa.log", "actions.log")]
    # A new server process on the same store continues where the conversation was.
    with Servers(workdir=tmp_path / "second", tracker_db=db) as second:
        assert texts(second.send(user, "Foreningerne, ring +45 87 65 43 21")) == [step(guides, 3)]
        for answer in ("Kaffemøder med cpr 0101901234", "Strikkeklubben", "Boligforeningen på 2233 4455"):
            reply = second.send(user, answer)
        summary = "\n".join(texts(reply))
        logs += [(tmp_path / "second" / name).read_text() for name in ("rasa.log", "actions.log")]
    assert f"Flere ældre i fællesskab – skriv til {EMAIL_MASK}" in summary
    assert f"Foreningerne, ring {PHONE_MASK}" in summary
    assert f"Kaffemøder med cpr {CPR_MASK}" in summary

    stored = raw_database_text(db)
    for value in PERSONAL + [email_user]:
        assert value not in stored, value
        for log in logs:
            assert value not in log, value
    assert CPR_MASK in stored and EMAIL_MASK in stored and PHONE_MASK in stored


def stored_senders(db: Path) -> set[str]:
    with sqlite3.connect(db) as conn:
        return {row[0] for row in conn.execute("SELECT DISTINCT sender_id FROM events")}


@pytest.fixture(scope="module")
def sqlite_server(servers):
    """The session's servers and their SQLite tracker store; the tests tell conversations apart by marker text."""
    assert servers.tracker_db is not None
    return servers, servers.tracker_db


def test_delete_my_conversation_after_confirmation(sqlite_server, kb):
    server, db = sqlite_server
    user, other = sender("gdpr"), sender("other")
    server.send(other, "Hvad er samskabelse?")
    server.send(user, "Hvad er frivilligledelse?")
    ask = server.send(user, "slet min samtale")
    assert texts(ask) == [kb.message("delete_confirm").text]
    assert [b["payload"] for b in ask[0]["buttons"]] == ["/affirm", "/deny"]
    assert texts(server.send(user, "/deny")) == [kb.message("delete_kept").text]
    before = stored_senders(db)
    assert {f"rest:{user}", f"rest:{other}"} <= before  # each channel's conversations have its prefix

    server.send(user, "slet min samtale")
    assert texts(server.send(user, "/affirm"))[0] == kb.message("delete_done").text
    # Only this conversation is gone; the store is shared with the session's other tests.
    assert stored_senders(db) == before - {f"rest:{user}"}
    # The next message starts a fresh conversation: nothing to "tell more" about.
    assert texts(server.send(user, "fortæl mere"))[0] == kb.message("more_unknown").text


# -- «Slet min samtale»: gone from the files, in every state -----------------------
DELETED_SIGNAL = {"conversation_deleted": True}


def raw_files(db: Path) -> bytes:
    """The database file and its write-ahead log, byte for byte as they lie on disk (not what SELECT shows)."""
    return b"".join(f.read_bytes() for f in sorted(db.parent.glob(db.name + "*")))


def custom_messages(replies: list[dict]) -> list[dict]:
    return [r["custom"] for r in replies if "custom" in r]


def test_deleted_conversation_leaves_no_text_in_the_database_files(sqlite_server, kb):
    server, db = sqlite_server
    marker, kept = "Zebrafinke-4711", "Gnuantilope-5822"
    user, other = sender("gdpr"), sender("other")
    server.send(other, f"Vi kalder projektet {kept} – hvad er samskabelse?")
    server.send(user, f"Vores projekt hedder {marker} – hvad er samskabelse?")
    server.send(user, f"Er {marker} med frivillige og foreninger samskabelse?")
    assert marker.encode() in raw_files(db)
    server.send(user, "slet min samtale")
    done = server.send(user, "/affirm")
    assert texts(done)[0] == kb.message("delete_done").text
    stored = raw_files(db)
    assert marker.encode() not in stored
    assert kept.encode() in stored
    # The web chat learns that the conversation is gone, so it can forget its stored transcript.
    assert custom_messages(done) == [DELETED_SIGNAL]


def test_delete_in_the_ledetraade_through_asks_first_and_no_resumes_the_step(sqlite_server, guides, kb):
    server, db = sqlite_server
    marker = "Zebrafinke-4712"
    user = sender("gdpr-walk")
    server.send(user, "gennemgå de fem ledetråde med mig")
    assert texts(server.send(user, f"{marker} skal give flere ældre et fællesskab")) == [step(guides, 2)]
    ask = server.send(user, "slet min samtale")
    # The question waits alone: the step is not asked meanwhile.
    assert texts(ask) == [kb.message("delete_confirm").text]
    assert [(b["title"], b["payload"]) for b in ask[0]["buttons"]] == [
        (kb.message("delete_yes_button").text, "/affirm"),
        (kb.message("delete_no_button").text, "/deny"),
    ]
    assert texts(server.send(user, "nej")) == [kb.message("delete_kept").text, step(guides, 2)]
    assert texts(server.send(user, "Idrætsforeningen og biblioteket")) == [step(guides, 3)]
    server.send(user, "slet min samtale")
    # The button's title typed instead of clicked works like the button.
    assert texts(server.send(user, kb.message("delete_no_button").text)) == [
        kb.message("delete_kept").text,
        step(guides, 3),
    ]
    assert texts(server.send(user, "slet min samtale")) == [kb.message("delete_confirm").text]
    done = server.send(user, "ja")
    assert texts(done)[0] == kb.message("delete_done").text and custom_messages(done) == [DELETED_SIGNAL]
    assert marker.encode() not in raw_files(db)
    # The walk-through went with the conversation: a question now gets only its answer.
    after = server.send(user, "Hvad er samskabelse?")
    assert after[0]["text"].startswith(kb.entries["definition"].text)
    assert not any("Ledetråd" in t for t in texts(after))


def test_typed_yes_title_in_the_ledetraade_through_deletes(sqlite_server, guides, kb):
    server, db = sqlite_server
    marker = "Zebrafinke-4713"
    user = sender("gdpr-typed")
    server.send(user, "gennemgå de fem ledetråde med mig")
    server.send(user, f"{marker} og mindre ensomhed")
    assert texts(server.send(user, "slet min samtale")) == [kb.message("delete_confirm").text]
    done = server.send(user, kb.message("delete_yes_button").text)
    assert texts(done)[0] == kb.message("delete_done").text and custom_messages(done) == [DELETED_SIGNAL]
    assert marker.encode() not in raw_files(db)


def test_delete_during_the_quiz_yes_deletes_instead_of_answering_the_card(sqlite_server, guides, kb):
    server, db = sqlite_server
    marker = "Zebrafinke-4714"
    user = sender("gdpr-quiz")
    server.send(user, f"Jeg er leder i {marker} – hvad er samskabelse?")
    server.send(user, "/quiz")
    assert texts(server.send(user, "slet min samtale")) == [kb.message("delete_confirm").text]
    done = server.send(user, "ja")
    assert texts(done)[0] == kb.message("delete_done").text and custom_messages(done) == [DELETED_SIGNAL]
    assert marker.encode() not in raw_files(db)
    # No quiz any more: a «ja» now answers nothing.
    assert guides.assessment.texts["no_pending"] in server.send(user, "ja")[0]["text"]
