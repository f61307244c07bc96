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
        head = (
            quiz.texts["right"].format(answer=card.answer)
            if given == card.answer
            else quiz.texts["wrong"].format(answer=card.answer, given=given)
        )
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


def test_delete_question_in_the_quiz_no_shows_the_same_card_again(servers, guides, kb):
    quiz = guides.quiz
    first = quiz.cards[0]
    user = sender("quiz")
    servers.send(user, "/quiz")
    assert texts(servers.send(user, "slet min samtale")) == [kb.message("delete_confirm").text]
    kept = servers.send(user, "nej")
    assert kept[0]["text"] == kb.message("delete_kept").text
    assert first.scenario in kept[-1]["text"] and len(kept) == 2
    assert "/stop" in payloads(kept[-1])
    # The quiz goes on at that card: a typed answer counts for it.
    typed = {"Ja": "ja", "Nej": "nej", "Delvist": "delvist"}[first.answer]
    replies = servers.send(user, typed)
    assert replies[0]["text"].startswith(quiz.texts["right"].format(answer=first.answer))
    assert quiz.cards[1].scenario in replies[-1]["text"]


def test_an_unanswered_delete_question_lapses(servers, guides, kb):
    """«slet min samtale», then a card answered by button: a later «ja» answers the next card, it deletes nothing."""
    quiz = guides.quiz
    first, second = quiz.cards[0], quiz.cards[1]
    user = sender("quiz")
    started = servers.send(user, "/quiz")
    servers.send(user, "slet min samtale")
    servers.send(user, _answer_payload(started[-1], first.answer))
    replies = servers.send(user, "ja")
    head = (
        quiz.texts["right"].format(answer="Ja")
        if second.answer == "Ja"
        else quiz.texts["wrong"].format(answer=second.answer, given="Ja")
    )
    assert replies[0]["text"].startswith(head)
    assert not any("custom" in r for r in replies)


def test_a_case_asked_about_during_the_quiz_is_judged_and_the_quiz_waits_at_its_card(servers, guides):
    quiz = guides.quiz
    user = sender("quiz")
    start = servers.send(user, "/quiz")
    side = servers.send(
        user,
        "Forvaltningen har skrevet en næsten færdig plan for den nye cykelsti, og nu sender vi "
        "den i høring, så borgerne kan kommentere den. Er det samskabelse?",
    )
    assert side[0]["text"].startswith("Nej")
    first = quiz.cards[0]
    replies = servers.send(user, _answer_payload(start[-1], first.answer))  # still card 1
    assert replies[0]["text"].startswith(quiz.texts["right"].format(answer=first.answer))
