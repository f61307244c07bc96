"""Items named by their place: "råd nr. 5", "det øverste trin", "den sidste ledetråd".

The encoder and BM25 can't count: every item of a list looks alike to a
question about "the fifth". When the question names a place and the answered
entry's own text holds a list that long, the reply is that item. The words
are data (data/nlp/ordinals.yml). No Rasa here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Sequence

from bot import paths
from bot.passages import Passage
from bot.settings_file import read_mapping, word_list
from bot.text import fold

WORDS_FILE = paths.ROOT / "data" / "nlp" / "ordinals.yml"


class OrdinalWordsError(ValueError):
    """The settings file is wrong; the message names the file and key."""


@dataclass(frozen=True)
class OrdinalWords:
    places: dict[str, int]
    number_words: frozenset[str]


def load_words(path: Path = WORDS_FILE) -> OrdinalWords:
    data = read_mapping(path, OrdinalWordsError)
    places = data.get("places")
    if not (
        isinstance(places, dict)
        and places
        and all(
            isinstance(k, str) and isinstance(v, int) and not isinstance(v, bool) and v != 0 for k, v in places.items()
        )
    ):
        raise OrdinalWordsError(f"{path}: 'places' must map words to a place (1, 2, … or -1 for the last)")
    numbers = word_list(data, "number_words", path, OrdinalWordsError)
    return OrdinalWords({fold(k): v for k, v in places.items()}, frozenset(fold(w) for w in numbers))


@lru_cache(maxsize=1)
def _default_words() -> OrdinalWords:
    return load_words()


def named_place(text: str, words: OrdinalWords | None = None) -> int | None:
    """The place a question names (1-based; -1 the last), or None."""
    words = words or _default_words()
    tokens = re.findall(r"\w+", fold(text or ""))
    for i, token in enumerate(tokens):
        if token in words.places:
            return words.places[token]
        if token.isdigit() and 0 < int(token) < 100 and i > 0 and tokens[i - 1] in words.number_words:
            return int(token)
    return None


def item_at(place: int | None, items: Sequence[Passage]) -> Passage | None:
    """The item at that place of the list, if the list is that long."""
    if place is None or not items:
        return None
    if place == -1:
        return items[-1]
    return items[place - 1] if 0 < place <= len(items) else None
