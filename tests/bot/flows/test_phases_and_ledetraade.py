"""Phase guide and the ledetråde walk-through rules."""

from __future__ import annotations

import re

import pytest

from bot.flows.ledetraade import extract_answer
from bot.flows.phases import find_phase


@pytest.mark.parametrize(
    "text, entities, expected",
    [
        ("Vi er ved at evaluere vores projekt, hvad nu?", [], "erkendelse"),
        ("Projektet er slut, hvad tager vi med videre?", [], "erkendelse"),
        ("Vi overvejer at prøve samskabelse på ældreområdet", [], "afklaring"),
        ("Vi er midt i samarbejdet med borgerne", [], "samskabelsesfase"),
        ("Hvad skal jeg gøre i afklaringen?", [("fase", "afklaring")], "afklaring"),
        ("Hvor er vi i processen?", [], None),
    ],
)
def test_find_phase(guides, text, entities, expected):
    found = find_phase(guides.phases, text, entities)
    assert (found.id if found else None) == expected


TOPICS = {"ask_definition", "ask_staircase", "ask_examples"}


@pytest.mark.parametrize(
    "intent, confidence, text, expected",
    [
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
    ],
)
def test_extract_answer(guides, intent, confidence, text, expected):
    assert extract_answer(guides.ledetraade, "lt_1", intent, confidence, text, TOPICS) == expected


def test_previous_step(guides):
    ledetraade = guides.ledetraade
    assert ledetraade.previous("lt_3") == "lt_2"
    assert ledetraade.previous("lt_1") is None


def test_summary_repeats_answers_and_gives_markdown(guide, kb):
    answers = {
        "lt_1": "Mindre ensomhed",
        "lt_2": "Foreningerne",
        "lt_3": None,
        "lt_4": "Strikkeklubben",
        "lt_5": "Boligforeningen",
    }
    summary, next_steps, markdown = guide.ledetraade_summary(answers).messages
    for value in ("Mindre ensomhed", "Foreningerne", "(sprunget over)", "Strikkeklubben", "Boligforeningen"):
        assert value in summary.text and value in markdown.text
    assert "Hvad vil vi opnå?" in summary.text
    assert markdown.text.splitlines()[1] == "# Vores fem ledetråde"
    assert [b.title for b in next_steps.buttons] == [kb.entries["recipe"].title, kb.entries["phase_afklaring"].title]
    assert "Kilde:" in next_steps.text


def test_step_question_has_control_buttons(guide):
    (message,) = guide.ledetraade_ask("lt_2").messages
    assert message.text == "Ledetråd 2 af 5: Hvem kan hjælpe os ude og hjemme?"
    assert [b.payload for b in message.buttons] == ["/ask_step_help", "/skip_step", "/go_back", "/stop"]


def test_help_gives_hint_and_example(guide, guides):
    (message,) = guide.ledetraade_help("lt_2").messages
    assert guides.ledetraade.step("lt_2").example in message.text


def test_bare_request_for_an_example_gets_the_steps_example(guide, guides):
    (message,) = guide.ledetraade_help("lt_3", "ask_examples", []).messages
    assert guides.ledetraade.step("lt_3").example in message.text


def test_request_naming_an_entry_gets_that_entry(guide, guides, kb):
    entities = [{"entity": "begreb", "value": "succesprojekterne"}]
    reply = guide.ledetraade_help("lt_3", "ask_examples", entities)
    assert reply.entry_id == "projects_12"
    assert kb.entries["projects_12"].text.strip()[:60] in reply.messages[0].text
    assert guides.ledetraade.step("lt_3").example not in reply.messages[0].text


HOSTILE_ANSWERS = {
    "lt_1": "<!channel> Mindre ensomhed <!here> <!everyone>",
    "lt_2": "Foreningerne <@U123> og <#C123|x>",
    "lt_3": "Se [her](http://evil.example) og ![x](http://evil.example/x.png) og <https://evil|klik>",
    "lt_4": "Strikkeklubben\n# Overskrift\n<img src=x onerror=alert(1)>",
    "lt_5": "# Boligforeningen <script>alert(1)</script>",
}


def test_summary_echoes_answers_as_plain_text(guide):
    """Answers are repeated to Slack and as Markdown the leader copies: no mention, link, tag or heading of theirs."""
    summary, _, markdown = guide.ledetraade_summary(HOSTILE_ANSWERS).messages
    for text in (summary.text, markdown.text):
        assert "<" not in text and ">" not in text
        assert not re.search(r"\]\s*\(", text)
        for word in ("Mindre ensomhed", "Foreningerne", "Strikkeklubben", "Boligforeningen", "onerror", "script"):
            assert word in text  # still readable
    headings = [line for line in markdown.text.splitlines() if line.startswith("#")]
    ledetraade = guide.rules.ledetraade
    assert headings == [ledetraade.texts["markdown_title"]] + [
        f"## {s.number}. {s.question}" for s in ledetraade.steps
    ] + [f"## {ledetraade.texts['next_steps_intro'].rstrip(':')}"]
    assert "‹!channel› Mindre ensomhed ‹!here› ‹!everyone›" in summary.text
    assert "Strikkeklubben # Overskrift ‹img src=x onerror=alert(1)›" in summary.text


def test_skipped_step_keeps_its_text_in_the_summary(guide):
    skipped = guide.rules.ledetraade.texts["skipped"]
    summary, _, markdown = guide.ledetraade_summary({"lt_1": skipped}).messages
    assert summary.text.count(skipped) == 5 and markdown.text.count(skipped) == 5


@pytest.mark.parametrize(
    "intent, confidence, text, typed_button, expected",
    [
        # Asked to confirm the deletion: its Ja/Nej (clicked, typed, or a typed button title) is no answer to the step.
        ("affirm", 0.92, "ja", False, {}),
        ("deny", 0.85, "nej", False, {}),
        ("affirm", 1.0, "/affirm", False, {}),
        ("delete_conversation", 0.67, "Ja, slet den", True, {}),
        ("deny", 0.4, "Nej, behold den", True, {}),
        ("delete_conversation", 0.95, "slet min samtale", False, {}),
        # A weak guess at yes or no is the leader's answer, as for commands.
        ("affirm", 0.35, "Flere frivillige", False, {"lt_1": "Flere frivillige"}),
        ("out_of_scope", 0.8, "Foreningerne", False, {"lt_1": "Foreningerne"}),
    ],
)
def test_extract_answer_while_a_deletion_waits(guides, intent, confidence, text, typed_button, expected):
    assert (
        extract_answer(
            guides.ledetraade,
            "lt_1",
            intent,
            confidence,
            text,
            TOPICS,
            deletion_pending=True,
            typed_delete_button=typed_button,
        )
        == expected
    )


def test_delete_request_is_no_answer_to_the_step(guides):
    ledetraade = guides.ledetraade
    assert extract_answer(ledetraade, "lt_2", "delete_conversation", 0.96, "slet min samtale", TOPICS) == {}
    # Without a pending deletion "ja" is an answer like any other.
    assert extract_answer(ledetraade, "lt_2", "affirm", 0.92, "ja", TOPICS) == {"lt_2": "ja"}
