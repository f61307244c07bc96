"""Security regressions, tried as an attacker would, against the real servers and the local stand-ins.

One server runs REST (no shared secret), the web chat (no JWT: sessions
issued by the server), Slack and Teams, on one SQLite store, as in the
security probe of 2026-11-30. Each test names the finding it guards.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from typing import Iterator

import pytest
from chat import WebChat, sender, texts
from security_probe import (
    DEEP,
    ISSUED,
    KEY_REFRESH_SECONDS,
    SLACK_SECRET,
    TEAMS_APP_ID,
    post,
    raw_store,
    slack_form,
    slack_say,
    slack_url,
    slack_user,
    step_text,
    stored_user_events,
    teams_post,
    websocket_handshake,
)
from test_channels import posted_to, slack_headers, slack_replies_to, teams_activity, teams_replies

from bot import inbound
from bot.names import ChannelMessages
from tools.servers import Servers

pytestmark = pytest.mark.server


@pytest.fixture(scope="module")
def server(stand_in, tmp_path_factory) -> Iterator[Servers]:
    workdir = tmp_path_factory.mktemp("security")
    env = {
        **stand_in.channel_env("xoxb-probe", SLACK_SECRET, TEAMS_APP_ID),
        "TEAMS_KEY_REFRESH_SECONDS": str(KEY_REFRESH_SECONDS),
    }
    with Servers(workdir=workdir, env=env, tracker_db=workdir / "tracker.db") as assistant:
        yield assistant


# == 1. No conversation can be reached from another channel or another browser =======================
def test_a_web_chat_user_cannot_take_over_a_slack_conversation(server, stand_in, guides, kb):
    """Finding: session_request {"session_id": "<a Slack member id>"} read and deleted that person's conversation."""
    victim = slack_user()
    marker = "Kattekilden-Nord"
    slack_say(server, stand_in, victim, "gennemgå de fem ledetråde med mig")
    slack_say(server, stand_in, victim, f"Ensomhed blandt ældre i {marker}")
    with WebChat(server.base_url, session_id=victim) as attacker:
        assert attacker.session_id != victim and ISSUED.fullmatch(attacker.session_id)
        # The attack of the probe: walk through to the summary, then delete, waiting for each answer.
        said = ["gennemgå de fem ledetråde med mig", "a", "b", "c", "d", "e", "slet min samtale", "/affirm"]
        expected = [step_text(guides, n) for n in range(1, 6)] + [
            guides.ledetraade.texts["summary_intro"],
            kb.message("delete_confirm").text,
            kb.message("delete_done").text,
        ]
        for text, answer in zip(said, expected):
            attacker.wait_for(attacker.ask(text), lambda m, a=answer: m.get("text", "").startswith(a.split("\n")[0]))
        assert not any(marker in m.get("text", "") for m in attacker.received)
    # The Slack conversation is whole: the next answer goes to step 3 and the marker is still stored.
    replies = slack_say(server, stand_in, victim, "Foreningerne og biblioteket")
    assert replies[0]["body"]["text"].startswith(step_text(guides, 3).split("\n")[0])
    assert stored_user_events(server, f"slack:{victim}")[1]["text"].endswith(marker)


@pytest.mark.parametrize("claimed", ["{victim}", "slack:{victim}", "web:{victim}", " slack:{victim}"])
def test_a_rest_client_cannot_reach_a_slack_conversation(server, stand_in, guides, claimed):
    victim = slack_user()
    slack_say(server, stand_in, victim, "gennemgå de fem ledetråde med mig")
    server.send(claimed.format(victim=victim), "slet min samtale")
    server.send(claimed.format(victim=victim), "/affirm")
    replies = slack_say(server, stand_in, victim, "Ensomhed blandt ældre")
    assert replies[0]["body"]["text"].startswith(step_text(guides, 2).split("\n")[0])


def test_a_server_issued_session_continues_after_a_reload(server, guides):
    def starts(number: int):
        return lambda m: m.get("text", "").startswith(step_text(guides, number).split("\n\n")[0])

    with WebChat(server.base_url, session_id=None) as first:
        token = first.session_id
        first.wait_for(first.ask("gennemgå de fem ledetråde med mig"), starts(1))
        first.wait_for(first.ask("Ensomhed blandt ældre"), starts(2))
    with WebChat(server.base_url, session_id=token) as again:
        assert again.session_id == token
        again.wait_for(again.ask("Foreningerne"), starts(3))


