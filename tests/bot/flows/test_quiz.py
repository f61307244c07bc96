"""Course quiz 'Er det samskabelse?': quiz.yml validation and the quiz state machine."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from yaml_edits import assistant_errors as _errors
from yaml_edits import edit_yaml as _edit

from bot.flows import quiz as q
from tools.cli import main


@pytest.fixture(scope="module")
def quiz(guides) -> q.Quiz:
    return guides.quiz


def _quiz_file(knowledge_dir: Path) -> Path:
    return knowledge_dir / "guided" / "quiz.yml"


def _wrong(card: q.Card) -> str:
    return next(v for v in ("Ja", "Nej", "Delvist") if v != card.answer)


def _run(quiz: q.Quiz, answers) -> tuple[list[q.QuizStep], q.QuizStep]:
    """Answer every card with answers(card); return the steps and the last one."""
    step = q.start(quiz)
    steps = [step]
    while step.state["status"] == q.ASKING:
        card = quiz.card(step.state["order"][step.state["index"]])
        step = q.answer(quiz, step.state, answers(card))
        steps.append(step)
    return steps, step


# -- the real file -------------------------------------------------------------
def test_real_quiz_loads_with_a_mix_of_answers(quiz, kb):
    assert len(quiz.cards) == 11
    assert len({c.id for c in quiz.cards}) == 11
    mix = Counter(c.answer for c in quiz.cards)
    assert mix["Ja"] == 4 and 3 <= mix["Nej"] <= 5 and 2 <= mix["Delvist"] <= 3
    assert {c.source for c in quiz.cards} == set(kb.sources), "every source text gives at least one card"
    for card in quiz.cards:
        assert card.source_name.startswith(kb.sources[card.source].name)
        assert card.related_title == kb.entries[card.related].title


# -- validation: card errors name the file and the card ---------------------
def _set(index: int, **values):
    return lambda d: d["cards"][index].update(values)


def _drop(index: int, key: str):
    return lambda d: d["cards"][index].pop(key)


CARD_ERRORS = [
    ("unknown source", _set(0, source="wikipedia"), "havneoprydning", "unknown source 'wikipedia'"),
    ("missing source", _drop(0, "source"), "havneoprydning", "missing source"),
    ("unknown related entry", _set(1, related="nowhere"), "hoering_bydelspark", "unknown related entry 'nowhere'"),
    ("unknown pattern", _set(1, pattern="lotteri"), "hoering_bydelspark", "unknown pattern 'lotteri'"),
    (
        "unknown criterion",
        lambda d: d["cards"][0]["criteria"].append("hygge"),
        "havneoprydning",
        "unknown criteria ['hygge']",
    ),
    ("duplicate id", lambda d: d["cards"][1].update(id=d["cards"][0]["id"]), "havneoprydning", "duplicate card id"),
    (
        "answer not a verdict",
        _set(2, answer="Måske"),
        "foraeldre_maler_legeplads",
        "answer must be one of Ja, Nej, Delvist",
    ),
    (
        "answer in lower case",
        _set(2, answer="delvist"),
        "foraeldre_maler_legeplads",
        "answer must be one of Ja, Nej, Delvist",
    ),
    ("empty explanation", _set(3, explanation="  "), "stormflodsberedskab", "missing or empty 'explanation'"),
    ("missing scenario", _drop(4, "scenario"), "udlicitering_vintertjeneste", "missing or empty 'scenario'"),
    ("misspelt key", lambda d: d["cards"][5].update(explanaton="x"), "faste_rammer", "unknown key 'explanaton'"),
    ("id not snake_case", _set(0, id="Havne-Oprydning"), "Havne-Oprydning", "id must be snake_case"),
    (
        "answer against the rules",
        _set(1, answer="Ja"),
        "hoering_bydelspark",
        "answer 'Ja' disagrees with the verdict rules in assessment.yml, which give 'Nej'",
    ),
    (
        "criteria against the answer",
        _set(0, criteria=["public_private", "design_implement_together"]),
        "havneoprydning",
        "answer 'Ja' disagrees with the verdict rules in assessment.yml, which give 'Delvist'",
    ),
]


@pytest.mark.parametrize("change, card, message", [c[1:] for c in CARD_ERRORS], ids=[c[0] for c in CARD_ERRORS])
def test_card_error_names_file_and_card(knowledge_copy, change, card, message):
    _edit(_quiz_file(knowledge_copy), change)
    assert f"quiz.yml: entry '{card}': {message}" in _errors(knowledge_copy)


def _too_many(d):
    d["cards"] += [{**d["cards"][0], "id": f"ekstra_{n}"} for n in range(13 - len(d["cards"]))]


FILE_ERRORS = [
    ("too few cards", lambda d: d.update(cards=d["cards"][:7]), "entry 'cards': has 7 cards (needs 8 to 12)"),
    ("too many cards", _too_many, "entry 'cards': has 13 cards (needs 8 to 12)"),
    (
        "unknown placeholder",
        lambda d: d["texts"].update(score="Du fik {points} af {total} rigtige."),
        "entry 'texts': text 'score' uses unknown placeholder {points}",
    ),
    (
        "missing placeholder",
        lambda d: d["texts"].update(question="Kort {number}: {scenario}"),
        "entry 'texts': text 'question' must use placeholder {total}",
    ),
    (
        "broken placeholder",
        lambda d: d["texts"].update(intro="Du får {total kort."),
        "entry 'texts': text 'intro' has a broken placeholder",
    ),
    ("missing text", lambda d: d["texts"].pop("stopped"), "entry 'texts': missing text 'stopped'"),
    ("unknown text", lambda d: d["texts"].update(stoped="Stop"), "entry 'texts': unknown text 'stoped'"),
    ("bands without a floor", lambda d: d["bands"].pop(), "entry 'bands': needs score bands ending with min_percent 0"),
    ("answer missing", lambda d: d["answers"].pop(), "entry 'answers': missing answer(s) Delvist"),
    (
        "typed form for two answers",
        lambda d: d["answers"][1]["typed"].append("Ja"),
        "entry 'answers Nej': typed form 'ja' also means 'Ja'",
    ),
]


@pytest.mark.parametrize("change, message", [c[1:] for c in FILE_ERRORS], ids=[c[0] for c in FILE_ERRORS])
def test_file_error_names_file_and_key(knowledge_copy, change, message):
    _edit(_quiz_file(knowledge_copy), change)
    assert f"quiz.yml: {message}" in _errors(knowledge_copy)


def test_every_problem_is_reported_and_cli_validate_fails(knowledge_copy, capsys):
    def change(d):
        d["cards"][0]["source"] = "wikipedia"
        d["cards"][9]["related"] = "nowhere"

    _edit(_quiz_file(knowledge_copy), change)
    assert main(["--knowledge", str(knowledge_copy), "validate"]) == 1
    err = capsys.readouterr().err
    assert "quiz.yml: entry 'havneoprydning': unknown source 'wikipedia'" in err
    assert "quiz.yml: entry 'borgerne_bestemmer_selv': unknown related entry 'nowhere'" in err


def test_missing_quiz_file(knowledge_copy):
    _quiz_file(knowledge_copy).unlink()
    assert "quiz.yml: file is missing" in _errors(knowledge_copy)


# -- the quiz ----------------------------------------------------------------
def test_start_shows_intro_and_first_card_with_answer_buttons(quiz):
    step = q.start(quiz)
    assert step.state == {"order": [c.id for c in quiz.cards], "index": 0, "score": 0, "status": q.ASKING}
    intro, first = step.messages
    assert str(len(quiz.cards)) in intro.text
    assert first.text.startswith(f"Kort 1 af {len(quiz.cards)}")
    assert quiz.cards[0].scenario in first.text
    assert [(b.action, b.value) for b in first.buttons] == [
        (q.ANSWER, "Ja"),
        (q.ANSWER, "Nej"),
        (q.ANSWER, "Delvist"),
        (q.STOP, ""),
    ]


def test_all_right_gives_full_score_and_the_top_band(quiz):
    steps, last = _run(quiz, lambda card: card.answer)
    total = len(quiz.cards)
    assert all(s.correct is True for s in steps[1:])
    assert last.state["status"] == q.FINISHED and last.state["score"] == total
    final = last.messages[-1]
    assert f"Du fik {total} af {total} rigtige." in final.text
    assert quiz.bands[0].text in final.text and quiz.bands[-1].text not in final.text
    assert [b.action for b in final.buttons] == [q.RESTART]


def test_wrong_answers_get_explanation_and_source_and_do_not_count(quiz):
    wrong_ids = {quiz.cards[0].id, quiz.cards[2].id}
    steps, last = _run(quiz, lambda card: _wrong(card) if card.id in wrong_ids else card.answer)
    first_feedback = steps[1].messages[0]
    card = quiz.cards[0]
    assert steps[1].correct is False
    assert first_feedback.text.startswith("Ikke helt")
    assert card.explanation in first_feedback.text and card.source_name in first_feedback.text
    assert f"svaret er {card.answer}" in first_feedback.text
    assert first_feedback.buttons == (q.QuizButton(card.related_title, q.READ_MORE, card.related),)
    right_feedback = steps[2].messages[0]
    assert right_feedback.text.startswith("Rigtigt!") and quiz.cards[1].explanation in right_feedback.text
    total = len(quiz.cards)
    assert last.state["score"] == total - 2
    assert f"Du fik {total - 2} af {total} rigtige." in last.messages[-1].text
    assert quiz.bands[1].text in last.messages[-1].text


def test_all_wrong_gives_zero_and_the_lowest_band(quiz):
    _, last = _run(quiz, _wrong)
    assert last.state["score"] == 0
    assert quiz.bands[-1].text in last.messages[-1].text


@pytest.mark.parametrize(
    "typed, value",
    [
        ("ja", "Ja"),
        ("JA", "Ja"),
        ("Ja.", "Ja"),
        ("  nej!  ", "Nej"),
        ("nej", "Nej"),
        ("delvist", "Delvist"),
        ("delvis", "Delvist"),
        ("Til dels", "Delvist"),
        ("Nej, det er ikke samskabelse", "Nej"),
    ],
)
def test_typed_answers_are_understood(quiz, typed, value):
    assert q.parse_answer(quiz, typed) == value


def test_typed_lowercase_answer_advances_the_quiz(quiz):
    state = q.start(quiz).state
    step = q.answer(quiz, state, quiz.cards[0].answer.lower())
    assert step.correct is True
    assert step.state["index"] == 1 and step.state["score"] == 1


@pytest.mark.parametrize("text", ["måske", "", "hvad mener du?", "ja nej", "jaja"])
def test_unknown_answer_reprompts_without_advancing(quiz, text):
    state = q.answer(quiz, q.start(quiz).state, "ja").state
    before = json.loads(json.dumps(state))
    step = q.answer(quiz, state, text)
    assert step.state == before and state == before
    assert step.correct is None
    (message,) = step.messages
    assert message.text.startswith(quiz.texts["reprompt"].split("{")[0])
    assert f"Kort 2 af {len(quiz.cards)}" in message.text and quiz.cards[1].scenario in message.text
    assert [b.value for b in message.buttons if b.action == q.ANSWER] == ["Ja", "Nej", "Delvist"]


def test_stop_then_restart_starts_from_card_one_with_score_zero(quiz):
    state = q.start(quiz).state
    for card in quiz.cards[:3]:
        state = q.answer(quiz, state, card.answer).state
    stopped = q.stop(quiz, state)
    assert stopped.state["status"] == q.STOPPED
    assert quiz.texts["stopped"].format(score=3, answered=3, total=len(quiz.cards)) in stopped.messages[0].text
    assert [b.action for b in stopped.messages[0].buttons] == [q.RESTART]
    after = q.answer(quiz, stopped.state, "ja")
    assert after.state == stopped.state and after.messages[0].text.startswith(quiz.texts["not_running"])
    fresh = q.restart(quiz)
    assert fresh.state["index"] == 0 and fresh.state["score"] == 0 and fresh.state["status"] == q.ASKING
    assert fresh.messages[-1].text.startswith("Kort 1 af") and quiz.cards[0].scenario in fresh.messages[-1].text


def test_finished_quiz_takes_no_more_answers(quiz):
    _, last = _run(quiz, lambda card: card.answer)
    assert q.answer(quiz, last.state, "ja").state == last.state
    assert q.stop(quiz, last.state).state["status"] == q.FINISHED


def test_state_round_trips_through_json_mid_quiz(quiz):
    state = q.start(quiz).state
    for card in quiz.cards[:4]:
        state = q.answer(quiz, state, _wrong(card) if card.answer == "Ja" else card.answer).state
    restored = json.loads(json.dumps(state))
    assert restored == state
    here, there = q.answer(quiz, state, "nej"), q.answer(quiz, restored, "nej")
    assert here == there and here.state["index"] == 5


def test_seed_shuffles_reproducibly(quiz):
    ids = [c.id for c in quiz.cards]
    first, again = q.start(quiz, seed=7).state["order"], q.start(quiz, seed=7).state["order"]
    assert first == again and sorted(first) == sorted(ids)
    assert any(q.start(quiz, seed=s).state["order"] != ids for s in range(5))
    assert q.start(quiz).state["order"] == ids


@pytest.mark.parametrize(
    "state",
    [
        None,
        {},
        {"order": ["gammelt_kort"], "index": 0, "score": 0, "status": "asking"},
        {"order": ["havneoprydning"], "index": 1, "score": 0, "status": "asking"},
        {"order": ["havneoprydning"], "index": 0, "score": 2, "status": "asking"},
    ],
)
def test_a_state_that_does_not_fit_this_quiz_is_not_used(quiz, state):
    step = q.answer(quiz, state, "ja")
    assert step.state is None
    assert [b.action for b in step.messages[0].buttons] == [q.RESTART]


# -- the quiz as the chat shows it (bot.flows.guided_replies) -------------------------
def test_guide_turns_quiz_buttons_into_payloads_rasa_routes(guide, quiz, advisor):
    reply, state = guide.quiz_start()
    assert guide.quiz_running(state)
    payloads = [b.payload for b in reply.messages[-1].buttons]
    assert payloads == [
        '/quiz_answer{"quiz_verdict":"Ja"}',
        '/quiz_answer{"quiz_verdict":"Nej"}',
        '/quiz_answer{"quiz_verdict":"Delvist"}',
        "/stop",
    ]
    first = quiz.cards[0]
    reply, state = guide.quiz_answer(state, first.answer)
    feedback, next_card = reply.messages
    assert first.explanation in feedback.text and first.source_name in feedback.text
    assert [b.payload for b in feedback.buttons] == [advisor.entry_payload(first.related)]
    assert quiz.cards[1].scenario in next_card.text
    reply, state = guide.quiz_stop(state)
    assert not guide.quiz_running(state)
    assert [b.payload for b in reply.messages[-1].buttons] == ["/quiz"]


def test_guide_quiz_is_not_running_before_start_or_with_a_broken_slot(guide):
    assert not guide.quiz_running(None)
    assert not guide.quiz_running({"order": ["no_such_card"], "index": 0, "score": 0, "status": "asking"})
    reply, state = guide.quiz_answer(None, "Ja")
    assert state is None and [b.payload for b in reply.messages[-1].buttons] == ["/quiz"]


def test_current_asks_the_waiting_card_again_without_changing_the_state(quiz):
    step = q.answer(quiz, q.start(quiz).state, quiz.cards[0].answer)
    again = q.current(quiz, step.state)
    assert again.state == step.state
    (message,) = again.messages
    assert message == step.messages[-1]  # card 2 with its answer buttons, as first asked
    stopped = q.stop(quiz, step.state)
    assert q.current(quiz, stopped.state).messages == ()
    assert q.current(quiz, None).messages == ()
