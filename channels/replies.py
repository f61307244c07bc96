"""Shared by every input channel: a user turn never ends in silence, and English gets a word first.

Rasa 3.6 logs a failed custom action (the action server is down, say) and
carries on without its messages, so the user would hear nothing. Every
channel wraps Rasa's on_new_message in `never_silent`: if the turn sent no
bot message at all, or raised, the user gets the short Danish apology
'technical_error' from conversation.yml instead. A message in English
(bot/nlp/language.py) gets the line 'english_note' before the (Danish) reply.
A message with several questions (bot/flows/questions.py) is handed on one
question at a time, so each gets its answer, in order.
"""

from __future__ import annotations

import logging
from typing import Any, Awaitable, Callable, Dict, Text

from rasa.core.channels.channel import OutputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request

from bot import inbound
from bot.flows.answers import BotMessage
from bot.flows.questions import split_questions
from bot.names import ChannelMessages
from bot.nlp.language import is_english

logger = logging.getLogger(__name__)


class _WatchedOutput(OutputChannel):
    """Passes everything on to the channel's own output and remembers whether anything was sent."""

    def __init__(self, inner: OutputChannel, first: BotMessage | None = None) -> None:
        self.inner = inner
        self.sent = False
        self.first = first  # sent before the turn's first message

    def name(self) -> Text:  # type: ignore[override]
        return self.inner.name()

    async def send_response(self, recipient_id: Text, message: Dict[Text, Any]) -> None:
        if not self.sent and self.first is not None:
            await send(self.inner, recipient_id, self.first)
        self.sent = True
        await self.inner.send_response(recipient_id, message)

    def __getattr__(self, attribute: str) -> Any:
        return getattr(self.inner, attribute)


async def send(output: OutputChannel, recipient_id: Text, message: BotMessage) -> None:
    """Send one of the channels' own texts (bot.inbound) through a Rasa output channel."""
    await output.send_response(recipient_id, inbound.as_rasa_message(message))


def never_silent(on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Callable[[UserMessage], Awaitable[None]]:
    """on_new_message, but a turn without any bot message gets the apology."""

    async def handle(message: UserMessage) -> None:
        output = message.output_channel
        english = isinstance(message.text, str) and is_english(message.text)
        watched = _WatchedOutput(output, inbound.message(ChannelMessages.ENGLISH_NOTE) if english else None)
        message.output_channel = watched
        try:
            for text in split_questions(message.text) if isinstance(message.text, str) else [message.text]:
                await on_new_message(_with_text(message, text))
        except Exception:
            logger.exception("Handling a user message failed.")
        if watched.sent:
            return
        logger.warning(
            "No reply to a user message on channel %s (is the action server up?); sent the apology instead.",
            output.name(),
        )
        try:
            await send(output, message.sender_id, inbound.message(ChannelMessages.TECHNICAL_ERROR))
        except Exception:
            logger.exception("Could not send the apology either.")

    return handle


def _with_text(message: UserMessage, text: Any) -> UserMessage:
    """The same turn with one of its questions as the text (the message itself when it is all of it)."""
    if text == message.text:
        return message
    return UserMessage(
        text,
        message.output_channel,
        message.sender_id,
        message.parse_data,
        message.input_channel,
        None,
        message.metadata,
    )


def channel_blueprint(name: str, import_name: str) -> Blueprint:
    """A channel's blueprint with the health check (GET /) Rasa's own channels answer."""
    webhook = Blueprint(name, import_name)

    @webhook.route("/", methods=["GET"])
    async def health(_: Request) -> response.HTTPResponse:
        return response.json({"status": "ok"})

    return webhook
