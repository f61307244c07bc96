"""Helpers of the security regression tests: raw HTTP posts, the store as bytes on disk, and the Slack, Teams and
Socket.IO requests an attacker would send."""

from __future__ import annotations

import json
import re
import sqlite3
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

from chat import random_id
from test_channels import posted_to, slack_event, slack_headers, slack_replies_to, slack_url

from tools.servers import Servers

SLACK_SECRET = "probe-signing-secret-0123456789abcdef"

TEAMS_APP_ID = "00000000-probe-app"

DEEP = 5000  # JSON nested deeper than Python's parser goes

# Unknown key ids fetch the signing keys again at most this often (300 s in production).
KEY_REFRESH_SECONDS = 2


# A session id the server issued (bot/web_sessions.py): 128 random bits and a signature.
ISSUED = re.compile(r"[a-p]{32}\.[A-Za-z0-9_-]{43}")


def post(url: str, body: bytes, headers: dict[str, str], timeout: float = 60) -> tuple[int, bytes]:
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as err:
        return err.code, err.read()


def raw_store(server: Servers) -> str:
    """The database and its write-ahead log as bytes on disk, decoded loosely."""
    files = sorted(server.tracker_db.parent.glob(server.tracker_db.name + "*"))
    return "\n".join(f.read_bytes().decode("utf-8", "ignore") for f in files)


def stored_user_events(server: Servers, sender_id: str) -> list[dict]:
    with sqlite3.connect(server.tracker_db) as conn:
        rows = conn.execute(
            "SELECT data FROM events WHERE sender_id = ? AND type_name = 'user' ORDER BY id", (sender_id,)
        ).fetchall()
    return [json.loads(data) for (data,) in rows]


def step_text(guides, number: int) -> str:
    ledetraade = guides.ledetraade
    return ledetraade.texts["step"].format(number=number, question=ledetraade.steps[number - 1].question)


# -- Slack helpers --------------------------------------------------------------------------------


# Slack events are answered after the acknowledgement, and an answer may come as several posts: a reply is
# complete when no further post has come for this long. Without it a late post of one answer was read as the
# answer to the next message.
SLACK_SETTLE = 1.5


def slack_say(server, stand_in, user: str, text: str) -> list[dict]:
    """Send a DM as `user`; return all the bot's posts answering it (at least one) to that DM."""
    channel = f"D{user}"
    before = len(posted_to(stand_in, "slack", channel))
    body = slack_event(text, user, f"Ev{uuid.uuid4().hex}")
    assert post(slack_url(server), body, slack_headers(body, secret=SLACK_SECRET))[0] == 200
    replies = slack_replies_to(stand_in, channel, before + 1, wait=90)[before:]
    assert replies, f"no Slack answer to {text!r}"
    while True:
        time.sleep(SLACK_SETTLE)
        now = posted_to(stand_in, "slack", channel)[before:]
        if len(now) == len(replies):
            return replies
        replies = now


def slack_user() -> str:
    return random_id("U", upper=True)


def websocket_handshake(server, origin: str | None) -> int:
    """Status of a raw Engine.IO WebSocket handshake with this Origin header (what a browser sends)."""
    import websocket

    url = f"ws://127.0.0.1:{server.rasa_port}/socket.io/?EIO=4&transport=websocket"
    try:
        ws = websocket.create_connection(url, timeout=10, origin=origin, suppress_origin=origin is None)
    except websocket.WebSocketBadStatusException as exc:
        return exc.status_code
    ws.close()
    return 101


def slack_form(payload) -> bytes:
    return urllib.parse.urlencode({"payload": payload if isinstance(payload, str) else json.dumps(payload)}).encode()


def teams_post(server, activity: dict, token: str | None, timeout: float = 60) -> int:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return post(f"{server.base_url}/webhooks/teams/webhook", json.dumps(activity).encode(), headers, timeout)[0]
