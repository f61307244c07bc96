"""REST channel with an optional shared-secret header; personal data is masked on the way in.

Rasa's REST channel trusts the sender id in the body and has no
authentication. When REST_SHARED_SECRET is set, every POST must carry it in
the X-Samskabelse-Secret header (the intranet's proxy adds it after login).
"""
from __future__ import annotations

import hmac
import os
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.rest import RestInput

from bot.privacy import mask, pseudonymise_sender
from sanic import Blueprint, response
from sanic.request import Request

SECRET_ENV = "REST_SHARED_SECRET"
SECRET_HEADER = "X-Samskabelse-Secret"


def _bad_body(request: Request) -> Optional[response.HTTPResponse]:
    """A clear 400 instead of Rasa's silent reply to a default sender."""
    try:
        body = request.json
    except Exception:  # sanic raises on malformed JSON
        body = None
    if not isinstance(body, dict):
        return response.json({"error": "Forespørgslen skal være et JSON-objekt."}, status=400)
    if not isinstance(body.get("sender"), str) or not body["sender"].strip():
        return response.json({"error": "Feltet 'sender' mangler eller er tomt."}, status=400)
    if not isinstance(body.get("message"), str):
        return response.json({"error": "Feltet 'message' skal være tekst."}, status=400)
    return None


class SecuredRestInput(RestInput):
    @classmethod
    def name(cls) -> Text:
        return "rest"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        secret = (credentials or {}).get("shared_secret") or os.environ.get(SECRET_ENV) or None
        return cls(secret)

    def __init__(self, shared_secret: Optional[Text] = None) -> None:
        self.shared_secret = shared_secret

    async def _extract_sender(self, req: Request) -> Optional[Text]:
        return pseudonymise_sender(await super()._extract_sender(req))

    def _extract_message(self, req: Request) -> Optional[Text]:
        text = super()._extract_message(req)
        return mask(text) if isinstance(text, str) else text

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        webhook = super().blueprint(on_new_message)
        secret = self.shared_secret

        @webhook.middleware("request")
        async def check_request(request: Request) -> Optional[response.HTTPResponse]:
            if request.method != "POST":
                return None
            if secret:
                given = request.headers.get(SECRET_HEADER, "")
                if not hmac.compare_digest(given.encode("utf-8"), secret.encode("utf-8")):
                    return response.json({"error": "Manglende eller forkert adgangsnøgle."}, status=401)
            return _bad_body(request)

        return webhook
