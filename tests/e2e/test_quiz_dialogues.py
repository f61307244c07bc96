"""End to end over REST: the course quiz "Er det samskabelse?", as a learner clicks and types it."""
from __future__ import annotations

import pytest
from chat import buttons, payloads, sender, texts

pytestmark = pytest.mark.server


def _answer_payload(reply: dict, verdict: str) -> str:
    return next(p for title, p in buttons(reply) if f'"quiz_verdict":"{verdict}"' in p)


def test_menu_button_runs_the_whole_quiz_with_feedback_and_score(servers, guides, kb):
    quiz = guides.quiz
    user = sender("quiz")
    greeting = servers.send(user, "hej")
    assert "/quiz" in payloads(greeting[0])
    replies = servers.send(user, "/quiz")
    assert replies[0]["text"] == quiz.texts["intro"].format(total=len(quiz.cards))
    question = replies[-1]
    right = 0
    for number, card in enumerate(quiz.cards, start=1):
        assert card.scenario in question["text"] and f"{number}" in question["text"]
        # Every second card is answered wrongly, so feedback of both kinds is checked.
        given = card.answer if number % 2 else next(v for v in ("Ja", "Nej", "Delvist") if v != card.answer)
        right += given == card.answer
        replies = servers.send(user, _answer_payload(question, given))
        feedback = replies[0]["text"]
        head = (quiz.texts["right"].format(answer=card.answer) if given == card.answer
                else quiz.texts["wrong"].format(answer=card.answer, given=given))
        assert feedback.startswith(head)
        assert card.explanation in feedback and kb.sources[card.source].name in feedback
        assert buttons(replies[0])[0][0] == kb.entries[card.related].title
        question = replies[-1]
    final = question["text"]
    assert quiz.texts["score"].format(score=right, total=len(quiz.cards)) in final
    assert payloads(question) == ["/quiz"]
    # After the quiz a plain "ja" is no quiz answer any more.
    after = servers.send(user, "ja")
    assert guides.assessment.texts["no_pending"] in after[0]["text"]


def test_typed_answers_stop_and_restart(servers, guides):
    quiz = guides.quiz
    user = sender("quiz")
    servers.send(user, "kan jeg tage quizzen?")
    first, second = quiz.cards[0], quiz.cards[1]
    # Typed, not clicked: "ja"/"nej" go through the yes/no intents, "delvist" through quiz_answer.
    typed = {"Ja": "ja", "Nej": "nej", "Delvist": "delvist"}
    replies = servers.send(user, typed[first.answer])
    assert replies[0]["text"].startswith(quiz.texts["right"].format(answer=first.answer))
    assert second.scenario in replies[-1]["text"]
    # A side question in the middle is answered, and the quiz waits at the same card.
    side = servers.send(user, "Hvad er samskabelsestrappen?")
    assert "Kilde:" in "\n".join(texts(side))
    stopped = servers.send(user, "stop quizzen")
    assert stopped[0]["text"].startswith(quiz.texts["stopped"].format(score=1, answered=1, total=len(quiz.cards)))
    assert payloads(stopped[0]) == ["/quiz"]
    # Stopped means stopped: an answer now gets the "not running" text, not a score.
    late = servers.send(user, '/quiz_answer{"quiz_verdict":"Ja"}')
    assert late[0]["text"].startswith(quiz.texts["not_running"])
    again = servers.send(user, "/quiz")
    assert first.scenario in again[-1]["text"] and "1" in again[-1]["text"]
    replies = servers.send(user, _answer_payload(again[-1], first.answer))
    assert replies[0]["text"].startswith(quiz.texts["right"].format(answer=first.answer))


def test_an_unclear_answer_is_asked_again_on_the_same_card(servers, guides):
    quiz = guides.quiz
    user = sender("quiz")
    servers.send(user, "/quiz")
    replies = servers.send(user, '/quiz_answer{"quiz_verdict":"Måske"}')
    assert replies[0]["text"].startswith(quiz.texts["reprompt"].format(number=1, total=len(quiz.cards)))
    assert quiz.cards[0].scenario in replies[0]["text"]


def test_stop_outside_the_quiz_still_gets_the_old_answer(servers, advisor):
    replies = servers.send(sender("quiz"), "stop")
    assert replies[0]["text"] == advisor.answer("stop").messages[0].text
