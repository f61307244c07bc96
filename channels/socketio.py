"""Socket.IO channel for the intranet web chat (web/): who owns a conversation is decided by the server.

- With WEBCHAT_JWT_SECRET set, every connection must present a JWT (HS256)
  with a non-empty subject of at most 255 characters, an expiry and a
  bounded lifetime (and the issuer and audience, when configured); the
  conversation is the subject's.
- Without it, the server issues the session id (bot.web_sessions: 128
  random bits, signed with the server's key) and the browser keeps it to
  continue after a reload; an id the server did not issue is never
  accepted: the browser gets a new one instead.
- Connections are accepted only from allowed origins (the web chat's own
  origin by default), so a page elsewhere can't talk to it from an
  employee's browser, and replies go only to the sockets of the
  conversation's owner (a room named after the conversation id).

Every user_uttered gets an answer on bot_uttered: a message that is not
text, blank or longer than bot.inbound.MAX_MESSAGE_CHARS gets the Danish
text explaining why (conversation.yml) instead of going to Rasa; one sent
before session_request gets 'webchat_no_session'; a packet that is not a
known event gets 'input_unreadable'; a turn Rasa leaves unanswered gets the
apology (channels/replies.py).

Replies arrive whole, one bot_uttered per message (Rasa's SocketIOOutput
would split a message at every blank line): {"text": ...} with the trailing
"Kilde: …" line apart as "source", the ledetråde summary's Markdown apart as
"markdown" (its intro line stays the text), and the buttons as
"quick_replies". The REST channel is not affected.

The web chat's first visit: a session_request with "greet": true gets the
assistant's greeting with the menu (conversation.yml, not stored in the
tracker), and session_confirm tells the page how long conversations are kept
(bot.retention), how long a message may be and the text saying a message is
too long (bot.inbound), so the page can keep a too long text in its field.
"""

from __future__ import annotations

import inspect
import logging
import os
import time
from functools import lru_cache
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

import jwt
from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.socketio import SocketBlueprint, SocketIOOutput
from sanic import Blueprint, response
from sanic.request import Request
from socketio import AsyncServer

from bot import inbound, web_sessions
from bot.conversation_ids import conversation_id
from bot.names import ChannelMessages
from bot.retention import retention_days
from bot.server_secrets import require
from channels.replies import never_silent, send

logger = logging.getLogger(__name__)

USER_EVENT = "user_uttered"
BOT_EVENT = "bot_uttered"
SESSION_EVENT = "session_request"
JWT_SECRET_ENV = "WEBCHAT_JWT_SECRET"
ORIGINS_ENV = "WEBCHAT_ALLOWED_ORIGINS"
ISSUER_ENV = "WEBCHAT_JWT_ISSUER"
AUDIENCE_ENV = "WEBCHAT_JWT_AUDIENCE"
MAX_LIFETIME_ENV = "WEBCHAT_JWT_MAX_LIFETIME_HOURS"
DEFAULT_MAX_LIFETIME_HOURS = 12.0
WEB_PORT_ENV = "WEB_PORT"
# The greeting in conversation.yml that a first visit to the web chat opens with.
GREETING = "greet"
MAX_SUBJECT_CHARS = 255
# Event names python-socketio reserves for itself; a client may not send them as events.
_RESERVED = {"connect", "disconnect", "connect_error"}


def default_origins() -> list[str]:
    """The origin `make run` serves the web chat from (WEB_PORT, 8080)."""
    port = os.environ.get(WEB_PORT_ENV, "").strip() or "8080"
    return [f"http://localhost:{port}", f"http://127.0.0.1:{port}"]


def allowed_origins(configured: Optional[Text]) -> list[str]:
    """Comma-separated origins from the credentials or WEBCHAT_ALLOWED_ORIGINS, else the default."""
    raw = configured if configured is not None else os.environ.get(ORIGINS_ENV, "")
    found = [o.strip().rstrip("/") for o in str(raw).split(",") if o.strip()]
    return found or default_origins()


@lru_cache(maxsize=1)
def _reply_marks() -> tuple[Text, Text]:
    """How a source line starts ("Kilde: ") and the line that introduces the Markdown summary, from the rule base."""
    from bot.assistant import load_assistant

    assistant = load_assistant()
    source_prefix = assistant.advisor.kb.message("source_line").text.split("{source}")[0]
    markdown_intro = assistant.guide.rules.ledetraade.texts["markdown_intro"]
    return source_prefix, markdown_intro.strip()


