"""Which passage answers a question: the routed entry, a narrower part of it, or another entry's passage.

The intent picks a whole entry; the NLU also ranks every passage
(bot/nlp/retrieval.py). A question that asks for one detail ("Hvilken kommune
stod bag Fyr dit Fyr?") gets the list item that holds it, not the list; a
question the intent is unsure of gets the passage that is close to it; and
when nothing is close the caller says so. The numbers live in
data/nlp/retrieval.yml; no Rasa here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

from bot import paths
from bot.names import Intents
from bot.passages import ENTRY, ITEM, Passage, entry_id_of
from bot.settings_file import read_mapping

SETTINGS_FILE = paths.ROOT / "data" / "nlp" / "retrieval.yml"
PARSE_KEY = "retrieval"  # where the NLU puts the ranked passages in its parse data


class RetrievalSettingsError(ValueError):
    """The settings file is wrong; the message names the file and key."""


@dataclass(frozen=True)
class RetrievalSettings:
    lexical_weight: float
    top: int
    close: float
    fallback_margin: float
    min_query_terms: int
    weak_flows: frozenset[str]
    weak_flow_confidence: float
    weak_offtopic_confidence: float
    far: float
    narrow_margin: float
    distinct_margin: float
    min_list_items: int
    switch_margin: float
    unsure_confidence: float
    backing_guesses: int
    min_item_words: int


def load_settings(path: Path = SETTINGS_FILE) -> RetrievalSettings:
    data = read_mapping(path, RetrievalSettingsError)
    values: dict[str, Any] = {}
    for name, kind in RetrievalSettings.__annotations__.items():
        value = data.get(name)
        if kind == "frozenset[str]":
            if not (isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value)):
                raise RetrievalSettingsError(f"{path}: '{name}' must be a list of intent names")
            values[name] = frozenset(v.strip() for v in value)
            continue
        if kind == "int":
            ok = isinstance(value, int) and not isinstance(value, bool) and value >= 1
        else:
            ok = isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value <= 2
        if not ok:
            wanted = "a whole number of at least 1" if kind == "int" else "a number from 0 to 2"
            raise RetrievalSettingsError(f"{path}: '{name}' must be {wanted}")
        values[name] = value
    unknown = sorted(set(data) - set(values))
    if unknown:
        raise RetrievalSettingsError(f"{path}: unknown setting(s) {', '.join(unknown)}")
    settings = RetrievalSettings(**values)
    if settings.far > settings.close:
        raise RetrievalSettingsError(f"{path}: 'far' must not be above 'close'")
    return settings


@dataclass(frozen=True)
class Scored:
    passage: Passage
    score: float


def answers_instead(
    intent: str,
    confidence: float,
    ranked: Sequence[tuple[str, float]],
    settings: RetrievalSettings,
    terms: int | None = None,
    guessed: frozenset[str] = frozenset(),
) -> str | None:
    """The passage that answers an unclear message or a weak guess at a flow, if one is close; else None.

    `guessed` holds the entries of the intent classifier's best guesses (backing_guesses of them):
    see close_passage.
    """
    unclear = intent == Intents.FALLBACK
    weak_flow = intent in settings.weak_flows and confidence < settings.weak_flow_confidence
    return close_passage(ranked, settings, terms, guessed) if unclear or weak_flow else None


def weak_rejection(
    intent: str, confidence: float, ranked: Sequence[tuple[str, float]], settings: RetrievalSettings
) -> bool:
    """A weak guess that the message is off-topic while a passage of the rule base is close to it.

    "hvad er de fem?" sounds like the five ledetråde, the five tasks and the five steps at once; a
    classifier that half-thinks it off-topic should not turn the leader away: the message is unclear
    ("Mente du …?"), not off-topic. A real off-topic request is far from every passage.
    """
    return (
        intent == Intents.OUT_OF_SCOPE
        and confidence < settings.weak_offtopic_confidence
        and bool(ranked)
        and ranked[0][1] >= settings.close
    )


def scored_passages(hits: Iterable[Mapping[str, Any]], passages: Mapping[str, Passage]) -> list[Scored]:
    """The NLU's ranked hits that name a passage of this rule base (a model trained on other content may not)."""
    found = []
    for hit in hits:
        pid, score = hit.get("id"), hit.get("score")
        if isinstance(pid, str) and pid in passages and isinstance(score, (int, float)):
            found.append(Scored(passages[pid], float(score)))
    return sorted(found, key=lambda s: -s.score)


