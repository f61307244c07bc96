"""The Rasa custom actions, run with real rasa_sdk trackers and dispatchers."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet, UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher

from actions.actions import ActionAnswer, ActionAskAffirmation, ActionAskRephrase, ActionDefaultFallback


def make_tracker(
    intent: str,
    text: str = "",
    entities: list[dict[str, Any]] | None = None,
    slots: dict[str, Any] | None = None,
    ranking: list[dict[str, Any]] | None = None,
) -> Tracker:
    latest = {
        "text": text,
        "intent": {"name": intent, "confidence": 0.9},
        "entities": entities or [],
        "intent_ranking": ranking or [{"name": intent, "confidence": 0.9}],
    }
    return Tracker("leder-1", slots or {"last_entry": None}, latest, [], False, None, {}, "action_listen")


def run(action, tracker):
    dispatcher = CollectingDispatcher()
    events = action.run(dispatcher, tracker, {})
    return dispatcher.messages, events


def test_answer_sends_text_source_and_buttons(kb):
    messages, events = run(ActionAnswer(), make_tracker("ask_staircase", "hvad er samskabelsestrappen"))
    assert len(messages) == 1
    assert messages[0]["text"].startswith(kb.entries["staircase"].text)
    assert "Kilde: " + kb.sources["torfing_2017"].name in messages[0]["text"]
    assert [b["title"] for b in messages[0]["buttons"]] == [
        kb.entries[r].title for r in kb.entries["staircase"].related
    ]
    assert events == [SlotSet("last_entry", "staircase")]


def test_answer_uses_entities(kb):
    entities = [{"entity": "fase", "value": "afklaringsfasen", "start": 0, "end": 15}]
    messages, events = run(ActionAnswer(), make_tracker("ask_phase_model", "fokus i afklaringsfasen", entities))
    assert messages[0]["text"].startswith(kb.entries["phase_afklaring"].text)
    assert events == [SlotSet("last_entry", "phase_afklaring")]


def test_more_uses_the_slot(kb):
    tracker = make_tracker("ask_more", "fortæl mere", slots={"last_entry": "definition"})
    messages, events = run(ActionAnswer(), tracker)
    assert [m["text"] for m in messages][0] == kb.entries["definition"].more[0]
    assert events == [SlotSet("last_entry", "definition")]


def test_greeting_sets_no_slot(kb):
    messages, events = run(ActionAnswer(), make_tracker("greet", "hej"))
    assert messages[0]["text"] == kb.message("greet").text
    assert [b["payload"] for b in messages[0]["buttons"]] == [f"/{item.intent}" for item in kb.menu]
    assert events == []


def test_affirmation_offers_two_topics_and_none(kb):
    ranking = [
        {"name": "nlu_fallback", "confidence": 0.45},
        {"name": "ask_recipe", "confidence": 0.4},
        {"name": "ask_ledetraade", "confidence": 0.35},
        {"name": "ask_gains", "confidence": 0.1},
    ]
    messages, events = run(ActionAskAffirmation(), make_tracker("nlu_fallback", "spørgsmål?", ranking=ranking))
    assert messages[0]["text"] == kb.message("fallback_affirm").text
    assert [b["payload"] for b in messages[0]["buttons"]] == ["/ask_recipe", "/ask_ledetraade", "/out_of_scope"]
    assert events == []


def test_rephrase(kb):
    messages, _ = run(ActionAskRephrase(), make_tracker("out_of_scope"))
    assert messages[0]["text"] == kb.message("fallback_rephrase").text


def test_default_fallback_reverts_and_shows_menu(kb):
    messages, events = run(ActionDefaultFallback(), make_tracker("nlu_fallback"))
    assert messages[0]["text"] == kb.message("fallback_give_up").text
    assert [b["payload"] for b in messages[0]["buttons"]] == [f"/{item.intent}" for item in kb.menu]
    assert events == [UserUtteranceReverted()]


@pytest.mark.parametrize("intent", ["", "unknown_intent"])
def test_answer_never_stays_silent(intent):
    messages, _ = run(ActionAnswer(), make_tracker(intent))
    assert messages and messages[0]["text"]


def test_example_request_in_the_ledetraade_through_gets_the_steps_example(guides):
    from actions.guided import ActionLedetraadeHelp

    tracker = make_tracker("ask_examples", "giv et eksempel", slots={"last_entry": None, "requested_slot": "lt_4"})
    messages, events = run(ActionLedetraadeHelp(), tracker)
    assert guides.ledetraade.step("lt_4").example in messages[0]["text"]
    assert events == []


def test_named_example_in_the_ledetraade_through_gets_its_entry(kb):
    from actions.guided import ActionLedetraadeHelp

    entities = [{"entity": "begreb", "value": "de 12 succesprojekter", "start": 0, "end": 21}]
    tracker = make_tracker(
        "ask_examples",
        "fortæl om de 12 succesprojekter",
        entities,
        slots={"last_entry": None, "requested_slot": "lt_4"},
    )
    messages, events = run(ActionLedetraadeHelp(), tracker)
    assert messages[0]["text"].startswith(kb.entries["projects_12"].text)
    assert events == [SlotSet("last_entry", "projects_12")]
