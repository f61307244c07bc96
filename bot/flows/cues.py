"""Cues: regular expressions searched in a folded message (the guided-advice rules' vocabulary)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable

from bot.text import fold, normalise_spaces


@dataclass(frozen=True)
class Cues:
    patterns: tuple[re.Pattern[str], ...] = ()

    def found_in(self, folded_text: str) -> bool:
        return any(p.search(folded_text) for p in self.patterns)


def prepare(text: str) -> str:
    """The form cues are matched against: folded, single-spaced."""
    return normalise_spaces(fold(text))


def compile_cues(raw: Any, where: str, problems: list[str]) -> Cues:
    """Compile a YAML list of cue regexes; problems get a message naming `where`."""
    if raw is None:
        return Cues()
    if not isinstance(raw, list) or not all(isinstance(c, str) and c for c in raw):
        problems.append(f"{where}: cues must be a list of non-empty texts")
        return Cues()
    compiled = []
    for cue in raw:
        if any(ch in cue for ch in "æøåÆØÅ") or cue != cue.lower():
            problems.append(f"{where}: cue {cue!r} must be folded (lower case, ae/oe/aa for æ/ø/å)")
            continue
        try:
            compiled.append(re.compile(cue))
        except re.error as exc:
            problems.append(f"{where}: bad cue {cue!r}: {exc}")
    return Cues(tuple(compiled))


def entity_values(entities: Iterable[tuple[str, str]], name: str) -> set[str]:
    return {value for entity, value in entities if entity == name}
