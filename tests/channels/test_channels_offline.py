"""The Teams channel starts without Microsoft's keys and then rejects, never accepts unchecked."""

from __future__ import annotations

import asyncio

import pytest

from tools.credentials import effective_credentials
from tools.servers import free_port


def test_teams_channel_starts_offline_and_rejects(monkeypatch):
    from channels.teams import TeamsInput

    monkeypatch.setenv("TEAMS_OPENID_METADATA_URL", f"http://127.0.0.1:{free_port()}/openid")  # nothing listens
    channel = TeamsInput("app", "password")  # Rasa's own channel raises here without internet
    reason = asyncio.run(channel.check_token("Bearer a.b.c", "https://smba.example/"))
    assert reason is not None


def test_teams_channel_without_keys_gives_the_reason(monkeypatch):
    import jwt
    from cryptography.hazmat.primitives.asymmetric import rsa

    from channels.teams import TeamsInput

    monkeypatch.setenv("TEAMS_OPENID_METADATA_URL", f"http://127.0.0.1:{free_port()}/openid")
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    token = jwt.encode(
        {"aud": "app", "iss": "https://api.botframework.com", "exp": 2_000_000_000},
        key,
        algorithm="RS256",
        headers={"kid": "k1"},
    )
    assert asyncio.run(TeamsInput("app", "pw").check_token(f"Bearer {token}", "u")) == "signing keys unavailable"


STRONG = "s" * 32


def test_credentials_keep_only_configured_channels():
    template = {
        "channels.rest.SecuredRestInput": {"shared_secret": "${REST_SHARED_SECRET}"},
        "channels.slack.SlackChannel": {
            "slack_token": "${SLACK_BOT_TOKEN}",
            "slack_signing_secret": "${SLACK_SIGNING_SECRET}",
        },
        "channels.teams.TeamsInput": {"app_id": "${TEAMS_APP_ID}", "app_password": "${TEAMS_APP_PASSWORD}"},
    }
    assert effective_credentials(template, {}) == {"channels.rest.SecuredRestInput": None}
    template["channels.socketio.WebChatInput"] = {"jwt_key": "${WEBCHAT_JWT_SECRET}"}
    assert effective_credentials(template, {})["channels.socketio.WebChatInput"] is None
    only_slack_half = effective_credentials(template, {"SLACK_BOT_TOKEN": "x"})
    assert "channels.slack.SlackChannel" not in only_slack_half
    full = effective_credentials(
        template, {"REST_SHARED_SECRET": STRONG, "TEAMS_APP_ID": "a", "TEAMS_APP_PASSWORD": "p"}
    )
    assert full["channels.rest.SecuredRestInput"] == {"shared_secret": "${REST_SHARED_SECRET}"}
    assert full["channels.teams.TeamsInput"] == {"app_id": "${TEAMS_APP_ID}", "app_password": "${TEAMS_APP_PASSWORD}"}


@pytest.mark.parametrize(
    "variable, value",
    [
        ("REST_SHARED_SECRET", ""),
        ("REST_SHARED_SECRET", "   "),
        ("REST_SHARED_SECRET", "x"),
        ("REST_SHARED_SECRET", "s" * 31),
        ("WEBCHAT_JWT_SECRET", ""),
        ("WEBCHAT_JWT_SECRET", "k" * 12),
        ("SLACK_SIGNING_SECRET", "short"),
        ("SLACK_BOT_TOKEN", ""),
        ("TEAMS_APP_PASSWORD", ""),
        ("TEAMS_APP_ID", ""),
        ("RASA_JWT_SECRET", "jwt"),
        ("SAMSKABELSE_SECRET", "abc"),
    ],
)
def test_a_secret_set_but_empty_or_short_stops_with_its_name(variable, value):
    """Regression: an empty REST_SHARED_SECRET silently turned authentication off, and 1 character was accepted."""
    import yaml

    from bot import paths
    from bot.server_secrets import SecretError

    template = yaml.safe_load((paths.ROOT / "credentials.yml").read_text(encoding="utf-8"))
    with pytest.raises(SecretError) as info:
        effective_credentials(template, {variable: value})
    assert variable in str(info.value)


def test_credentials_command_stops_on_a_weak_secret(tmp_path):
    import os
    import subprocess
    import sys

    from bot import paths

    env = {**os.environ, "REST_SHARED_SECRET": ""}
    done = subprocess.run(
        [sys.executable, "-m", "tools", "credentials", "--target", str(tmp_path / "c.yml")],
        cwd=paths.ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1
    assert "REST_SHARED_SECRET" in done.stderr
    assert not (tmp_path / "c.yml").exists()


@pytest.mark.parametrize(
    "channel, credentials",
    [
        ("channels.rest.SecuredRestInput", {"shared_secret": ""}),
        ("channels.rest.SecuredRestInput", {"shared_secret": "short"}),
        ("channels.socketio.WebChatInput", {"jwt_key": ""}),
        ("channels.slack.SlackChannel", {"slack_token": "xoxb-1", "slack_signing_secret": ""}),
        ("channels.teams.TeamsInput", {"app_id": "a", "app_password": ""}),
    ],
)
def test_a_channel_refuses_to_start_on_an_empty_or_short_secret(channel, credentials):
    """The server itself checks too (a hand-written credentials file gets no pass)."""
    import importlib

    from bot.server_secrets import SecretError

    module, name = channel.rsplit(".", 1)
    with pytest.raises(SecretError):
        getattr(importlib.import_module(module), name).from_credentials(credentials)


def _web_chat(monkeypatch, issuer: str | None, audience: str | None):
    from channels.socketio import AUDIENCE_ENV, ISSUER_ENV, WebChatInput

    for name, value in ((ISSUER_ENV, issuer), (AUDIENCE_ENV, audience)):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    return WebChatInput("k" * 32)


def _token(**claims) -> str:
    import time

    import jwt

    now = int(time.time())
    return jwt.encode({"sub": "alice", "iat": now, "exp": now + 600, **claims}, "k" * 32, algorithm="HS256")


@pytest.mark.parametrize(
    "claims, accepted",
    [
        ({"iss": "https://intranet.example.dk", "aud": "samskabelse"}, True),
        ({"iss": "https://evil.example", "aud": "samskabelse"}, False),
        ({"aud": "samskabelse"}, False),
        ({"iss": "https://intranet.example.dk", "aud": "another-app"}, False),
        ({"iss": "https://intranet.example.dk"}, False),
    ],
)
def test_web_chat_checks_issuer_and_audience_when_configured(monkeypatch, claims, accepted):
    channel = _web_chat(monkeypatch, "https://intranet.example.dk", "samskabelse")
    assert (channel._subject({"token": _token(**claims)}) == "alice") is accepted


def test_web_chat_without_issuer_and_audience_configured_takes_tokens_without_them(monkeypatch):
    channel = _web_chat(monkeypatch, None, None)
    assert channel._subject({"token": _token()}) == "alice"
