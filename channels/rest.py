"""REST channel with an optional shared-secret header; personal data is masked on the way in.

Rasa's REST channel trusts the sender id in the body and has no
authentication. When REST_SHARED_SECRET is set, every POST must carry it in
the X-Samskabelse-Secret header (the intranet's proxy adds it after login).

Bad requests get a 4xx with a Danish {"error": ...} (texts in
conversation.yml): not a JSON object, sender not a text of 1-255 characters,
message not a text, metadata not an object (400), message longer than
bot.user_input.MAX_MESSAGE_CHARS (413). A blank message is answered with
'input_empty' and the menu without bothering Rasa, and a turn Rasa leaves
unanswered gets the apology (channels/replies.py).
"""
from __future__ import annotations

import hmac
import os
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from rasa.core.channels.rest import RestInput

from bot import user_input
from bot.privacy import mask, pseudonymise_sender
from channels.replies import never_silent, send
from sanic import Blueprint, response
from sanic.request import Request

SECRET_ENV = "REST_SHARED_SECRET"
SECRET_HEADER = "X-Samskabelse-Secret"


def _error(message_id: str, status: int) -> response.HTTPResponse:
    return response.json({"error": user_input.text(message_id)}, status=status)


async def _check_body(request: Request) -> Optional[response.HTTPResponse]:
    """A clear 4xx for a bad request, the 'input_empty' reply for a blank message, else None."""
    try:
        body = request.json
    except Exception:  # sanic raises on malformed JSON (and on invalid UTF-8, or nesting too deep)
        body = None
    if not isinstance(body, dict):
        return _error(user_input.REQUEST_NOT_OBJECT, 400)
    if not user_input.valid_sender(body.get("sender")):
        return _error(user_input.REQUEST_BAD_SENDER, 400)
    if not isinstance(body.get("message"), str):
        return _error(user_input.REQUEST_BAD_MESSAGE, 400)
    if body.get("metadata") is not None and not isinstance(body["metadata"], dict):
        return _error(user_input.REQUEST_BAD_METADATA, 400)
    problem = user_input.problem(body["message"])
    if problem == user_input.TOO_LONG:
        return _error(problem, 413)
    if problem is not None:
        collector = CollectingOutputChannel()
        await send(collector, pseudonymise_sender(body["sender"]), user_input.message(problem))
        return response.json(collector.messages)
    return None


class SecuredRestInput(RestInput):
    @classmethod
    def name(cls) -> Text:
        return "rest"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        secret = (credentials or {}).get("shared_secret") or os.environ.get(SECRET_ENV) or None
        user_input.load()  # a broken rule base stops the server here, with file and entry named
        return cls(secret)

    def __init__(self, shared_secret: Optional[Text] = None) -> None:
        self.shared_secret = shared_secret

    async def _extract_sender(self, req: Request) -> Optional[Text]:
        return pseudonymise_sender(await super()._extract_sender(req))

    def _extract_message(self, req: Request) -> Optional[Text]:
        text = super()._extract_message(req)
        return mask(user_input.clean(text)) if isinstance(text, str) else text

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        webhook = super().blueprint(never_silent(on_new_message))
        secret = self.shared_secret

        @webhook.middleware("request")
        async def check_request(request: Request) -> Optional[response.HTTPResponse]:
            if request.method != "POST":
                return None
            if secret:
                given = request.headers.get(SECRET_HEADER, "")
                if not hmac.compare_digest(given.encode("utf-8"), secret.encode("utf-8")):
                    return _error(user_input.REQUEST_UNAUTHORIZED, 401)
            return await _check_body(request)

        return webhook
