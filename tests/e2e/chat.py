"""Small helpers for reading the REST channel's replies in the end-to-end tests."""
from __future__ import annotations

import uuid


def sender(prefix: str = "e2e") -> str:
    """A fresh conversation id, so tests never share a tracker."""
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def texts(replies: list[dict]) -> list[str]:
    return [r.get("text", "") for r in replies]


def buttons(reply: dict) -> list[tuple[str, str]]:
    return [(b["title"], b["payload"]) for b in reply.get("buttons", [])]


def payloads(reply: dict) -> list[str]:
    return [payload for _, payload in buttons(reply)]
