"""Reading a leader's case by meaning: each criterion met, not met or unknown, and the pattern it shows.

Single words misled the old cue lists ("besparelse" turned a real partnership
into "Nej", any "høring" did the same after genuine co-design). Here a small
model reads the whole description: the encoder's embedding of the text, and
how close each of its clauses comes to short labelled statements
(data/cases/statements.yml) for every criterion value and every pattern,
what clause classifiers fitted on those statements say of each clause, which
phase each clause is about and whether it was done together or alone
(bot/cases/phase_reading.py), and the character n-grams of its wording
(bot/cases/char_ngrams.py). One
logistic regression per criterion (ja / nej / uvist), one for the pattern and
one for the verdict of the whole case are fitted on the development part of
the case bank only (bot/cases/bank.py); the held-out part just measures. The
clause closest to the statements of the chosen reading is shown as the words
that decided it.

Fitting needs scikit-learn (a Rasa dependency); reading needs only numpy, so
the fitted weights are plain arrays that the NLU model stores. No Rasa here.
"""

from __future__ import annotations

import json
import re
from functools import partial
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

import numpy as np

from bot.cases.char_ngrams import NgramWeights
from bot.cases.linear_heads import LinearHead, fit_head
from bot.cases.phase_reading import COLUMNS as PHASE_COLUMNS
from bot.cases.phase_reading import PhaseReader
from bot.cases.reading_result import Reading
from bot.cases.reading_settings import ReadingSettings
from bot.cases.sector_check import SECTOR_HEAD, doubts_partner, fit_sector_head, probe_features
from bot.cases.statements import NO_PATTERN, UNKNOWN, VALUES, Statements, fit_clause_heads

PARSE_KEY = "case_reading"
VERDICT_HEAD = "verdict"
# The case heads stop after this many lbfgs steps: the pattern head took over 1,000 to converge on the
# n-gram columns (12 s of training), and five-fold CV scores the same stopped at 300 (0.905 vs 0.907).
FIT_ITERATIONS = 300

Embed = Callable[[Sequence[str]], np.ndarray]

_CLAUSE_BREAK = re.compile(
    r"(?<=[.!?;:])\s+|\s+[–-]\s+|,\s+(?=(?:men|mens|og så|så|fordi|selvom|selv om|hvor|uden)\b)", re.IGNORECASE
)


def split_clauses(text: str) -> list[str]:
    """The case's sentences and main clauses ("…, men …" splits); at least the whole text."""
    parts = [" ".join(p.split()) for p in _CLAUSE_BREAK.split(text or "")]
    parts = [p for p in parts if len(p.split()) >= 2]
    return parts or [" ".join((text or "").split())]


def _shorten(words: str | None, limit: int) -> str | None:
    if not words:
        return None
    parts = words.rstrip(" .?!").split()
    return " ".join(parts) if len(parts) <= limit else " ".join(parts[:limit]) + " …"


