"""Hardening: bad input over REST and the web chat, faults, and load – against the real servers.

- Bad input (empty, blank, 100 000 characters, emoji, control characters,
  garbage bytes, malformed JSON, wrong types, HTML, SQL, other languages)
  gets a Danish reply from the rule base or a 4xx with a Danish error, never
  a 5xx, a stack trace or silence, and the same sender is answered normally
  afterwards.
- The action server down: the user gets the Danish apology; back up: normal
  answers. A broken rule base stops the Rasa server at startup, naming file
  and entry.
- 50 senders × 40 messages at once: every message answered with the right
  content for that sender, and every user message stored, in order.
"""

from __future__ import annotations

import json
import os
import random
import sqlite3
import subprocess
import sys
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import yaml
from chat import WebChat, sender, texts

from bot import inbound, paths
from bot.names import ChannelMessages
from bot.project_env import run_environment
from tools.credentials import write_credentials
from tools.rest_client import post_json
from tools.servers import Servers, free_port

pytestmark = pytest.mark.server

QUESTION = "Hvad er samskabelse?"


@pytest.fixture(scope="module")
def hardened(servers) -> Servers:
    """The session's servers, with the SQLite tracker store `make run` uses."""
    assert servers.tracker_db is not None
    return servers


@pytest.fixture(scope="module")
def rule_base_openings() -> list[str]:
    """The first line of every text in data/knowledge (up to any {placeholder}): how a reply may begin."""
    found: set[str] = set()

    def walk(value: Any) -> None:
        if isinstance(value, str):
            opening = value.strip().split("\n")[0].split("{")[0].strip()
            if len(opening) >= 8:
                found.add(opening)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    for path in sorted(paths.KNOWLEDGE_DIR.rglob("*.yml")):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    return sorted(found)


def from_rule_base(text: str, openings: list[str]) -> bool:
    return bool(text.strip()) and any(text.startswith(opening) for opening in openings)


def post_raw(url: str, body: bytes, content_type: str = "application/json") -> tuple[int, bytes]:
    request = urllib.request.Request(url, data=body, headers={"Content-Type": content_type}, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=60) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as err:
        return err.code, err.read()


def assert_alive(assistant: Servers) -> None:
    for proc, log in assistant._procs:
        assert proc.poll() is None, f"{log.name} exited:\n{log.read_text()[-3000:]}"
    with urllib.request.urlopen(f"{assistant.base_url}/", timeout=30) as resp:
        assert resp.status == 200


def assert_answers_the_definition(assistant: Servers, user: str, kb) -> None:
    replies = assistant.send(user, QUESTION)
    assert replies and replies[0]["text"].startswith(kb.entries["definition"].text), replies
    assert all(r["recipient_id"] == user for r in replies)


def no_stack_trace(raw: str) -> bool:
    return "Traceback" not in raw and 'File "' not in raw and "Exception" not in raw


# -- What users type: the same texts go over REST and the web chat --------------------------
LONG = ("Hvad er samskabelse? " * 5000)[:100_000]
TEXTS = {
    "empty": ("", ChannelMessages.EMPTY),
    "only spaces": ("   \t  \n  ", ChannelMessages.EMPTY),
    "only control characters": ("\x00\x01\x1b\x7f", ChannelMessages.EMPTY),
    "lone surrogate": ("\ud800", ChannelMessages.EMPTY),
    "100 000 characters": (LONG, ChannelMessages.TOO_LONG),
    "emoji only": ("😀🎉🤝👍🏽", None),
    "control characters in text": ("hej\x00 med\x07 dig\x1b[31m \x7f\x9b", None),
    "HTML": ('<b>Hej</b> <img src=x onerror="alert(1)">', None),
    "script tag": ("<script>alert('samskabelse')</script>", None),
    "SQL": ("'; DROP TABLE events; --", None),
    "English": ("What is co-creation?", None),
    "German": ("Was ist Ko-Kreation und wie führt man sie?", None),
    "Arabic": ("ما هو الإبداع المشترك؟", None),
    "Chinese": ("什么是共同创造？", None),
    "Russian": ("Что такое совместное творчество?", None),
}


def check_reply_texts(replies: list[str], expected: str | None, openings: list[str], typed: str) -> None:
    assert replies, "silence"
    if expected is not None:
        assert replies[0] == inbound.text(expected)
    for text in replies:
        assert from_rule_base(text, openings), text
        assert no_stack_trace(text), text
    for echo in ("<script", "<img", "DROP TABLE"):
        if echo in typed:
            assert not any(echo in text for text in replies), "the user's markup came back"


