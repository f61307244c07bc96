"""Conversation ids per channel, keyed pseudonyms, server-issued web chat sessions and the server's key."""

from __future__ import annotations

import hashlib
import os
import stat
import subprocess
import sys

import pytest

from bot import conversation_ids, paths, server_secrets, web_sessions


@pytest.fixture()
def key_file(tmp_path, monkeypatch):
    """A fresh server key for the test (the key is cached per process)."""
    path = tmp_path / "store" / "secret.key"
    monkeypatch.delenv(server_secrets.MASTER_SECRET_ENV, raising=False)
    monkeypatch.setenv(server_secrets.MASTER_SECRET_FILE_ENV, str(path))
    server_secrets.master_key.cache_clear()
    yield path
    server_secrets.master_key.cache_clear()


# -- namespaces -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "channel, prefix", [("rest", "rest:"), ("socketio", "web:"), ("slack", "slack:"), ("teams", "teams:")]
)
def test_every_channel_has_its_own_namespace(key_file, channel, prefix):
    assert conversation_ids.conversation_id(channel, "U0123ABC") == prefix + "U0123ABC"


def test_no_channel_can_name_another_channels_conversation(key_file):
    """Regression: all channels shared one id space, so a web chat user could open a Slack member's conversation."""
    slack = conversation_ids.conversation_id("slack", "U0123ABC")
    for channel in ("rest", "socketio", "teams"):
        for raw in ("U0123ABC", slack, "slack:U0123ABC", " slack:U0123ABC"):
            assert conversation_ids.conversation_id(channel, raw) != slack


def test_ids_stay_within_the_stores_column(key_file):
    long = conversation_ids.conversation_id("rest", "x" * 255)
    assert len(long) <= conversation_ids.MAX_ID_CHARS and long.startswith("rest:long-")
    assert long == conversation_ids.conversation_id("rest", "x" * 255)
    assert long != conversation_ids.conversation_id("rest", "x" * 254 + "y")


def test_a_lone_surrogate_in_an_id_is_no_crash(key_file):
    """Regression: a sender id with a lone surrogate crashed the REST channel (5xx)."""
    assert conversation_ids.conversation_id("rest", "leder\ud800").startswith("rest:leder")


# -- pseudonyms -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "raw",
    [
        "leder@kommune.dk",
        "23456789",
        "23\u00a045\u00a067\u00a088",
        "+45 23 45 67 88",
        "010190-1234",
        "leder\u200b@kommune.dk",
        "leder\uff20kommune.dk",
    ],
)
def test_personal_data_ids_become_keyed_pseudonyms(key_file, raw):
    """Regression: an NBSP-spaced phone was kept as is, and pseudonyms were unkeyed SHA-256 (reversed in 15 s)."""
    made = conversation_ids.conversation_id("rest", raw)
    assert made.startswith("rest:anon-")
    digits = "".join(ch for ch in raw if ch.isdigit())
    assert raw not in made and (not digits or digits not in made)
    unkeyed = hashlib.sha256(raw.encode()).hexdigest()[:20]
    assert unkeyed not in made
    assert made == conversation_ids.conversation_id("rest", raw)


def test_ordinary_ids_are_kept(key_file):
    assert conversation_ids.conversation_id("rest", "e2e-1234abcd") == "rest:e2e-1234abcd"


def test_a_pseudonym_depends_on_the_servers_key(key_file, monkeypatch):
    first = conversation_ids.conversation_id("rest", "23456789")
    monkeypatch.setenv(server_secrets.MASTER_SECRET_ENV, "another-server-key-" + "k" * 32)
    server_secrets.master_key.cache_clear()
    assert conversation_ids.conversation_id("rest", "23456789") != first


