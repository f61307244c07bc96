"""'Hvilken ledelsesform passer?': recommend leadership forms from the leader's situation.

Rules in data/knowledge/guided/recommendation.yml: each form lists the actors
and purposes (entity values) and cues that point to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from bot.flows.cues import Cues, compile_cues, entity_values, prepare
from bot.knowledge import KnowledgeBase, Problem
from bot.vocabulary import Vocabulary

STRONG = 2


@dataclass(frozen=True)
class LeadershipForm:
    id: str
    entry: str
    extra_entry: str | None
    actors: tuple[str, ...]
    purposes: tuple[str, ...]
    cues: Cues
    reason: str


@dataclass(frozen=True)
class Option:
    title: str
    entity: str
    value: str


@dataclass(frozen=True)
class Question:
    key: str
    text: str
    options: tuple[Option, ...]


@dataclass
class RecommendationRules:
    source: str
    forms: list[LeadershipForm]
    questions: dict[str, Question]
    texts: dict[str, str]


@dataclass
class Recommendation:
    """Either the fitting forms (best first) or the question to ask next."""

    forms: list[LeadershipForm]
    question: Question | None


def signals(text: str, entities: list[tuple[str, str]]) -> dict[str, list[str]]:
    """What the message says about actors and purpose, as entity values plus the raw text."""
    return {
        "aktoer": sorted(entity_values(entities, "aktoer")),
        "formaal": sorted(entity_values(entities, "formaal")),
        "text": [text] if text and not text.startswith("/") else [],
    }


def merge(old: Mapping[str, list[str]] | None, new: Mapping[str, list[str]]) -> dict[str, list[str]]:
    old = old or {}
    return {
        key: sorted(set(old.get(key, [])) | set(new.get(key, [])))
        if key != "text"
        else list(old.get(key, [])) + list(new.get(key, []))
        for key in ("aktoer", "formaal", "text")
    }


def recommend(rules: RecommendationRules, known: Mapping[str, list[str]]) -> Recommendation:
    folded = prepare(" ".join(known.get("text", [])))
    actors, purposes = set(known.get("aktoer", [])), set(known.get("formaal", []))
    scores = []
    for form in rules.forms:
        actor_hit = bool(actors & set(form.actors))
        purpose_hit = bool(purposes & set(form.purposes))
        cue_hit = form.cues.found_in(folded)
        scores.append((2 * purpose_hit + actor_hit + cue_hit, form))
    best = max(score for score, _ in scores)
    if best == 0:
        return Recommendation([], rules.questions["actors"])
    # Every form with a clear signal (a purpose, or an actor plus a cue) applies;
    # otherwise the best ones, unless that leaves more than two to choose from.
    ranked = sorted(scores, key=lambda pair: -pair[0])
    strong = [form for score, form in ranked if score >= STRONG]
    top = strong or [form for score, form in ranked if score == best]
    if len(top) > 2 and not purposes:
        return Recommendation([], rules.questions["purpose"])
    return Recommendation(top[:2], None)


def parse_recommendation(
    data: Any, label: str, kb: KnowledgeBase, vocabulary: Vocabulary, problems: list[Problem]
) -> RecommendationRules | None:
    msgs: list[str] = []

    def bad(key: str | None, message: str) -> None:
        problems.append(Problem(label, key, message))

    if not isinstance(data, Mapping):
        bad(None, "needs a mapping with forms and questions")
        return None
    if data.get("source") not in kb.sources:
        bad("source", f"unknown source '{data.get('source')}'")
    forms = []
    for item in data.get("forms") or []:
        fid = str(item.get("id") or "")
        for key in ("entry", "extra_entry"):
            if item.get(key) is not None and item[key] not in kb.entries:
                bad(fid, f"unknown {key} '{item[key]}'")
        for value in item.get("actors") or []:
            if value not in vocabulary.values("aktoer"):
                bad(fid, f"unknown aktoer '{value}'")
        for value in item.get("purposes") or []:
            if value not in vocabulary.values("formaal"):
                bad(fid, f"unknown formaal '{value}'")
        if not item.get("reason"):
            bad(fid, "missing reason")
        forms.append(
            LeadershipForm(
                fid,
                str(item.get("entry")),
                item.get("extra_entry"),
                tuple(item.get("actors") or []),
                tuple(item.get("purposes") or []),
                compile_cues(item.get("cues"), f"form {fid}", msgs),
                str(item.get("reason") or ""),
            )
        )
    if not forms:
        bad("forms", "needs at least one form")
    questions = {}
    for key in ("actors", "purpose"):
        spec = (data.get("questions") or {}).get(key) or {}
        options = []
        for opt in spec.get("options") or []:
            if opt.get("value") not in vocabulary.values(str(opt.get("entity"))):
                bad(f"questions.{key}", f"unknown value '{opt.get('value')}' for entity '{opt.get('entity')}'")
            options.append(Option(str(opt.get("title")), str(opt.get("entity")), str(opt.get("value"))))
        if not spec.get("text") or not options:
            bad(f"questions.{key}", "needs a text and options")
        questions[key] = Question(key, str(spec.get("text") or ""), tuple(options))
    texts = {str(k): str(v).strip() for k, v in (data.get("texts") or {}).items()}
    for key in ("start", "one", "two", "why"):
        if not texts.get(key):
            bad("texts", f"missing text '{key}'")
    for message in msgs:
        bad(None, message)
    return RecommendationRules(str(data.get("source")), forms, questions, texts)