# -- REST ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("case", list(TEXTS))
def test_rest_text_gets_a_danish_reply_and_the_sender_goes_on(hardened, kb, rule_base_openings, case):
    typed, expected = TEXTS[case]
    user = sender("bad")
    status, raw = post_raw(hardened.rest_url, json.dumps({"sender": user, "message": typed}).encode())
    assert no_stack_trace(raw.decode("utf-8", "replace"))
    if expected == ChannelMessages.TOO_LONG:
        assert status == 413
        assert json.loads(raw) == {"error": inbound.text(expected)}
    else:
        assert status == 200
        replies = json.loads(raw)
        assert all(r["recipient_id"] == user for r in replies)
        check_reply_texts(texts(replies), expected, rule_base_openings, typed)
    assert_answers_the_definition(hardened, user, kb)
    assert_alive(hardened)


NOT_OBJECT, BAD_SENDER = ChannelMessages.REQUEST_NOT_OBJECT, ChannelMessages.REQUEST_BAD_SENDER
BAD_MESSAGE, BAD_METADATA = ChannelMessages.REQUEST_BAD_MESSAGE, ChannelMessages.REQUEST_BAD_METADATA
SENDER = "__sender__"  # replaced by the test's own sender id


def _json(**fields: Any) -> bytes:
    return json.dumps(fields).encode()


BAD_REQUESTS = {
    "random bytes": (random.Random(6).randbytes(512), NOT_OBJECT),
    "invalid UTF-8": (b'{"sender": "__sender__", "message": "hej \xff\xfe"}', NOT_OBJECT),
    "malformed JSON": (b'{"sender": "__sender__", "message": "hej"', NOT_OBJECT),
    "not JSON": (b"Hvad er samskabelse?", NOT_OBJECT),
    "empty body": (b"", NOT_OBJECT),
    "nested too deep": (b"[" * 100_000 + b"]" * 100_000, NOT_OBJECT),
    "body is a list": (b'[{"sender": "__sender__", "message": "hej"}]', NOT_OBJECT),
    "body is a string": (b'"hej"', NOT_OBJECT),
    "message is a number": (_json(sender=SENDER, message=42), BAD_MESSAGE),
    "message is a list": (_json(sender=SENDER, message=["hej"]), BAD_MESSAGE),
    "message is null": (_json(sender=SENDER, message=None), BAD_MESSAGE),
    "message is an object": (_json(sender=SENDER, message={"text": "hej"}), BAD_MESSAGE),
    "message is missing": (_json(sender=SENDER), BAD_MESSAGE),
    "sender is a number": (_json(sender=7, message="hej"), BAD_SENDER),
    "sender is missing": (_json(message="hej"), BAD_SENDER),
    "sender is blank": (_json(sender="  ", message="hej"), BAD_SENDER),
    "sender is too long": (_json(sender="x" * (inbound.MAX_SENDER_CHARS + 1), message="hej"), BAD_SENDER),
    "metadata is a list": (_json(sender=SENDER, message="hej", metadata=[1]), BAD_METADATA),
}


@pytest.mark.parametrize("case", list(BAD_REQUESTS))
def test_rest_bad_request_gets_a_danish_400_and_the_sender_goes_on(hardened, kb, case):
    body, expected = BAD_REQUESTS[case]
    user = sender("req")
    status, raw = post_raw(hardened.rest_url, body.replace(SENDER.encode(), user.encode()))
    assert status == 400, raw
    assert no_stack_trace(raw.decode("utf-8", "replace"))
    assert json.loads(raw) == {"error": inbound.text(expected)}
    assert_answers_the_definition(hardened, user, kb)
    assert_alive(hardened)


def test_rest_text_is_stored_as_text_not_run(hardened):
    """The SQL-looking message is stored as it was typed; control characters are dropped first."""
    user = sender("sql")
    hardened.send(user, TEXTS["SQL"][0])
    hardened.send(user, TEXTS["control characters in text"][0])
    with sqlite3.connect(hardened.tracker_db) as conn:
        rows = conn.execute(
            "SELECT data FROM events WHERE sender_id = ? AND type_name = 'user' ORDER BY id", (f"rest:{user}",)
        ).fetchall()
    # Rasa strips the text; the control characters were dropped by the channel.
    assert [json.loads(data)["text"] for (data,) in rows] == ["'; DROP TABLE events; --", "hej med dig[31m"]


