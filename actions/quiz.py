"""Actions of the course quiz "Er det samskabelse?"; the quiz itself is bot.flows.quiz (via guided_replies)."""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.runtime import get_advisor, get_guide, send
from bot.flows.guided_replies import QUIZ_VERDICT_ENTITY
from bot.names import Actions, Intents, Slots

Events = List[Dict[Text, Any]]


def _verdict_or_text(tracker: Tracker) -> str:
    """A button sends the verdict as an entity; a typed answer is read from the text."""
    for entity in tracker.latest_message.get("entities") or []:
        if entity.get("entity") == QUIZ_VERDICT_ENTITY and isinstance(entity.get("value"), str):
            return entity["value"]
    return tracker.latest_message.get("text") or ""


class ActionQuizStart(Action):
    """Starts (or restarts) the quiz at card 1; an open assessment question is dropped so "ja" means the quiz."""

    def name(self) -> Text:
        return Actions.QUIZ_START

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> Events:
        reply, state = get_guide().quiz_start()
        send(dispatcher, reply)
        return [SlotSet(Slots.QUIZ, state), SlotSet(Slots.ASSESSMENT, None)]


class ActionQuizAnswer(Action):
    def name(self) -> Text:
        return Actions.QUIZ_ANSWER

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> Events:
        reply, state = get_guide().quiz_answer(tracker.get_slot(Slots.QUIZ), _verdict_or_text(tracker))
        send(dispatcher, reply)
        return [SlotSet(Slots.QUIZ, state)]


class ActionStop(Action):
    """ "Stop" outside the walk-through: stops a running quiz, otherwise says there is nothing to stop."""

    def name(self) -> Text:
        return Actions.STOP

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> Events:
        guide, state = get_guide(), tracker.get_slot(Slots.QUIZ)
        if guide.quiz_running(state):
            reply, state = guide.quiz_stop(state)
            send(dispatcher, reply)
            return [SlotSet(Slots.QUIZ, state)]
        reply = get_advisor().answer(Intents.STOP)
        send(dispatcher, reply)
        return [SlotSet(Slots.LAST_ENTRY, reply.entry_id)] if reply.entry_id else []