def test_another_browser_cannot_join_a_session_or_hear_its_replies(server, kb):
    """Finding: joining someone's session id streamed their replies live."""
    with WebChat(server.base_url) as owner:
        ident = owner.session_id.split(".")[0]
        for proposed in (ident, f"sess-{ident}", f"web:sess-{ident}", owner.session_id[:-1] + "x"):
            with WebChat(server.base_url, session_id=proposed) as other:
                assert other.session_id != owner.session_id
                owner.wait_for(
                    owner.ask("Hvad er samskabelsestrappen?"),
                    lambda m: m.get("text", "").startswith(kb.entries["staircase"].text.split("\n\n")[0]),
                )
                # The other browser's own answer comes after anything sent to it before: nothing leaked.
                start = other.ask("Hvad er frivilligledelse?")
                other.wait_for(
                    start, lambda m: m.get("text", "").startswith(kb.entries["frivilligledelse"].text.split("\n\n")[0])
                )
                assert not any(
                    m.get("text", "").startswith(kb.entries["staircase"].text.split("\n\n")[0]) for m in other.received
                )


@pytest.mark.parametrize(
    "origin, status",
    [
        ("http://evil.example", 400),
        ("http://localhost:8081", 400),
        ("null", 400),
        ("http://localhost:8080", 101),
        ("http://127.0.0.1:8080", 101),
        (None, 101),
    ],
)
def test_socketio_accepts_only_the_web_chats_origin(server, origin, status):
    """Finding: cors_allowed_origins=[] turned engineio's Origin check off, so any site could connect."""
    assert websocket_handshake(server, origin) == status


# == 2. Personal data masked in what is stored ========================================================
def test_rest_stores_no_client_metadata_or_channel_name(server):
    """Finding: REST metadata and input_channel were stored as the client sent them (unmasked)."""
    user = sender("meta")
    body = {
        "sender": user,
        "message": "Hej",
        "input_channel": "slack",
        "metadata": {"navn": "Lone Hansen", "cpr": "010190-1234", "mail": "lone@aarhus.dk"},
    }
    status, _ = post(server.rest_url, json.dumps(body).encode(), {"Content-Type": "application/json"})
    assert status == 200
    (event,) = stored_user_events(server, f"rest:{user}")
    assert event["input_channel"] == "rest"
    assert set(event.get("metadata") or {}) <= {"assistant_id", "model_id"}  # Rasa's own, nothing of the client's
    stored = raw_store(server)
    for value in ("Lone Hansen", "010190-1234", "lone@aarhus.dk"):
        assert value not in stored


def test_a_sender_id_holding_a_spaced_phone_number_is_pseudonymised(server):
    """Finding: a sender id holding an NBSP-spaced phone was stored as is."""
    phone = "23\u00a045\u00a067\u00a089"
    replies = server.send(phone, "Hej")
    assert replies and replies[0]["text"]
    stored = raw_store(server)
    assert "23456789" not in stored and phone not in stored and "23 45 67 89" not in stored


def test_masked_text_reaches_the_store_not_the_raw_one(server):
    user = sender("mask")
    server.send(user, "Ring på 23\u00a045\u00a067\u00a088 eller skriv til lone(at)aarhus.dk, cpr 16.03.85-2345")
    stored = raw_store(server)
    for value in ("23\u00a045\u00a067\u00a088", "23 45 67 88", "lone(at)aarhus.dk", "16.03.85-2345"):
        assert value not in stored


# == 5. REST and secrets fail closed; 8. no 5xx, no silence ==========================================
@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data", ""])
def test_rest_reads_only_json(server, kb, content_type):
    """Finding: text/plain was accepted, so a page elsewhere could post «slet min samtale» then /affirm (no-cors)."""
    victim = sender("csrf")
    server.send(victim, "Hvad er frivilligledelse?")
    for message in ("slet min samtale", "/affirm"):
        body = json.dumps({"sender": victim, "message": message}).encode()
        status, raw = post(server.rest_url, body, {"Content-Type": content_type} if content_type else {})
        assert status == 415
        assert json.loads(raw)["error"] == inbound.text(ChannelMessages.REQUEST_NOT_JSON)
    assert len(stored_user_events(server, f"rest:{victim}")) == 1


def test_rest_caps_the_body(server):
    """Finding: a 5 MB metadata object became 20 MB of rows."""
    user = sender("big")
    body = json.dumps({"sender": user, "message": "Hej", "metadata": {"x": "y" * 5_000_000}}).encode()
    status, raw = post(server.rest_url, body, {"Content-Type": "application/json"})
    assert status == 413 and json.loads(raw)["error"] == inbound.text(ChannelMessages.REQUEST_TOO_LARGE)
    assert stored_user_events(server, f"rest:{user}") == []


def test_a_lone_surrogate_in_the_sender_is_answered(server, kb):
    """Finding: a sender id with a lone surrogate gave a 5xx."""
    body = b'{"sender": "leder\\ud800x", "message": "Hvad er samskabelse?"}'
    status, raw = post(server.rest_url, body, {"Content-Type": "application/json"})
    assert status == 200 and json.loads(raw)[0]["text"].startswith(kb.entries["definition"].text)


