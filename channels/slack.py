"""Slack channel: Rasa's SlackInput, plus de-duplication of Slack's retries.

Slack retries an event it thinks was not acknowledged in time; Rasa would
answer it again. We remember recent event ids and acknowledge a retry of an
event already taken without answering twice. SLACK_API_URL points the Web
API client elsewhere (a local stand-in in the tests). A turn Rasa leaves
unanswered gets the apology (channels/replies.py).
"""
from __future__ import annotations

import os
from collections import OrderedDict
from http import HTTPStatus
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from rasa.core.channels.slack import SlackBot, SlackInput
from sanic import Blueprint, response
from sanic.request import Request
from slack_sdk.web.async_client import AsyncWebClient

from bot import user_input
from bot.privacy import mask
from channels.replies import never_silent

API_URL_ENV = "SLACK_API_URL"
REMEMBERED_EVENTS = 10_000


class _SlackBot(SlackBot):
    def __init__(self, token: Text, slack_channel: Optional[Text] = None, thread_id: Optional[Text] = None,
                 proxy: Optional[Text] = None) -> None:
        super().__init__(token, slack_channel, thread_id, proxy)
        base_url = os.environ.get(API_URL_ENV)
        if base_url:
            self.client = AsyncWebClient(token, base_url=base_url.rstrip("/") + "/", proxy=proxy)


class SlackChannel(SlackInput):
    @classmethod
    def name(cls) -> Text:
        return "slack"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        user_input.load()  # a broken rule base stops the server here, with file and entry named
        return super().from_credentials(credentials)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Retries are recognised by event id below, not by Slack's retry reason.
        self.errors_ignore_retry = ()
        self._seen_events: "OrderedDict[str, None]" = OrderedDict()

    def _first_time(self, event_id: Optional[str]) -> bool:
        if not event_id:
            return True
        if event_id in self._seen_events:
            return False
        self._seen_events[event_id] = None
        while len(self._seen_events) > REMEMBERED_EVENTS:
            self._seen_events.popitem(last=False)
        return True

    async def process_message(self, request: Request, on_new_message: Callable[[UserMessage], Awaitable[Any]],
                              text: Text, sender_id: Optional[Text], metadata: Optional[Dict]) -> Any:
        body = request.json if request.headers.get("content-type") == "application/json" else None
        event_id = body.get("event_id") if isinstance(body, dict) else None
        if not self._first_time(event_id):
            return response.text("", status=HTTPStatus.OK, headers={"X-Slack-No-Retry": "1"})
        # A retry of an event we never saw (the first delivery was lost) is answered once.
        return await super().process_message(request, on_new_message, mask(user_input.clean(text or "")),
                                              sender_id, metadata)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        return super().blueprint(never_silent(on_new_message))

    def get_output_channel(self, channel: Optional[Text] = None, thread_id: Optional[Text] = None) -> OutputChannel:
        return _SlackBot(self.slack_token, channel or self.slack_channel, thread_id, self.proxy)
