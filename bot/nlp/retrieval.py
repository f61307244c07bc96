"""Ranking the rule base's passages for a question: the encoder's meaning and BM25 over lemmas, together.

The encoder (multilingual-e5) finds passages that say the same thing in
other words; BM25 over lemmas finds the rare names a leader types ("Fyr dit
Fyr", "Naturlandet", "konvener") that the encoder blurs. The score is the
cosine plus a weighted, normalised BM25. This module knows nothing of Rasa
or spaCy: it takes lemmas and vectors (featurizers/passage_retrieval.py
feeds it inside the NLU pipeline) and is tested on its own.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from typing import Callable, Iterable, Sequence

import numpy as np

BM25_K1 = 1.2
BM25_B = 0.75


@dataclass(frozen=True)
class Hit:
    passage_id: str
    score: float
    dense: float
    lexical: float

    def as_dict(self) -> dict[str, float | str]:
        return {
            "id": self.passage_id,
            "score": round(self.score, 4),
            "dense": round(self.dense, 4),
            "lexical": round(self.lexical, 4),
        }


def content_terms(lemmas: Iterable[str], stop_words: frozenset[str]) -> list[str]:
    """Lower-cased lemmas without stop words, punctuation and numbers alone."""
    terms = []
    for lemma in lemmas:
        term = lemma.lower().strip()
        if term and term not in stop_words and any(c.isalpha() for c in term):
            terms.append(term)
    return terms


class Bm25:
    """Okapi BM25 over term lists, normalised per query to 0..1 (1: every query term at saturation)."""

    def __init__(self, documents: Sequence[Sequence[str]]) -> None:
        self.counts = [Counter(doc) for doc in documents]
        self.lengths = np.array([len(doc) for doc in documents], dtype=np.float32)
        self.average = float(self.lengths.mean()) if len(documents) else 0.0
        frequency: Counter = Counter()
        for counts in self.counts:
            frequency.update(counts.keys())
        n = len(documents)
        self.idf = {term: math.log(1 + (n - df + 0.5) / (df + 0.5)) for term, df in frequency.items()}

    def scores(self, query: Sequence[str]) -> np.ndarray:
        terms = [t for t in dict.fromkeys(query) if t in self.idf]
        result = np.zeros(len(self.counts), dtype=np.float32)
        if not terms or not self.average:
            return result
        norm = self.lengths / self.average
        for term in terms:
            tf = np.array([counts.get(term, 0) for counts in self.counts], dtype=np.float32)
            result += self.idf[term] * tf * (BM25_K1 + 1) / (tf + BM25_K1 * (1 - BM25_B + BM25_B * norm))
        best_possible = sum(self.idf[t] for t in terms) * (BM25_K1 + 1)
        # Terms the rule base never uses count against the query as well: a question of mostly
        # unknown words is not close to anything, however well its one known word matches.
        unknown = len([t for t in dict.fromkeys(query) if t not in self.idf])
        best_possible += unknown * max(self.idf.values()) * (BM25_K1 + 1) * 0.5
        return result / best_possible


class PassageIndex:
    """Passages with their terms and unit-length vectors; ranks them for one question."""

    def __init__(
        self, ids: Sequence[str], terms: Sequence[Sequence[str]], vectors: np.ndarray, lexical_weight: float
    ) -> None:
        if len(ids) != len(terms) or len(ids) != len(vectors):
            raise ValueError("ids, terms and vectors must have one row per passage")
        self.ids = list(ids)
        self.bm25 = Bm25(terms)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        self.vectors = (vectors / np.where(norms == 0, 1, norms)).astype(np.float32)
        self.lexical_weight = lexical_weight

    def rank(
        self,
        query_terms: Sequence[str],
        query_vector: np.ndarray,
        top: int = 5,
        whole_of: Callable[[str], str] | None = None,
    ) -> list[Hit]:
        """The `top` best passages, best first.

        With `whole_of` (passage id -> id of its whole entry), the whole entry of every part among
        them follows, wherever it ranks: whether a part answers better than its entry can only be
        judged beside the entry's own score.
        """
        if not self.ids:
            return []
        vector = np.asarray(query_vector, dtype=np.float32)
        vector = vector / (np.linalg.norm(vector) or 1.0)
        dense = self.vectors @ vector
        lexical = self.bm25.scores(query_terms)
        score = dense + self.lexical_weight * lexical
        order = list(np.argsort(-score, kind="stable")[:top])
        if whole_of is not None:
            position = {pid: i for i, pid in enumerate(self.ids)}
            chosen = {self.ids[i] for i in order}
            wholes = dict.fromkeys(whole_of(self.ids[i]) for i in order)
            order += [position[w] for w in wholes if w in position and w not in chosen]
        return [Hit(self.ids[i], float(score[i]), float(dense[i]), float(lexical[i])) for i in order]