def web_message(text: Text) -> Dict[Text, Any]:
    """One reply as the web chat gets it: whole, a trailing source line as "source", a Markdown block as "markdown"."""
    source_prefix, markdown_intro = _reply_marks()
    message: Dict[Text, Any] = {"text": text.strip()}
    head, blank, last = message["text"].rpartition("\n\n")
    if blank and head.strip() and last.startswith(source_prefix) and "\n" not in last:
        message["text"], message["source"] = head.rstrip(), last
    first, newline, rest = message["text"].partition("\n")
    if newline and first.strip() == markdown_intro and rest.strip():
        message["text"], message["markdown"] = first.strip(), rest.strip()
    return message


class WebChatOutput(SocketIOOutput):
    """Rasa's Socket.IO output, but a reply travels whole (web_message) and a custom message as {"custom": {...}}."""

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        await self._send_message(recipient_id, web_message(text))

    async def send_text_with_buttons(
        self, recipient_id: Text, text: Text, buttons: List[Dict[Text, Any]], **kwargs: Any
    ) -> None:
        message = web_message(text)
        message["quick_replies"] = [
            {"content_type": "text", "title": b["title"], "payload": b["payload"]} for b in buttons
        ]
        await self._send_message(recipient_id, message)

    async def send_custom_json(self, recipient_id: Text, json_message: Dict[Text, Any], **kwargs: Any) -> None:
        await self._send_message(recipient_id, {"custom": dict(json_message)})


class _ForgivingServer(AsyncServer):
    """A packet that is not a known Socket.IO event gets 'input_unreadable', never silence.

    python-socketio would log and drop broken JSON, a packet whose data is no
    list, an event name that is no text or that nobody handles, and JSON
    nested too deep.
    """

    async def _unreadable(self, eio_sid: Text, namespace: Optional[Text] = None) -> None:
        sid = self.manager.sid_from_eio_sid(eio_sid, namespace or "/")
        if sid:
            await send(WebChatOutput(self, BOT_EVENT), sid, inbound.message(ChannelMessages.UNREADABLE))

    async def _handle_eio_message(self, eio_sid: Text, data: Any) -> None:
        try:
            await super()._handle_eio_message(eio_sid, data)
        except (ValueError, TypeError, KeyError, IndexError, RecursionError) as exc:
            logger.info("Unreadable Socket.IO packet from a web chat client: %s", type(exc).__name__)
            await self._unreadable(eio_sid)

    async def _handle_event(self, eio_sid: Text, namespace: Optional[Text], id: Any, data: Any) -> None:
        handlers = self.handlers.get(namespace or "/", {})
        if not (
            isinstance(data, list)
            and data
            and isinstance(data[0], str)
            and data[0] in handlers
            and data[0] not in _RESERVED
        ):
            logger.info("Unknown Socket.IO event from a web chat client.")
            await self._unreadable(eio_sid, namespace)
            return
        await super()._handle_event(eio_sid, namespace, id, data)


