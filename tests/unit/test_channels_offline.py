"""The Teams channel starts without Microsoft's keys and then rejects, never accepts unchecked."""
from __future__ import annotations

import asyncio

from bot.credentials import effective_credentials
from bot.processes import free_port


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
    token = jwt.encode({"aud": "app", "iss": "https://api.botframework.com", "exp": 2_000_000_000},
                       key, algorithm="RS256", headers={"kid": "k1"})
    assert asyncio.run(TeamsInput("app", "pw").check_token(f"Bearer {token}", "u")) == "signing keys unavailable"


def test_credentials_keep_only_configured_channels():
    template = {
        "channels.rest.SecuredRestInput": {"shared_secret": "${REST_SHARED_SECRET}"},
        "channels.slack.SlackChannel": {"slack_token": "${SLACK_BOT_TOKEN}", "slack_signing_secret": "${SLACK_SIGNING_SECRET}"},
        "channels.teams.TeamsInput": {"app_id": "${TEAMS_APP_ID}", "app_password": "${TEAMS_APP_PASSWORD}"},
    }
    assert effective_credentials(template, {}) == {"channels.rest.SecuredRestInput": None}
    template["channels.socketio.WebChatInput"] = {"jwt_key": "${WEBCHAT_JWT_SECRET}"}
    assert effective_credentials(template, {})["channels.socketio.WebChatInput"] is None
    only_slack_half = effective_credentials(template, {"SLACK_BOT_TOKEN": "x"})
    assert "channels.slack.SlackChannel" not in only_slack_half
    full = effective_credentials(template, {"REST_SHARED_SECRET": "s", "TEAMS_APP_ID": "a", "TEAMS_APP_PASSWORD": "p"})
    assert full["channels.rest.SecuredRestInput"] == {"shared_secret": "${REST_SHARED_SECRET}"}
    assert full["channels.teams.TeamsInput"] == {"app_id": "${TEAMS_APP_ID}", "app_password": "${TEAMS_APP_PASSWORD}"}
