"""Which phase a clause of a case is about, and whether that phase was done together or alone.

A leader often writes one phase done alone and the other together: "Byrådet
vedtog problemet … Løsningen har vi lavet sammen med beboerne". The case
reader's features take each statement group's best clause over the whole case,
so "sammen" in the solution clause also pulled the problem criterion to ✓.
Here two small clause classifiers are fitted on the labelled statements of the
two phase criteria (data/cases/statements.yml): one says whether a clause is
about the problem, the solution or neither, the other whether what it
describes was done together, alone or is unknown. The case reader gets, per
case, the best clause for each of "problem together", "problem alone",
"solution together" and "solution alone" (bot/cases/reading.py).

Both read the clause's embedding and its wording (bot/cases/char_ngrams.py): the
embedding alone placed "Byrådet vedtog, at problemet er …" with neither phase.
Fitting needs scikit-learn; reading needs numpy only. No Rasa here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping, Sequence

import numpy as np

from bot.cases.char_ngrams import Negation, NgramWeights
from bot.cases.linear_heads import LinearHead, fit_head

# Criterion id → the phase its statements are about.
PHASE_CRITERIA = {"define_together": "problem", "design_implement_together": "solution"}
NEITHER = "ingen"
# The columns the case reader gets, in this order: (phase, how it was done).
COLUMNS = (("problem", "ja"), ("problem", "nej"), ("solution", "ja"), ("solution", "nej"))
FIT_ITERATIONS = 5000
PREFIX = "phase:"


@dataclass
class PhaseReader:
    phase: LinearHead
    together: LinearHead
    ngram_weights: NgramWeights
    lexical_weight: float

    @classmethod
    def fit(
        cls,
        owners: Sequence[tuple[str, str]],
        texts: Sequence[str],
        vectors: np.ndarray,
        regularisation: float,
        lexical_weight: float,
        negation: Negation | None = None,
    ) -> PhaseReader | None:
        """Fit on the statements: `owners` gives each statement's (criterion or "pattern", value). None when the
        statements don't hold both phase criteria (a reader fitted on part of the criteria, as in tests)."""
        if not set(PHASE_CRITERIA) <= {owner for owner, _ in owners}:
            return None
        ngram_weights = NgramWeights.fit(list(texts), negation)
        features = _clause_features(vectors, texts, ngram_weights, lexical_weight)
        phases = [PHASE_CRITERIA.get(owner, NEITHER) for owner, _ in owners]
        in_phase = [i for i, (owner, _) in enumerate(owners) if owner in PHASE_CRITERIA]
        return cls(
            fit_head(features, phases, regularisation, FIT_ITERATIONS),
            fit_head(features[in_phase], [owners[i][1] for i in in_phase], regularisation, FIT_ITERATIONS),
            ngram_weights,
            lexical_weight,
        )

    def columns(self, vectors: np.ndarray, clauses: Sequence[str]) -> np.ndarray:
        """clauses × 4 (COLUMNS): P(about that phase) × P(done that way) for each clause."""
        features = _clause_features(vectors, clauses, self.ngram_weights, self.lexical_weight)
        phase, together = self.phase.probabilities(features), self.together.probabilities(features)
        return np.stack(
            [self.phase.column(phase, which) * self.together.column(together, how) for which, how in COLUMNS], axis=1
        ).astype(np.float32)

    # -- storage: beside the case reader's own arrays ----------------------------
    def arrays(self) -> dict[str, np.ndarray]:
        return {
            f"{PREFIX}{name}.{part}": value
            for name, head in (("phase", self.phase), ("together", self.together))
            for part, value in (("weights", head.weights), ("biases", head.biases))
        } | {f"{PREFIX}ngram_idf": self.ngram_weights.idf}

    def meta(self) -> dict[str, Any]:
        return {
            "phase": self.phase.classes,
            "together": self.together.classes,
            "lexical_weight": self.lexical_weight,
            "ngrams": sorted(self.ngram_weights.vocabulary, key=self.ngram_weights.vocabulary.get),
        }

    @classmethod
    def restore(
        cls, meta: Mapping[str, Any], arrays: Mapping[str, np.ndarray], negation: Negation | None = None
    ) -> PhaseReader:
        def head(name: str) -> LinearHead:
            return LinearHead(list(meta[name]), arrays[f"{PREFIX}{name}.weights"], arrays[f"{PREFIX}{name}.biases"])

        vocabulary = {gram: i for i, gram in enumerate(meta["ngrams"])}
        weights = NgramWeights(vocabulary, arrays[f"{PREFIX}ngram_idf"], negation)
        return cls(head("phase"), head("together"), weights, float(meta["lexical_weight"]))


def _clause_features(
    vectors: np.ndarray, clauses: Sequence[str], ngram_weights: NgramWeights, lexical_weight: float
) -> np.ndarray:
    """clauses × features: the embedding, then the weighted wording."""
    return np.hstack([vectors, lexical_weight * ngram_weights.transform(list(clauses))]).astype(np.float32)
