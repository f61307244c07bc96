"""Slack channel: Rasa's SlackInput checks, with our own webhook that reads only well-formed requests.

- The signature is checked first (Rasa's check: HMAC over the body, at most
  five minutes old); then the body must be what Slack sends: a JSON object
  (event callbacks, url_verification) or a form with a `payload` that is a
  JSON object with a user and actions (button clicks). Anything else is a
  400, never a 5xx.
- Slack retries an event it thinks was not acknowledged in time; a retry
  of an event already taken (same event_id), or a replayed button click
  (same trigger_id or action timestamp), is acknowledged without answering
  twice.
- The conversation is "slack:<member id>" (bot.conversation_ids), so no
  other channel can address it; the text is cleaned and masked like every
  channel's (bot.inbound.prepare).
- What we post is escaped for Slack (&, <, >), so text that repeats the
  user's words can't carry <!channel>, <@U…> or links.
SLACK_API_URL points the Web API client elsewhere (a local stand-in in the
tests). A turn Rasa leaves unanswered gets the apology (channels/replies.py).
"""

from __future__ import annotations

import json
import logging
import os
from collections import OrderedDict
from http import HTTPStatus
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from rasa.core.channels.slack import SlackBot, SlackInput
from sanic import Blueprint, response
from sanic.request import Request
from slack_sdk.web.async_client import AsyncWebClient

from bot import inbound
from bot.conversation_ids import conversation_id
from bot.server_secrets import require
from channels.replies import channel_blueprint, never_silent

logger = logging.getLogger(__name__)

API_URL_ENV = "SLACK_API_URL"
SIGNING_SECRET_ENV = "SLACK_SIGNING_SECRET"
BOT_TOKEN_ENV = "SLACK_BOT_TOKEN"
REMEMBERED_EVENTS = 10_000


def escape(text: Text) -> Text:
    """Slack's own escaping: &, < and > shown as themselves, never read as a mention, command or link."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _media_type(request: Request) -> Text:
    return (request.headers.get("content-type") or "").split(";")[0].strip().lower()


class _SlackBot(SlackBot):
    """Rasa's Slack output with our API address, escaped text, and no custom JSON posted as a message."""

    def __init__(
        self,
        token: Text,
        slack_channel: Optional[Text] = None,
        thread_id: Optional[Text] = None,
        proxy: Optional[Text] = None,
    ) -> None:
        super().__init__(token, slack_channel, thread_id, proxy)
        base_url = os.environ.get(API_URL_ENV)
        if base_url:
            self.client = AsyncWebClient(token, base_url=base_url.rstrip("/") + "/", proxy=proxy)

    async def _post_message(self, channel: Text, **kwargs: Any) -> None:
        if isinstance(kwargs.get("text"), str):
            kwargs["text"] = escape(kwargs["text"])
        await super()._post_message(channel, **kwargs)

    async def send_custom_json(self, recipient_id: Text, json_message: Dict[Text, Any], **kwargs: Any) -> None:
        # The only custom message is the web chat's "conversation deleted" signal; Slack has no use for it.
        logger.debug("Custom message not sent to Slack: %s", sorted(json_message))


