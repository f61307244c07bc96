"""Course quiz 'Er det samskabelse?': scenario cards from data/knowledge/guided/quiz.yml.

Parsing checks every card against the rule base (sources, entries, the
assessment criteria and patterns) so an editor's mistake names file and card.
The quiz itself is a pure state machine over a JSON-serialisable dict, so a
Rasa slot can hold it between turns; replies are plain dataclasses.
"""

from __future__ import annotations

import random
import re
import string
from dataclasses import dataclass
from typing import Any, Mapping

from bot.flows.assessment_rules import VERDICTS, AssessmentRules, rule_verdict
from bot.knowledge import MAX_TEXT, MAX_TITLE, KnowledgeBase, Problem
from bot.text import fold_words

MIN_CARDS, MAX_CARDS = 8, 12
CARD_KEYS = {"id", "scenario", "answer", "explanation", "source", "related", "pattern", "criteria"}
CARD_TEXTS = ("scenario", "explanation")
SNAKE_CASE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")
# Each text's allowed placeholders and the ones it must use.
TEXT_FIELDS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "intro": (frozenset({"total"}), frozenset({"total"})),
    "question": (frozenset({"number", "total", "scenario"}), frozenset({"number", "total", "scenario"})),
    "reprompt": (frozenset({"number", "total"}), frozenset()),
    "right": (frozenset({"answer"}), frozenset()),
    "wrong": (frozenset({"answer", "given"}), frozenset({"answer"})),
    "source": (frozenset({"source"}), frozenset({"source"})),
    "score": (frozenset({"score", "total"}), frozenset({"score", "total"})),
    "stopped": (frozenset({"score", "answered", "total"}), frozenset()),
    "restart_hint": (frozenset(), frozenset()),
    "not_running": (frozenset(), frozenset()),
    "stop_button": (frozenset(), frozenset()),
    "restart_button": (frozenset(), frozenset()),
}
BAND_FIELDS = frozenset({"score", "total"})

ASKING, FINISHED, STOPPED = "asking", "finished", "stopped"
# What a button does; `value` carries the answer word or the entry id.
ANSWER, STOP, RESTART, READ_MORE = "answer", "stop", "restart", "read_more"


@dataclass(frozen=True)
class Card:
    id: str
    scenario: str
    answer: str
    explanation: str
    source: str
    source_name: str
    related: str
    related_title: str
    pattern: str | None = None
    criteria: tuple[str, ...] | None = None


@dataclass(frozen=True)
class AnswerOption:
    value: str
    button: str


@dataclass(frozen=True)
class Band:
    min_percent: int
    text: str


@dataclass
class Quiz:
    cards: list[Card]
    answers: list[AnswerOption]
    typed: dict[str, str]
    bands: list[Band]
    texts: dict[str, str]

    def card(self, card_id: str) -> Card:
        return next(c for c in self.cards if c.id == card_id)


@dataclass(frozen=True)
class QuizButton:
    title: str
    action: str
    value: str = ""


@dataclass(frozen=True)
class QuizMessage:
    text: str
    buttons: tuple[QuizButton, ...] = ()


@dataclass(frozen=True)
class QuizStep:
    """What to say, and the state to keep (None when there is no usable quiz)."""

    messages: tuple[QuizMessage, ...]
    state: dict | None
    correct: bool | None = None