@pytest.mark.parametrize("typed", ["/restart", "/session_start", "/back", "/nlu_fallback", "//restart"])
def test_rasas_own_commands_typed_by_a_user_get_a_real_answer(server, typed):
    """Finding: /restart, /session_start, /back typed by a user got the technical-error apology."""
    replies = server.send(sender("cmd"), typed)
    assert replies and all(r.get("text") for r in replies)
    assert inbound.text(ChannelMessages.TECHNICAL_ERROR) not in texts(replies)


@pytest.mark.parametrize("typed", ["\u200b", "\u200b\u200c\u200d\ufeff", "\u00ad\u2060", "\u200b \u00a0 \u2009"])
def test_a_message_of_only_invisible_characters_is_empty(server, typed):
    """Finding: a message of only zero-width characters went to NLU."""
    assert texts(server.send(sender("zw"), typed)) == [inbound.text(ChannelMessages.EMPTY)]
    with WebChat(server.base_url) as chat:
        assert chat.wait_for(chat.ask(typed))["text"] == inbound.text(ChannelMessages.EMPTY)


@pytest.mark.parametrize(
    "packet",
    [
        '42{"a":1}',
        "42[]",
        "42[1,2]",
        '42"user_uttered"',
        "42[null]",
        '42["connect"]',
        '42["disconnect",1]',
        '42["nobody_listens",{}]',
        "42" + "[" * DEEP + "]" * DEEP,
    ],
    ids=lambda packet: packet if len(packet) < 40 else "deeply nested",
)
def test_junk_socketio_packets_get_the_danish_reply(server, kb, packet):
    """Finding: these packets got silence instead of «Jeg kunne ikke læse din besked»."""
    with WebChat(server.base_url) as chat:
        start = len(chat.received)
        chat.client.eio.send(packet)
        assert chat.wait_for(start)["text"] == inbound.text(ChannelMessages.UNREADABLE)
        reply = chat.wait_for(chat.ask("Hvad er samskabelse?"))
        assert reply["text"].startswith(kb.entries["definition"].text.split("\n\n")[0])


@pytest.mark.parametrize(
    "body, content_type",
    [
        (slack_form("notjson"), "application/x-www-form-urlencoded"),
        (slack_form([1, 2]), "application/x-www-form-urlencoded"),
        (slack_form({"actions": "x", "user": {"id": "U1"}}), "application/x-www-form-urlencoded"),
        (slack_form({"actions": [{"type": "button"}], "user": "U1"}), "application/x-www-form-urlencoded"),
        (b"", "application/x-www-form-urlencoded"),
        (b'{"event":"x"}', "application/json"),
        (b"[1,2]", "application/json"),
        (b"notjson", "application/json"),
        (b'{"event": {"type": "message", "text": 5, "user": "U1"}}', "application/json"),
        (b"[" * DEEP + b"]" * DEEP, "application/json"),
    ],
    ids=lambda value: (
        value if isinstance(value, str) else (value.decode()[:40] if len(value) < 100 else "deeply nested")
    ),
)
def test_signed_slack_junk_gets_a_4xx(server, body, content_type):
    """Finding: signed bodies payload=notjson, [1,2], {"event":"x"} gave a 5xx with a stack trace."""
    status, _ = post(slack_url(server), body, slack_headers(body, secret=SLACK_SECRET, content_type=content_type))
    assert 400 <= status < 500


def test_a_replayed_slack_button_click_is_answered_once(server, stand_in, kb):
    """Finding: Slack de-duplicated events but not button clicks."""
    user = slack_user()
    payload = {
        "type": "block_actions",
        "user": {"id": user},
        "channel": {"id": f"D{user}"},
        "trigger_id": f"trig-{uuid.uuid4().hex}",
        "actions": [
            {"type": "button", "action_id": "a1", "value": "/ask_staircase", "action_ts": f"{time.time():.6f}"}
        ],
    }
    body = slack_form(payload)
    headers = slack_headers(body, secret=SLACK_SECRET, content_type="application/x-www-form-urlencoded")
    assert post(slack_url(server), body, headers)[0] == 200
    assert slack_replies_to(stand_in, f"D{user}", 1)[0]["body"]["text"].startswith(kb.entries["staircase"].text)
    assert post(slack_url(server), body, headers)[0] == 200
    # A later, different message is answered; the replay never was (its answer would come first).
    slack_say(server, stand_in, user, "Hvad er frivilligledelse?")
    posts = posted_to(stand_in, "slack", f"D{user}")
    assert [p["body"]["text"].startswith(kb.entries["staircase"].text) for p in posts].count(True) == 1


# == 4. Teams stays responsive under junk tokens ========================================================