def test_two_questions_in_one_message_are_stored_as_two_turns_and_nothing_is_lost(hardened):
    user = sender("two")
    replies = hardened.send(user, "Hvad er samskabelsestrappen? Hvad er frivilligledelse?")
    assert len(replies) == 2
    with sqlite3.connect(hardened.tracker_db) as conn:
        rows = conn.execute(
            "SELECT data FROM events WHERE sender_id = ? AND type_name = 'user' ORDER BY id", (f"rest:{user}",)
        ).fetchall()
    assert [json.loads(data)["text"] for (data,) in rows] == [
        "Hvad er samskabelsestrappen?",
        "Hvad er frivilligledelse?",
    ]


# -- Web chat (Socket.IO) -----------------------------------------------------------------------
def first_paragraph(text: str) -> str:
    """The web chat sends a text in parts, split at blank lines."""
    return text.strip().split("\n\n")[0]


def webchat_answers_the_definition(chat: WebChat, kb) -> None:
    start = chat.ask(QUESTION)
    chat.wait_for(start, lambda m: m.get("text", "").startswith(first_paragraph(kb.entries["definition"].text)))


@pytest.mark.parametrize("case", list(TEXTS))
def test_webchat_text_gets_a_danish_reply_and_the_session_goes_on(hardened, kb, rule_base_openings, case):
    typed, expected = TEXTS[case]
    with WebChat(hardened.base_url) as chat:
        start = chat.ask(typed)
        first = chat.wait_for(start)
        check_reply_texts([first.get("text", "")], expected, rule_base_openings, typed)
        webchat_answers_the_definition(chat, kb)
        assert all(no_stack_trace(json.dumps(m, ensure_ascii=False)) for m in chat.received)
    assert_alive(hardened)


WEBCHAT_BAD_DATA = {
    "no data": None,
    "data is a number": 42,
    "data is a string": "Hvad er samskabelse?",
    "data is a list": ["Hvad er samskabelse?"],
    "data is binary": b"\xff\xfe\x00garbage",
    "message is missing": {"session_id": "x"},
    "message is a number": {"message": 42},
    "message is null": {"message": None},
    "message is a list": {"message": ["hej"]},
    "message is an object": {"message": {"text": "hej"}},
    "message is binary": {"message": b"\xff\xfe\x00"},
}


@pytest.mark.parametrize("case", list(WEBCHAT_BAD_DATA))
def test_webchat_bad_data_gets_a_danish_reply_and_the_session_goes_on(hardened, kb, case):
    with WebChat(hardened.base_url) as chat:
        start = chat.send(WEBCHAT_BAD_DATA[case])
        assert chat.wait_for(start)["text"] == inbound.text(ChannelMessages.UNREADABLE)
        webchat_answers_the_definition(chat, kb)
    assert_alive(hardened)


def test_webchat_extra_arguments_are_answered(hardened, kb):
    with WebChat(hardened.base_url) as chat:
        start = len(chat.received)
        chat.client.emit("user_uttered", ({"message": QUESTION}, "extra", 3))
        chat.wait_for(start, lambda m: m.get("text", "").startswith(first_paragraph(kb.entries["definition"].text)))
    assert_alive(hardened)


def test_webchat_malformed_packet_gets_a_danish_reply_and_the_session_goes_on(hardened, kb):
    with WebChat(hardened.base_url) as chat:
        start = len(chat.received)
        chat.client.eio.send('2["user_uttered",{"message": "hej"')  # a Socket.IO event with broken JSON
        assert chat.wait_for(start)["text"] == inbound.text(ChannelMessages.UNREADABLE)
        webchat_answers_the_definition(chat, kb)
    assert_alive(hardened)


def test_webchat_message_before_session_request_is_told_to_reload(hardened, kb):
    with WebChat(hardened.base_url, request_session=False) as chat:
        start = chat.ask(QUESTION)
        assert chat.wait_for(start)["text"] == inbound.text(ChannelMessages.NO_SESSION)
    assert_alive(hardened)


# -- Faults ---------------------------------------------------------------------------------------
def test_action_server_down_gets_an_apology_then_normal_answers(tmp_path, kb):
    apology = inbound.text(ChannelMessages.TECHNICAL_ERROR)
    definition = kb.entries["definition"].text
    with Servers(workdir=tmp_path) as assistant:
        user = sender("fault")
        assert_answers_the_definition(assistant, user, kb)
        with WebChat(assistant.base_url) as chat:
            webchat_answers_the_definition(chat, kb)

            assistant.stop_actions()
            assert texts(assistant.send(user, QUESTION)) == [apology]
            assert texts(assistant.send(sender("new"), "Hej")) == [apology]
            start = chat.ask(QUESTION)
            assert chat.wait_for(start)["text"] == apology

            assistant.start_actions()
            assert_answers_the_definition(assistant, user, kb)
            assert texts(assistant.send(user, "fortæl mere"))[0].startswith(kb.entries["definition"].more[0])
            start = chat.ask(QUESTION)
            chat.wait_for(start, lambda m: m.get("text", "").startswith(first_paragraph(definition)))
        assert_alive(assistant)


