"""Slack, Teams and the REST shared secret, against local stand-ins that speak the real protocols.

The Rasa server runs with all three channels on; Slack's Web API and the Bot
Framework (OpenID metadata, signing keys, token endpoint, Bot Connector) are
played by tests/e2e/standins.py on loopback.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from typing import Iterator

import pytest
from chat import random_id
from cryptography.hazmat.primitives.asymmetric import rsa
from standins import ACCESS_TOKEN

from tools.servers import Servers

pytestmark = pytest.mark.server

# Secrets we choose are at least 32 bytes (shorter ones stop the server: bot/server_secrets.py).
SLACK_SECRET = "test-signing-secret-0123456789abcdef"
SLACK_TOKEN = "xoxb-test-token"
REST_SECRET = "intranet-proxy-secret-0123456789abcdef"
TEAMS_APP_ID = "00000000-test-app"
WEBCHAT_SECRET = "webchat-test-secret-0123456789abcdef"


def login(subject, secret: str = WEBCHAT_SECRET, lifetime: int | None = 3600, **claims) -> str:
    """A web chat JWT as the intranet would issue it (subject, expiry), with overrides.
    (Issuer and audience: tests/channels/test_channels_offline.py.)"""
    import jwt

    now = int(time.time())
    body = {"sub": subject, "iat": now, **claims}
    if lifetime is not None:
        body["exp"] = now + lifetime
    return jwt.encode({k: v for k, v in body.items() if v is not None}, secret, algorithm="HS256")


@pytest.fixture(scope="module")
def server(stand_in, tmp_path_factory) -> Iterator[Servers]:
    env = {
        "REST_SHARED_SECRET": REST_SECRET,
        "WEBCHAT_JWT_SECRET": WEBCHAT_SECRET,
        **stand_in.channel_env(SLACK_TOKEN, SLACK_SECRET, TEAMS_APP_ID),
    }
    with Servers(workdir=tmp_path_factory.mktemp("channels"), env=env) as assistant:
        yield assistant


def post(url: str, body: bytes, headers: dict[str, str]) -> tuple[int, bytes]:
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=30) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as err:
        return err.code, err.read()


def posted_to(stand_in, kind: str, where: str) -> list[dict]:
    """What the bot has posted so far (no waiting), to a Slack channel or a Teams conversation."""
    if kind == "slack":
        return [p for p in stand_in.posts if p["kind"] == "slack" and p["body"].get("channel") == where]
    return [p for p in stand_in.posts if p["kind"] == "teams" and f"/conversations/{where}/" in p["path"]]


# -- REST shared secret -----------------------------------------------------
@pytest.mark.parametrize("headers, status", [({}, 401), ({"X-Samskabelse-Secret": "wrong"}, 401)])
def test_rest_rejects_without_the_secret(server, headers, status):
    body = json.dumps({"sender": "x", "message": "Hej"}).encode()
    assert post(server.rest_url, body, {"Content-Type": "application/json", **headers})[0] == status


def test_rest_answers_with_the_secret(server, kb):
    replies = server.send("intranet-user", "Hej", headers={"X-Samskabelse-Secret": REST_SECRET})
    assert replies[0]["text"] == kb.message("greet").text


@pytest.mark.parametrize(
    "raw",
    [
        "hemmelighed-æøå".encode("utf-8"),
        "hemmelighed-æøå".encode("latin-1"),
        b"\xff\xfe\x80",
        REST_SECRET.encode() + "é".encode("utf-8"),
    ],
)
def test_rest_non_ascii_secret_header_is_a_401(server, raw):
    """Finding: a non-ASCII X-Samskabelse-Secret header gave a 5xx with a stack trace."""
    import http.client

    body = json.dumps({"sender": "x", "message": "Hej"}).encode()
    conn = http.client.HTTPConnection("127.0.0.1", server.rasa_port, timeout=30)
    try:
        conn.putrequest("POST", "/webhooks/rest/webhook")
        conn.putheader("Content-Type", "application/json")
        conn.putheader("Content-Length", str(len(body)))
        conn.putheader("X-Samskabelse-Secret", raw)  # bytes go on the wire as they are
        conn.endheaders(body)
        assert conn.getresponse().status == 401
    finally:
        conn.close()


# -- Slack --------------------------------------------------------------------
def slack_headers(
    body: bytes, *, secret: str = SLACK_SECRET, timestamp: int | None = None, content_type: str = "application/json"
) -> dict[str, str]:
    ts = str(timestamp or int(time.time()))
    digest = hmac.new(secret.encode(), f"v0:{ts}:".encode() + body, hashlib.sha256).hexdigest()
    return {"Content-Type": content_type, "X-Slack-Request-Timestamp": ts, "X-Slack-Signature": f"v0={digest}"}


def slack_event(text: str, user: str, event_id: str) -> bytes:
    return json.dumps(
        {
            "token": "t",
            "team_id": "T1",
            "api_app_id": "A1",
            "type": "event_callback",
            "event_id": event_id,
            "event_time": int(time.time()),
            "event": {
                "type": "message",
                "channel": f"D{user}",
                "channel_type": "im",
                "user": user,
                "text": text,
                "ts": f"{time.time():.6f}",
            },
        }
    ).encode()


def slack_url(server) -> str:
    return f"{server.base_url}/webhooks/slack/webhook"


def slack_replies_to(stand_in, channel: str, count: int, wait: float = 30) -> list[dict]:
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        found = [p for p in stand_in.posts if p["kind"] == "slack" and p["body"].get("channel") == channel]
        if len(found) >= count:
            return found
        time.sleep(0.1)
    return [p for p in stand_in.posts if p["kind"] == "slack" and p["body"].get("channel") == channel]


def test_slack_message_is_answered_with_block_kit_buttons(server, stand_in, kb):
    user = f"U{uuid.uuid4().hex[:6].upper()}"
    body = slack_event("Hvad er samskabelse?", user, f"Ev{uuid.uuid4().hex}")
    assert post(slack_url(server), body, slack_headers(body))[0] == 200
    (reply,) = slack_replies_to(stand_in, f"D{user}", 1)
    assert reply["auth"] == f"Bearer {SLACK_TOKEN}"
    assert reply["body"]["text"].startswith(kb.entries["definition"].text)
    section, actions = reply["body"]["blocks"]
    assert actions["type"] == "actions"
    assert actions["elements"][0]["text"]["text"] == "Vil du vide mere?"
    assert actions["elements"][0]["value"] == '/ask_more{"entry":"definition"}'


def test_slack_button_click_is_understood(server, stand_in, kb):
    user = f"U{uuid.uuid4().hex[:6].upper()}"
    payload = {
        "type": "block_actions",
        "user": {"id": user},
        "channel": {"id": f"D{user}"},
        "actions": [{"type": "button", "action_id": "a1", "value": "/ask_staircase"}],
    }
    body = urllib.parse.urlencode({"payload": json.dumps(payload)}).encode()
    status, _ = post(slack_url(server), body, slack_headers(body, content_type="application/x-www-form-urlencoded"))
    assert status == 200
    (reply,) = slack_replies_to(stand_in, f"D{user}", 1)
    assert reply["body"]["text"].startswith(kb.entries["staircase"].text)


def test_slack_retry_is_not_answered_twice(server, stand_in):
    user = f"U{uuid.uuid4().hex[:6].upper()}"
    event_id = f"Ev{uuid.uuid4().hex}"
    body = slack_event("Hvad er frivilligledelse?", user, event_id)
    assert post(slack_url(server), body, slack_headers(body))[0] == 200
    assert len(slack_replies_to(stand_in, f"D{user}", 1)) == 1
    retry_headers = {**slack_headers(body), "X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_error"}
    assert post(slack_url(server), body, retry_headers)[0] == 200
    time.sleep(3)
    assert len(posted_to(stand_in, "slack", f"D{user}")) == 1


@pytest.mark.parametrize("kind", ["wrong secret", "no signature", "old timestamp"])
def test_slack_rejects_unsigned_requests(server, stand_in, kind):
    user = f"U{uuid.uuid4().hex[:6].upper()}"
    body = slack_event("Hej", user, f"Ev{uuid.uuid4().hex}")
    headers = {
        "wrong secret": slack_headers(body, secret="guess"),
        "no signature": {"Content-Type": "application/json"},
        "old timestamp": slack_headers(body, timestamp=int(time.time()) - 3600),
    }[kind]
    assert post(slack_url(server), body, headers)[0] == 400
    time.sleep(1)
    assert posted_to(stand_in, "slack", f"D{user}") == []


# -- Microsoft Teams (Bot Framework) ------------------------------------------
def teams_activity(stand_in, text: str = "", value: dict | None = None) -> dict:
    conversation = random_id("conv-")
    activity = {
        "type": "message",
        "id": "a1",
        "channelId": "msteams",
        "serviceUrl": f"{stand_in.url}/teams/",
        "from": {"id": random_id("29:"), "name": "Leder"},
        "conversation": {"id": conversation},
        "recipient": {"id": "28:bot", "name": "Samskabelse"},
        "text": text,
    }
    if value is not None:
        activity["value"] = value
    return activity


def teams_post(server, activity: dict, token: str | None) -> int:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return post(f"{server.base_url}/webhooks/teams/webhook", json.dumps(activity).encode(), headers)[0]


def teams_replies(stand_in, conversation: str, count: int = 1) -> list[dict]:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        found = [p for p in stand_in.posts if p["kind"] == "teams" and f"/conversations/{conversation}/" in p["path"]]
        if len(found) >= count:
            return found
        time.sleep(0.1)
    return [p for p in stand_in.posts if p["kind"] == "teams" and f"/conversations/{conversation}/" in p["path"]]


def test_teams_message_with_valid_token_is_answered_with_a_card(server, stand_in, kb):
    activity = teams_activity(stand_in, "Hej")
    token = stand_in.bot_framework_token(TEAMS_APP_ID, activity["serviceUrl"])
    assert teams_post(server, activity, token) == 200
    (reply,) = teams_replies(stand_in, activity["conversation"]["id"])
    assert reply["auth"] == f"Bearer {ACCESS_TOKEN}"
    (card,) = reply["body"]["attachments"]
    assert card["contentType"] == "application/vnd.microsoft.card.hero"
    assert card["content"]["text"] == kb.message("greet").text
    buttons = card["content"]["buttons"]
    assert [b["title"] for b in buttons] == [m.title for m in kb.menu]
    assert all(b["type"] == "messageBack" and b["text"] == b["value"]["payload"] for b in buttons)


def test_teams_card_click_comes_back_as_payload(server, stand_in, kb):
    activity = teams_activity(stand_in, "/ask_ledetraade", value={"payload": "/ask_ledetraade"})
    token = stand_in.bot_framework_token(TEAMS_APP_ID, activity["serviceUrl"])
    assert teams_post(server, activity, token) == 200
    (reply,) = teams_replies(stand_in, activity["conversation"]["id"])
    assert reply["body"]["attachments"][0]["content"]["text"].startswith(kb.entries["ledetraade"].text)


OTHER_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.mark.parametrize(
    "case", ["no token", "other key", "wrong audience", "expired", "wrong issuer", "other serviceUrl", "unknown key id"]
)
def test_teams_rejects_requests_without_a_valid_bot_framework_token(server, stand_in, case):
    activity = teams_activity(stand_in, "Hej")
    make = stand_in.bot_framework_token
    url = activity["serviceUrl"]
    token = {
        "no token": None,
        "other key": make(TEAMS_APP_ID, url, key=OTHER_KEY),
        "wrong audience": make("someone-else", url),
        "expired": make(TEAMS_APP_ID, url, expires_in=-120),
        "wrong issuer": make(TEAMS_APP_ID, url, issuer="https://evil.example"),
        "other serviceUrl": make(TEAMS_APP_ID, "https://smba.example/"),
        "unknown key id": make(TEAMS_APP_ID, url, kid="nope"),
    }[case]
    assert teams_post(server, activity, token) == 401
    time.sleep(0.5)
    assert posted_to(stand_in, "teams", activity["conversation"]["id"]) == []


# -- Web chat (Socket.IO) with a JWT secret -----------------------------------
def webchat(server, token: str | None, proposed_session: str, message: str | None):
    """Connect, ask for a session, optionally send; return (confirmed session id, bot messages)."""
    import threading

    import socketio

    client = socketio.Client(reconnection=False)
    confirmed, answered = threading.Event(), threading.Event()
    state: dict = {"session": None, "received": []}

    def on_confirm(data):
        state["session"] = data["session_id"]
        confirmed.set()

    def on_bot(data):
        state["received"].append(data)
        answered.set()

    client.on("session_confirm", on_confirm)
    client.on("bot_uttered", on_bot)
    client.connect(server.base_url, transports=["websocket"], auth={"token": token} if token else None, wait_timeout=10)
    try:
        client.emit("session_request", {"session_id": proposed_session})
        assert confirmed.wait(10), "no session_confirm"
        if message:
            client.emit("user_uttered", {"message": message, "session_id": proposed_session})
            answered.wait(30)
            time.sleep(0.5)  # the rest of a multi-part answer
        return state["session"], state["received"]
    finally:
        client.disconnect()


WEBCHAT_BAD_TOKENS = {
    "no token": lambda: None,
    "wrong secret": lambda: login("alice", secret="wrong-secret-0123456789abcdef0123"),
    "no subject": lambda: login(None),
    "empty subject": lambda: login(""),
    "blank subject": lambda: login("   "),
    "subject too long": lambda: login("a" * 256),
    "subject not a text": lambda: login(12345),
    "no expiry": lambda: login("alice", lifetime=None),
    "expired": lambda: login("alice", lifetime=-60),
    "lives too long": lambda: login("alice", lifetime=30 * 24 * 3600),
    "lives too long without iat": lambda: login("alice", lifetime=30 * 24 * 3600, iat=None),
}


@pytest.mark.parametrize("case", list(WEBCHAT_BAD_TOKENS))
def test_webchat_refuses_connections_without_a_valid_token(server, case):
    """Regression (no expiry, too long a lifetime, blank or long subjects): such tokens were accepted."""
    import socketio

    with pytest.raises(socketio.exceptions.ConnectionError):
        webchat(server, WEBCHAT_BAD_TOKENS[case](), "whatever1", None)


def test_webchat_session_is_bound_to_the_token_subject(server, kb):
    alice, bob = login("alice"), login("bob")
    session, replies = webchat(server, alice, "anything123", "Hej")
    assert session == "jwt"  # the login decides; the browser is told no conversation id
    assert replies and replies[0]["text"].startswith(kb.message("greet").text.split("\n")[0])
    # Bob proposes Alice's conversation id (old and new form), but is bound to his own.
    for proposed in ("web-alice", "web:web-alice"):
        webchat(server, bob, proposed, "Hvad er samskabelse?")
    # Alice's conversation did not receive Bob's question: her next "fortæl mere" has no topic yet.
    _, more = webchat(server, alice, "web-alice", "fortæl mere")
    assert more[0]["text"] == kb.message("more_unknown").text


@pytest.mark.parametrize("path", ["/status", "/conversations/someone/tracker", "/model/parse"])
def test_http_api_is_off(server, path):
    """Rasa's HTTP API (trackers, parsing, model) is not exposed unless asked for."""
    method_body = b'{"text": "hej"}' if path == "/model/parse" else None
    request = urllib.request.Request(
        f"{server.base_url}{path}", data=method_body, headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as resp:
            status = resp.status
    except urllib.error.HTTPError as err:
        status = err.code
    assert status == 404


def test_http_api_when_enabled_requires_a_jwt(tmp_path):
    """ENABLE_API=1 runs the API with --jwt-secret: no token → 401, a signed JWT → 200."""
    import jwt

    secret = "api-test-secret-0123456789abcdef0123"
    with Servers(workdir=tmp_path, rasa_args=["--enable-api", "--jwt-secret", secret, "--jwt-method", "HS256"]) as api:

        def status(headers: dict) -> int:
            request = urllib.request.Request(f"{api.base_url}/status", headers=headers)
            try:
                with urllib.request.urlopen(request, timeout=10) as resp:
                    return resp.status
            except urllib.error.HTTPError as err:
                return err.code

        assert status({}) == 401
        assert status({"Authorization": "Bearer " + jwt.encode({"user": {"role": "admin"}}, "wrong", "HS256")}) == 401
        token = jwt.encode({"user": {"username": "drift", "role": "admin"}}, secret, algorithm="HS256")
        assert status({"Authorization": f"Bearer {token}"}) == 200