def test_legacy_ids_map_to_what_the_channels_use_now(key_file):
    """A conversation stored by an earlier version continues under the new id."""
    legacy_pseudonym = "anon-" + hashlib.sha256(b"leder@kommune.dk").hexdigest()[:20]
    assert conversation_ids.namespaced_legacy_id(legacy_pseudonym, "rest") == conversation_ids.conversation_id(
        "rest", "leder@kommune.dk"
    )
    assert conversation_ids.namespaced_legacy_id("U0123ABC", "slack") == "slack:U0123ABC"
    assert conversation_ids.namespaced_legacy_id("web-sub-1", "socketio") == conversation_ids.conversation_id(
        "socketio", "web-sub-1"
    )
    assert conversation_ids.namespaced_legacy_id("23 45 67 88", "rest") == conversation_ids.conversation_id(
        "rest", "23 45 67 88"
    )
    assert conversation_ids.namespaced_legacy_id("shell-user", None) == "rest:shell-user"
    assert conversation_ids.without_prefix("rest:leder-1") == "leder-1"


# -- web chat sessions -------------------------------------------------------------------------------
def test_web_sessions_are_issued_and_signed_by_the_server(key_file):
    token = web_sessions.issue()
    session = web_sessions.session_of(token)
    assert session and session.startswith(web_sessions.LOCAL_PREFIX)
    assert web_sessions.session_of(token) == session
    # 128 random bits, written so the privacy filter never sees a phone number in it.
    ident = token.split(".")[0]
    assert len(ident) == 32 and not any(ch.isdigit() for ch in ident)
    assert web_sessions.issue() != token


@pytest.mark.parametrize(
    "proposed",
    [None, "", "U0123ABC", "0123456789abcdef0123456789abcdef", "a" * 32, "a" * 32 + "." + "A" * 43, 42, {"id": "x"}],
)
def test_an_id_the_server_did_not_issue_is_never_accepted(key_file, proposed):
    """Regression: session_request accepted any 8-64 character id the browser proposed."""
    assert web_sessions.session_of(proposed) is None


def test_a_token_from_another_server_key_is_refused(key_file, monkeypatch):
    token = web_sessions.issue()
    ident = token.split(".")[0]
    assert web_sessions.session_of(ident + "." + token.split(".")[1][::-1]) is None
    monkeypatch.setenv(server_secrets.MASTER_SECRET_ENV, "another-server-key-" + "k" * 32)
    server_secrets.master_key.cache_clear()
    assert web_sessions.session_of(token) is None


# -- the server's key ----------------------------------------------------------------------------------
def test_the_key_file_is_made_once_private_and_kept(key_file):
    first = server_secrets.master_key()
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    server_secrets.master_key.cache_clear()
    assert server_secrets.master_key() == first
    assert len(first) >= server_secrets.MIN_SECRET_BYTES


def test_a_key_file_others_can_read_is_refused(key_file):
    server_secrets.master_key()
    os.chmod(key_file, 0o644)
    server_secrets.master_key.cache_clear()
    with pytest.raises(server_secrets.SecretError, match="chmod 600"):
        server_secrets.master_key()


def test_processes_starting_together_agree_on_one_key(key_file):
    code = "from bot import server_secrets; import sys; sys.stdout.write(server_secrets.master_key().decode())"
    env = {**os.environ, server_secrets.MASTER_SECRET_FILE_ENV: str(key_file)}
    env.pop(server_secrets.MASTER_SECRET_ENV, None)
    procs = [
        subprocess.Popen([sys.executable, "-c", code], cwd=paths.ROOT, env=env, stdout=subprocess.PIPE)
        for _ in range(6)
    ]
    keys = {proc.communicate(timeout=120)[0] for proc in procs}
    assert len(keys) == 1 and keys != {b""}
    assert list(key_file.parent.glob(".secret-*")) == []


def test_a_weak_secret_in_the_environment_is_refused(key_file, monkeypatch):
    monkeypatch.setenv(server_secrets.MASTER_SECRET_ENV, "")
    with pytest.raises(server_secrets.SecretError, match=server_secrets.MASTER_SECRET_ENV):
        server_secrets.master_key()
