"""Custom actions. All text comes from the rule base via bot.flows.answers.Advisor."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet, UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher

from actions.runtime import get_advisor, send
from bot.flows.depth import PARSE_KEY
from bot.names import Actions, Slots

# Load and validate the rule base when the action server starts.
get_advisor()


def _intent(tracker: Tracker) -> str:
    return (tracker.latest_message.get("intent") or {}).get("name") or ""


def _entities(tracker: Tracker) -> List[Dict[str, Any]]:
    return list(tracker.latest_message.get("entities") or [])


def _confidence(tracker: Tracker) -> float:
    value = (tracker.latest_message.get("intent") or {}).get("confidence")
    return float(value) if isinstance(value, (int, float)) else 1.0


def _retrieval(tracker: Tracker) -> Optional[List[Dict[str, Any]]]:
    """The NLU's ranking of the rule base's passages (None from a model without it, or for a button)."""
    found = tracker.latest_message.get(PARSE_KEY)
    return list(found) if isinstance(found, list) else None


class ActionAnswer(Action):
    """Answers any recognised intent from the rule base and remembers the entry."""

    def name(self) -> Text:
        return Actions.ANSWER

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        reply = get_advisor().answer(
            _intent(tracker),
            _entities(tracker),
            tracker.get_slot(Slots.LAST_ENTRY),
            _retrieval(tracker) or (),
            _confidence(tracker),
            tracker.latest_message.get("text") or "",
        )
        send(dispatcher, reply)
        return [SlotSet(Slots.LAST_ENTRY, reply.entry_id)] if reply.entry_id else []


class ActionAskAffirmation(Action):
    """'Mente du …?' with the two most likely topics (first stage of the fallback)."""

    def name(self) -> Text:
        return Actions.ASK_AFFIRMATION

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        ranking = tracker.latest_message.get("intent_ranking") or []
        send(dispatcher, get_advisor().suggestion_reply(ranking, _entities(tracker), _retrieval(tracker)))
        return []


class ActionAskRephrase(Action):
    def name(self) -> Text:
        return Actions.ASK_REPHRASE

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        send(dispatcher, get_advisor().rephrase_reply())
        return []


class ActionDefaultFallback(Action):
    """Gives up politely with the main menu and forgets the misunderstood message."""

    def name(self) -> Text:
        return Actions.DEFAULT_FALLBACK

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        send(dispatcher, get_advisor().give_up_reply())
        return [UserUtteranceReverted()]
