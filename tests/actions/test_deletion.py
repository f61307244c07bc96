"""«Slet min samtale» in every state, with real rasa_sdk trackers (events as Rasa sends them) and dispatchers."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.guided import ActionAskLt2, ActionConfirmDelete, ActionYesNo, ValidateLedetraadeForm

CUSTOM_DELETED = {"conversation_deleted": True}


def user(text: str, intent: str, confidence: float = 0.9) -> dict[str, Any]:
    return {"event": "user", "text": text, "parse_data": {"intent": {"name": intent, "confidence": confidence}}}


def action(name: str) -> dict[str, Any]:
    return {"event": "action", "name": name}


def slot(name: str, value: Any) -> dict[str, Any]:
    return {"event": "slot", "name": name, "value": value}


ASKED = [
    user("slet min samtale", "delete_conversation"),
    action("action_confirm_delete"),
    slot("delete_pending", True),
    action("action_listen"),
]


def make_tracker(
    events: list[dict[str, Any]], slots: dict[str, Any] | None = None, active_loop: str | None = None
) -> Tracker:
    latest = next(e for e in reversed(events) if e["event"] == "user")
    message = {
        "text": latest["text"],
        "intent": latest["parse_data"]["intent"],
        "entities": [],
        "intent_ranking": [latest["parse_data"]["intent"]],
    }
    return Tracker(
        "leder-1",
        {"delete_pending": None, **(slots or {})},
        message,
        events,
        False,
        None,
        {"name": active_loop} if active_loop else {},
        "action_listen",
    )


def run(action_obj, tracker):
    dispatcher = CollectingDispatcher()
    events = action_obj.run(dispatcher, tracker, {})
    return dispatcher.messages, events


def test_yes_right_after_the_question_deletes_and_tells_the_client(kb):
    messages, events = run(ActionYesNo(), make_tracker(ASKED + [user("ja", "affirm")], {"delete_pending": True}))
    assert [m.get("text") for m in messages] == [kb.message("delete_done").text, None]
    assert messages[1]["custom"] == CUSTOM_DELETED
    assert SlotSet("delete_requested", True) in events


def test_a_typed_yes_button_title_confirms_instead_of_asking_again(kb):
    tracker = make_tracker(ASKED + [user("Ja, slet den", "delete_conversation", 0.67)], {"delete_pending": True})
    messages, events = run(ActionConfirmDelete(), tracker)
    assert messages[0]["text"] == kb.message("delete_done").text and messages[1]["custom"] == CUSTOM_DELETED
    assert SlotSet("delete_requested", True) in events


def test_a_typed_no_button_title_keeps_the_conversation(kb):
    tracker = make_tracker(ASKED + [user("Nej, behold den", "delete_conversation", 0.6)], {"delete_pending": True})
    messages, events = run(ActionConfirmDelete(), tracker)
    assert [m["text"] for m in messages] == [kb.message("delete_kept").text]
    assert events == [SlotSet("delete_pending", False)]


def test_no_during_the_quiz_keeps_and_shows_the_same_card_again(kb, guide, guides):
    _, quiz = guide.quiz_start()
    messages, events = run(
        ActionYesNo(), make_tracker(ASKED + [user("nej", "deny")], {"delete_pending": True, "quiz": quiz})
    )
    assert messages[0]["text"] == kb.message("delete_kept").text
    assert guides.quiz.cards[0].scenario in messages[1]["text"]
    assert events == [SlotSet("delete_pending", False)]  # the quiz state is untouched


def test_a_question_left_unanswered_lapses(guide, guides):
    """«slet min samtale», then a quiz answer by button: a later «ja» answers the quiz and deletes nothing."""
    _, quiz = guide.quiz_start()
    events = ASKED + [
        user('/quiz_answer{"quiz_verdict":"Nej"}', "quiz_answer", 1.0),
        action("action_quiz_answer"),
        slot("quiz", quiz),
        action("action_listen"),
        user("ja", "affirm"),
    ]
    messages, result = run(ActionYesNo(), make_tracker(events, {"delete_pending": True, "quiz": quiz}))
    assert SlotSet("delete_requested", True) not in result
    assert any(e["event"] == "slot" and e["name"] == "quiz" for e in result)
    assert not any(m.get("custom") for m in messages)


def test_confirmed_in_the_ledetraade_through_ends_the_form(kb):
    tracker = make_tracker(
        ASKED + [user("ja", "affirm")],
        {"delete_pending": True, "requested_slot": "lt_2"},
        active_loop="ledetraade_form",
    )
    messages, events = run(ActionYesNo(), tracker)
    assert messages[0]["text"] == kb.message("delete_done").text
    assert ActiveLoop(None) in events and SlotSet("delete_requested", True) in events


def test_kept_in_the_ledetraade_through_leaves_the_step_to_the_form(kb):
    tracker = make_tracker(
        ASKED + [user("nej", "deny")], {"delete_pending": True, "requested_slot": "lt_2"}, active_loop="ledetraade_form"
    )
    messages, events = run(ActionYesNo(), tracker)
    assert [m["text"] for m in messages] == [kb.message("delete_kept").text]
    assert events == [SlotSet("delete_pending", False)]


def test_the_step_waits_while_the_deletion_question_is_open(guide):
    asked_now = [
        action("action_listen"),
        user("slet min samtale", "delete_conversation", 0.96),
        action("action_confirm_delete"),
        slot("delete_pending", True),
    ]
    messages, _ = run(ActionAskLt2(), make_tracker(asked_now, {"requested_slot": "lt_2"}, "ledetraade_form"))
    assert messages == []
    kept_now = ASKED + [user("nej", "deny"), action("action_yes_no"), slot("delete_pending", False)]
    messages, _ = run(ActionAskLt2(), make_tracker(kept_now, {"requested_slot": "lt_2"}, "ledetraade_form"))
    assert [m["text"] for m in messages] == [guide.ledetraade_ask("lt_2").messages[0].text]


@pytest.mark.parametrize(
    "latest",
    [
        user("slet min samtale", "delete_conversation", 0.96),
        user("ja", "affirm", 0.92),
        user("Ja, slet den", "delete_conversation", 0.67),
        user("nej", "deny", 0.85),
    ],
)
def test_the_ledetraade_through_does_not_take_the_deletion_dialogue_as_the_answer(latest):
    tracker = make_tracker(ASKED + [latest], {"requested_slot": "lt_2", "delete_pending": True}, "ledetraade_form")
    assert ValidateLedetraadeForm()._extract("lt_2", tracker) == {}
