"""Actions of the guided flows; all logic and text in bot.flows.guided_replies and the YAML rule base."""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.runtime import get_guide, send
from bot.cases.reading import PARSE_KEY as CASE_READING
from bot.flows.guided_replies import DELETION, QUIZ
from bot.flows.ledetraade import extract_answer
from bot.names import Actions, Slots

Events = List[Dict[Text, Any]]


def _text(tracker: Tracker) -> str:
    return tracker.latest_message.get("text") or ""


def _entities(tracker: Tracker) -> List[Dict[str, Any]]:
    return list(tracker.latest_message.get("entities") or [])


def _ledetraade_slots() -> List[str]:
    return get_guide().rules.ledetraade.slots


def _slot_set_in_turn(tracker: Tracker, slot: str, turns_back: int) -> Any:
    """The last value `slot` was set to in one bot turn: 0 = the current one
    (since the latest user message), 1 = the one before it; None if not set there."""
    users_seen = 0
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            users_seen += 1
            if users_seen > turns_back:
                break
        elif users_seen == turns_back and event.get("event") == "slot" and event.get("name") == slot:
            return event.get("value")
    return None


def _deletion_pending(tracker: Tracker) -> bool:
    """The assistant asked «Vil du slette hele din samtale?» in its last turn.

    Only an answer to that very question counts: asked earlier and left
    unanswered, the question has lapsed, so a later «ja» (to the quiz, say) deletes nothing.
    """
    return _slot_set_in_turn(tracker, Slots.DELETE_PENDING, 1) is True


def _open_assessment(tracker: Tracker, turns_back: int = 1) -> Any:
    """The assessment whose follow-up question the assistant asked `turns_back` bot turns ago, else None.

    Like the deletion question, it lapses once the conversation moves on: a
    «ja» after another topic answers nothing from before.
    """
    state = _slot_set_in_turn(tracker, Slots.ASSESSMENT, turns_back)
    return state if isinstance(state, dict) and state.get("pending") else None


def _answer_deletion(dispatcher: CollectingDispatcher, tracker: Tracker, confirmed: bool) -> Events:
    """Delete (the store does it when it sees the marker) or keep and carry on where the leader was."""
    guide = get_guide()
    in_ledetraade = tracker.active_loop_name is not None
    if not confirmed:
        # The assessment question open when «slet min samtale» came is asked again, and so open again.
        assessment = None if in_ledetraade else _open_assessment(tracker, 2)
        send(dispatcher, guide.deletion_kept(assessment, tracker.get_slot(Slots.QUIZ), in_ledetraade))
        return [SlotSet(Slots.DELETE_PENDING, False)] + ([SlotSet(Slots.ASSESSMENT, assessment)] if assessment else [])
    send(dispatcher, guide.advisor.delete_answer_reply(True))
    events: Events = [SlotSet(Slots.DELETE_PENDING, False), SlotSet(Slots.DELETE_REQUESTED, True)]
    if in_ledetraade:  # the conversation is gone, so is the walk-through: no step is asked again
        events += [ActiveLoop(None), SlotSet(Slots.REQUESTED, None)]
    return events


class ActionAssess(Action):
    """'Er det samskabelse?' on the case the leader describes, as the NLU read it (parse data "case_reading")."""

    def name(self) -> Text:
        return Actions.ASSESS

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> Events:
        reply, state = get_guide().assessment_start(_text(tracker), tracker.latest_message.get(CASE_READING))
        send(dispatcher, reply)
        return [SlotSet(Slots.ASSESSMENT, state)]


class ActionConfirmDelete(Action):
    """'Slet min samtale': asks for confirmation first.

    A button title typed as the answer («Ja, slet den» reads like another
    request to delete) answers the question instead of asking it again.
    """

    def name(self) -> Text:
        return Actions.CONFIRM_DELETE

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> Events:
        advisor = get_guide().advisor
        if _deletion_pending(tracker):
            typed = advisor.typed_delete_choice(_text(tracker))
            if typed is not None:
                return _answer_deletion(dispatcher, tracker, typed)
        send(dispatcher, advisor.delete_confirm_reply())
        return [SlotSet(Slots.DELETE_PENDING, True)]


