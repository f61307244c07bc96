"""Session ids for the web chat without a login: issued by the server, signed, never chosen by the browser.

A browser that could propose its own session id could propose someone
else's and read or delete their conversation. So without a JWT the server
issues the id (128 random bits) together with a signature under the
server's key; the browser keeps the pair (localStorage) to continue after a
reload, and an id without a valid signature is replaced by a new one.

The random part is written in the letters a-p only: a run of digits in it
would look like a phone number to the privacy filter.
No Rasa server code here.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets

from bot.server_secrets import derived_key

_PURPOSE = "webchat-session-v1"
_TOKEN = re.compile(r"^([a-p]{32})\.([A-Za-z0-9_-]{43})$")
_LETTERS = "abcdefghijklmnop"
LOCAL_PREFIX = "sess-"


def _signature(ident: str) -> str:
    digest = hmac.new(derived_key(_PURPOSE), ident.encode("ascii"), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")


def issue() -> str:
    """A new session token: "<32 letters>.<signature>"."""
    ident = "".join(_LETTERS[b >> 4] + _LETTERS[b & 15] for b in secrets.token_bytes(16))
    return f"{ident}.{_signature(ident)}"


def session_of(token: object) -> str | None:
    """The session's local id ("sess-…") if the token is one the server issued, else None."""
    match = _TOKEN.match(token) if isinstance(token, str) else None
    if not match:
        return None
    ident, signature = match.groups()
    if not hmac.compare_digest(signature, _signature(ident)):
        return None
    return LOCAL_PREFIX + ident
