"""bot/cases/phase_reading.py with a deterministic stand-in for the encoder: which phase a clause is about, and how.

The real encoder's reading of the audit's cases is checked in tests/featurizers/test_case_reading_component.py.
"""

import dataclasses

import numpy as np
from test_reading import bag_of_words

from bot.cases.bank import Case, PhaseClause
from bot.cases.phase_reading import COLUMNS, PhaseReader
from bot.cases.reading import CaseReader, read_case
from bot.cases.reading_settings import load_settings
from bot.cases.statements import Statements

PHASES = Statements(
    {
        "define_together": {
            "ja": ("problemet definerede vi sammen med borgerne", "vi kortlagde behovet sammen"),
            "nej": ("problemet definerede forvaltningen alene", "vi fastlagde ikke behovet sammen med dem"),
        },
        "design_implement_together": {
            "ja": ("løsningen udviklede vi sammen med borgerne", "vi driver tilbuddet sammen"),
            "nej": ("løsningen udviklede forvaltningen alene", "vi driver ikke tilbuddet sammen med dem"),
        },
        "public_private": {
            "ja": ("borgere og foreninger er med", "frivillige deltager"),
            "nej": ("kun medarbejdere deltager", "en intern arbejdsgruppe"),
        },
    },
    {"hoering": ("planen sendes i høring", "borgerne kan kommentere planen")},
)


def _reader() -> PhaseReader:
    texts = [t for _, group in PHASES.groups() for t in group]
    return PhaseReader.fit(PHASES.owners(), texts, bag_of_words(texts), regularisation=10, lexical_weight=3)


def _columns(reader: PhaseReader, clause: str) -> dict[tuple[str, str], float]:
    return dict(zip(COLUMNS, reader.columns(bag_of_words([clause]), [clause])[0]))


def test_a_problem_set_alone_reads_as_problem_alone_and_a_shared_solution_as_solution_together():
    reader = _reader()
    alone = _columns(reader, "problemet definerede byrådet alene")
    together = _columns(reader, "løsningen udviklede vi sammen med foreningen")
    assert max(alone, key=alone.get) == ("problem", "nej")
    assert max(together, key=together.get) == ("solution", "ja")


def test_no_phase_reader_without_statements_for_both_phases():
    only_one = Statements({"define_together": PHASES.criteria["define_together"]}, {})
    texts = [t for _, group in only_one.groups() for t in group]
    assert PhaseReader.fit(only_one.owners(), texts, bag_of_words(texts), 10, 3) is None


def test_a_stored_case_reader_with_its_phase_reading_reads_as_the_fitted_one(tmp_path):
    settings = dataclasses.replace(load_settings(), regularisation=10.0, phase_weight=1.0, phase_lexical_weight=3.0)
    cases = [
        Case(f"c{n}", text, verdict, {}, None, "criteria")
        for n, (text, verdict) in enumerate(
            [
                ("Problemet definerede vi sammen med borgerne, og løsningen udviklede vi sammen", "Ja"),
                ("Byrådet fastlagde problemet alene, men løsningen udviklede vi sammen med borgerne", "Delvist"),
                ("Vi kortlagde behovet sammen, men forvaltningen udviklede løsningen alene", "Delvist"),
                ("Kun medarbejdere deltager, og planen sendes i høring", "Nej"),
                ("Problemet definerede vi ikke sammen med borgerne, det gjorde byrådet", "Delvist"),
            ]
            * 3
        )
    ]
    reader = CaseReader.fit(settings, PHASES, cases, bag_of_words)
    assert reader.phase_reader is not None
    reader.save(tmp_path)
    loaded = CaseReader.load(tmp_path, settings)
    assert reader.ngram_weights.negation is not None  # the words a negation reaches are read as at fitting
    for text in (
        "Byrådet fastlagde problemet alene. Løsningen udviklede vi sammen.",
        "Frivillige deltager",
        "Problemet definerede vi ikke sammen med borgerne, og løsningen udviklede vi ikke sammen",
    ):
        assert read_case(loaded, text, bag_of_words) == read_case(reader, text, bag_of_words)
        assert np.array_equal(loaded.ngram_weights.transform([text]), reader.ngram_weights.transform([text]))
    clause = ["problemet definerede vi ikke sammen med borgerne"]
    assert np.array_equal(
        loaded.phase_reader.columns(bag_of_words(clause), clause),
        reader.phase_reader.columns(bag_of_words(clause), clause),
    )


