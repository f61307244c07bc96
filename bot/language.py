"""Is a message in English? Then the reply says, in one English line, that the assistant answers in Danish.

The sources and the rule base are Danish; an English question still gets
the Danish answer (the encoder understands it), with a line first that says
why the answer is in Danish. The word lists are data (data/nlp/english.yml).
No Rasa server code here.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from bot import paths

WORDS_FILE = paths.ROOT / "data" / "nlp" / "english.yml"


class LanguageWordsError(ValueError):
    """The word list file is wrong; the message names the file and key."""


@dataclass(frozen=True)
class LanguageWords:
    english: frozenset[str]
    danish: frozenset[str]
    min_words: int


def load_words(path: Path = WORDS_FILE) -> LanguageWords:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise LanguageWordsError(f"{path}: {exc}") from exc
    lists = {}
    for key in ("english", "danish"):
        value = data.get(key)
        if not (isinstance(value, list) and value and all(isinstance(v, str) and v.strip() for v in value)):
            raise LanguageWordsError(f"{path}: '{key}' must be a non-empty list of words")
        lists[key] = frozenset(v.strip().lower() for v in value)
    overlap = lists["english"] & lists["danish"]
    if overlap:
        raise LanguageWordsError(f"{path}: in both lists: {', '.join(sorted(overlap))}")
    min_words = data.get("min_words")
    if not (isinstance(min_words, int) and min_words >= 1):
        raise LanguageWordsError(f"{path}: 'min_words' must be a whole number of at least 1")
    return LanguageWords(lists["english"], lists["danish"], min_words)


@lru_cache(maxsize=1)
def _words() -> LanguageWords:
    return load_words()


def _tokens(text: str) -> list[str]:
    return [w.strip(".,;:!?\"'()[]{}«»“”").lower() for w in text.split()]


def is_english(text: str, words: LanguageWords | None = None) -> bool:
    """True for an English message: enough English words, more than Danish ones, no æ, ø or å.

    A button payload ("/ask_more") is no language.
    """
    words = words or _words()
    if not text or text.lstrip().startswith("/") or any(ch in text.lower() for ch in "æøå"):
        return False
    tokens = _tokens(text)
    english = sum(t in words.english for t in tokens)
    danish = sum(t in words.danish for t in tokens)
    return english >= words.min_words and english > danish
