"""Microsoft Teams (Bot Framework) channel that starts offline and never trusts unchecked requests.

Differences from Rasa 3.6's botframework channel:
- Microsoft's signing keys are fetched when the first request needs them,
  not at startup, so the server starts on a machine without internet; if
  they cannot be fetched, the request is rejected (401).
- The token must be RS256, for our app id (audience), from the Bot
  Framework issuer, unexpired, and its serviceUrl claim must match the
  activity's serviceUrl.
- Buttons go out as hero-card messageBack actions whose click comes back as
  the button's payload (Rasa issue #8164).
- Replies are posted with aiohttp instead of blocking requests.
- Junk can't slow real users down: a token with an unknown key id fetches
  the keys again at most once per KEY_REFRESH_INTERVAL, and a request
  whose key we know never waits for such a fetch.
- The conversation is "teams:<user id>" (bot.conversation_ids); an activity
  without a serviceUrl, a sender or a conversation is a 400, never a 5xx.
- A turn Rasa leaves unanswered gets the apology (channels/replies.py).
TEAMS_OPENID_METADATA_URL and TEAMS_TOKEN_URL point to local stand-ins in the tests.
"""

from __future__ import annotations

import asyncio
import datetime
import json
import logging
import os
import re
import time
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

import aiohttp
import jwt
from jwt.algorithms import RSAAlgorithm
from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request

from bot import inbound
from bot.conversation_ids import conversation_id
from bot.server_secrets import require
from channels.replies import channel_blueprint, never_silent, send

logger = logging.getLogger(__name__)

OPENID_URL_ENV = "TEAMS_OPENID_METADATA_URL"
TOKEN_URL_ENV = "TEAMS_TOKEN_URL"
DEFAULT_OPENID_URL = "https://login.botframework.com/v1/.well-known/openidconfiguration"
DEFAULT_TOKEN_URL = "https://login.microsoftonline.com/botframework.com/oauth2/v2.0/token"
ISSUER = "https://api.botframework.com"
KEY_MAX_AGE = datetime.timedelta(days=1)
# A key id we don't know fetches the keys again, but no more often than this (seconds).
KEY_REFRESH_ENV = "TEAMS_KEY_REFRESH_SECONDS"
KEY_REFRESH_INTERVAL = 300.0
PASSWORD_ENV = "TEAMS_APP_PASSWORD"
BEARER = re.compile(r"^Bearer\s+(\S+)$")


class KeysUnavailable(Exception):
    """Microsoft's signing keys could not be fetched."""


class TeamsOutput(OutputChannel):
    @classmethod
    def name(cls) -> Text:
        return "teams"

    def __init__(self, channel: "TeamsInput", activity: Dict[Text, Any]) -> None:
        self.channel = channel
        self.conversation = activity["conversation"]
        self.bot = activity.get("recipient") or {}
        # The user as Teams knows them: the stored conversation id carries our "teams:" prefix.
        self.user = {"id": activity["from"]["id"]}
        self.service_url = activity["serviceUrl"].rstrip("/") + "/"

    async def _send(self, recipient_id: Text, body: Dict[Text, Any]) -> None:
        activity = {
            "type": "message",
            "recipient": self.user,
            "from": self.bot,
            "conversation": self.conversation,
            **body,
        }
        url = f"{self.service_url}v3/conversations/{self.conversation['id']}/activities"
        token = await self.channel.access_token()
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=15)) as session:
            async with session.post(url, json=activity, headers={"Authorization": f"Bearer {token}"}) as resp:
                if resp.status >= 300:
                    logger.error("Teams reply failed: %s %s", resp.status, await resp.text())

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        await self._send(recipient_id, {"text": text, "textFormat": "plain"})

    async def send_text_with_buttons(
        self, recipient_id: Text, text: Text, buttons: List[Dict[Text, Any]], **kwargs: Any
    ) -> None:
        actions = [
            {
                "type": "messageBack",
                "title": b["title"],
                "displayText": b["title"],
                "text": b["payload"],
                "value": {"payload": b["payload"]},
            }
            for b in buttons
        ]
        card = {"contentType": "application/vnd.microsoft.card.hero", "content": {"text": text, "buttons": actions}}
        await self._send(recipient_id, {"attachments": [card]})

    async def send_custom_json(self, recipient_id: Text, json_message: Dict[Text, Any], **kwargs: Any) -> None:
        # The only custom message is the web chat's "conversation deleted" signal; Teams has no use for it.
        logger.debug("Custom message not sent to Teams: %s", sorted(json_message))


