"""'Hvor er vi i processen?': place a described situation in the phase model."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from bot.flows.cues import Cues, compile_cues, entity_values, prepare
from bot.knowledge import KnowledgeBase, Problem
from bot.vocabulary import Vocabulary


@dataclass(frozen=True)
class Phase:
    id: str
    entry: str
    title: str
    cues: Cues


@dataclass
class PhaseRules:
    source: str
    phases: list[Phase]
    texts: dict[str, str]


def find_phase(rules: PhaseRules, text: str, entities: list[tuple[str, str]] = ()) -> Phase | None:
    """The phase named (entity) or described (cues); None when it is unclear."""
    named = entity_values(entities, "fase")
    for phase in rules.phases:
        if phase.id in named:
            return phase
    folded = prepare(text)
    hits = [phase for phase in rules.phases if phase.cues.found_in(folded)]
    return hits[0] if len(hits) == 1 else None


def parse_phases(
    data: Any, label: str, kb: KnowledgeBase, vocabulary: Vocabulary, problems: list[Problem]
) -> PhaseRules | None:
    msgs: list[str] = []
    if not isinstance(data, Mapping):
        problems.append(Problem(label, None, "needs a mapping with phases"))
        return None
    if data.get("source") not in kb.sources:
        problems.append(Problem(label, "source", f"unknown source '{data.get('source')}'"))
    phases = []
    for item in data.get("phases") or []:
        pid = str(item.get("id") or "")
        if pid not in vocabulary.values("fase"):
            problems.append(Problem(label, pid, "phase id must be a 'fase' value in the vocabulary"))
        if item.get("entry") not in kb.entries:
            problems.append(Problem(label, pid, f"unknown entry '{item.get('entry')}'"))
        phases.append(
            Phase(
                pid,
                str(item.get("entry")),
                str(item.get("title") or pid),
                compile_cues(item.get("cues"), f"phase {pid}", msgs),
            )
        )
    texts = {str(k): str(v).strip() for k, v in (data.get("texts") or {}).items()}
    for key in ("found", "ask"):
        if not texts.get(key):
            problems.append(Problem(label, "texts", f"missing text '{key}'"))
    problems.extend(Problem(label, None, m) for m in msgs)
    return PhaseRules(str(data.get("source")), phases, texts)
