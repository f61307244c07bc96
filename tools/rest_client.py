"""Talking to the running assistant over the project's REST channel, in plain stdlib HTTP.

The one client of it in the project: the demo and the terminal chat use
RestClient, which turns every failure into a Danish note; the server launcher,
the bench and the tests use post_json, which raises. (The bench's load test
keeps its own asyncio client: it has hundreds of requests in flight at once.)
"""

from __future__ import annotations

import contextlib
import ipaddress
import json
import os
import secrets
import socket
import string
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Any

from bot.names import DEMO_SENDER_PREFIX, SECRET_HEADER
from tools.demo_texts import T

RASA_PORT_ENV = "RASA_PORT"
DEFAULT_RASA_PORT = 5005
WEBHOOK_PATH = "/webhooks/rest/webhook"
REPLY_TIMEOUT = 60.0


class Unreachable(ConnectionError):
    """Nothing answers at the assistant's address."""


def default_url() -> str:
    port = os.environ.get(RASA_PORT_ENV, "").strip() or str(DEFAULT_RASA_PORT)
    return f"http://127.0.0.1:{port}{WEBHOOK_PATH}"


def new_sender() -> str:
    """A fresh conversation id: letters only, so the channels never take it for a phone number."""
    return DEMO_SENDER_PREFIX + "".join(secrets.choice(string.ascii_lowercase) for _ in range(10))


def _is_loopback(host: str | None) -> bool:
    if host in (None, "", "localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def opener_for(url: str) -> urllib.request.OpenerDirector:
    """An opener for the url; a proxy from the environment must not swallow loopback requests."""
    handlers = [urllib.request.ProxyHandler({})] if _is_loopback(urllib.parse.urlsplit(url).hostname) else []
    return urllib.request.build_opener(*handlers)


def json_request(url: str, body: Any, headers: dict[str, str] | None = None) -> urllib.request.Request:
    return urllib.request.Request(
        url,
        data=json.dumps(body).encode("utf-8"),
        headers={"Content-Type": "application/json", **(headers or {})},
        method="POST",
    )


def post_json(url: str, body: Any, timeout: float = 30.0, headers: dict[str, str] | None = None) -> Any:
    """POST body as JSON and return the decoded reply; an HTTP error status raises urllib.error.HTTPError."""
    with opener_for(url).open(json_request(url, body, headers), timeout=timeout) as response:
        return json.loads(response.read().decode("utf-8"))


class RestClient:
    """POSTs messages to the REST channel; returns whatever came back, so the caller can show it."""

    def __init__(self, url: str, secret: str | None = None, timeout: float = REPLY_TIMEOUT):
        self.url = url
        self.secret = secret
        self.timeout = timeout
        parts = urllib.parse.urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(T("replies.bad_url", url=url))
        self.root = f"{parts.scheme}://{parts.netloc}/"
        self._opener = opener_for(url)

    def reachable(self, timeout: float = 5.0) -> bool:
        """True if anything answers HTTP at the server's root (any status counts)."""
        try:
            with self._opener.open(self.root, timeout=timeout):
                return True
        except urllib.error.HTTPError:
            return True
        except (urllib.error.URLError, OSError):
            return False

    def send(self, sender: str, message: str) -> Any:
        """The decoded JSON reply (normally a list of messages), or a Danish note on what went wrong.

        Raises Unreachable when the server cannot be reached at all.
        """
        headers = {SECRET_HEADER: self.secret} if self.secret else {}
        request = json_request(self.url, {"sender": sender, "message": message}, headers)
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                raw = response.read()
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace").strip()
            with contextlib.suppress(ValueError, AttributeError):
                detail = json.loads(detail).get("error") or detail
            return BadReply(T("replies.refused", code=exc.code, detail=detail or exc.reason))
        except (socket.timeout, TimeoutError):
            return BadReply(T("replies.timeout", seconds=f"{self.timeout:g}"))
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, (socket.timeout, TimeoutError)):
                return BadReply(T("replies.timeout", seconds=f"{self.timeout:g}"))
            raise Unreachable(str(exc.reason)) from None
        except (ConnectionError, OSError) as exc:
            raise Unreachable(str(exc)) from None
        try:
            return json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            return BadReply(T("replies.not_json", raw=raw[:300].decode("utf-8", "replace")))


@dataclass(frozen=True)
class BadReply:
    """Something other than a reply came back; shown to the trainer as is."""

    text: str


def reply_buttons(replies: Any) -> list[tuple[str, str]]:
    """(title, payload) of every button in a list of REST replies."""
    found = []
    for reply in replies if isinstance(replies, list) else []:
        for button in (reply.get("buttons") or []) if isinstance(reply, dict) else []:
            if isinstance(button, dict) and isinstance(button.get("title"), str):
                found.append((button["title"], str(button.get("payload", button["title"]))))
    return found