class TeamsInput(InputChannel):
    @classmethod
    def name(cls) -> Text:
        return "teams"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        if not credentials or not credentials.get("app_id") or credentials.get("app_password") is None:
            cls.raise_missing_credentials_exception()
        require(PASSWORD_ENV, credentials["app_password"])
        inbound.load()  # a broken rule base stops the server here, with file and entry named
        return cls(credentials["app_id"], credentials["app_password"])

    def __init__(self, app_id: Text, app_password: Text) -> None:
        self.app_id = app_id
        self.app_password = app_password
        self.openid_url = os.environ.get(OPENID_URL_ENV) or DEFAULT_OPENID_URL
        self.token_url = os.environ.get(TOKEN_URL_ENV) or DEFAULT_TOKEN_URL
        self._keys: Dict[Text, Any] = {}
        self._keys_fetched: Optional[datetime.datetime] = None
        self._last_attempt: Optional[float] = None  # time.monotonic() of the last fetch started
        self._fetching: Optional[asyncio.Task] = None
        self.refresh_interval = float(os.environ.get(KEY_REFRESH_ENV, "").strip() or KEY_REFRESH_INTERVAL)
        self._token: Optional[Text] = None
        self._token_expires = 0.0

    # -- incoming: who may talk to us ------------------------------------
    async def _fetch_keys(self) -> None:
        try:
            async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10)) as session:
                async with session.get(self.openid_url) as resp:
                    resp.raise_for_status()
                    jwks_uri = (await resp.json(content_type=None))["jwks_uri"]
                async with session.get(jwks_uri) as resp:
                    resp.raise_for_status()
                    keys = (await resp.json(content_type=None))["keys"]
            found = {key["kid"]: key for key in keys if isinstance(key, dict) and "kid" in key}
        except (aiohttp.ClientError, asyncio.TimeoutError, KeyError, ValueError, TypeError) as exc:
            raise KeysUnavailable(str(exc)) from exc
        self._keys = found
        self._keys_fetched = datetime.datetime.now()

    def _refresh(self) -> asyncio.Task:
        """The fetch under way, or a new one: never two at once."""
        if self._fetching is None or self._fetching.done():
            self._last_attempt = time.monotonic()
            self._fetching = asyncio.ensure_future(self._fetch_keys())
        return self._fetching

    async def _key_for(self, kid: Text) -> Any:
        """The public key for a token's key id.

        A known key id is answered from memory at once (keys older than a
        day are refreshed in the background). An unknown one waits for a
        fetch, shared with every other request that needs it, and starts one
        only if none was started in the last refresh_interval seconds
        (TEAMS_KEY_REFRESH_SECONDS, 300).
        """
        stale = self._keys_fetched is None or datetime.datetime.now() - self._keys_fetched > KEY_MAX_AGE
        if kid in self._keys:
            if stale and (self._last_attempt is None or time.monotonic() - self._last_attempt > self.refresh_interval):
                self._refresh().add_done_callback(_log_refresh_failure)
        else:
            fetching = self._fetching is not None and not self._fetching.done()
            recently = self._last_attempt is not None and time.monotonic() - self._last_attempt < self.refresh_interval
            if fetching or not recently or not self._keys:
                try:
                    await asyncio.shield(self._refresh())
                except KeysUnavailable as exc:
                    if not self._keys:
                        raise
                    logger.warning("Could not refresh Bot Framework keys: %s", exc)
        if kid not in self._keys:
            raise jwt.InvalidKeyError(f"unknown key id {kid}")
        return RSAAlgorithm.from_jwk(json.dumps(self._keys[kid]))

    async def check_token(self, auth_header: Optional[Text], service_url: Optional[Text]) -> Optional[Text]:
        """None if the request is authentic, else the reason it is not."""
        match = BEARER.match(auth_header or "")
        if not match:
            return "missing bearer token"
        token = match.group(1)
        try:
            header = jwt.get_unverified_header(token)
            if header.get("alg") != "RS256":
                return "wrong algorithm"
            if not isinstance(header.get("kid"), str):
                return "no key id"
            key = await self._key_for(header["kid"])
            claims = jwt.decode(
                token,
                key=key,
                algorithms=["RS256"],
                audience=self.app_id,
                issuer=ISSUER,
                options={"require": ["exp", "iss", "aud"]},
            )
        except KeysUnavailable:
            return "signing keys unavailable"
        except jwt.PyJWTError as exc:
            return f"invalid token: {exc}"
        claimed = claims.get("serviceurl", claims.get("serviceUrl"))
        if not isinstance(claimed, str) or claimed != service_url:
            return "serviceUrl does not match the token"
        return None

    # -- outgoing: our own token for the Bot Connector --------------------
    async def access_token(self) -> Text:
        if self._token and time.time() < self._token_expires - 60:
            return self._token
        data = {
            "grant_type": "client_credentials",
            "client_id": self.app_id,
            "client_secret": self.app_password,
            "scope": "https://api.botframework.com/.default",
        }
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=15)) as session:
            async with session.post(self.token_url, data=data) as resp:
                resp.raise_for_status()
                body = await resp.json(content_type=None)
        self._token = body["access_token"]
        self._token_expires = time.time() + int(body.get("expires_in", 3600))
        return self._token

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = channel_blueprint("teams_webhook", __name__)
        on_new_message = never_silent(on_new_message)

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> response.HTTPResponse:
            try:
                activity = request.json
            except Exception:  # sanic raises on malformed JSON
                activity = None
            service_url = activity.get("serviceUrl") if isinstance(activity, dict) else None
            problem = await self.check_token(
                request.headers.get("Authorization"), service_url if isinstance(service_url, str) else None
            )
            if problem:
                logger.warning("Rejected Teams request: %s", problem)
                return response.json({"error": "unauthorized"}, status=401)
            if not isinstance(activity, dict):
                return response.json({"error": "activity must be a JSON object"}, status=400)
            if activity.get("type") != "message":
                return response.json({"status": "ignored"})
            sender = activity.get("from")
            conversation = activity.get("conversation")
            if not (
                isinstance(sender, dict)
                and isinstance(sender.get("id"), str)
                and sender["id"].strip()
                and isinstance(conversation, dict)
                and isinstance(conversation.get("id"), str)
                and conversation["id"]
                and isinstance(service_url, str)
                and service_url.startswith(("https://", "http://"))
            ):
                return response.json({"error": "activity needs from.id, conversation.id and serviceUrl"}, status=400)
            value = activity.get("value") if isinstance(activity.get("value"), dict) else {}
            raw = value.get("payload") or activity.get("text") or ""
            output, user = TeamsOutput(self, activity), conversation_id(self.name(), sender["id"])
            problem = inbound.problem(raw)
            if problem is not None:  # blank or too long: answered here, Rasa never sees it
                try:
                    await send(output, user, inbound.message(problem))
                except Exception:  # the Bot Connector unreachable: logged, and Teams still gets its 200
                    logger.exception("Could not answer a Teams message.")
            else:
                await on_new_message(UserMessage(inbound.prepare(raw), output, user, input_channel=self.name()))
            return response.json({"status": "ok"})

        return webhook


def _log_refresh_failure(task: "asyncio.Future[None]") -> None:
    if not task.cancelled() and task.exception() is not None:
        logger.warning("Could not refresh Bot Framework keys: %s", task.exception())
