"""Whether a case says that one side holds the power in the partnership: the last word, a veto of its own, the
only vote.

"… har sammen defineret problemet og lavet løsningen sammen. Men det er kommunen, der har det sidste ord":
everything before it reads like co-creation, and the case as a whole reads like it too, yet the partners are
not equal (Torfing 2017: equal partners, mutually dependent, not one side deciding). The sentence that says
so is the case's own words for that criterion, as with a problem set alone (bot/cases/problem_owner.py).
A negation before it takes it back ("det er ikke forvaltningen, der har det sidste ord", "uden at nogen part
har sidste ord"), and so does power held by all alike ("alle parter har vetoret", "de unge har vetoret på
lige fod med os"). The words live in data/nlp/case_reading.yml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Mapping

from bot.cases.problem_owner import NOT_FOLDED, SENTENCE
from bot.text import fold

_KEYS = ("said", "negated_before", "shared")


@dataclass(frozen=True)
class OneSideDecides:
    said: re.Pattern[str]  # one side holding the power ("har det sidste ord", "kun kommunen har stemmeret")
    negated_before: re.Pattern[str]  # searched before it: "det er ikke os, der har …", "uden at nogen part …"
    shared: re.Pattern[str]  # searched in its sentence: power held by all alike ("alle parter", "på lige fod")

    def sentence(self, text: str) -> str | None:
        """The first sentence saying that one side holds the power, as written; None if none does."""
        for written in SENTENCE.split(text):
            folded = " ".join(fold(written).lower().split())
            found = self.said.search(folded)
            if found and not self.negated_before.search(folded[: found.start()]) and not self.shared.search(folded):
                return " ".join(written.split())
        return None


def load_one_side_decides(
    data: Mapping[str, Any] | None, path: Path, error: Callable[[str], Exception]
) -> OneSideDecides | None:
    """The `one_side_decides` block of the reading settings; None when there is none (no case is read so)."""
    if data is None:
        return None
    said = data.get("said") if isinstance(data, Mapping) else None
    if (
        not isinstance(said, list)
        or not said
        or not all(isinstance(s, str) and s for s in said)
        or any(not isinstance(data.get(key), str) or not data[key] for key in _KEYS[1:])
    ):
        raise error(
            f"{path}: 'one_side_decides' must be a mapping with 'said' (a list of patterns), 'negated_before' and "
            "'shared'"
        )
    sources = {"said": "|".join(f"(?:{s})" for s in said), **{key: data[key] for key in _KEYS[1:]}}
    compiled = {}
    for key in _KEYS:
        if NOT_FOLDED.search(sources[key]):
            raise error(f"{path}: 'one_side_decides.{key}' must be folded (lower case, ae/oe/aa)")
        try:
            compiled[key] = re.compile(sources[key])
        except re.error as exc:
            raise error(f"{path}: 'one_side_decides.{key}': {exc}") from exc
    return OneSideDecides(*(compiled[key] for key in _KEYS))
