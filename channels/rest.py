"""REST channel for the intranet's proxy, the tests and `make shell`: nothing the client says is trusted blindly.

- With REST_SHARED_SECRET set (at least 32 bytes, or the server won't
  start), every POST must carry it in the X-Samskabelse-Secret header (the
  intranet's proxy adds it after login); compared in constant time.
- Only JSON is read (415 otherwise): a page on another site can post
  text/plain with a no-cors fetch, never application/json.
- The conversation is "rest:<sender>" (bot.conversation_ids), so no REST
  client can address a Slack, Teams or web chat conversation; the input
  channel is always "rest", whatever the body says.
- The assistant reads no metadata, so none is stored; the body is capped
  at MAX_BODY_BYTES (413).

Bad requests get a 4xx with a Danish {"error": ...} (texts in
conversation.yml): not a JSON object, sender not a text of 1-255 characters,
message not a text, metadata not an object (400), message longer than
bot.inbound.MAX_MESSAGE_CHARS or body too large (413), not JSON (415). A
blank message is answered with 'input_empty' and the menu without
bothering Rasa, and a turn Rasa leaves unanswered gets the apology
(channels/replies.py). Replies name the sender as the client sent it (or
its pseudonym, if it was personal data), never the stored prefix.
"""

from __future__ import annotations

import hmac
import logging
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request

from bot import inbound
from bot.conversation_ids import conversation_id, without_prefix
from bot.names import SECRET_ENV, SECRET_HEADER, ChannelMessages
from bot.server_secrets import require
from channels.replies import channel_blueprint, never_silent, send

logger = logging.getLogger(__name__)

# A 5,000-character message is at most 30 kB as JSON (\uXXXX escapes); the rest is room for the envelope.
MAX_BODY_BYTES = 64 * 1024
# Bodies up to this size are read, so a long message gets "too long" rather than "too large".
MAX_READ_BYTES = 1024 * 1024


def _error(message_id: str, status: int) -> response.HTTPResponse:
    return response.json({"error": inbound.text(message_id)}, status=status)


def _is_json(request: Request) -> bool:
    media_type = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
    return media_type == "application/json" or (media_type.startswith("application/") and media_type.endswith("+json"))


def _secret_matches(given: Text, secret: Text) -> bool:
    # A header may hold any character; "surrogatepass" keeps encoding from failing on one.
    return hmac.compare_digest(given.encode("utf-8", "surrogatepass"), secret.encode("utf-8"))


class SecuredRestInput(RestInput):
    @classmethod
    def name(cls) -> Text:
        return "rest"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        secret = require(SECRET_ENV, (credentials or {}).get("shared_secret"))
        inbound.load()  # a broken rule base stops the server here, with file and entry named
        return cls(secret)

    def __init__(self, shared_secret: Optional[Text] = None) -> None:
        self.shared_secret = shared_secret

    def _check(self, request: Request) -> Optional[response.HTTPResponse]:
        """A 4xx for a request we won't read, else None."""
        if self.shared_secret and not _secret_matches(request.headers.get(SECRET_HEADER, ""), self.shared_secret):
            return _error(ChannelMessages.REQUEST_UNAUTHORIZED, 401)
        if not _is_json(request):
            return _error(ChannelMessages.REQUEST_NOT_JSON, 415)
        size = len(request.body or b"")
        if size > MAX_READ_BYTES:
            return _error(ChannelMessages.REQUEST_TOO_LARGE, 413)
        try:
            body = request.json
        except Exception:  # sanic raises on malformed JSON (and on invalid UTF-8, or nesting too deep)
            body = None
        if not isinstance(body, dict):
            return _error(ChannelMessages.REQUEST_NOT_OBJECT, 400)
        if not inbound.valid_sender(body.get("sender")):
            return _error(ChannelMessages.REQUEST_BAD_SENDER, 400)
        if not isinstance(body.get("message"), str):
            return _error(ChannelMessages.REQUEST_BAD_MESSAGE, 400)
        if body.get("metadata") is not None and not isinstance(body["metadata"], dict):
            return _error(ChannelMessages.REQUEST_BAD_METADATA, 400)
        if inbound.problem(body["message"]) == ChannelMessages.TOO_LONG:
            return _error(ChannelMessages.TOO_LONG, 413)
        if size > MAX_BODY_BYTES:
            return _error(ChannelMessages.REQUEST_TOO_LARGE, 413)
        return None

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        webhook = channel_blueprint("rest_webhook", __name__)
        answer = never_silent(on_new_message)

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> Any:
            rejected = self._check(request)
            if rejected is not None:
                return rejected
            body = request.json
            sender = conversation_id(self.name(), body["sender"])
            problem = inbound.problem(body["message"])
            if problem is None and request.args.get("stream", "").lower() == "true":  # `rasa shell` streams
                return response.stream(
                    self.stream_response(answer, inbound.prepare(body["message"]), sender, self.name(), None),
                    content_type="text/event-stream",
                )
            collector = CollectingOutputChannel()
            if problem is not None:  # blank: answered here, Rasa never sees it
                await send(collector, sender, inbound.message(problem))
            else:
                await answer(
                    UserMessage(inbound.prepare(body["message"]), collector, sender, input_channel=self.name())
                )
            shown = without_prefix(sender)
            return response.json([{**m, "recipient_id": shown} for m in collector.messages])

        return webhook