def test_rasa_server_refuses_to_start_on_a_broken_rule_base(knowledge_copy, tmp_path):
    """Like the action server (tests/actions/test_startup.py), the Rasa server loads the rule base first."""
    path = knowledge_copy / "models.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["entries"][0]["related"] = ["opskrift"]
    entry_id = data["entries"][0]["id"]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    env = run_environment({**os.environ, paths.KNOWLEDGE_DIR_ENV: str(knowledge_copy)})
    credentials = tmp_path / "credentials.yml"
    write_credentials(paths.ROOT / "credentials.yml", credentials, env)
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text("tracker_store:\n  type: InMemoryTrackerStore\n", encoding="utf-8")
    rasa = str(Path(sys.executable).with_name("rasa"))
    result = subprocess.run(
        [
            rasa,
            "run",
            "--model",
            str(paths.MODEL_FILE),
            "--credentials",
            str(credentials),
            "--endpoints",
            str(endpoints),
            "--interface",
            "127.0.0.1",
            "--port",
            str(free_port()),
        ],
        cwd=paths.ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode != 0
    assert f"models.yml: entry '{entry_id}': unknown related id 'opskrift'" in result.stdout + result.stderr


# -- Load ---------------------------------------------------------------------------------------
SENDERS, MESSAGES = 50, 40
TELL_MORE = "fortæl mere"


def conversation_plan(number: int, topics: list[str]) -> list[tuple[str, str]]:
    """(entry id, "text" or "more") for each message of sender `number`.

    A topic (sent as its button payload, the reply starts with the entry's
    text) and then a typed 'fortæl mere', answered from the sender's own last
    topic (the reply starts with the entry's first 'more' part). Each sender
    walks the topics from a different start, so at any step most senders
    expect different replies, and a tracker mixed up between senders shows.
    """
    plan = []
    for pair in range(MESSAGES // 2):
        entry_id = topics[(number * 7 + pair * 5) % len(topics)]
        plan.append((entry_id, "text"))
        plan.append((entry_id, "more"))
    return plan


def test_fifty_senders_at_once_are_all_answered_and_stored(hardened, kb, advisor):
    topics = sorted(e.id for e in kb.entries.values() if e.more)
    users = [sender(f"load{n:02d}") for n in range(SENDERS)]
    plans = [conversation_plan(n, topics) for n in range(SENDERS)]

    def message(entry_id: str, kind: str) -> str:
        return advisor.entry_payload(entry_id) if kind == "text" else TELL_MORE

    def talk(number: int) -> list[list[dict]]:
        return [
            post_json(hardened.rest_url, {"sender": users[number], "message": message(*step)}, timeout=300)
            for step in plans[number]
        ]

    with ThreadPoolExecutor(max_workers=SENDERS) as pool:
        results = list(pool.map(talk, range(SENDERS)))

    wrong = []
    for user, plan, replies in zip(users, plans, results):
        for step, ((entry_id, kind), reply) in enumerate(zip(plan, replies)):
            entry = kb.entries[entry_id]
            expected = entry.text if kind == "text" else entry.more[0]
            if (
                not reply
                or any(r.get("recipient_id") != user for r in reply)
                or not reply[0].get("text", "").startswith(expected)
            ):
                wrong.append((user, step, entry_id, kind, reply[:1]))
    assert not wrong, f"{len(wrong)} wrong replies, e.g. {wrong[:3]}"

    with sqlite3.connect(hardened.tracker_db) as conn:
        rows = conn.execute(
            "SELECT sender_id, data FROM events WHERE type_name = 'user' AND sender_id LIKE 'rest:load%' ORDER BY id"
        ).fetchall()
    stored: dict[str, list[str]] = {user: [] for user in users}
    for sender_id, data in rows:
        stored.setdefault(sender_id.removeprefix("rest:"), []).append(json.loads(data)["text"])
    for user, plan in zip(users, plans):
        assert stored[user] == [message(*step) for step in plan], user
    assert set(stored) == set(users)
    assert_alive(hardened)
