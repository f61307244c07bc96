"""bot/cases/linear_heads.py: a fitted regression kept as arrays reads as scikit-learn's own model does."""

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression

from bot.cases.linear_heads import fit_head

ROWS = np.array([[0.0, 1.0], [0.1, 0.9], [1.0, 0.0], [0.9, 0.2], [0.5, 0.5], [0.6, 0.4]], dtype=np.float32)


@pytest.mark.parametrize("labels", [["a", "a", "b", "b", "a", "b"], ["a", "a", "b", "b", "c", "c"]])
@pytest.mark.parametrize("sparse", [False, True])
def test_probabilities_match_scikit_learn_for_two_and_three_classes(labels, sparse):
    head = fit_head(ROWS, labels, regularisation=10, iterations=1000, sparse=sparse)
    reference = LogisticRegression(C=10, max_iter=1000).fit(ROWS, labels)
    assert head.classes == sorted(set(labels))
    assert np.allclose(head.probabilities(ROWS), reference.predict_proba(ROWS), atol=1e-4)
    assert np.allclose(head.column(head.probabilities(ROWS), "a"), reference.predict_proba(ROWS)[:, 0], atol=1e-4)


def test_sample_weights_are_used():
    labels = ["a", "a", "b", "b", "a", "b"]
    even = fit_head(ROWS, labels, regularisation=10, iterations=1000)
    leaning = fit_head(ROWS, labels, regularisation=10, iterations=1000, sample_weight=[1, 1, 1, 1, 20, 1])
    middle = ROWS[4:5]
    assert leaning.column(leaning.probabilities(middle), "a")[0] > even.column(even.probabilities(middle), "a")[0]
