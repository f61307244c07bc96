"""Actions of the guided flows; all logic and text in bot.guided_replies and the YAML rule base."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.advisor import get_guide, send
from bot.walkthrough import extract_answer

Events = List[Dict[Text, Any]]


def _text(tracker: Tracker) -> str:
    return tracker.latest_message.get("text") or ""


def _entities(tracker: Tracker) -> List[Dict[str, Any]]:
    return list(tracker.latest_message.get("entities") or [])


def _walk_slots() -> List[str]:
    return get_guide().guides.walkthrough.slots


class ActionAssess(Action):
    """'Er det samskabelse?' on the case the leader describes."""

    def name(self) -> Text:
        return "action_assess"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> Events:
        reply, state = get_guide().assessment_start(_text(tracker), _entities(tracker))
        send(dispatcher, reply)
        return [SlotSet("assessment", state)]


class ActionConfirmDelete(Action):
    """'Slet min samtale': asks for confirmation first."""

    def name(self) -> Text:
        return "action_confirm_delete"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> Events:
        send(dispatcher, get_guide().advisor.delete_confirm_reply())
        return [SlotSet("delete_pending", True)]


class ActionYesNo(Action):
    """Ja/Nej: confirms a deletion, answers the assessment's follow-up question or else the quiz card."""

    def name(self) -> Text:
        return "action_yes_no"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> Events:
        intent = (tracker.latest_message.get("intent") or {}).get("name") or ""
        if tracker.get_slot("delete_pending"):
            confirmed = intent == "affirm"
            send(dispatcher, get_guide().advisor.delete_answer_reply(confirmed))
            # The marker makes the tracker store delete the conversation instead of saving it.
            return [SlotSet("delete_pending", False)] + ([SlotSet("delete_requested", True)] if confirmed else [])
        guide, assessment = get_guide(), tracker.get_slot("assessment")
        if not (assessment and assessment.get("pending")) and guide.quiz_running(tracker.get_slot("quiz")):
            reply, quiz = guide.quiz_answer(tracker.get_slot("quiz"), _text(tracker))
            send(dispatcher, reply)
            return [SlotSet("quiz", quiz)]
        reply, state = guide.yes_no(intent, assessment)
        send(dispatcher, reply)
        return [SlotSet("assessment", state)]


class ActionRecommend(Action):
    def name(self) -> Text:
        return "action_recommend"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> Events:
        reply, known = get_guide().recommendation(_text(tracker), _entities(tracker), tracker.get_slot("recommendation"))
        send(dispatcher, reply)
        events: Events = [SlotSet("recommendation", known)]
        if reply.entry_id:
            events.append(SlotSet("last_entry", reply.entry_id))
        return events


class ActionPhaseGuide(Action):
    def name(self) -> Text:
        return "action_phase_guide"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> Events:
        reply = get_guide().phase(_text(tracker), _entities(tracker))
        send(dispatcher, reply)
        return [SlotSet("last_entry", reply.entry_id)] if reply.entry_id else []


class ActionLedetraadeStart(Action):
    """Clears earlier answers so the walk-through starts from step 1."""

    def name(self) -> Text:
        return "action_ledetraade_start"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> Events:
        send(dispatcher, get_guide().walk_start())
        return [SlotSet(slot, None) for slot in _walk_slots()]


class ValidateLedetraadeForm(FormValidationAction):
    """Takes the leader's free text as the answer, unless it is help, back, stop or a side question."""

    def name(self) -> Text:
        return "validate_ledetraade_form"

    async def required_slots(self, domain_slots: List[Text], dispatcher: CollectingDispatcher,
                             tracker: Tracker, domain: DomainDict) -> List[Text]:
        return _walk_slots()

    def _extract(self, slot: str, tracker: Tracker) -> Dict[Text, Any]:
        if tracker.get_slot("requested_slot") != slot:
            return {}
        intent = tracker.latest_message.get("intent") or {}
        guide = get_guide()
        return extract_answer(guide.guides.walkthrough, slot, intent.get("name") or "",
                              float(intent.get("confidence") or 0.0), _text(tracker), guide.side_question_intents())

    async def extract_lt_1(self, dispatcher, tracker, domain):
        return self._extract("lt_1", tracker)

    async def extract_lt_2(self, dispatcher, tracker, domain):
        return self._extract("lt_2", tracker)

    async def extract_lt_3(self, dispatcher, tracker, domain):
        return self._extract("lt_3", tracker)

    async def extract_lt_4(self, dispatcher, tracker, domain):
        return self._extract("lt_4", tracker)

    async def extract_lt_5(self, dispatcher, tracker, domain):
        return self._extract("lt_5", tracker)


class _AskStep(Action):
    slot = ""

    def name(self) -> Text:
        return f"action_ask_{self.slot}"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> Events:
        send(dispatcher, get_guide().walk_ask(self.slot))
        return []


class ActionAskLt1(_AskStep):
    slot = "lt_1"


class ActionAskLt2(_AskStep):
    slot = "lt_2"


class ActionAskLt3(_AskStep):
    slot = "lt_3"


class ActionAskLt4(_AskStep):
    slot = "lt_4"


class ActionAskLt5(_AskStep):
    slot = "lt_5"


class ActionLedetraadeHelp(Action):
    """Hint and example for the current step; the form then asks again."""

    def name(self) -> Text:
        return "action_ledetraade_help"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> Events:
        slot = tracker.get_slot("requested_slot") or _walk_slots()[0]
        intent = (tracker.latest_message or {}).get("intent") or {}
        reply = get_guide().walk_help(slot, intent.get("name") or "", _entities(tracker))
        send(dispatcher, reply)
        return [SlotSet("last_entry", reply.entry_id)] if reply.entry_id else []


class ActionLedetraadeBack(Action):
    """Empties the previous answer, so the form asks that step again."""

    def name(self) -> Text:
        return "action_ledetraade_back"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> Events:
        guide = get_guide()
        previous = guide.guides.walkthrough.previous(tracker.get_slot("requested_slot"))
        if previous is None:
            send(dispatcher, guide.walk_back_at_start())
            return []
        return [SlotSet(previous, None), SlotSet("requested_slot", previous)]


class ActionLedetraadeStop(Action):
    def name(self) -> Text:
        return "action_ledetraade_stop"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> Events:
        send(dispatcher, get_guide().walk_stopped())
        return [SlotSet(slot, None) for slot in _walk_slots()] + [SlotSet("requested_slot", None)]


class ActionLedetraadeSummary(Action):
    def name(self) -> Text:
        return "action_ledetraade_summary"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> Events:
        answers = {slot: tracker.get_slot(slot) for slot in _walk_slots()}
        send(dispatcher, get_guide().walk_summary(answers))
        return []