def test_labelled_clauses_of_cases_teach_wording_the_statements_lack():
    texts = [t for _, group in PHASES.groups() for t in group]
    clauses = [
        PhaseClause("temaet stod i direktionens strategi", "problem", "alone"),
        PhaseClause("indsatsområdet kom fra direktionens strategi", "problem", "alone"),
        PhaseClause("fokus var valgt i strategien på forhånd", "problem", "alone"),
        PhaseClause("værestedet kører vi i fællesskab med foreningen", "solution", "together"),
        PhaseClause("det hele har vi lavet i fællesskab med beboerne", "both", "together"),
        PhaseClause("vi holder møde hver tirsdag", "none", None),
        PhaseClause("hvem der fandt på temaet ved jeg ikke", "problem", "unknown"),
    ]

    def fitted(weight: float) -> PhaseReader:
        return PhaseReader.fit(
            PHASES.owners(),
            texts,
            bag_of_words(texts),
            10,
            3,
            None,
            clauses,
            bag_of_words([c.text for c in clauses]),
            weight,
        )

    unseen = "emnet stod i direktionens strategi"
    with_clauses, statements_only = _columns(fitted(1.0), unseen), _columns(fitted(0.0), unseen)
    assert max(with_clauses, key=with_clauses.get) == ("problem", "nej")
    assert with_clauses[("problem", "nej")] > statements_only[("problem", "nej")] + 0.2
    assert fitted(1.0).together.classes == ["ja", "nej", "uvist"]  # a phase named, how it was done not said
    assert fitted(0.0).together.classes == ["ja", "nej"]


def test_each_training_case_is_read_by_a_phase_reader_that_never_saw_its_clauses():
    settings = dataclasses.replace(
        load_settings(), regularisation=10.0, phase_weight=1.0, phase_lexical_weight=3.0, phase_clause_weight=1.0
    )
    # Only the first case teaches "udspillet" as a problem set alone.
    texts = ["Udspillet kom fra direktionen.", "Vi holder møde hver uge.", "Vi kører caféen i fællesskab."]
    labels = [("problem", "alone"), ("none", None), ("solution", "together")]
    cases = [
        Case(f"c{n}", text, "Delvist", {}, None, "p", (PhaseClause(text, *label),))
        for n, (text, label) in enumerate(zip(texts, labels))
    ]
    statement_texts = [t for _, group in PHASES.groups() for t in group]
    args = (PHASES, statement_texts, bag_of_words(statement_texts), cases, texts, bag_of_words(texts))
    fitted = PhaseReader.for_cases(settings, *args)

    def fit_on(some):
        return PhaseReader.for_cases(settings, *args[:3], some, *args[4:])

    apart = PhaseReader.held_apart(fitted, 2, cases, fit_on)
    assert apart[0] is apart[2] and apart[0] is not apart[1] and all(r is not fitted for r in apart)
    clause = [texts[0]]

    def problem_alone(reader: PhaseReader) -> float:
        return float(dict(zip(COLUMNS, reader.columns(bag_of_words(clause), clause)[0]))[("problem", "nej")])

    assert problem_alone(fitted) > problem_alone(apart[0]) + 0.1  # learnt from the case vs read as new
    assert all(r is fitted for r in PhaseReader.held_apart(fitted, 0, cases, fit_on))  # phase_cross_folds 0: off
