"""Fitted logistic regressions kept as plain arrays, so that reading a case needs numpy only.

The case reader (bot/cases/reading.py) and the phase reader (bot/cases/phase_reading.py) fit
them with scikit-learn at training time and store the arrays in the NLU model.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Sequence

import numpy as np


def softmax_rows(scores: np.ndarray) -> np.ndarray:
    scores = scores - scores.max(axis=1, keepdims=True)
    exp = np.exp(scores)
    return exp / exp.sum(axis=1, keepdims=True)


@dataclass
class LinearHead:
    """One fitted logistic regression: classes, weights (classes × features), biases."""

    classes: list[str]
    weights: np.ndarray
    biases: np.ndarray

    def probabilities(self, features: np.ndarray) -> np.ndarray:
        scores = features @ self.weights.T + self.biases
        if len(self.classes) == 2 and self.weights.shape[0] == 1:
            scores = np.hstack([np.zeros_like(scores), scores])
        return softmax_rows(scores)

    def column(self, probabilities: np.ndarray, label: str) -> np.ndarray:
        """The probabilities of one class, for every row."""
        return probabilities[:, self.classes.index(label)]


def fit_head(
    features: np.ndarray,
    labels: Sequence[str],
    regularisation: float,
    iterations: int,
    sample_weight: Sequence[float] | None = None,
    sparse: bool = False,
) -> LinearHead:
    """A logistic regression fitted with scikit-learn (a Rasa dependency), returned as arrays.

    `sparse` hands lbfgs a sparse matrix: many times faster when most columns are zero (n-grams). The fit
    stops at `iterations` on purpose, so scikit-learn's convergence warning is silenced.
    """
    from scipy import sparse as sp
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=regularisation, max_iter=iterations)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(sp.csr_matrix(features) if sparse else features, list(labels), sample_weight=sample_weight)
    return LinearHead(
        [str(c) for c in model.classes_], model.coef_.astype(np.float32), model.intercept_.astype(np.float32)
    )