class ActionYesNo(Action):
    """Ja/Nej: confirms a deletion, else answers the assessment's follow-up question, else the quiz card."""

    def name(self) -> Text:
        return Actions.YES_NO

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> Events:
        intent = (tracker.latest_message.get("intent") or {}).get("name") or ""
        outcome = get_guide().answer_yes_no(
            intent, _text(tracker), _deletion_pending(tracker), _open_assessment(tracker), tracker.get_slot(Slots.QUIZ)
        )
        if outcome.answered == DELETION:
            return _answer_deletion(dispatcher, tracker, bool(outcome.confirmed))
        send(dispatcher, outcome.reply)
        return [SlotSet(Slots.QUIZ if outcome.answered == QUIZ else Slots.ASSESSMENT, outcome.state)]


class ActionRecommend(Action):
    def name(self) -> Text:
        return Actions.RECOMMEND

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> Events:
        reply, known = get_guide().recommendation(
            _text(tracker), _entities(tracker), tracker.get_slot(Slots.RECOMMENDATION)
        )
        send(dispatcher, reply)
        events: Events = [SlotSet(Slots.RECOMMENDATION, known)]
        if reply.entry_id:
            events.append(SlotSet(Slots.LAST_ENTRY, reply.entry_id))
        return events


class ActionPhaseGuide(Action):
    def name(self) -> Text:
        return Actions.PHASE_GUIDE

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> Events:
        reply = get_guide().phase(_text(tracker), _entities(tracker))
        send(dispatcher, reply)
        return [SlotSet(Slots.LAST_ENTRY, reply.entry_id)] if reply.entry_id else []


class ActionLedetraadeStart(Action):
    """Clears earlier answers so the walk-through starts from step 1."""

    def name(self) -> Text:
        return Actions.LEDETRAADE_START

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> Events:
        send(dispatcher, get_guide().ledetraade_start())
        return [SlotSet(slot, None) for slot in _ledetraade_slots()]


class ValidateLedetraadeForm(FormValidationAction):
    """Takes the leader's free text as the answer, unless it is help, back, stop or a side question."""

    def name(self) -> Text:
        return Actions.LEDETRAADE_VALIDATE

    async def required_slots(
        self, domain_slots: List[Text], dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Text]:
        return _ledetraade_slots()

    def _extract(self, slot: str, tracker: Tracker) -> Dict[Text, Any]:
        if tracker.get_slot(Slots.REQUESTED) != slot:
            return {}
        intent = tracker.latest_message.get("intent") or {}
        guide = get_guide()
        pending = _deletion_pending(tracker)
        typed_button = pending and guide.advisor.typed_delete_choice(_text(tracker)) is not None
        return extract_answer(
            guide.rules.ledetraade,
            slot,
            intent.get("name") or "",
            float(intent.get("confidence") or 0.0),
            _text(tracker),
            guide.side_question_intents(),
            deletion_pending=pending,
            typed_delete_button=typed_button,
        )

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
        # «Slet min samtale» was just asked in the middle: that question waits for its answer alone.
        if _slot_set_in_turn(tracker, Slots.DELETE_PENDING, 0) is True:
            return []
        send(dispatcher, get_guide().ledetraade_ask(self.slot))
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
        return Actions.LEDETRAADE_HELP

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> Events:
        slot = tracker.get_slot(Slots.REQUESTED) or _ledetraade_slots()[0]
        intent = (tracker.latest_message or {}).get("intent") or {}
        reply = get_guide().ledetraade_help(slot, intent.get("name") or "", _entities(tracker))
        send(dispatcher, reply)
        return [SlotSet(Slots.LAST_ENTRY, reply.entry_id)] if reply.entry_id else []


class ActionLedetraadeBack(Action):
    """Empties the previous answer, so the form asks that step again."""

    def name(self) -> Text:
        return Actions.LEDETRAADE_BACK

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> Events:
        guide = get_guide()
        previous = guide.rules.ledetraade.previous(tracker.get_slot(Slots.REQUESTED))
        if previous is None:
            send(dispatcher, guide.ledetraade_back_at_start())
            return []
        return [SlotSet(previous, None), SlotSet(Slots.REQUESTED, previous)]


class ActionLedetraadeStop(Action):
    def name(self) -> Text:
        return Actions.LEDETRAADE_STOP

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> Events:
        send(dispatcher, get_guide().ledetraade_stopped())
        return [SlotSet(slot, None) for slot in _ledetraade_slots()] + [SlotSet(Slots.REQUESTED, None)]


class ActionLedetraadeSummary(Action):
    def name(self) -> Text:
        return Actions.LEDETRAADE_SUMMARY

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> Events:
        answers = {slot: tracker.get_slot(slot) for slot in _ledetraade_slots()}
        send(dispatcher, get_guide().ledetraade_summary(answers))
        return []
