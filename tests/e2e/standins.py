"""Local stand-ins on loopback for the Slack Web API and the Bot Framework (Teams) services.

They speak the parts of the real protocols our side uses, record what the
bot sends, and serve a test signing key that the Teams channel is told to trust.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

ACCESS_TOKEN = "test-access-token"
KEY_ID = "test-key-1"


class StandIn:
    """One HTTP server that plays Slack's Web API and the Bot Framework services."""

    def __init__(self) -> None:
        self.posts: list[dict[str, Any]] = []
        # A slow key endpoint: while `keys_held` is set, a request for the signing keys waits
        # until `keys_released` is set (or a minute passes). `key_fetches` counts them.
        self.keys_held = threading.Event()
        self.keys_released = threading.Event()
        self.key_fetches = 0
        self.private_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        jwk = json.loads(RSAAlgorithm.to_jwk(self.private_key.public_key()))
        self.jwks = {"keys": [{**jwk, "kid": KEY_ID, "use": "sig", "alg": "RS256"}]}
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> "StandIn":
        self.thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.server.shutdown()

    # -- what the tests use ----------------------------------------------
    def channel_env(self, slack_token: str, slack_secret: str, teams_app_id: str) -> dict[str, str]:
        """The environment that turns Slack and Teams on and points them at this stand-in."""
        return {
            "SLACK_BOT_TOKEN": slack_token,
            "SLACK_SIGNING_SECRET": slack_secret,
            "SLACK_API_URL": f"{self.url}/slack/api/",
            "TEAMS_APP_ID": teams_app_id,
            "TEAMS_APP_PASSWORD": "test-password",
            "TEAMS_OPENID_METADATA_URL": f"{self.url}/botframework/openid",
            "TEAMS_TOKEN_URL": f"{self.url}/botframework/token",
        }

    def bot_framework_token(
        self,
        app_id: str,
        service_url: str | None,
        *,
        key=None,
        issuer="https://api.botframework.com",
        expires_in: int = 600,
        kid: str = KEY_ID,
    ) -> str:
        now = int(time.time())
        claims = {"iss": issuer, "aud": app_id, "serviceurl": service_url, "nbf": now - 5, "exp": now + expires_in}
        if service_url is None:
            del claims["serviceurl"]
        return jwt.encode(claims, key or self.private_key, algorithm="RS256", headers={"kid": kid})

    def wait_for(self, count: int, kind: str, timeout: float = 30.0) -> list[dict[str, Any]]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = [p for p in self.posts if p["kind"] == kind]
            if len(found) >= count:
                return found
            time.sleep(0.1)
        return [p for p in self.posts if p["kind"] == kind]

    # -- the fake services ------------------------------------------------
    def _handler(self):
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:  # quiet
                pass

            def _reply(self, body: Any, status: int = 200) -> None:
                data = json.dumps(body).encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                if self.path == "/botframework/openid":
                    self._reply(
                        {"issuer": "https://api.botframework.com", "jwks_uri": f"{stand_in.url}/botframework/keys"}
                    )
                elif self.path == "/botframework/keys":
                    stand_in.key_fetches += 1
                    if stand_in.keys_held.is_set():
                        stand_in.keys_released.wait(60)
                    self._reply(stand_in.jwks)
                else:
                    self._reply({"error": "not found"}, 404)

            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if self.path.startswith("/slack/api/chat.postMessage"):
                    if self.headers.get("Content-Type", "").startswith("application/json"):
                        body = json.loads(raw or b"{}")
                    else:
                        body = {k: v[0] for k, v in urllib.parse.parse_qs(raw.decode()).items()}
                        if "blocks" in body:
                            body["blocks"] = json.loads(body["blocks"])
                    stand_in.posts.append({"kind": "slack", "auth": self.headers.get("Authorization"), "body": body})
                    self._reply({"ok": True, "channel": body.get("channel"), "ts": str(time.time())})
                elif self.path == "/botframework/token":
                    self._reply({"token_type": "Bearer", "expires_in": 3600, "access_token": ACCESS_TOKEN})
                elif self.path.startswith("/teams/v3/conversations/"):
                    stand_in.posts.append(
                        {
                            "kind": "teams",
                            "auth": self.headers.get("Authorization"),
                            "path": self.path,
                            "body": json.loads(raw or b"{}"),
                        }
                    )
                    self._reply({"id": str(len(stand_in.posts))})
                else:
                    self._reply({"error": "not found"}, 404)

        return Handler
