"""Phase guide and the ledetråde walk-through rules."""
from __future__ import annotations

import pytest

from bot.phases import find_phase
from bot.walkthrough import extract_answer


@pytest.mark.parametrize("text, entities, expected", [
    ("Vi er ved at evaluere vores projekt, hvad nu?", [], "erkendelse"),
    ("Projektet er slut, hvad tager vi med videre?", [], "erkendelse"),
    ("Vi overvejer at prøve samskabelse på ældreområdet", [], "afklaring"),
    ("Vi er midt i samarbejdet med borgerne", [], "samskabelsesfase"),
    ("Hvad skal jeg gøre i afklaringen?", [("fase", "afklaring")], "afklaring"),
    ("Hvor er vi i processen?", [], None),
])
def test_find_phase(guides, text, entities, expected):
    found = find_phase(guides.phases, text, entities)
    assert (found.id if found else None) == expected


TOPICS = {"ask_definition", "ask_staircase", "ask_examples"}


@pytest.mark.parametrize("intent, confidence, text, expected", [
    ("out_of_scope", 0.8, "Flere ældre skal have et fællesskab", {"lt_1": "Flere ældre skal have et fællesskab"}),
    ("nlu_fallback", 0.3, "idrætsforeningen og biblioteket", {"lt_1": "idrætsforeningen og biblioteket"}),
    ("affirm", 0.9, "ja", {"lt_1": "ja"}),
    ("ask_definition", 0.6, "mere samskabelse i hverdagen", {"lt_1": "mere samskabelse i hverdagen"}),
    ("ask_staircase", 0.7, "Hvad er samskabelsestrappen?", {}),
    ("ask_definition", 0.95, "hvad er samskabelse", {}),
    ("ask_step_help", 0.9, "jeg forstår ikke spørgsmålet", {}),
    # A request for an example asks for the step's example.
    ("ask_examples", 0.94, "giv et eksempel", {}),
    ("ask_examples", 0.4, "eksempel?", {}),
    # A weak guess at a command is the leader's answer (local actors read as help, back or stop).
    ("ask_capabilities", 0.30, "Foreningerne", {"lt_1": "Foreningerne"}),
    ("ask_examples", 0.46, "Boligforeningen og biblioteket", {"lt_1": "Boligforeningen og biblioteket"}),
    # Places sound like the projects under ask_examples, even strongly; without a word for
    # "example" it is still the answer. With one (typos too), or as a button, it is help.
    ("ask_examples", 0.71, "Boligforeningen og biblioteket", {"lt_1": "Boligforeningen og biblioteket"}),
    ("ask_examples", 0.9, "eksmpel tak", {}),
    ("ask_examples", 0.9, "har du et EKSEMPEL", {}),
    ("ask_examples", 1.0, "/ask_examples", {}),
    ("stop", 0.5, "stop ensomheden", {"lt_1": "stop ensomheden"}),
    ("skip_step", 0.4, "videre med foreningerne", {"lt_1": "videre med foreningerne"}),
    ("go_back", 1.0, "/go_back", {}),
    ("go_back", 0.9, "tilbage", {}),
    ("stop", 0.9, "stop", {}),
    ("skip_step", 0.9, "spring over", {"lt_1": "(sprunget over)"}),
    ("out_of_scope", 0.9, "/skip", {}),
])
def test_extract_answer(guides, intent, confidence, text, expected):
    assert extract_answer(guides.walkthrough, "lt_1", intent, confidence, text, TOPICS) == expected


def test_previous_step(guides):
    walk = guides.walkthrough
    assert walk.previous("lt_3") == "lt_2"
    assert walk.previous("lt_1") is None


def test_summary_repeats_answers_and_gives_markdown(guide, kb):
    answers = {"lt_1": "Mindre ensomhed", "lt_2": "Foreningerne", "lt_3": None, "lt_4": "Strikkeklubben", "lt_5": "Boligforeningen"}
    summary, next_steps, markdown = guide.walk_summary(answers).messages
    for value in ("Mindre ensomhed", "Foreningerne", "(sprunget over)", "Strikkeklubben", "Boligforeningen"):
        assert value in summary.text and value in markdown.text
    assert "Hvad vil vi opnå?" in summary.text
    assert markdown.text.splitlines()[1] == "# Vores fem ledetråde"
    assert [b.title for b in next_steps.buttons] == [kb.entries["recipe"].title, kb.entries["phase_afklaring"].title]
    assert "Kilde:" in next_steps.text


def test_step_question_has_control_buttons(guide):
    (message,) = guide.walk_ask("lt_2").messages
    assert message.text == "Ledetråd 2 af 5: Hvem kan hjælpe os ude og hjemme?"
    assert [b.payload for b in message.buttons] == ["/ask_step_help", "/skip_step", "/go_back", "/stop"]


def test_help_gives_hint_and_example(guide, guides):
    (message,) = guide.walk_help("lt_2").messages
    assert guides.walkthrough.step("lt_2").example in message.text


def test_bare_request_for_an_example_gets_the_steps_example(guide, guides):
    (message,) = guide.walk_help("lt_3", "ask_examples", []).messages
    assert guides.walkthrough.step("lt_3").example in message.text


def test_request_naming_an_entry_gets_that_entry(guide, guides, kb):
    entities = [{"entity": "begreb", "value": "succesprojekterne"}]
    reply = guide.walk_help("lt_3", "ask_examples", entities)
    assert reply.entry_id == "projects_12"
    assert kb.entries["projects_12"].text.strip()[:60] in reply.messages[0].text
    assert guides.walkthrough.step("lt_3").example not in reply.messages[0].text
