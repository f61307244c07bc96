"""Domain vocabulary: spaCy entity-ruler patterns and canonical entity ids.

One YAML file (data/nlp/vocabulary.yml) drives both the pipeline that finds
entities and the code that maps an entity's text to the id the rule base uses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping

import yaml

from bot.text import fold_words
from bot.yaml_reading import safe_load


class VocabularyError(ValueError):
    """The vocabulary file is malformed."""


@dataclass(frozen=True)
class Term:
    entity: str
    canonical: str
    patterns: tuple[tuple[re.Pattern[str], ...], ...]


@dataclass
class Vocabulary:
    terms: list[Term]
    lemma_overrides: dict[str, str] = field(default_factory=dict)

    @property
    def entity_names(self) -> list[str]:
        return sorted({t.entity for t in self.terms})

    def values(self, entity: str) -> set[str]:
        return {t.canonical for t in self.terms if t.entity == entity}

    def canonical(self, entity: str, text: str) -> str | None:
        """The canonical id of an entity's text, or None if no pattern fits.

        A canonical id passed back in (e.g. from a button payload) maps to itself.
        """
        if text in self.values(entity):
            return text
        words = fold_words(text)
        for term in self.terms:
            if term.entity != entity:
                continue
            for pattern in term.patterns:
                if _matches_window(pattern, words):
                    return term.canonical
        return None

    def ruler_patterns(self) -> list[dict[str, Any]]:
        """Patterns for spaCy's EntityRuler, matching on folded lemmas."""
        out = []
        for term in self.terms:
            for pattern in term.patterns:
                tokens = [{"LEMMA": {"REGEX": f"^(?:{p.pattern})$"}} for p in pattern]
                out.append({"label": term.entity, "pattern": tokens, "id": term.canonical})
        return out


def _matches_window(pattern: tuple[re.Pattern[str], ...], words: list[str]) -> bool:
    n = len(pattern)
    for start in range(0, len(words) - n + 1):
        if all(p.fullmatch(w) for p, w in zip(pattern, words[start : start + n])):
            return True
    return False


def parse_vocabulary(data: Mapping[str, Any], origin: str = "vocabulary") -> Vocabulary:
    if not isinstance(data, Mapping) or not isinstance(data.get("entities"), Mapping):
        raise VocabularyError(f"{origin}: needs a mapping 'entities'")
    terms: list[Term] = []
    for entity, values in data["entities"].items():
        if not isinstance(values, Mapping):
            raise VocabularyError(f"{origin}: entity '{entity}' needs a mapping of values")
        for canonical, patterns in values.items():
            if not isinstance(patterns, list) or not patterns:
                raise VocabularyError(f"{origin}: '{entity}.{canonical}' needs a list of patterns")
            compiled = []
            for text in patterns:
                try:
                    compiled.append(tuple(re.compile(part) for part in str(text).split()))
                except re.error as exc:
                    raise VocabularyError(f"{origin}: '{entity}.{canonical}': bad pattern {text!r}: {exc}") from exc
            terms.append(Term(str(entity), str(canonical), tuple(compiled)))
    overrides = data.get("lemma_overrides") or {}
    if not isinstance(overrides, Mapping):
        raise VocabularyError(f"{origin}: 'lemma_overrides' must be a mapping")
    return Vocabulary(terms, {str(k): str(v) for k, v in overrides.items()})


def load_vocabulary(path: Path) -> Vocabulary:
    try:
        data = safe_load(Path(path).read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise VocabularyError(f"{path}: invalid YAML: {exc}") from exc
    return parse_vocabulary(data, str(path))


def canonical_entities(vocabulary: Vocabulary, entities: Iterable[Mapping[str, Any]]) -> list[tuple[str, str]]:
    """(entity, canonical id) pairs for the entities Rasa extracted, unknown ones dropped."""
    out = []
    for ent in entities:
        name, value = ent.get("entity"), ent.get("value")
        if not isinstance(name, str) or not isinstance(value, str):
            continue
        canonical = vocabulary.canonical(name, value)
        if canonical is not None and (name, canonical) not in out:
            out.append((name, canonical))
    return out
