"""Whether a case says in so many words that a criterion is not met, beside what the reader makes of the whole.

"… har sammen defineret problemet og lavet løsningen sammen. Men det er kommunen, der har det sidste ord":
everything before it reads like co-creation, and the case as a whole reads like it too, yet the partners are
not equal (Torfing 2017: equal partners, mutually dependent, not one side deciding). Likewise "men anlæg og
drift står kommunen for alene": the solution was not carried out together. The sentence that says so is the
case's own words for that criterion, as with a problem set alone (bot/cases/problem_owner.py). A negation
before it takes it back ("det er ikke forvaltningen, der har det sidste ord", "uden at nogen part har sidste
ord"), and so do words in its clause that share it out ("alle parter har vetoret", "på lige fod med os").
The words, per criterion, live in data/nlp/case_reading.yml (`said_not_met`).

The same kind of words say that the leader does not know whether a criterion is met ("jeg er i tvivl om,
borgerne føler sig som ligeværdige partnere", "hvem der skal drive det, er ikke afklaret"): `said_unknown`
in the same file. Such a line is unknown in the case's own words, neither "ja" nor "nej", and asking the
leader about it again tells them nothing new (bot/flows/assessment.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Mapping

from bot.cases.problem_owner import NOT_FOLDED
from bot.text import fold

_KEYS = ("said", "negated_before", "shared")
# Read clause by clause: "Designet lavede vi sammen med borgerne, men anlæg og drift står kommunen for alene".
_CLAUSE = re.compile(r"[.!?;]+|\s[–-]\s|,\s+(?=(?:men|mens|så|saa|og så|og saa)\b)", re.IGNORECASE)


@dataclass(frozen=True)
class SaidNotMet:
    said: re.Pattern[str]  # the criterion not met ("har det sidste ord", "står kommunen for alene")
    negated_before: re.Pattern[str]  # searched before it: "det er ikke os, der har …", "uden at nogen part …"
    shared: re.Pattern[str] | None  # searched in its clause: what is said is everyone's ("alle parter", "sammen")

    def sentence(self, text: str) -> str | None:
        """The first clause saying so, as written; None if none does."""
        for written in _CLAUSE.split(text):
            folded = " ".join(fold(written).lower().split())
            found = self.said.search(folded)
            if found and not self.negated_before.search(folded[: found.start()]) and not self._shared(folded):
                return " ".join(written.split())
        return None

    def _shared(self, folded: str) -> bool:
        return self.shared is not None and bool(self.shared.search(folded))


def load_said_not_met(
    data: Mapping[str, Any] | None, path: Path, error: Callable[[str], Exception], block: str = "said_not_met"
) -> dict[str, SaidNotMet]:
    """A block of the reading settings (`said_not_met`, `said_unknown`), criterion id → its words; empty when
    there is none."""
    if data is None:
        return {}
    if not isinstance(data, Mapping):
        raise error(f"{path}: '{block}' must map criterion ids to their words")
    return {str(criterion): _load_one(words, f"{block}.{criterion}", path, error) for criterion, words in data.items()}


def _load_one(data: Any, key: str, path: Path, error: Callable[[str], Exception]) -> SaidNotMet:
    said = data.get("said") if isinstance(data, Mapping) else None
    if (
        not isinstance(said, list)
        or not said
        or not all(isinstance(s, str) and s for s in said)
        or not isinstance(data.get("negated_before"), str)
        or not data["negated_before"]
        or ("shared" in data and (not isinstance(data["shared"], str) or not data["shared"]))
    ):
        raise error(
            f"{path}: '{key}' must be a mapping with 'said' (a list of patterns), 'negated_before' and, if any, "
            "'shared'"
        )
    public = data.get("public", "")  # what <public> in `said` stands for, when it is used
    if "<public>" in "".join(said) and not (isinstance(public, str) and public):
        raise error(f"{path}: '{key}.said' uses <public>, so '{key}.public' must be a pattern")
    said = [s.replace("<public>", public) for s in said]
    sources = {"said": "|".join(f"(?:{s})" for s in said), **{part: data[part] for part in _KEYS[1:] if part in data}}
    compiled: dict[str, re.Pattern[str] | None] = {"shared": None}
    for part in sources:
        if NOT_FOLDED.search(sources[part]):
            raise error(f"{path}: '{key}.{part}' must be folded (lower case, ae/oe/aa)")
        try:
            compiled[part] = re.compile(sources[part])
        except re.error as exc:
            raise error(f"{path}: '{key}.{part}': {exc}") from exc
    return SaidNotMet(*(compiled[part] for part in _KEYS))
