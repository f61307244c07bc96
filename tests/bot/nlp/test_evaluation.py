"""Scoring used by the NLU tests and the benchmark."""

from __future__ import annotations

import pytest
import yaml

from bot.nlp import evaluation as ev


def test_accuracy_and_macro_f1_by_hand():
    pairs = [("a", "a"), ("a", "a"), ("a", "b"), ("b", "b"), ("c", "a")]
    assert ev.accuracy(pairs) == pytest.approx(3 / 5)
    # a: p=2/3 r=2/3 f=2/3; b: p=1/2 r=1 f=2/3; c: p=0 r=0 f=0
    assert ev.macro_f1(pairs) == pytest.approx((2 / 3 + 2 / 3 + 0) / 3)


def test_rejection_measures():
    assert ev.off_topic_rejection(["out_of_scope", "nlu_fallback", "greet", "ask_definition"]) == 0.75
    pairs = [
        ("ask_definition", "nlu_fallback"),
        ("ask_gains", "ask_gains"),
        ("out_of_scope", "out_of_scope"),
        ("greet", "out_of_scope"),
    ]
    assert ev.wrongly_rejected(pairs) == pytest.approx(2 / 3)


def test_folds_are_stratified_disjoint_complete_and_seeded():
    examples = [(f"i{i % 3}", f"tekst {i}") for i in range(31)]
    folds = ev.stratified_folds(examples, 5, seed=7)
    assert sorted(ex for f in folds for ex in f) == sorted(examples)
    for fold in folds:
        counts = {intent: sum(1 for i, _ in fold if i == intent) for intent in ("i0", "i1", "i2")}
        assert max(counts.values()) - min(counts.values()) <= 1
        assert 5 <= len(fold) <= 7
    assert folds == ev.stratified_folds(list(reversed(examples)), 5, seed=7)
    assert folds != ev.stratified_folds(examples, 5, seed=8)
    with pytest.raises(ValueError):
        ev.stratified_folds(examples, 1, seed=7)


def test_nlu_yaml_round_trip(tmp_path):
    examples = [("ask_definition", "hvad er samskabelse"), ("greet", "hej"), ("ask_definition", "definér det")]
    path = tmp_path / "nlu.yml"
    path.write_text(ev.to_nlu_yaml(examples), encoding="utf-8")
    assert yaml.safe_load(path.read_text(encoding="utf-8"))["version"] == "3.1"
    assert sorted(ev.read_nlu_examples(path)) == sorted(examples)


def test_empty_input_is_an_error_not_a_perfect_score():
    for scorer in (ev.accuracy, ev.macro_f1, ev.off_topic_rejection):
        with pytest.raises(ValueError):
            scorer([])
