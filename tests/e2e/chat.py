"""Small helpers for reading the REST channel's replies in the end-to-end tests."""

from __future__ import annotations

import uuid


def random_id(prefix: str, length: int = 8, upper: bool = False) -> str:
    """`prefix` + random hex characters, never an id the channels would pseudonymise.

    8 random hex characters are all digits, so look like a phone number, about
    once in 40 draws; such an id would be stored under a pseudonym.
    """
    from bot.privacy import contains_personal_data

    while True:
        tail = uuid.uuid4().hex[:length]
        candidate = f"{prefix}{tail.upper() if upper else tail}"
        if not contains_personal_data(candidate):
            return candidate


def sender(prefix: str = "e2e") -> str:
    """A fresh conversation id, so tests never share a tracker (never one that looks like personal data)."""
    return random_id(f"{prefix}-")


def texts(replies: list[dict]) -> list[str]:
    return [r.get("text", "") for r in replies]


def buttons(reply: dict) -> list[tuple[str, str]]:
    return [(b["title"], b["payload"]) for b in reply.get("buttons", [])]


def payloads(reply: dict) -> list[str]:
    return [payload for _, payload in buttons(reply)]


class WebChat:
    """A web chat client (threaded python-socketio over websocket-client) that records every bot_uttered.

    Waiting is for a message to arrive (with a generous upper bound, so a dead
    server fails the test instead of hanging it), never for a fixed time.
    """

    def __init__(
        self, base_url: str, session_id: str | None = None, request_session: bool = True, timeout: float = 60.0
    ) -> None:
        import threading

        import socketio

        self.base_url = base_url
        self.session_id = session_id or uuid.uuid4().hex
        self.request_session = request_session
        self.timeout = timeout
        self.client = socketio.Client(reconnection=False)
        self.received: list[dict] = []
        self._changed = threading.Condition()
        self._confirmed: str | None = None
        self.client.on("bot_uttered", self._on_bot)
        self.client.on("session_confirm", self._on_confirm)

    def _on_bot(self, data) -> None:
        with self._changed:
            self.received.append(data)
            self._changed.notify_all()

    def _on_confirm(self, data) -> None:
        with self._changed:
            self._confirmed = data["session_id"]
            self._changed.notify_all()

    def __enter__(self) -> "WebChat":
        self.client.connect(self.base_url, transports=["websocket"], wait_timeout=10)
        if self.request_session:
            self.client.emit("session_request", {"session_id": self.session_id})
            with self._changed:
                assert self._changed.wait_for(lambda: self._confirmed is not None, self.timeout), "no session_confirm"
            self.session_id = self._confirmed
        return self

    def __exit__(self, *exc) -> None:
        self.client.disconnect()

    def send(self, data) -> int:
        """Emit user_uttered with data as is (any type); returns the index the replies will start at."""
        with self._changed:
            start = len(self.received)
        self.client.emit("user_uttered", data)
        return start

    def ask(self, text: str) -> int:
        return self.send({"message": text, "session_id": self.session_id})

    def wait_for(self, start: int, predicate=lambda message: True) -> dict:
        """The first bot message at index >= start that satisfies predicate; fails if none arrives."""

        def found():
            return next((m for m in self.received[start:] if predicate(m)), None)

        with self._changed:
            self._changed.wait_for(lambda: found() is not None, self.timeout)
            message = found()
        assert message is not None, f"no such bot message; got {self.received[start:]}"
        return message