class SlackChannel(SlackInput):
    @classmethod
    def name(cls) -> Text:
        return "slack"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        credentials = credentials or {}
        require(SIGNING_SECRET_ENV, credentials.get("slack_signing_secret"))
        require(BOT_TOKEN_ENV, credentials.get("slack_token"))
        inbound.load()  # a broken rule base stops the server here, with file and entry named
        return super().from_credentials(credentials)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Retries are recognised by event id below, not by Slack's retry reason.
        self.errors_ignore_retry = ()
        self._seen: "OrderedDict[str, None]" = OrderedDict()

    def _first_time(self, key: Optional[str]) -> bool:
        if not key:
            return True
        if key in self._seen:
            return False
        self._seen[key] = None
        while len(self._seen) > REMEMBERED_EVENTS:
            self._seen.popitem(last=False)
        return True

    def get_output_channel(self, channel: Optional[Text] = None, thread_id: Optional[Text] = None) -> OutputChannel:
        return _SlackBot(self.slack_token, channel or self.slack_channel, thread_id, self.proxy)

    async def _handle(
        self,
        request: Request,
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
        user: Text,
        text: Text,
        metadata: Dict[Text, Any],
    ) -> response.HTTPResponse:
        metadata = {**metadata, "out_channel": metadata.get("out_channel") or user}
        sender = conversation_id(
            self.name(), self._get_conversation_id(user, metadata.get("out_channel"), metadata.get("thread_id")) or user
        )
        return await self.process_message(request, on_new_message, inbound.prepare(text), sender, metadata)

    async def _event(
        self, request: Request, body: Any, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> response.HTTPResponse:
        if not isinstance(body, dict):
            return response.text("Expected a JSON object.", status=HTTPStatus.BAD_REQUEST)
        if body.get("type") == "url_verification":
            return (
                response.json(body.get("challenge"))
                if isinstance(body.get("challenge"), str)
                else response.text("Expected a challenge.", status=HTTPStatus.BAD_REQUEST)
            )
        event = body.get("event")
        if not isinstance(event, dict):
            return response.text("Expected an event object.", status=HTTPStatus.BAD_REQUEST)
        if (
            not all(isinstance(event.get(key, ""), str) for key in ("text", "user", "channel", "ts", "thread_ts"))
            or not isinstance(body.get("authed_users", []), list)
            or not isinstance(body.get("authorizations", []), list)
            or not all(isinstance(a, dict) for a in body.get("authorizations", []))
        ):
            return response.text("Malformed event.", status=HTTPStatus.BAD_REQUEST)
        if not self._is_user_message(body) or not event.get("user"):
            return response.text("Bot message delivered.")
        authorizations = body.get("authorizations") or [{}]
        metadata = {
            "out_channel": event.get("channel"),
            "thread_id": event.get("thread_ts") or event.get("ts"),
            "users": body.get("authed_users") or [authorizations[0].get("user_id")],
        }
        if not self._is_supported_channel(body, metadata):
            return response.text("channel not supported.")
        event_id = body.get("event_id") if isinstance(body.get("event_id"), str) else None
        if not self._first_time(event_id and f"event:{event_id}"):
            return response.text("", status=HTTPStatus.OK, headers={"X-Slack-No-Retry": "1"})
        # A retry of an event we never saw (the first delivery was lost) is answered once.
        text = self._sanitize_user_message(event.get("text", ""), metadata.get("users"))
        return await self._handle(request, on_new_message, event["user"], text, metadata)

    async def _click(
        self, request: Request, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> response.HTTPResponse:
        try:
            payload = json.loads(request.form.get("payload") or "")
        except (ValueError, TypeError):
            payload = None
        actions = payload.get("actions") if isinstance(payload, dict) else None
        user = payload.get("user") if isinstance(payload, dict) else None
        if not (
            isinstance(actions, list)
            and actions
            and all(isinstance(a, dict) for a in actions)
            and isinstance(user, dict)
            and isinstance(user.get("id"), str)
            and user["id"]
            and isinstance(payload.get("channel", {}), dict)
            and isinstance(payload.get("message", {}), dict)
        ):
            return response.text("Expected an interaction payload.", status=HTTPStatus.BAD_REQUEST)
        action = actions[0]
        text = self._get_interactive_response(action) if self._is_interactive_message(payload) else None
        if not isinstance(text, str) or not text:
            return response.text("Nothing to answer.")
        click = payload.get("trigger_id") or f"{user['id']}:{action.get('action_ts')}:{action.get('action_id')}"
        if not self._first_time(f"click:{click}"):
            return response.text("", status=HTTPStatus.OK)
        message = payload.get("message", {})
        metadata = {
            "out_channel": payload.get("channel", {}).get("id"),
            "thread_id": message.get("thread_ts") or message.get("ts"),
            "users": [user["id"]],
        }
        return await self._handle(request, on_new_message, user["id"], text, metadata)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        on_new_message = never_silent(on_new_message)
        webhook = channel_blueprint("slack_webhook", __name__)

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> response.HTTPResponse:
            if not self.is_request_from_slack_authentic(request):
                return response.text(
                    "Message is not properly signed with a valid X-Slack-Signature header",
                    status=HTTPStatus.BAD_REQUEST,
                )
            media_type = _media_type(request)
            if media_type == "application/json":
                try:
                    body = json.loads(request.body)
                except (ValueError, RecursionError):
                    body = None
                return await self._event(request, body, on_new_message)
            if media_type == "application/x-www-form-urlencoded":
                return await self._click(request, on_new_message)
            return response.text("Unsupported content type.", status=HTTPStatus.UNSUPPORTED_MEDIA_TYPE)

        return webhook
