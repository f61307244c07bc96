"""Whether a case names an actor outside the public sector: the words a "ja" on the first criterion rests on.

Co-creation needs both public and private actors (Torfing 2017: citizens,
users, relatives, volunteers, associations, businesses). The sentence encoder
reads "nabokommunen og regionen", "ungdomsskolen og kulturskolen" or "kun
vores egne medarbejdere" as close to a partnership, and the case reader then
says "ja" to a case that names no one outside the public sector. A "ja" the
text can't carry is not settled by it: the assessment asks instead
(bot/flows/assessment.py, `needs_named_partner`). The words that name such actors
and the negations that take a mention back ("foreningerne er ikke spurgt",
"hverken borgere eller foreninger") are content, in data/nlp/case_reading.yml.
No Rasa here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Mapping

from bot.text import fold

_SENTENCE = re.compile(r"[.!?;:()–]+|\s-\s")


@dataclass(frozen=True)
class Partners:
    actors: re.Pattern[str]
    negated_before: re.Pattern[str]  # searched in the sentence up to a mention
    negated_after: re.Pattern[str]  # matched from the mention on

    def named(self, text: str) -> bool:
        """Some sentence names an actor outside the public sector without a negation taking it back."""
        for sentence in _SENTENCE.split(fold(text).lower()):
            for found in self.actors.finditer(sentence):
                if self.negated_before.search(sentence[: found.start()]):
                    continue
                if self.negated_after.match(sentence[found.start() :]):
                    continue
                return True
        return False


def load_partners(data: Mapping[str, Any] | None, path: Path, error: Callable[[str], Exception]) -> Partners | None:
    """The `partners` block of the reading settings; None when there is none (every case then names one)."""
    if data is None:
        return None
    if not isinstance(data, Mapping):
        raise error(f"{path}: 'partners' must be a mapping with actors, negated_before and negated_after")
    actors = data.get("actors")
    if not (isinstance(actors, list) and actors and all(isinstance(a, str) and a for a in actors)):
        raise error(f"{path}: 'partners.actors' must be a non-empty list of patterns")
    compiled = [_pattern(f"(?:{'|'.join(actors)})", "actors", path, error)]
    for key in ("negated_before", "negated_after"):
        compiled.append(_pattern(data.get(key), key, path, error))
    return Partners(*compiled)


def _pattern(value: Any, key: str, path: Path, error: Callable[[str], Exception]) -> re.Pattern[str]:
    if not isinstance(value, str) or not value:
        raise error(f"{path}: 'partners.{key}' must be a pattern")
    letters = re.sub(r"\\.", "", value)  # escapes such as \W are not words
    if letters != letters.lower() or any(ch in letters for ch in "æøå"):
        raise error(f"{path}: 'partners.{key}' must be folded (lower case, ae/oe/aa)")
    try:
        return re.compile(value)
    except re.error as exc:
        raise error(f"{path}: 'partners.{key}': {exc}") from exc
