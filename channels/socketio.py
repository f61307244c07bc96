"""Socket.IO channel for the intranet web chat (web/).

Like Rasa's socketio channel, but when WEBCHAT_JWT_SECRET is set every
connection must present a JWT (HS256) with a subject, and the conversation is
bound to that subject: the session id the browser proposes is ignored, so one
user cannot write into another's conversation. Without a secret, the browser
keeps its own random session id (fine behind the intranet login, see README).

Every user_uttered gets an answer on bot_uttered: a message that is not
text, blank or longer than bot.user_input.MAX_MESSAGE_CHARS gets the Danish
text explaining why (conversation.yml) instead of going to Rasa; one sent
before session_request gets 'webchat_no_session'; a turn Rasa leaves
unanswered gets the apology (channels/replies.py).
"""
from __future__ import annotations

import inspect
import logging
import uuid
from typing import Any, Awaitable, Callable, Dict, Optional, Text

import jwt
from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.socketio import SocketBlueprint, SocketIOOutput
from sanic import Blueprint, response
from sanic.request import Request
from socketio import AsyncServer

from bot import user_input
from bot.privacy import mask, pseudonymise_sender
from channels.replies import never_silent, send

logger = logging.getLogger(__name__)

USER_EVENT = "user_uttered"
BOT_EVENT = "bot_uttered"


class _ForgivingServer(AsyncServer):
    """A packet that is not valid Socket.IO (broken JSON, say) gets 'input_unreadable', not silence.

    python-socketio would only log the ValueError from decoding it.
    """

    async def _handle_eio_message(self, eio_sid: Text, data: Any) -> None:
        try:
            await super()._handle_eio_message(eio_sid, data)
        except ValueError as exc:
            logger.info("Unreadable Socket.IO packet from a web chat client: %s", exc)
            sid = self.manager.sid_from_eio_sid(eio_sid, "/")
            if sid:
                await send(SocketIOOutput(self, BOT_EVENT), sid, user_input.message(user_input.UNREADABLE))


class WebChatInput(InputChannel):
    @classmethod
    def name(cls) -> Text:
        return "socketio"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        user_input.load()  # a broken rule base stops the server here, with file and entry named
        return cls((credentials or {}).get("jwt_key") or None)

    def __init__(self, jwt_key: Optional[Text] = None, socketio_path: Text = "/socket.io") -> None:
        self.jwt_key = jwt_key
        self.socketio_path = socketio_path
        self.sio: Optional[AsyncServer] = None
        self._subjects: Dict[Text, Text] = {}  # socket id -> JWT subject

    def get_output_channel(self) -> Optional[SocketIOOutput]:
        return SocketIOOutput(self.sio, BOT_EVENT) if self.sio else None

    def _subject(self, auth: Optional[Dict]) -> Optional[Text]:
        token = (auth or {}).get("token") if isinstance(auth, dict) else None
        if not token:
            return None
        try:
            claims = jwt.decode(token, self.jwt_key, algorithms=["HS256"], options={"require": ["sub"]})
        except jwt.PyJWTError as exc:
            logger.info("Web chat connection refused: %s", exc)
            return None
        return str(claims["sub"])

    def _session_for(self, sid: Text, proposed: Any) -> Text:
        if self.jwt_key:
            return pseudonymise_sender(f"web-{self._subjects[sid]}")
        if isinstance(proposed, str) and 8 <= len(proposed) <= 64 and proposed.isalnum():
            return proposed
        return uuid.uuid4().hex

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        # WebSocket transport from the page; no CORS wildcard.
        sio = _ForgivingServer(async_mode="sanic", cors_allowed_origins=[])
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
        async def disconnect(sid: Text) -> None:
            self._subjects.pop(sid, None)

        @sio.on("session_request")
        async def session_request(sid: Text, data: Any = None, *_: Any) -> None:
            proposed = data.get("session_id") if isinstance(data, dict) else None
            session_id = self._session_for(sid, proposed)
            joined = sio.enter_room(sid, session_id)
            if inspect.isawaitable(joined):  # a coroutine in python-socketio >= 5.11
                await joined
            await sio.save_session(sid, {"session_id": session_id})
            await sio.emit("session_confirm", {"session_id": session_id}, room=sid)

        answer = never_silent(on_new_message)

        @sio.on(USER_EVENT)
        async def handle_message(sid: Text, data: Any = None, *_: Any) -> None:
            output = SocketIOOutput(sio, BOT_EVENT)
            session = await sio.get_session(sid)
            session_id = session.get("session_id") if session else None
            if not session_id:  # no session_request yet: answer this socket only
                await send(output, sid, user_input.message(user_input.NO_SESSION))
                return
            text = data.get("message") if isinstance(data, dict) else None
            problem = user_input.problem(text)
            if problem is not None:
                await send(output, session_id, user_input.message(problem))
                return
            await answer(UserMessage(mask(user_input.clean(text)), output, session_id, input_channel=self.name()))

        return webhook