class CaseReader:
    """The fitted model: statement vectors, feature scaling and one head per criterion plus the pattern head."""

    def __init__(
        self,
        settings: ReadingSettings,
        group_names: list[str],
        statement_vectors: np.ndarray,
        statement_groups: np.ndarray,
        mean: np.ndarray,
        scale: np.ndarray,
        heads: Mapping[str, LinearHead],
        clause_heads: Mapping[str, LinearHead] | None = None,
        ngram_weights: NgramWeights | None = None,
        phase_reader: PhaseReader | None = None,
    ) -> None:
        self.settings = settings
        self.group_names = group_names
        self.statement_vectors = statement_vectors
        self.statement_groups = statement_groups
        self.mean, self.scale = mean, scale
        self.heads = dict(heads)
        self.clause_heads = dict(clause_heads or {})
        self.ngram_weights = ngram_weights  # None when lexical_weight is 0
        self.phase_reader = phase_reader  # None when phase_weight is 0

    # -- features ----------------------------------------------------------
    def _closeness(self, clause_vectors: np.ndarray, clauses: Sequence[str]) -> np.ndarray:
        """clauses × (groups, clause-head classes, phase columns): each clause's best cosine with each group's
        statements, what the clause heads (fitted on the statements alone) say of it, and its phase reading."""
        sims = clause_vectors @ self.statement_vectors.T
        out = np.full((len(clause_vectors), len(self.group_names)), -1.0, dtype=np.float32)
        for g in range(len(self.group_names)):
            columns = self.statement_groups == g
            if columns.any():
                out[:, g] = sims[:, columns].max(axis=1)
        said = [
            head.probabilities(clause_vectors)[:, [i for i, c in enumerate(head.classes) if c != NO_PATTERN]]
            for head in self.clause_heads.values()
        ]
        if self.phase_reader is not None:
            said.append(self.phase_reader.columns(clause_vectors, clauses))
        return np.hstack([out, *said]).astype(np.float32) if said else out

    def _features(self, text_vector: np.ndarray, closeness: np.ndarray, text: str) -> np.ndarray:
        """1 × features: the text's embedding, its clauses' closeness to the statements, its n-grams, and
        the partner check (no partner named as taking part; some party said to stay out): the encoder reads
        a group of public bodies working "sammen" about citizens much like a partnership with them."""
        scaled = (closeness.max(axis=0) - self.mean) / self.scale
        weights = np.full(len(scaled), self.settings.clause_weight, dtype=np.float32)
        weights[: len(self.group_names)] = self.settings.statement_weight
        if self.phase_reader is not None:
            weights[-len(PHASE_COLUMNS) :] = self.settings.phase_weight
        parts = [self.settings.text_weight * text_vector.astype(np.float32), weights * scaled]
        if self.ngram_weights is not None:
            parts.append(self.settings.lexical_weight * self.ngram_weights.transform([text])[0])
        if self.settings.partner_weight > 0:
            absent = self.settings.partners is not None and self.settings.partners.says_absent(text)
            named = self.settings.names_partner(text)
            parts.append(self.settings.partner_weight * np.array([not named, absent], dtype=np.float32))
        return np.concatenate(parts)[None, :]

    # -- reading ------------------------------------------------------------
    def probabilities(
        self, text: str, clauses: Sequence[str], text_vector: np.ndarray, clause_vectors: np.ndarray
    ) -> dict[str, dict[str, float]]:
        """Each head's probability per class (criteria, pattern, verdict): what `read` turns into a reading,
        kept for cross-validation (bench/case_cv.py) to compare thresholds without refitting."""
        return self._scored(text, clauses, text_vector, clause_vectors)[1]

    def _scored(
        self, text: str, clauses: Sequence[str], text_vector: np.ndarray, clause_vectors: np.ndarray
    ) -> tuple[np.ndarray, dict[str, dict[str, float]]]:
        closeness = self._closeness(clause_vectors, clauses)
        features = self._features(text_vector, closeness, text)
        probabilities = {
            name: dict(zip(head.classes, map(float, head.probabilities(features)[0])))
            for name, head in self.heads.items()
        }
        return closeness, probabilities

    def read(self, text: str, clauses: Sequence[str], text_vector: np.ndarray, clause_vectors: np.ndarray) -> Reading:
        """The reading of a case from its text, its clauses, its "query: " vector and its clauses' vectors."""
        closeness, probabilities = self._scored(text, clauses, text_vector, clause_vectors)
        asking = np.array([self.settings.is_closing_question(clause) for clause in clauses], dtype=bool)
        criteria: dict[str, bool | None] = {}
        sureness: dict[str, float] = {}
        evidence: dict[str, str] = {}
        pattern = verdict = None
        firm = False
        for name, probs in probabilities.items():
            best = max(probs, key=probs.get)
            if name == SECTOR_HEAD:  # bot/cases/sector_check.py: only doubts a partner named
                continue
            if name == VERDICT_HEAD:
                verdict = best if probs[best] >= self.settings.verdict_when_open else None
                firm = probs[best] >= self.settings.verdict_firm
                continue
            label = best if probs[best] >= self.settings.min_probability else None
            if name == "pattern":
                pattern = label if label not in (None, NO_PATTERN) else None
                group = f"pattern:{pattern}"
            else:
                criteria[name] = VALUES.get(label) if label else None
                sureness[name] = probs[best]
                group = f"{name}:{label}" if criteria[name] is not None else ""
            words = self._deciding_clause(clauses, closeness, asking, name, group)
            if words:
                evidence["pattern" if name == "pattern" else name] = words
        names_partner = self.settings.names_partner(text)
        doubted = doubts_partner(probabilities, self.settings.sector_doubt)
        named_doubted = doubts_partner(probabilities, self.settings.sector_doubt_ja)
        limit, said_not = self.settings.evidence_words, self.settings.not_met_in_words(text)
        return Reading(
            criteria,
            pattern,
            evidence,
            verdict,
            firm and verdict is not None,
            names_partner and not named_doubted,
            _shorten(self.settings.partner_words(text), limit),
            _shorten(self.settings.one_sector(text, names_partner), limit),
            _shorten(self.settings.problem_set_alone(text), limit),
            sureness,
            self.settings.names_public(text),
            {cid: _shorten(words, limit) for cid, words in said_not.items()},
            {cid: _shorten(words, limit) for cid, words in self.settings.unknown_in_words(text, said_not).items()},
            doubted,
        )

    def _deciding_clause(
        self, clauses: Sequence[str], closeness: np.ndarray, asking: np.ndarray, head: str, group: str
    ) -> str | None:
        """The clause that points most clearly to the reading: nearest its statements, and (for a criterion)
        nearer them than the opposite value's; None when no clause does, so no words are shown."""
        if group not in self.group_names:
            return None
        scores = closeness[:, self.group_names.index(group)].copy()
        scores[asking] = -np.inf  # the closing question says nothing of the case
        if head != "pattern":  # group is "<criterion>:ja" or ":nej" (an unknown criterion shows no words)
            value = group.rsplit(":", 1)[1]
            opposite = f"{head}:{'nej' if value == 'ja' else 'ja'}"
            if opposite in self.group_names:
                scores -= closeness[:, self.group_names.index(opposite)]
        if not np.isfinite(scores.max()) or (head != "pattern" and scores.max() <= 0):
            return None
        return _shorten(clauses[int(np.argmax(scores))], self.settings.evidence_words)

    # -- fitting --------------------------------------------------------------
    @classmethod
    def fit(
        cls,
        settings: ReadingSettings,
        statements: Statements,
        cases: Sequence[Any],
        embed: Embed,
        probes: Sequence = (),
    ) -> CaseReader:
        """Fit on `cases` (bot.cases.bank.Case: text, verdict, criteria, pattern, phase_clauses), and the one-sector
        check also on `probes` (bot/cases/sector_check.py); `embed` gives "query: " vectors."""
        groups = statements.groups()
        names = [name for name, _ in groups]
        texts = [t for _, group_texts in groups for t in group_texts]
        owners = np.array([g for g, (_, group_texts) in enumerate(groups) for _ in group_texts])
        vectors = embed(texts)
        clause_heads = fit_clause_heads(statements, vectors, settings.regularisation) if settings.clause_weight else {}
        descriptions = [settings.description(case.text) for case in cases]
        lexical = settings.lexical_weight > 0
        ngram_weights = NgramWeights.fit(descriptions + texts, settings.negation) if lexical else None
        clause_lists = [split_clauses(text) for text in descriptions]
        flat = [c for clauses in clause_lists for c in clauses]
        flat_vectors = embed(flat)
        text_vectors = embed(descriptions)
        phase_reader = PhaseReader.for_cases(settings, statements, texts, vectors, cases, flat, flat_vectors)
        reader = cls(
            settings,
            names,
            vectors,
            owners,
            np.zeros(len(names)),
            np.ones(len(names)),
            {},
            clause_heads,
            ngram_weights,
            phase_reader,
        )
        fit_on = partial(
            PhaseReader.for_cases, settings, statements, texts, vectors, clauses=flat, clause_vectors=flat_vectors
        )
        apart = PhaseReader.held_apart(phase_reader, int(settings.phase_cross_folds), cases, fit_on)
        closeness, start = [], 0
        for clauses, reader.phase_reader in zip(clause_lists, apart):  # each case read by one that never saw it
            closeness.append(reader._closeness(flat_vectors[start : start + len(clauses)], clauses).max(axis=0))
            start += len(clauses)
        reader.phase_reader = phase_reader
        closeness = np.array(closeness)
        reader.mean = closeness.mean(axis=0)
        reader.scale = np.where(closeness.std(axis=0) > 1e-6, closeness.std(axis=0), 1.0)
        features = np.array(
            [reader._features(v, c[None, :], text)[0] for v, c, text in zip(text_vectors, closeness, descriptions)]
        )
        targets: dict[str, list[str]] = {cid: [] for cid in statements.criteria}
        targets["pattern"], targets[VERDICT_HEAD] = [], []
        for case in cases:
            for cid in statements.criteria:
                value = case.criteria.get(cid)
                targets[cid].append(UNKNOWN if value is None else "ja" if value else "nej")
            targets["pattern"].append(case.pattern or NO_PATTERN)
            targets[VERDICT_HEAD].append(case.verdict)
        extra = reader._statement_examples(statements, texts, vectors) if settings.statement_examples > 0 else {}
        heads = {}
        for name, labels in targets.items():
            rows, more_labels = extra.get(name, (np.zeros((0, features.shape[1])), []))
            weights = [1.0] * len(labels) + [settings.statement_examples] * len(more_labels)
            heads[name] = fit_head(
                np.vstack([features, rows]),
                list(labels) + list(more_labels),
                settings.regularisation,
                FIT_ITERATIONS,
                weights,
                sparse=True,
            )
        reader.heads = heads
        if settings.checks_sector:
            more = probe_features(reader, probes, prepare_case, embed) if probes else features[:0]
            sector = fit_sector_head(features, cases, more, probes, settings, FIT_ITERATIONS)
            reader.heads.update({SECTOR_HEAD: sector} if sector is not None else {})
        return reader

    def _statement_examples(
        self, statements: Statements, texts: Sequence[str], vectors: np.ndarray
    ) -> dict[str, tuple[np.ndarray, list[str]]]:
        """Each statement as a one-clause case for its own head, its closeness taken without itself."""
        out: dict[str, tuple[list, list]] = {}
        for index, (head, value) in enumerate(statements.owners()):
            saved = self.statement_vectors[index].copy()
            self.statement_vectors[index] = 0.0
            closeness = self._closeness(vectors[index : index + 1], texts[index : index + 1])
            self.statement_vectors[index] = saved
            rows, labels = out.setdefault(head, ([], []))
            rows.append(self._features(vectors[index], closeness, texts[index])[0])
            labels.append(value)
        return {head: (np.array(rows), labels) for head, (rows, labels) in out.items()}

    # -- storage ----------------------------------------------------------------
    def save(self, directory: Path) -> None:
        arrays = {
            "statement_vectors": self.statement_vectors,
            "statement_groups": self.statement_groups,
            "mean": self.mean,
            "scale": self.scale,
        }
        if self.ngram_weights is not None:
            arrays["ngram_idf"] = self.ngram_weights.idf
        for prefix, heads in (("", self.heads), ("clause:", self.clause_heads)):
            for name, head in heads.items():
                arrays[f"{prefix}{name}.weights"], arrays[f"{prefix}{name}.biases"] = head.weights, head.biases
        if self.phase_reader is not None:
            arrays.update(self.phase_reader.arrays())
        np.savez(Path(directory) / "case_reader.npz", **arrays)
        meta = {
            "groups": self.group_names,
            "heads": {name: head.classes for name, head in self.heads.items()},
            "clause_heads": {name: head.classes for name, head in self.clause_heads.items()},
            "ngrams": sorted(self.ngram_weights.vocabulary, key=self.ngram_weights.vocabulary.get)
            if self.ngram_weights is not None
            else None,
            "phases": self.phase_reader.meta() if self.phase_reader is not None else None,
        }
        (Path(directory) / "case_reader.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, directory: Path, settings: ReadingSettings) -> CaseReader:
        meta = json.loads((Path(directory) / "case_reader.json").read_text(encoding="utf-8"))
        with np.load(Path(directory) / "case_reader.npz") as arrays:
            heads = {
                name: LinearHead(list(classes), arrays[f"{name}.weights"], arrays[f"{name}.biases"])
                for name, classes in meta["heads"].items()
            }
            clause_heads = {
                name: LinearHead(list(classes), arrays[f"clause:{name}.weights"], arrays[f"clause:{name}.biases"])
                for name, classes in meta.get("clause_heads", {}).items()
            }
            ngram_weights = (
                NgramWeights({gram: i for i, gram in enumerate(meta["ngrams"])}, arrays["ngram_idf"], settings.negation)
                if meta.get("ngrams") is not None
                else None
            )
            phases = meta.get("phases")
            phase_reader = PhaseReader.restore(phases, arrays, settings.negation) if phases else None
            return cls(
                settings,
                list(meta["groups"]),
                arrays["statement_vectors"],
                arrays["statement_groups"],
                arrays["mean"],
                arrays["scale"],
                heads,
                clause_heads,
                ngram_weights,
                phase_reader,
            )


def prepare_case(
    reader: CaseReader, text: str, embed: Embed, text_vector: np.ndarray | None = None
) -> tuple[str, list[str], np.ndarray, np.ndarray]:
    """The case's description, its clauses and their "query: " vectors, as `CaseReader.read` takes them."""
    described = reader.settings.description(text)
    if described != text:
        text, text_vector = described, None  # the NLU's vector is of the whole question
    clauses = split_clauses(text)
    vectors = embed(clauses if text_vector is not None else [text, *clauses])
    if text_vector is None:
        text_vector, vectors = vectors[0], vectors[1:]
    return text, clauses, text_vector, vectors


def read_case(reader: CaseReader, text: str, embed: Embed, text_vector: np.ndarray | None = None) -> Reading:
    """Split, embed and read one case (the NLU passes the text's vector when it has it)."""
    return reader.read(*prepare_case(reader, text, embed, text_vector))
