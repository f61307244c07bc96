"""The rule base the action server answers from, loaded (and validated) once at startup.

A content error raises KnowledgeError here, so the action server refuses to
start and names the file and entry.
"""

from __future__ import annotations

from functools import lru_cache

from bot.assistant import Assistant, load_assistant
from bot.flows.answers import Advisor, Reply
from bot.flows.guided_replies import GuidedReplies


@lru_cache(maxsize=1)
def get_assistant() -> Assistant:
    return load_assistant()


def get_advisor() -> Advisor:
    return get_assistant().advisor


def get_guide() -> GuidedReplies:
    return get_assistant().guide


def send(dispatcher, reply: Reply) -> None:
    """Hand a Reply to Rasa's dispatcher, one chat message each."""
    for message in reply.messages:
        if message.custom is not None:
            dispatcher.utter_message(json_message=dict(message.custom))
            continue
        buttons = [{"title": b.title, "payload": b.payload} for b in message.buttons]
        dispatcher.utter_message(text=message.text, buttons=buttons or None)