class WebChatInput(InputChannel):
    @classmethod
    def name(cls) -> Text:
        return "socketio"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        credentials = credentials or {}
        inbound.load()  # a broken rule base stops the server here, with file and entry named
        _reply_marks()
        jwt_key = require(JWT_SECRET_ENV, credentials.get("jwt_key"))
        web_sessions.session_of(None)  # the server's key is read (or created) now, not at the first visitor
        return cls(jwt_key, origins=allowed_origins(credentials.get("allowed_origins")))

    def __init__(
        self, jwt_key: Optional[Text] = None, socketio_path: Text = "/socket.io", origins: Optional[list[str]] = None
    ) -> None:
        self.jwt_key = jwt_key
        self.socketio_path = socketio_path
        self.origins = set(origins or default_origins())
        self.issuer = os.environ.get(ISSUER_ENV, "").strip() or None
        self.audience = os.environ.get(AUDIENCE_ENV, "").strip() or None
        self.max_lifetime = 3600 * float(os.environ.get(MAX_LIFETIME_ENV, "").strip() or DEFAULT_MAX_LIFETIME_HOURS)
        self.sio: Optional[AsyncServer] = None
        self._subjects: Dict[Text, Text] = {}  # socket id -> JWT subject

    def get_output_channel(self) -> Optional[SocketIOOutput]:
        return WebChatOutput(self.sio, BOT_EVENT) if self.sio else None

    def origin_allowed(self, origin: Optional[Text], environ: Optional[Dict] = None) -> bool:
        """An allowed origin, or the Rasa server's own (a page it served itself)."""
        if origin is None:  # not a browser: no page of another site is involved
            return True
        environ = environ or {}
        own = f"{environ.get('wsgi.url_scheme', 'http')}://{environ.get('HTTP_HOST', '')}"
        return origin.rstrip("/") in self.origins or origin == own

    def _subject(self, auth: Any) -> Optional[Text]:
        """The JWT's subject if the token is valid, else None (and the connection is refused)."""
        token = auth.get("token") if isinstance(auth, dict) else None
        if not isinstance(token, str) or not token:
            return None
        options = {
            "require": ["sub", "exp"] + (["iss"] if self.issuer else []) + (["aud"] if self.audience else []),
            "verify_aud": self.audience is not None,
        }
        try:
            claims = jwt.decode(
                token, self.jwt_key, algorithms=["HS256"], options=options, issuer=self.issuer, audience=self.audience
            )
        except jwt.PyJWTError as exc:
            logger.info("Web chat connection refused: %s", exc)
            return None
        subject = claims.get("sub")
        if not isinstance(subject, str) or not subject.strip() or len(subject) > MAX_SUBJECT_CHARS:
            logger.info("Web chat connection refused: the subject must be a text of 1-%d characters", MAX_SUBJECT_CHARS)
            return None
        start = claims.get("iat") if isinstance(claims.get("iat"), (int, float)) else time.time()
        if claims["exp"] - start > self.max_lifetime:
            logger.info("Web chat connection refused: the token lives longer than %.0f s", self.max_lifetime)
            return None
        return subject

    def _session_for(self, sid: Text, proposed: Any) -> tuple[Text, Optional[Text]]:
        """The conversation id, and the token to give the browser (None with a JWT: the login decides)."""
        if self.jwt_key:
            return conversation_id(self.name(), f"web-{self._subjects[sid]}"), None
        token = proposed if web_sessions.session_of(proposed) else web_sessions.issue()
        return conversation_id(self.name(), web_sessions.session_of(token) or ""), token

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        sio = _ForgivingServer(async_mode="sanic", cors_allowed_origins=self.origin_allowed)
        webhook = SocketBlueprint(sio, self.socketio_path, "webchat_socketio", __name__)
        self.sio = sio

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> response.HTTPResponse:
            return response.json({"status": "ok"})

        @sio.on("connect")
        async def connect(sid: Text, environ: Dict, auth: Optional[Dict] = None) -> bool:
            if not self.jwt_key:
                return True
            subject = self._subject(auth)
            if subject is None:
                return False
            self._subjects[sid] = subject
            return True

        @sio.on("disconnect")
        async def disconnect(sid: Text, *_: Any) -> None:
            self._subjects.pop(sid, None)

        @sio.on(SESSION_EVENT)
        async def session_request(sid: Text, data: Any = None, *_: Any) -> None:
            proposed = data.get("session_id") if isinstance(data, dict) else None
            session_id, token = self._session_for(sid, proposed)
            session = await sio.get_session(sid)
            previous = session.get("session_id") if session else None
            if previous and previous != session_id:
                left = sio.leave_room(sid, previous)
                if inspect.isawaitable(left):
                    await left
            joined = sio.enter_room(sid, session_id)
            if inspect.isawaitable(joined):  # a coroutine in python-socketio >= 5.11
                await joined
            await sio.save_session(sid, {"session_id": session_id})
            if isinstance(data, dict) and data.get("greet") is True:  # a first visit: the page is still empty
                await send(WebChatOutput(sio, BOT_EVENT), sid, inbound.message(GREETING))
            # With a JWT the browser's id is not used; it gets an opaque marker to remember it has a session.
            await sio.emit(
                "session_confirm",
                {
                    "session_id": token or "jwt",
                    "retention_days": retention_days(),
                    "max_message_chars": inbound.MAX_MESSAGE_CHARS,
                    "too_long": inbound.text(ChannelMessages.TOO_LONG),
                },
                room=sid,
            )

        answer = never_silent(on_new_message)

        @sio.on(USER_EVENT)
        async def handle_message(sid: Text, data: Any = None, *_: Any) -> None:
            output = WebChatOutput(sio, BOT_EVENT)
            session = await sio.get_session(sid)
            session_id = session.get("session_id") if session else None
            if not session_id:  # no session_request yet: answer this socket only
                await send(output, sid, inbound.message(ChannelMessages.NO_SESSION))
                return
            text = data.get("message") if isinstance(data, dict) else None
            problem = inbound.problem(text)
            if problem is not None:
                await send(output, session_id, inbound.message(problem))
                return
            await answer(UserMessage(inbound.prepare(text), output, session_id, input_channel=self.name()))

        return webhook
