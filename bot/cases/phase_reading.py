"""Which phase a clause of a case is about, and whether that phase was done together or alone.

A leader often writes one phase done alone and the other together: "Byrådet
vedtog problemet … Løsningen har vi lavet sammen med beboerne". The case
reader's features take each statement group's best clause over the whole case,
so "sammen" in the solution clause also pulled the problem criterion to ✓.
Here two small clause classifiers are fitted on the labelled statements of the
two phase criteria (data/cases/statements.yml) and on the development cases'
clauses labelled by phase (data/cases/phase_clauses.yml; statements alone
left leaders' own wordings such as "Temaet var bestemt i kommunens
integrationspolitik" unread): one says whether a clause is about the problem,
the solution or neither, the other whether what it describes was done
together, alone or (only from the cases' clauses) not said. The case reader gets, per
case, the best clause for each of "problem together", "problem alone",
"solution together" and "solution alone" (bot/cases/reading.py).

Both read the clause's embedding and its wording (bot/cases/char_ngrams.py): the
embedding alone placed "Byrådet vedtog, at problemet er …" with neither phase.
Fitting needs scikit-learn; reading needs numpy only. No Rasa here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Mapping, Sequence

import numpy as np

from bot.cases.bank import PhaseClause
from bot.cases.char_ngrams import Negation, NgramWeights
from bot.cases.linear_heads import LinearHead, fit_head
from bot.cases.reading_settings import ReadingSettings
from bot.cases.statements import Statements

# Criterion id → the phase its statements are about.
PHASE_CRITERIA = {"define_together": "problem", "design_implement_together": "solution"}
NEITHER = "ingen"
# The columns the case reader gets, in this order: (phase, how it was done).
COLUMNS = (("problem", "ja"), ("problem", "nej"), ("solution", "ja"), ("solution", "nej"))
FIT_ITERATIONS = 5000
PREFIX = "phase:"
# A labelled clause's phase (bot/cases/phase_clauses.py) → the phase classes it teaches; "both" teaches the two.
CLAUSE_PHASES = {
    "problem": ("problem",),
    "solution": ("solution",),
    "both": ("problem", "solution"),
    "none": (NEITHER,),
}
# How a labelled clause's phase was done → the classes of the statements (ja / nej) and one for not said.
HOWS = {"together": "ja", "alone": "nej", "unknown": "uvist"}


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
        clauses: Sequence[PhaseClause] = (),
        clause_vectors: np.ndarray | None = None,
        clause_weight: float = 1.0,
    ) -> PhaseReader | None:
        """Fit on the statements – `owners` gives each statement's (criterion or "pattern", value) – and on
        cases' labelled `clauses` (bot/cases/phase_clauses.py), each weighing `clause_weight`. None when the
        statements don't hold both phase criteria (a reader fitted on part of the criteria, as in tests)."""
        if not set(PHASE_CRITERIA) <= {owner for owner, _ in owners}:
            return None
        clauses = clauses if clause_weight > 0 else ()
        rows = [(i, PHASE_CRITERIA.get(owner, NEITHER), value, 1.0) for i, (owner, value) in enumerate(owners)]
        for i, clause in enumerate(clauses):
            how = HOWS[clause.how] if clause.how is not None else None
            phases = CLAUSE_PHASES[clause.phase]
            rows += [(len(texts) + i, phase, how, clause_weight) for phase in phases]
        all_texts = [*texts, *(clause.text for clause in clauses)]
        all_vectors = np.vstack([vectors, clause_vectors]) if len(clauses) else vectors
        ngram_weights = NgramWeights.fit(all_texts, negation)
        features = _clause_features(all_vectors, all_texts, ngram_weights, lexical_weight)
        in_phase = [row for row in rows if row[1] != NEITHER]

        def head(chosen: list[tuple[int, str, str | None, float]], column: int) -> LinearHead:
            """One head on the `chosen` rows: (feature row, phase, how, weight); `column` 1 phase, 2 how."""
            labels = [str(r[column]) for r in chosen]
            return fit_head(
                features[[r[0] for r in chosen]],
                labels,
                regularisation,
                FIT_ITERATIONS,
                [r[3] for r in chosen],
                sparse=True,
            )

        return cls(head(rows, 1), head(in_phase, 2), ngram_weights, lexical_weight)

    @classmethod
    def for_cases(
        cls,
        settings: ReadingSettings,
        statements: Statements,
        texts: Sequence[str],
        vectors: np.ndarray,
        cases: Sequence[Any],
        clauses: Sequence[str],
        clause_vectors: np.ndarray,
    ) -> PhaseReader | None:
        """The case reader's phase reader: fitted on the statements (`texts`, `vectors`) and on the labelled
        clauses of the `cases` it is fitted on (found among their `clauses`); None when phase_weight is 0."""
        if settings.phase_weight <= 0:
            return None
        at = {clause: i for i, clause in enumerate(clauses)}
        labelled = [c for case in cases for c in getattr(case, "phase_clauses", ()) if c.text in at]
        return cls.fit(
            statements.owners(),
            texts,
            vectors,
            settings.regularisation,
            settings.phase_lexical_weight,
            settings.negation,
            labelled,
            clause_vectors[[at[c.text] for c in labelled]],
            settings.phase_clause_weight,
        )

    @staticmethod
    def held_apart(
        fitted: PhaseReader | None,
        folds: int,
        cases: Sequence[Any],
        fit_on: Callable[[Sequence[Any]], PhaseReader | None],
    ) -> list[PhaseReader | None]:
        """Per case, a phase reader (`fit_on` some cases) fitted without that case's labelled clauses, one of
        `folds` (the setting phase_cross_folds).

        The case heads learn how far to trust the phase reading from the cases they are fitted on; read by
        the reader that learnt their own clauses, those readings are sharper than any new case's, and five-fold
        CV fell from 0.947 to 0.931 when the phase reading weighed twice as much. `fitted` for every case when
        there are no labelled clauses or fewer than two parts.
        """
        if fitted is None or folds < 2 or not any(getattr(case, "phase_clauses", ()) for case in cases):
            return [fitted] * len(cases)
        parts = [fit_on([c for i, c in enumerate(cases) if i % folds != k]) for k in range(folds)]
        return [parts[i % folds] for i in range(len(cases))]

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
