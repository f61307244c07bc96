"""What the input channels accept from users, and the Danish texts they answer with themselves.

One place for the limits and the checks every channel applies before a
message reaches Rasa: the text must be a string, not blank and not longer
than MAX_MESSAGE_CHARS; control characters and lone surrogates (which crash
the spaCy tokenizer) are dropped. The texts come from
data/knowledge/conversation.yml, loaded and validated like the action
server's rule base, so the Rasa server also refuses to start on a broken one.
No Rasa server code here.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from bot import paths
from bot.flows.answers import BotMessage
from bot.names import ChannelMessages
from bot.privacy import mask, normalise
from bot.yaml_reading import safe_load

# Longest message (in characters) the assistant reads; longer ones get the 'input_too_long' text.
MAX_MESSAGE_CHARS = 5000
# Rasa's SQL tracker store keeps sender ids in a VARCHAR(255).
MAX_SENDER_CHARS = 255

# C0 and C1 control characters except tab and line feed, and UTF-16 surrogates left unpaired
# (JSON allows "\ud800"; Python keeps it as a lone surrogate that cannot be encoded).
_UNWANTED = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


# "/intent" or "/intent{...}" is how a button's payload reaches Rasa, which then skips NLU.
_PAYLOAD = re.compile(r"^/+([A-Za-z_][\w-]*)")


def clean(text: str) -> str:
    """The text normalised (bot.privacy.normalise), line breaks as \\n, without control characters and
    lone surrogates; a message of only zero-width characters becomes empty."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return normalise(_UNWANTED.sub("", text))


@lru_cache(maxsize=1)
def payload_intents() -> frozenset[str]:
    """The intents a message may name directly as "/intent" (our buttons): those in domain.yml."""
    domain = safe_load((paths.ROOT / "domain.yml").read_text(encoding="utf-8")) or {}
    return frozenset(str(i) if not isinstance(i, dict) else str(next(iter(i))) for i in domain.get("intents") or [])


def prepare(text: str) -> str:
    """What a channel hands Rasa for a user's text: cleaned, personal data masked, and a typed
    "/restart" or "/back" (Rasa's own commands, not our buttons) read as ordinary words."""
    text = mask(clean(text))
    match = _PAYLOAD.match(text)
    if match and match.group(1) not in payload_intents():
        text = text.lstrip("/")
    return text


def problem(text: Any) -> str | None:
    """None if the (cleaned) text can go to the assistant, else the id of the message explaining why not."""
    if not isinstance(text, str):
        return ChannelMessages.UNREADABLE
    text = clean(text)
    if not text.strip():
        return ChannelMessages.EMPTY
    if len(text) > MAX_MESSAGE_CHARS:
        return ChannelMessages.TOO_LONG
    return None


def valid_sender(sender: Any) -> bool:
    return isinstance(sender, str) and bool(sender.strip()) and len(sender) <= MAX_SENDER_CHARS


@lru_cache(maxsize=1)
def _advisor():
    from bot.assistant import load_assistant

    return load_assistant().advisor


def load() -> None:
    """Load and validate the rule base now; raises KnowledgeError naming file and entry."""
    _advisor()


def message(message_id: str) -> BotMessage:
    """A channel text from conversation.yml, limits filled in, with the menu if it asks for one."""
    advisor = _advisor()
    msg = advisor.kb.message(message_id)
    text = msg.text.replace("{limit}", _number(MAX_MESSAGE_CHARS)).replace("{sender_limit}", _number(MAX_SENDER_CHARS))
    return BotMessage(text, advisor.menu_buttons() if msg.buttons == "menu" else ())


def text(message_id: str) -> str:
    return message(message_id).text


def as_rasa_message(msg: BotMessage) -> dict[str, Any]:
    """The dict Rasa's OutputChannel.send_response takes."""
    out: dict[str, Any] = {"text": msg.text}
    if msg.buttons:
        out["buttons"] = [{"title": b.title, "payload": b.payload} for b in msg.buttons]
    return out


def _number(value: int) -> str:
    """Danish thousands separator: 5000 -> '5.000'."""
    return f"{value:,}".replace(",", ".")
