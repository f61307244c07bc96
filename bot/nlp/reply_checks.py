"""Whether a reply holds the expected content: the format of the answer-quality question files.

A file maps topic names to
    all:      groups of alternatives; the reply (its texts joined, lower-cased)
              must contain at least one alternative of every group
    verdict:  optional; the first word of the first reply (letters only,
              lower-cased) must be this word
    cases:    user messages, each asked in a fresh conversation
(the header of ../shared/eval/dev_questions.yml). Measuring what leaders
see means reading the replies as they arrive, so this checks texts only.
No Rasa server code here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import yaml

from bot.yaml_reading import safe_load

_FIRST_WORD = re.compile(r"[^\W\d_]+")


class QuestionFileError(ValueError):
    """A question file that can't be read; the message names the file and topic."""


@dataclass(frozen=True)
class Topic:
    name: str
    groups: tuple[tuple[str, ...], ...]
    verdict: str | None
    cases: tuple[str, ...]


def load_topics(path: Path) -> list[Topic]:
    """The topics of one question file, checked."""
    try:
        data = safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise QuestionFileError(f"{path}: {exc}") from exc
    if not isinstance(data, dict) or not data:
        raise QuestionFileError(f"{path}: expected topics (a mapping)")
    topics = []
    for name, body in data.items():
        where = f"{path}: topic '{name}'"
        if not isinstance(body, dict):
            raise QuestionFileError(f"{where}: expected a mapping with 'all' and 'cases'")
        groups = body.get("all") or []
        cases = body.get("cases")
        if not (
            isinstance(groups, list)
            and all(isinstance(g, list) and g and all(isinstance(a, str) and a for a in g) for g in groups)
        ):
            raise QuestionFileError(f"{where}: 'all' must be a list of non-empty lists of texts")
        if not (isinstance(cases, list) and cases and all(isinstance(c, str) and c.strip() for c in cases)):
            raise QuestionFileError(f"{where}: 'cases' must be a non-empty list of texts")
        verdict = body.get("verdict")
        if verdict is not None and not (isinstance(verdict, str) and verdict.strip()):
            raise QuestionFileError(f"{where}: 'verdict' must be a word")
        if not groups and verdict is None:
            raise QuestionFileError(f"{where}: needs 'all' or 'verdict'")
        topics.append(
            Topic(
                str(name),
                tuple(tuple(a.lower() for a in g) for g in groups),
                verdict.strip().lower() if verdict else None,
                tuple(cases),
            )
        )
    return topics


def first_word(text: str) -> str:
    match = _FIRST_WORD.search(text or "")
    return match.group().lower() if match else ""


def holds(topic: Topic, texts: Sequence[str]) -> bool:
    """True if the reply texts of one turn hold what the topic expects."""
    joined = "\n".join(texts).lower()
    if not all(any(alternative in joined for alternative in group) for group in topic.groups):
        return False
    return topic.verdict is None or (bool(texts) and first_word(texts[0]) == topic.verdict)
