"""Several questions in one message: split into single questions, so each gets its own answer, in order.

"Hvad er samskabelse, og hvilke ledelsesformer passer?" holds two
questions; the NLU can give a message only one intent, so the channels
hand the assistant one question at a time (channels/replies.py). Splitting
is cautious: only when every part is a question of its own, never a case
description that ends with a question. The words are data
(data/nlp/questions.yml). No Rasa server code here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from bot import paths
from bot.settings_file import read_mapping, whole_number, word_list

WORDS_FILE = paths.ROOT / "data" / "nlp" / "questions.yml"
_SENTENCE_END = re.compile(r"(?<=[?.!])\s+")


class QuestionWordsError(ValueError):
    """The settings file is wrong; the message names the file and key."""


@dataclass(frozen=True)
class QuestionWords:
    max_questions: int
    min_words: int
    lead_in_max_words: int
    question_starts: frozenset[str]
    joined_question_words: frozenset[str]
    referring_words: frozenset[str]
    indirect_markers: frozenset[str]
    joiners: frozenset[str]
    lead_in_words: frozenset[str]


def load_words(path: Path = WORDS_FILE) -> QuestionWords:
    data = read_mapping(path, QuestionWordsError)
    numbers = {
        key: whole_number(data, key, path, QuestionWordsError)
        for key in ("max_questions", "min_words", "lead_in_max_words")
    }
    lists = {
        key: frozenset(w.lower() for w in word_list(data, key, path, QuestionWordsError))
        for key in (
            "question_starts",
            "joined_question_words",
            "referring_words",
            "indirect_markers",
            "joiners",
            "lead_in_words",
        )
    }
    return QuestionWords(**numbers, **lists)


@lru_cache(maxsize=1)
def _default_words() -> QuestionWords:
    return load_words()


def _words(text: str) -> list[str]:
    return re.findall(r"[\wæøåÆØÅ'-]+", text.lower())


def _starts_as_question(text: str, words: QuestionWords) -> bool:
    tokens = _words(text)
    return bool(tokens) and tokens[0] in words.question_starts


def _split_joined(sentence: str, words: QuestionWords) -> list[str]:
    """'A, og hvilke B?' -> ['A?', 'hvilke B?'] when both halves are questions of their own."""
    if not _starts_as_question(sentence, words):
        return [sentence]
    joiners = "|".join(re.escape(j) for j in sorted(words.joiners))
    starts = "|".join(re.escape(w) for w in sorted(words.joined_question_words, key=len, reverse=True))
    pattern = re.compile(rf",?\s+(?:{joiners})\s+(?=(?:{starts})\b)", re.IGNORECASE)
    parts, rest = [], sentence
    for match in pattern.finditer(sentence):
        head = sentence[len(sentence) - len(rest) : match.start()]
        tail = _words(sentence[match.end() :])
        indirect = len(tail) > 1 and tail[1] in words.indirect_markers  # "hvad der virker", "hvordan vi gør"
        if (
            len(_words(head)) >= words.min_words
            and len(tail) >= words.min_words
            and not words.referring_words.intersection(tail)
            and not indirect
        ):
            parts.append(head.rstrip(" ,") + "?")
            rest = sentence[match.end() :]
    parts.append(rest)
    return [p.strip() for p in parts]


def _without_lead_in(sentence: str, words: QuestionWords) -> str:
    """'Jeg har to spørgsmål: Hvad er …?' -> 'Hvad er …?' (the announcement is no part of the question)."""
    head, colon, rest = sentence.partition(":")
    head_words = _words(head)
    if (
        colon
        and rest.strip()
        and len(head_words) <= words.lead_in_max_words
        and words.lead_in_words.intersection(head_words)
    ):
        return rest.strip()
    return sentence


def split_questions(text: str, words: QuestionWords | None = None) -> list[str]:
    """The message's questions, in order (at most max_questions; the last takes the rest); else [text].

    Sentences that come before the first question ("Torfing nævner et dilemma for hver
    ledelsesform. Hvad er …, og hvad er …?") are kept with the first question, whose context
    they are; a message typed without a final question mark counts as a question when its last
    sentence starts like one.
    """
    words = words or _default_words()
    if not isinstance(text, str) or text.startswith("/"):
        return [text]
    sentences = [_without_lead_in(s.strip(), words) for s in _SENTENCE_END.split(text.strip()) if s.strip()]
    if sentences and not sentences[-1].endswith(("?", ".", "!")) and _starts_as_question(sentences[-1], words):
        sentences[-1] += "?"
    first_question = next(
        (i for i, s in enumerate(sentences) if s.endswith("?") and _starts_as_question(s, words)), None
    )
    if first_question is None or not all(s.endswith("?") for s in sentences[first_question:]):
        return [text]
    context, questions = sentences[:first_question], sentences[first_question:]
    parts = [part for sentence in questions for part in _split_joined(sentence, words)]
    if len(parts) < 2 or any(len(_words(p)) < words.min_words for p in parts):
        return [text]
    if context:
        parts[0] = " ".join([*context, parts[0]])
    if len(parts) > words.max_questions:
        parts = parts[: words.max_questions - 1] + [" ".join(parts[words.max_questions - 1 :])]
    return parts