def close_passage(
    ranked: Sequence[tuple[str, float]],
    settings: RetrievalSettings,
    terms: int | None = None,
    guessed: frozenset[str] = frozenset(),
) -> str | None:
    """For an unclear message: the best passage id if it is close and clearly ahead of other entries.

    `ranked` is (passage id, score), best first. "hvad er de fem?" is near the five ledetråde, the
    leader's five tasks and the five steps alike: no single entry is clearly meant, so None.
    `terms`, the number of content words in the message, must reach min_query_terms when given:
    a message that says one word ("fem") has not said enough to be answered on a guess.
    Two independent readings that agree need no margin: when the best passage's entry is among
    `guessed` (the entries of the intent classifier's best guesses, though none was sure enough),
    the passage answers even if another entry's passage is nearly as close.
    """
    if not ranked or ranked[0][1] < settings.close:
        return None
    if terms is not None and terms < settings.min_query_terms:
        return None
    best_id, best_score = ranked[0]
    entry = entry_id_of(best_id)
    other = next((score for pid, score in ranked[1:] if entry_id_of(pid) != entry), None)
    if other is not None and best_score < other + settings.fallback_margin and entry not in guessed:
        return None
    return best_id


def nothing_close(scored: list[Scored], settings: RetrievalSettings) -> bool:
    return not scored or scored[0].score < settings.far


def _whole(entry_id: str) -> Passage:
    return Passage(entry_id, entry_id, ENTRY, "")


def _item_words(passage: Passage) -> int:
    return len([w for w in passage.text.split() if any(ch.isalnum() for ch in w)]) - (
        1 if passage.text[:1].isdigit() else 0
    )


def _at_depth(passage: Passage, settings: RetrievalSettings) -> Passage:
    """The passage, or its whole entry when it is one item of a short list or an item too short to stand alone.

    "• foreninger" alone answers nothing: it is found by its entry's title and lead, like the whole list.
    """
    if passage.kind == ITEM and (
        passage.list_size < settings.min_list_items or _item_words(passage) < settings.min_item_words
    ):
        return _whole(passage.entry_id)
    return passage


def _overlapping(a: Passage, b: Passage) -> bool:
    return a.text in b.text or b.text in a.text


def narrowest(scored: list[Scored], entry_id: str, settings: RetrievalSettings) -> Passage | None:
    """The one part of the entry that answers the question, or None when the whole entry should.

    The same test wherever the entry came from (the intent, an unclear message, a switch to
    another entry): a part must be near the question, stand out from the entry's other parts
    (a question about the whole list scores every item about the same) and from the whole entry.
    """
    own = [s for s in scored if s.passage.entry_id == entry_id]
    if not own:
        return None
    own_whole = next((s.score for s in own if not s.passage.is_part), None)
    top_own = own[0]
    # Narrowing needs a part that is near the question: when nothing is (an English question, a
    # question the rule base hardly covers), the scores of the parts are noise and the whole entry is safer.
    if not top_own.passage.is_part or top_own.score < settings.far:
        return None
    if _at_depth(top_own.passage, settings) is not top_own.passage:
        return None
    # A "more" part that holds the item (or the item that holds the part) is no rival: it says the same.
    runner_up = next(
        (s.score for s in own[1:] if s.passage.is_part and not _overlapping(s.passage, top_own.passage)), None
    )
    distinct = runner_up is None or top_own.score >= runner_up + settings.distinct_margin
    above_whole = own_whole is None or top_own.score >= own_whole + settings.narrow_margin
    return top_own.passage if distinct and above_whole else None


def choose(
    scored: list[Scored], routed_entry: str | None, confidence: float, settings: RetrievalSettings
) -> Passage | None:
    """The passage to answer with instead of the routed entry's whole text; None keeps the entry.

    Without a routed entry (an unclear message) the entry of the best passage answers if that is
    close; with one, another entry's passage answers when it is clearly nearer or the intent unsure.
    Either way the depth inside the entry is then chosen as for the routed entry (_narrowest).
    """
    if not scored:
        return None
    best = scored[0]
    if routed_entry is None:
        found = close_passage([(s.passage.id, s.score) for s in scored], settings)
        return (narrowest(scored, best.passage.entry_id, settings) or _whole(best.passage.entry_id)) if found else None
    if best.passage.entry_id != routed_entry:
        own_best = next((s.score for s in scored if s.passage.entry_id == routed_entry), None)
        unsure = confidence < settings.unsure_confidence and best.score >= settings.close
        clearly_better = own_best is None or best.score >= own_best + settings.switch_margin
        if unsure or (clearly_better and best.score >= settings.close):
            return narrowest(scored, best.passage.entry_id, settings) or _whole(best.passage.entry_id)
    return narrowest(scored, routed_entry, settings)
