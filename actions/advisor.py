"""The one Advisor the action server uses, loaded (and validated) at startup.

A content error in the rule base raises KnowledgeError here, so the action
server refuses to start and names the file and entry.
"""
from __future__ import annotations

from functools import lru_cache

from bot import paths
from bot.answers import Advisor, Reply
from bot.knowledge import load_knowledge
from bot.vocabulary import load_vocabulary


@lru_cache(maxsize=1)
def get_advisor() -> Advisor:
    vocabulary = load_vocabulary(paths.VOCABULARY_FILE)
    return Advisor(load_knowledge(paths.knowledge_dir(), vocabulary), vocabulary)


def send(dispatcher, reply: Reply) -> None:
    """Hand a Reply to Rasa's dispatcher, one chat message each."""
    for message in reply.messages:
        buttons = [{"title": b.title, "payload": b.payload} for b in message.buttons]
        dispatcher.utter_message(text=message.text, buttons=buttons or None)
