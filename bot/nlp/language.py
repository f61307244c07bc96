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

from bot import paths
from bot.settings_file import read_mapping, whole_number, word_list

WORDS_FILE = paths.ROOT / "data" / "nlp" / "english.yml"


class LanguageWordsError(ValueError):
    """The word list file is wrong; the message names the file and key."""


@dataclass(frozen=True)
class LanguageWords:
    english: frozenset[str]
    danish: frozenset[str]
    min_words: int


def load_words(path: Path = WORDS_FILE) -> LanguageWords:
    data = read_mapping(path, LanguageWordsError)
    lists = {
        key: frozenset(w.lower() for w in word_list(data, key, path, LanguageWordsError))
        for key in ("english", "danish")
    }
    overlap = lists["english"] & lists["danish"]
    if overlap:
        raise LanguageWordsError(f"{path}: in both lists: {', '.join(sorted(overlap))}")
    return LanguageWords(lists["english"], lists["danish"], whole_number(data, "min_words", path, LanguageWordsError))


@lru_cache(maxsize=1)
def _words() -> LanguageWords:
    return load_words()


def _tokens(text: str) -> list[str]:
    return [w.strip(".,;:!?\"'()[]{}«»“”").lower() for w in text.split()]


def is_english(text: str, words: LanguageWords | None = None) -> bool:
    """True for an English message: enough English words, and more of them than Danish ones.

    A word with æ, ø or å counts as Danish: "what are the five ledetråde?" is English with a Danish
    term in it, "What er samskabelse?" is not English. A button payload ("/ask_more") is no language.
    """
    words = words or _words()
    if not text or text.lstrip().startswith("/"):
        return False
    tokens = _tokens(text)
    english = sum(t in words.english for t in tokens)
    danish = sum(t in words.danish or any(ch in t for ch in "æøå") for t in tokens)
    return english >= words.min_words and english > danish