def test_teams_answers_a_valid_message_while_junk_tokens_wait_for_slow_keys(server, stand_in, kb):
    """Finding: each unknown key id refetched the keys under a lock valid requests waited for
    (ten junk requests delayed a valid message by 30 s against a slow key endpoint)."""
    first = teams_activity(stand_in, "Hej")
    assert teams_post(server, first, stand_in.bot_framework_token(TEAMS_APP_ID, first["serviceUrl"])) == 200
    teams_replies(stand_in, first["conversation"]["id"])
    fetches = stand_in.key_fetches
    # Junk right after a fetch fetches nothing; after the interval, it may fetch once.
    junk = teams_activity(stand_in, "Hej")
    assert teams_post(server, junk, stand_in.bot_framework_token(TEAMS_APP_ID, junk["serviceUrl"], kid="early")) == 401
    assert stand_in.key_fetches == fetches
    time.sleep(KEY_REFRESH_SECONDS + 0.5)
    stand_in.keys_released.clear()
    stand_in.keys_held.set()
    junk_status: list[int] = []
    try:

        def junk(i: int) -> None:
            activity = teams_activity(stand_in, "Hej")
            token = stand_in.bot_framework_token(TEAMS_APP_ID, activity["serviceUrl"], kid=f"junk-{i}")
            junk_status.append(teams_post(server, activity, token, timeout=120))

        threads = [threading.Thread(target=junk, args=(i,)) for i in range(10)]
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + 30
        while stand_in.key_fetches == fetches and time.monotonic() < deadline:
            time.sleep(0.05)
        assert stand_in.key_fetches == fetches + 1, "the junk did not ask for the keys"
        # The key endpoint is held now; a valid message must not wait for it.
        valid = teams_activity(stand_in, "Hvad er samskabelsestrappen?")
        assert (
            teams_post(server, valid, stand_in.bot_framework_token(TEAMS_APP_ID, valid["serviceUrl"]), timeout=60)
            == 200
        )
        (reply,) = teams_replies(stand_in, valid["conversation"]["id"])
        card = reply["body"]["attachments"][0]["content"]
        assert card["text"].startswith(kb.entries["staircase"].text.split("\n\n")[0])
        assert not stand_in.keys_released.is_set()
    finally:
        stand_in.keys_released.set()
        stand_in.keys_held.clear()
    for thread in threads:
        thread.join(timeout=120)
    assert junk_status == [401] * 10
    # At most one refresh for all the junk in the interval.
    assert stand_in.key_fetches == fetches + 1


@pytest.mark.parametrize(
    "broken",
    [
        "no serviceUrl",
        "no serviceUrl anywhere",
        "serviceUrl not a text",
        "no from",
        "from.id not a text",
        "no conversation",
    ],
)
def test_a_teams_activity_with_a_valid_token_but_missing_parts_gets_a_4xx(server, stand_in, broken):
    """Finding: a Teams activity with a valid token but no serviceUrl gave a 5xx."""
    activity = teams_activity(stand_in, "Hej")
    token = stand_in.bot_framework_token(TEAMS_APP_ID, activity["serviceUrl"])
    if broken == "no serviceUrl":
        del activity["serviceUrl"]
    elif broken == "no serviceUrl anywhere":  # a valid token that names no serviceUrl either
        del activity["serviceUrl"]
        token = stand_in.bot_framework_token(TEAMS_APP_ID, None)
    elif broken == "serviceUrl not a text":
        activity["serviceUrl"] = ["x"]
    elif broken == "no from":
        del activity["from"]
    elif broken == "from.id not a text":
        activity["from"] = {"id": 7}
    else:
        del activity["conversation"]
    assert 400 <= teams_post(server, activity, token) < 500


# == 9. Nothing active is echoed into Slack ===========================================================
def test_slack_posts_carry_no_live_mentions_or_links(server, stand_in, guides):
    user = slack_user()
    slack_say(server, stand_in, user, "gennemgå de fem ledetråde med mig")
    answers = [
        "<!channel> ensomhed",
        "<!here> foreningerne",
        "<@U0BOSS> og <#C123|alle>",
        "<https://evil.example|klik her>",
        "[link](https://evil.example) og ![x](https://evil.example/x.png)",
    ]
    posts = []
    for answer in answers:
        posts = slack_say(server, stand_in, user, answer)
    text = "\n".join(p["body"].get("text", "") for p in posts)
    for live in ("<!channel>", "<!here>", "<@U0BOSS>", "<#C123", "<https://evil.example"):
        assert live not in text


# == 10. The action server listens on loopback only =====================================================
def test_the_action_server_listens_on_loopback_only(server):
    """Finding: the action server listened on every interface with no authentication."""
    port = server.action_port
    listening = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in open(table).read().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.rsplit(":", 1)
            if state == "0A" and int(hex_port, 16) == port:
                listening.append(address)
    assert listening and set(listening) == {"0100007F"}, listening
