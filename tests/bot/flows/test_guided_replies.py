"""A Ja/Nej outside the walk-through answers one thing, in a fixed order: the deletion question just asked,
then the assessment's open question, then the running quiz's card (bot/flows/guided_replies.py)."""

from __future__ import annotations

import pytest

from bot.assistant import load_assistant
from bot.flows.guided_replies import ASSESSMENT, DELETION, QUIZ
from bot.names import Intents

CASE = "Kommunen og en forening har sammen defineret problemet og udviklet og driver et nyt tilbud. Er det samskabelse?"


@pytest.fixture(scope="module")
def guide():
    return load_assistant().guide


@pytest.fixture(scope="module")
def open_question(guide) -> dict:
    """An assessment waiting for a Ja/Nej: the reading leaves equality unknown."""
    reading = {
        "criteria": {
            "public_private": True,
            "equal_partnership": None,
            "define_together": True,
            "design_implement_together": True,
        },
        "pattern": None,
        "evidence": {},
    }
    _, state = guide.assessment_start(CASE, reading)
    assert state and state.get("pending") == "equal_partnership"
    return state


@pytest.fixture(scope="module")
def quiz(guide) -> dict:
    _, state = guide.quiz_start()
    assert guide.quiz_running(state)
    return state


@pytest.mark.parametrize("intent, text, confirmed", [(Intents.AFFIRM, "ja", True), (Intents.DENY, "nej", False)])
def test_the_deletion_question_comes_first(guide, open_question, quiz, intent, text, confirmed):
    outcome = guide.answer_yes_no(intent, text, True, open_question, quiz)
    assert (outcome.answered, outcome.confirmed, outcome.reply) == (DELETION, confirmed, None)


def test_an_open_assessment_question_comes_before_the_quiz(guide, open_question, quiz):
    outcome = guide.answer_yes_no(Intents.AFFIRM, "ja", False, open_question, quiz)
    assert outcome.answered == ASSESSMENT
    # The answer settles the last unknown criterion: the verdict comes, and nothing stays open.
    assert outcome.state is None and outcome.reply.messages[0].text.startswith("Ja")


def test_without_an_open_question_the_quiz_card_is_answered(guide, quiz):
    outcome = guide.answer_yes_no(Intents.AFFIRM, "ja", False, None, quiz)
    assert outcome.answered == QUIZ and outcome.state != quiz


def test_a_ja_that_is_no_answer_to_the_deletion_goes_on_down_the_list(guide, quiz):
    outcome = guide.answer_yes_no("ask_definition", "hvad er samskabelse", True, None, quiz)
    assert outcome.answered == QUIZ


def test_with_nothing_open_it_says_so(guide):
    outcome = guide.answer_yes_no(Intents.AFFIRM, "ja", False, None, None)
    assert outcome.answered == ASSESSMENT and outcome.state is None
    assert outcome.reply.messages[0].text == guide.rules.assessment.texts["no_pending"]
