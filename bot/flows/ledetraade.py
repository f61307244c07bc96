"""The five ledetråde walked through one question at a time (rules for the Rasa form)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from bot.knowledge import KnowledgeBase, Problem
from bot.names import Intents
from bot.text import fold, fold_words

# "Giv et eksempel" typed in the middle of the walk-through asks for the
# current step's example, so a request for examples is a call for help there.
HELP_INTENTS = (Intents.STEP_HELP, Intents.CAPABILITIES, Intents.EXAMPLES)
# «Slet min samtale» in the middle asks to confirm; the step waits meanwhile.
CONTROL_INTENTS = HELP_INTENTS + (Intents.SKIP_STEP, Intents.GO_BACK, Intents.STOP, Intents.DELETE)
# While that confirmation is pending, these answer it instead of the step.
DELETE_ANSWER_INTENTS = (Intents.AFFIRM, Intents.DENY, Intents.DELETE)


@dataclass(frozen=True)
class LedetraadeStep:
    number: int
    slot: str
    question: str
    hint: str
    example: str


@dataclass(frozen=True)
class LedetraadeButton:
    title: str
    intent: str


@dataclass
class LedetraadeRules:
    source: str
    steps: list[LedetraadeStep]
    side_question_confidence: float
    next_steps: list[str]
    texts: dict[str, str]
    buttons: list[LedetraadeButton]
    command_confidence: float
    example_request_words: tuple[str, ...] = ()

    @property
    def slots(self) -> list[str]:
        return [s.slot for s in self.steps]

    def step(self, slot: str) -> LedetraadeStep:
        return next(s for s in self.steps if s.slot == slot)

    def previous(self, slot: str | None) -> str | None:
        names = self.slots
        if slot not in names:
            return names[-1] if slot is None else None
        index = names.index(slot)
        return names[index - 1] if index > 0 else None


def is_side_question(
    rules: LedetraadeRules, intent: str, confidence: float, text: str, topic_intents: set[str]
) -> bool:
    """A topic question asked in the middle: answer it, then resume."""
    return intent in topic_intents and ("?" in text or confidence >= rules.side_question_confidence)


def is_command(rules: LedetraadeRules, intent: str, confidence: float, text: str) -> bool:
    """Help, skip, back, stop or «slet min samtale», and NLU fairly sure of it.

    Answers name local actors and places («Foreningerne», «Boligforeningen og
    biblioteket»), which NLU may guess weakly as a command; such a guess is
    the leader's answer, not a command. Places also sound like the projects
    under ask_examples, sometimes strongly, so that one counts as a request
    for the step's example only when the text asks for an example. Buttons
    send payloads (confidence 1).
    """
    if intent not in CONTROL_INTENTS or confidence < rules.command_confidence:
        return False
    if intent == Intents.EXAMPLES and not text.startswith("/"):
        return asks_for_an_example(rules, text)
    return True


def asks_for_an_example(rules: LedetraadeRules, text: str) -> bool:
    """The message names an example («giv et eksempel», «eksmpel?»), not only places that sound like cases."""
    return any(word.startswith(rules.example_request_words) for word in fold_words(text))


def answers_deletion(
    rules: LedetraadeRules, intent: str, confidence: float, text: str, typed_button: bool = False
) -> bool:
    """While «Vil du slette hele din samtale?» waits: the message is its Ja/Nej, not the step's answer.

    A clicked or typed button title always is; a typed «ja»/«nej» when NLU is
    fairly sure of it (a weak guess is the leader's answer, as for commands).
    """
    return intent in DELETE_ANSWER_INTENTS and (
        typed_button or text.startswith("/") or confidence >= rules.command_confidence
    )


def extract_answer(
    rules: LedetraadeRules,
    slot: str,
    intent: str,
    confidence: float,
    text: str,
    topic_intents: set[str],
    deletion_pending: bool = False,
    typed_delete_button: bool = False,
) -> dict[str, str]:
    """The slot value the leader's message gives the current step; {} hands it to the rules.

    `deletion_pending`: the assistant has just asked whether to delete the
    conversation; `typed_delete_button`: the text is one of that question's button titles.
    """
    if deletion_pending and answers_deletion(rules, intent, confidence, text, typed_delete_button):
        return {}
    if is_command(rules, intent, confidence, text):
        return {slot: rules.texts["skipped"]} if intent == Intents.SKIP_STEP else {}
    if is_side_question(rules, intent, confidence, text, topic_intents):
        return {}
    answer = text.strip()
    if not answer or answer.startswith("/"):
        return {}
    return {slot: answer}


def parse_ledetraade(data: Any, label: str, kb: KnowledgeBase, problems: list[Problem]) -> LedetraadeRules | None:
    if not isinstance(data, Mapping):
        problems.append(Problem(label, None, "needs a mapping with steps"))
        return None
    if data.get("source") not in kb.sources:
        problems.append(Problem(label, "source", f"unknown source '{data.get('source')}'"))
    steps = []
    for number, item in enumerate(data.get("steps") or [], start=1):
        if not all(item.get(k) for k in ("slot", "question", "hint", "example")):
            problems.append(Problem(label, f"step {number}", "needs slot, question, hint and example"))
            continue
        steps.append(
            LedetraadeStep(
                number,
                str(item["slot"]),
                str(item["question"]).strip(),
                str(item["hint"]).strip(),
                str(item["example"]).strip(),
            )
        )
    ledetraade = kb.entries.get("ledetraade")
    for step in steps:
        if ledetraade is not None and step.question not in ledetraade.text:
            problems.append(
                Problem(label, f"step {step.number}", "question must quote a ledetråd from entry 'ledetraade'")
            )
    next_steps = [str(n.get("entry")) for n in data.get("next_steps") or []]
    for entry in next_steps:
        if entry not in kb.entries:
            problems.append(Problem(label, "next_steps", f"unknown entry '{entry}'"))
    texts = {str(k): str(v).strip() for k, v in (data.get("texts") or {}).items()}
    for key in (
        "start",
        "step",
        "help",
        "skipped",
        "back_at_start",
        "stopped",
        "summary_intro",
        "summary_line",
        "next_steps_intro",
        "markdown_intro",
        "markdown_title",
    ):
        if not texts.get(key):
            problems.append(Problem(label, "texts", f"missing text '{key}'"))
    buttons = [LedetraadeButton(str(b.get("title")), str(b.get("intent"))) for b in data.get("buttons") or []]
    for key in ("side_question_confidence", "command_confidence"):
        value = data.get(key)
        if value is not None and not (isinstance(value, (int, float)) and 0 < value <= 1):
            problems.append(Problem(label, key, "must be a number above 0 and at most 1"))
            data = {**data, key: None}
    words = data.get("example_request_words")
    if not (isinstance(words, list) and words and all(isinstance(w, str) and w.strip() for w in words)):
        problems.append(Problem(label, "example_request_words", "needs a list of word beginnings"))
        words = []
    return LedetraadeRules(
        str(data.get("source")),
        steps,
        float(data.get("side_question_confidence") or 0.9),
        next_steps,
        texts,
        buttons,
        float(data.get("command_confidence") or 0.55),
        tuple(fold(w.strip()) for w in words),
    )