# -- parsing and validation --------------------------------------------------
def _str(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _placeholder_problems(text: str, allowed: frozenset[str], required: frozenset[str]) -> list[str]:
    try:
        used = {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError as exc:
        return [f"has a broken placeholder ({exc}); write literal braces as {{{{ }}}}"]
    found = [f"uses unknown placeholder {{{n}}}" for n in sorted(used - allowed)]
    found += [f"must use placeholder {{{n}}}" for n in sorted(required - used)]
    return found


def _rule_problems(
    assessment: AssessmentRules, answer: str, pattern: str | None, criteria: tuple[str, ...] | None
) -> list[str]:
    """Pattern and criteria must exist, and the card's answer must be what the verdict rules say."""
    known_patterns = {p.id for p in assessment.patterns}
    known_criteria = [c.id for c in assessment.criteria]
    found = []
    if pattern is not None and pattern not in known_patterns:
        found.append(f"unknown pattern '{pattern}' (see assessment.yml)")
    unknown = sorted(set(criteria or ()) - set(known_criteria))
    if unknown:
        found.append(f"unknown criteria {unknown} (see assessment.yml)")
    if found or answer not in VERDICTS or (pattern is None and criteria is None):
        return found
    facts = {c: (None if criteria is None else c in criteria) for c in known_criteria}
    expected = rule_verdict(assessment, facts, [pattern] if pattern else [])
    if expected is not None and expected != answer:
        found.append(
            f"answer '{answer}' disagrees with the verdict rules in assessment.yml, "
            f"which give '{expected}' for this card's pattern and criteria"
        )
    return found


def _parse_card(
    item: Any, index: int, label: str, kb: KnowledgeBase, assessment: AssessmentRules | None, problems: list[Problem]
) -> Card | None:
    if not isinstance(item, Mapping):
        problems.append(Problem(label, f"card #{index}", "card is not a mapping"))
        return None
    cid = _str(item.get("id"))
    key = cid or f"card #{index}"

    def bad(message: str) -> None:
        problems.append(Problem(label, key, message))

    if not cid:
        bad("card has no id")
    elif not SNAKE_CASE.match(cid):
        bad("id must be snake_case (a-z, 0-9 and _)")
    for extra in sorted(set(map(str, item)) - CARD_KEYS):
        bad(f"unknown key '{extra}'")
    for field in CARD_TEXTS:
        text = _str(item.get(field))
        if not text:
            bad(f"missing or empty '{field}'")
        elif len(text) > MAX_TEXT:
            bad(f"'{field}' is {len(text)} characters (at most {MAX_TEXT})")
    answer = _str(item.get("answer"))
    if answer not in VERDICTS:
        bad(f"answer must be one of {', '.join(VERDICTS)} (got '{item.get('answer')}')")
    related = _str(item.get("related"))
    raw_source = item.get("source")
    # One source id, or a list when the answer rests on two sources (the reply names both).
    source_ids = [_str(s) for s in raw_source] if isinstance(raw_source, list) else [_str(raw_source)]
    source = source_ids[0] if source_ids else ""
    if not all(source_ids) or not source_ids:
        bad("missing source")
    for sid in source_ids:
        if sid and sid not in kb.sources:
            bad(f"unknown source '{sid}' (see sources.yml)")
    if not related:
        bad("missing related entry")
    elif related not in kb.entries:
        bad(f"unknown related entry '{related}'")
    pattern = _str(item.get("pattern")) or None
    raw_criteria = item.get("criteria")
    criteria: tuple[str, ...] | None = None
    if raw_criteria is not None:
        if not isinstance(raw_criteria, list) or not all(isinstance(c, str) for c in raw_criteria):
            bad("'criteria' must be a list of criterion ids")
        else:
            criteria = tuple(c.strip() for c in raw_criteria)
    if assessment is not None:
        for message in _rule_problems(assessment, answer, pattern, criteria):
            bad(message)
    if not cid:
        return None
    names = [kb.sources[sid].name for sid in source_ids if sid in kb.sources]
    return Card(
        cid,
        _str(item.get("scenario")),
        answer,
        _str(item.get("explanation")),
        source,
        "; ".join(dict.fromkeys(names)),
        related,
        kb.entries[related].title if related in kb.entries else "",
        pattern,
        criteria,
    )


def _parse_answers(raw: Any, label: str, problems: list[Problem]) -> tuple[list[AnswerOption], dict[str, str]]:
    options: list[AnswerOption] = []
    typed: dict[str, str] = {}
    items = raw if isinstance(raw, list) else []
    for item in items:
        value = _str(item.get("value")) if isinstance(item, Mapping) else ""
        if value not in VERDICTS or any(o.value == value for o in options):
            problems.append(Problem(label, "answers", f"each of {', '.join(VERDICTS)} once (got '{value}')"))
            continue
        button = _str(item.get("button"))
        if not button or len(button) > MAX_TITLE:
            problems.append(Problem(label, f"answers {value}", f"needs a button title of 1 to {MAX_TITLE} characters"))
        options.append(AnswerOption(value, button or value))
        forms = item.get("typed") or []
        for form in [value, button] + (forms if isinstance(forms, list) else []):
            folded = " ".join(fold_words(str(form)))
            if not folded:
                problems.append(Problem(label, f"answers {value}", "a typed form is empty"))
            elif typed.setdefault(folded, value) != value:
                message = f"typed form '{folded}' also means '{typed[folded]}'"
                problems.append(Problem(label, f"answers {value}", message))
    missing = [v for v in VERDICTS if not any(o.value == v for o in options)]
    if missing:
        problems.append(Problem(label, "answers", f"missing answer(s) {', '.join(missing)}"))
    return options, typed


def _parse_bands(raw: Any, label: str, problems: list[Problem]) -> list[Band]:
    bands: list[Band] = []
    for number, item in enumerate(raw if isinstance(raw, list) else [], start=1):
        where = f"bands #{number}"
        minimum = item.get("min_percent") if isinstance(item, Mapping) else None
        text = _str(item.get("text")) if isinstance(item, Mapping) else ""
        if not isinstance(minimum, int) or isinstance(minimum, bool) or not 0 <= minimum <= 100:
            problems.append(Problem(label, where, "min_percent must be a whole number from 0 to 100"))
            continue
        if bands and minimum >= bands[-1].min_percent:
            problems.append(Problem(label, where, "bands must go from the highest min_percent to the lowest"))
        if not text:
            problems.append(Problem(label, where, "empty text"))
        problems.extend(
            Problem(label, where, f"text {m}") for m in _placeholder_problems(text, BAND_FIELDS, frozenset())
        )
        bands.append(Band(minimum, text))
    if not bands or bands[-1].min_percent != 0:
        problems.append(Problem(label, "bands", "needs score bands ending with min_percent 0"))
    return bands


def parse_quiz(
    data: Any, label: str, kb: KnowledgeBase, assessment: AssessmentRules | None, problems: list[Problem]
) -> Quiz | None:
    """Parse quiz.yml; append a Problem naming the file and card (or key) for every mistake."""
    if not isinstance(data, Mapping):
        problems.append(Problem(label, None, "needs a mapping with cards, answers, bands and texts"))
        return None
    for key in sorted(set(map(str, data)) - {"cards", "answers", "bands", "texts"}):
        problems.append(Problem(label, None, f"unknown top-level key '{key}'"))
    raw_cards = data.get("cards")
    if not isinstance(raw_cards, list):
        problems.append(Problem(label, "cards", "needs a list 'cards'"))
        raw_cards = []
    elif not MIN_CARDS <= len(raw_cards) <= MAX_CARDS:
        problems.append(Problem(label, "cards", f"has {len(raw_cards)} cards (needs {MIN_CARDS} to {MAX_CARDS})"))
    cards: list[Card] = []
    for index, item in enumerate(raw_cards, start=1):
        card = _parse_card(item, index, label, kb, assessment, problems)
        if card is None:
            continue
        if any(c.id == card.id for c in cards):
            problems.append(Problem(label, card.id, "duplicate card id"))
            continue
        cards.append(card)
    answers, typed = _parse_answers(data.get("answers"), label, problems)
    bands = _parse_bands(data.get("bands"), label, problems)
    raw_texts = data.get("texts") if isinstance(data.get("texts"), Mapping) else {}
    texts = {str(k): _str(v) for k, v in raw_texts.items()}
    for key in sorted(set(texts) - set(TEXT_FIELDS)):
        problems.append(Problem(label, "texts", f"unknown text '{key}'"))
    for key, (allowed, required) in TEXT_FIELDS.items():
        if not texts.get(key):
            problems.append(Problem(label, "texts", f"missing text '{key}'"))
            continue
        problems.extend(
            Problem(label, "texts", f"text '{key}' {m}") for m in _placeholder_problems(texts[key], allowed, required)
        )
    for key in ("stop_button", "restart_button"):
        if len(texts.get(key, "")) > MAX_TITLE:
            problems.append(Problem(label, "texts", f"text '{key}' is a button title: at most {MAX_TITLE} characters"))
    return Quiz(cards, answers, typed, bands, texts)


# -- the quiz as a state machine ----------------------------------------------
def parse_answer(quiz: Quiz, text: str) -> str | None:
    """'Ja', 'Nej' or 'Delvist' for a button value or a typed form ('delvis', 'nej.'), else None."""
    return quiz.typed.get(" ".join(fold_words(text or "")))


def band_comment(quiz: Quiz, score: int, total: int) -> str:
    """The first band the score reaches; bands are relative so 8 or 12 cards read the same."""
    percent = 100 * score / total if total else 0
    return next(b.text for b in quiz.bands if percent >= b.min_percent)


def _answer_buttons(quiz: Quiz) -> tuple[QuizButton, ...]:
    return tuple(QuizButton(o.button, ANSWER, o.value) for o in quiz.answers) + (
        QuizButton(quiz.texts["stop_button"], STOP),
    )


def _restart_button(quiz: Quiz) -> tuple[QuizButton, ...]:
    return (QuizButton(quiz.texts["restart_button"], RESTART),)


def _question(quiz: Quiz, state: Mapping[str, Any]) -> str:
    card = quiz.card(state["order"][state["index"]])
    return quiz.texts["question"].format(number=state["index"] + 1, total=len(state["order"]), scenario=card.scenario)


def _usable(quiz: Quiz, state: Any) -> dict | None:
    """A copy of the state if it fits this quiz (a slot may hold one from an older quiz.yml)."""
    if not isinstance(state, Mapping):
        return None
    order, index, score = state.get("order"), state.get("index"), state.get("score")
    ids = {c.id for c in quiz.cards}
    if (
        not isinstance(order, list)
        or not order
        or not set(order) <= ids
        or not isinstance(index, int)
        or not isinstance(score, int)
        or not 0 <= score <= index <= len(order)
        or len(set(order)) != len(order)
        or state.get("status") not in (ASKING, FINISHED, STOPPED)
        or (state["status"] == ASKING and index == len(order))
    ):
        return None
    return {"order": list(order), "index": index, "score": score, "status": state["status"]}


def is_running(quiz: Quiz, state: Any) -> bool:
    """True while a card waits for its answer (a typed "ja" then answers the quiz)."""
    current = _usable(quiz, state)
    return current is not None and current["status"] == ASKING


def _not_running(quiz: Quiz, state: dict | None) -> QuizStep:
    text = f"{quiz.texts['not_running']}\n{quiz.texts['restart_hint']}"
    return QuizStep((QuizMessage(text, _restart_button(quiz)),), state)


def start(quiz: Quiz, seed: int | None = None) -> QuizStep:
    """A fresh quiz: the cards in YAML order, or shuffled reproducibly with `seed`."""
    order = [c.id for c in quiz.cards]
    if seed is not None:
        random.Random(seed).shuffle(order)
    state = {"order": order, "index": 0, "score": 0, "status": ASKING}
    intro = QuizMessage(quiz.texts["intro"].format(total=len(order)))
    return QuizStep((intro, QuizMessage(_question(quiz, state), _answer_buttons(quiz))), state)


def restart(quiz: Quiz, seed: int | None = None) -> QuizStep:
    """Starting over forgets the old state entirely: card 1, score 0."""
    return start(quiz, seed)


def answer(quiz: Quiz, state: Mapping[str, Any] | None, text: str) -> QuizStep:
    """Feedback on the current card, then the next card or the final score.

    An answer that is not Ja/Nej/Delvist gets a re-prompt and the state unchanged.
    """
    current = _usable(quiz, state)
    if current is None or current["status"] != ASKING:
        return _not_running(quiz, current)
    given = parse_answer(quiz, text)
    if given is None:
        reprompt = quiz.texts["reprompt"].format(number=current["index"] + 1, total=len(current["order"]))
        return QuizStep((QuizMessage(f"{reprompt}\n\n{_question(quiz, current)}", _answer_buttons(quiz)),), current)
    card = quiz.card(current["order"][current["index"]])
    correct = given == card.answer
    t = quiz.texts
    head = t["right"].format(answer=card.answer) if correct else t["wrong"].format(answer=card.answer, given=given)
    feedback = QuizMessage(
        f"{head}\n{card.explanation}\n{t['source'].format(source=card.source_name)}",
        (QuizButton(card.related_title, READ_MORE, card.related),),
    )
    new = {**current, "index": current["index"] + 1, "score": current["score"] + int(correct)}
    total = len(new["order"])
    if new["index"] < total:
        return QuizStep((feedback, QuizMessage(_question(quiz, new), _answer_buttons(quiz))), new, correct)
    new["status"] = FINISHED
    final = "\n".join(
        (
            t["score"].format(score=new["score"], total=total),
            band_comment(quiz, new["score"], total).format(score=new["score"], total=total),
            t["restart_hint"],
        )
    )
    return QuizStep((feedback, QuizMessage(final, _restart_button(quiz))), new, correct)


def current(quiz: Quiz, state: Mapping[str, Any] | None) -> QuizStep:
    """The card still waiting for its answer, asked again (after an interruption); nothing if none waits."""
    waiting = _usable(quiz, state)
    if waiting is None or waiting["status"] != ASKING:
        return QuizStep((), waiting)
    return QuizStep((QuizMessage(_question(quiz, waiting), _answer_buttons(quiz)),), waiting)


def stop(quiz: Quiz, state: Mapping[str, Any] | None) -> QuizStep:
    """Stop a running quiz, saying how far the learner got."""
    current = _usable(quiz, state)
    if current is None or current["status"] != ASKING:
        return _not_running(quiz, current)
    current["status"] = STOPPED
    text = quiz.texts["stopped"].format(score=current["score"], answered=current["index"], total=len(current["order"]))
    return QuizStep((QuizMessage(f"{text}\n{quiz.texts['restart_hint']}", _restart_button(quiz)),), current)
