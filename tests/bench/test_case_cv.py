"""bench/case_cv.py: the folds are stratified and fixed by the seed, and settings changes are checked."""

from __future__ import annotations

from collections import Counter

import pytest

from bench.case_cv import overridden, stratified_folds
from bot.cases.bank import Case
from bot.cases.reading_settings import load_settings


def _cases() -> list[Case]:
    verdicts = ["Ja"] * 11 + ["Nej"] * 7 + ["Delvist"] * 5
    return [Case(f"c{n:03d}", f"Sag {n}", v, {}, None, "criteria") for n, v in enumerate(verdicts)]


def test_each_case_lands_in_one_fold_and_each_verdict_is_spread_evenly():
    cases = _cases()
    folds = stratified_folds(cases, 5, seed=1)
    assert sorted(c.id for fold in folds for c in fold) == sorted(c.id for c in cases)
    for verdict in ("Ja", "Nej", "Delvist"):
        counts = [Counter(c.verdict for c in fold)[verdict] for fold in folds]
        assert max(counts) - min(counts) <= 1


def test_the_seed_fixes_the_split_and_another_seed_changes_it():
    cases = _cases()
    ids = [[c.id for c in fold] for fold in stratified_folds(cases, 5, seed=1)]
    assert ids == [[c.id for c in fold] for fold in stratified_folds(list(reversed(cases)), 5, seed=1)]
    assert ids != [[c.id for c in fold] for fold in stratified_folds(cases, 5, seed=2)]


def test_a_setting_is_changed_by_name_and_an_unknown_name_is_refused():
    settings = load_settings()
    assert overridden(settings, ["partner_weight=0.5"]).partner_weight == 0.5
    assert overridden(settings, []) == settings
    with pytest.raises(SystemExit, match="unknown setting 'no_such'"):
        overridden(settings, ["no_such=1"])
