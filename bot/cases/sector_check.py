"""The reader's one-sector check: how likely it is that only one sector takes part, however warmly the case reads.

The costliest mistake in reading a leader's case is a "Ja" to one whose partners turn out, said once in passing,
to be public too ("ildsjælene er gartnere fra vores egen driftsafdeling"), or never to have taken part ("første
fællesmøde er den 24. oktober"). The case heads learn such cases poorly from the bank, and taught by more of them
they read plain partnerships as doubtful too (five-fold CV, issue 17, 2026-12-04). So one more head, fitted on the
bank's development cases and on probe sets full of such cases (data/cases/probe_sets.yml, `PROBES_FILE`), says
only this; it decides nothing itself. Where it is sure enough (`ReadingSettings.sector_doubt_ja`), the reading
does not count the case as naming a partner outside the public sector (Reading.names_partner), so the assessment
asks about the first criterion rather than say "Ja"; where it is surer still (`sector_doubt`, Reading.sector_doubted),
it asks rather than say "Delvist" too (bot/flows/assessment.py). Two thresholds, because a wrong "Ja" costs more
than a wrong "Delvist", and asking about every "Delvist" read warmly loses samproduktion cases (stop 55). "Nej"
still needs the case's words, the other heads or the leader's answer.
"""

from __future__ import annotations

from typing import Any, Callable, Mapping, Sequence

import numpy as np

from bot.cases.linear_heads import LinearHead, fit_head

SECTOR_HEAD = "one_sector"
ONE, BOTH = "one", "both"


def sector_label(case: Any) -> str:
    """A case with the first criterion "nej" (one sector: no public actor, or only public ones) is ONE."""
    return ONE if case.criteria.get("public_private") is False else BOTH


def fit_sector_head(
    features: np.ndarray,
    cases: Sequence[Any],
    probe_features: np.ndarray,
    probes: Sequence[Any],
    settings: Any,
    iterations: int,
) -> LinearHead | None:
    """The head, fitted on the cases' features and the probe sets' (each with `settings.sector_probe_weight`);
    None when the cases show only one of the two labels."""
    labels = [sector_label(case) for case in [*cases, *probes]]
    if len(set(labels)) < 2:
        return None
    weights = [1.0] * len(cases) + [settings.sector_probe_weight] * len(probes)
    rows = np.vstack([features, probe_features]) if len(probes) else features
    return fit_head(rows, labels, settings.regularisation, iterations, weights, sparse=True)


def probe_features(reader: Any, probes: Sequence[Any], prepare: Callable[..., tuple], embed: Any) -> np.ndarray:
    """The probe cases' features as the fitted reader sees a case it never saw (`prepare`: reading.prepare_case)."""
    rows = []
    for probe in probes:
        text, clauses, text_vector, clause_vectors = prepare(reader, probe.text, embed)
        rows.append(reader._features(text_vector, reader._closeness(clause_vectors, clauses), text)[0])
    return np.array(rows, dtype=np.float32).reshape(len(rows), -1)


def doubts_partner(probabilities: Mapping[str, Mapping[str, float]], doubt: float) -> bool:
    """The check is sure enough that only one sector takes part (never when the model has no such head)."""
    return SECTOR_HEAD in probabilities and probabilities[SECTOR_HEAD].get(ONE, 0.0) >= doubt
