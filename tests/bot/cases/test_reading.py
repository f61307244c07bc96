"""bot/cases/reading.py without the encoder: clauses, settings and statements files, and the reader's mechanics.

A bag-of-words stand-in replaces the encoder here, so the mechanics (fitting,
storing, unknown below the probability floor, deciding words) are pinned
exactly; how well the real encoder reads the bank is measured by make eval
and checked in tests/featurizers/test_case_reading_component.py.
"""

from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path

import numpy as np
import pytest
import yaml

from bot.cases.bank import Case
from bot.cases.reading import CaseReader, prepare_case, read_case, split_clauses
from bot.cases.reading_result import Reading
from bot.cases.reading_settings import load_settings
from bot.cases.sector_check import SECTOR_HEAD
from bot.cases.statements import CaseReadingError, Statements, load_statements
from bot.flows.cues import prepare

CRITERIA = ["public_private", "equal_partnership", "define_together", "design_implement_together"]
PATTERNS = ["hoering", "forprogrammeret", "udlicitering", "selvbestemmelse", "samproduktion", "borgerinddragelse"]


def bag_of_words(texts):
    """A deterministic stand-in for the encoder: hashed words, L2-normalised."""
    rows = np.zeros((len(texts), 64), dtype=np.float32)
    for row, text in zip(rows, texts):
        for word in prepare(text).replace(",", " ").replace(".", " ").split():
            row[int(hashlib.sha256(word.encode()).hexdigest(), 16) % 64] += 1.0
        row /= max(np.linalg.norm(row), 1e-6)
    return rows


# -- clauses -------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, clauses",
    [
        (
            "Vi definerede problemet sammen, men forvaltningen lavede løsningen alene. Er det samskabelse?",
            ["Vi definerede problemet sammen", "men forvaltningen lavede løsningen alene.", "Er det samskabelse?"],
        ),
        (
            "Budgettet ligger fast – indholdet finder vi sammen.",
            ["Budgettet ligger fast", "indholdet finder vi sammen."],
        ),
        ("Samskabelse?", ["Samskabelse?"]),
        ("", [""]),
    ],
)
def test_split_clauses(text, clauses):
    assert split_clauses(text) == clauses


# -- settings ------------------------------------------------------------------
def test_the_real_settings_load():
    settings = load_settings()
    assert 0 < settings.min_probability < 1 and settings.case_questions


@pytest.mark.parametrize(
    "text, asks",
    [
        ("Vi har sammen med foreningerne lavet en ny indsats mod ensomhed. Er det samskabelse?", True),
        ("Borgerne og kommunen driver nu huset i fællesskab, kan det kaldes samskabelse?", True),
        ("Vi har bygget en legeplads med forældrene og en tømrer – tæller det som samskabelse?", True),
        ("Beboerne og boligselskabet laver grønne gårde med os. Samskabelse eller ej?", True),
        ("Vi inviterede de unge med fra starten og laver det sammen. Samskabelse?", True),
        ("Hvad er samskabelse?", False),
        ("Hvornår er det samskabelse og hvornår er det borgerinddragelse?", False),
        ("Er det samskabelse, når vi sender en plan i høring?", False),  # too little described before the question
        ("Hvilken ledelsesform passer til vores projekt med frivillige?", False),
    ],
)
def test_a_described_case_asking_about_cocreation_is_recognised(text, asks):
    assert load_settings().asks_about_case(prepare(text)) is asks


def _write(tmp_path: Path, name: str, data) -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def _settings_data():
    return yaml.safe_load(Path("data/nlp/case_reading.yml").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda d: d.update(min_probability=2), "'min_probability' must be a number from 0"),
        (lambda d: d.update(regularisation="mange"), "'regularisation' must be a number"),
        (lambda d: d.update(evidence_words=0), "'evidence_words' must be a whole number"),
        (lambda d: d.pop("weak_assessment"), "'weak_assessment' must be a number from 0"),
        (lambda d: d.update(partner_weight=-1), "'partner_weight' must be a number from 0"),
        (
            lambda d: d.update(question_lead="er det samskabelse"),
            "'question_lead' must be a pattern that starts with ^",
        ),
        (lambda d: d.update(question_lead="^(er"), "'question_lead': missing )"),
        (lambda d: d.update(case_questions=[]), "'case_questions' must be a non-empty list"),
        (lambda d: d.update(case_questions=["Er det Samskabelse"]), "must be folded"),
        (lambda d: d.update(case_questions=["er (det"]), "case question 'er (det'"),
        # the words for a problem the public side set alone (bot/cases/problem_owner.py)
        (lambda d: d.update(problem_owner="byraadet"), "'problem_owner' must be a mapping with the patterns"),
        (lambda d: d.update(problem_owner={"deciders": "x"}), "'problem_owner' must be a mapping with the patterns"),
        (lambda d: d["problem_owner"].update(decided="Besluttede"), "'problem_owner.decided' must be folded"),
        (lambda d: d["problem_owner"].update(shared_before="(sammen"), "'problem_owner.shared_before'"),
        (lambda d: d["problem_owner"].update(deciders="(byraad"), "'problem_owner.deciders'"),
        (lambda d: d["problem_owner"].update(negated_before="(ikke"), "'problem_owner.negated_before'"),
        (lambda d: d["problem_owner"].update(set_alone=["<deciders> x", "x"]), "must use <deciders> or <decided>"),
        (lambda d: d["problem_owner"].update(set_alone=[]), "'problem_owner' must be a mapping with the patterns"),
        (lambda d: d["problem_owner"].update(set_alone=["Problemet"]), "'problem_owner.set_alone' must be folded"),
        (lambda d: d["problem_owner"].update(set_alone=["(<decided>"]), "'problem_owner.set_alone'"),
        # the words for a criterion said not to be met (bot/cases/said_not_met.py)
        (lambda d: d.update(said_not_met=["x"]), "'said_not_met' must map criterion ids to their words"),
        (lambda d: d["said_not_met"].update(equal_partnership="x"), "'said_not_met.equal_partnership' must be a"),
        (lambda d: d["said_not_met"]["equal_partnership"].update(said="sidste ord"), "must be a mapping with 'said'"),
        (lambda d: d["said_not_met"]["equal_partnership"].update(shared=""), "must be a mapping with 'said'"),
        (
            lambda d: d["said_not_met"]["equal_partnership"].update(said=["Sidste"]),
            ".equal_partnership.said' must be folded",
        ),
        (
            lambda d: d["said_not_met"]["equal_partnership"].update(said=["(veto"]),
            "'said_not_met.equal_partnership.said'",
        ),
        (lambda d: d["said_not_met"]["equal_partnership"].update(negated_before="(ikke"), ".negated_before'"),
        (lambda d: d["said_not_met"]["design_implement_together"].pop("public"), ".said' uses <public>"),
        # the words saying the leader doesn't know whether a criterion is met: the same shape, 'shared' optional
        (lambda d: d.update(said_unknown=["x"]), "'said_unknown' must map criterion ids to their words"),
        (lambda d: d["said_unknown"].update(equal_partnership="x"), "'said_unknown.equal_partnership' must be a"),
        (lambda d: d["said_unknown"]["define_together"].update(said=["I Tvivl"]), ".define_together.said' must be"),
        (lambda d: d["said_unknown"]["define_together"].update(negated_before="(ikke"), "said_unknown.define_together"),
        (lambda d: d.update(abbreviations="afd"), "'abbreviations' must be a list"),
        (lambda d: d.update(abbreviations=["afd."]), "'abbreviations' must be a list"),
        (lambda d: d.update(sector_doubt_ja="lav"), "'sector_doubt_ja' must be a number"),
        (lambda d: d.update(sector_doubt_ja=0.9), "'sector_doubt_ja' must not be above 'sector_doubt'"),
    ],
)
def test_a_settings_mistake_names_the_file_and_key(tmp_path, change, message):
    data = _settings_data()
    change(data)
    path = _write(tmp_path, "case_reading.yml", data)
    with pytest.raises(CaseReadingError) as raised:
        load_settings(path)
    assert str(path) in str(raised.value) and message in str(raised.value)


# -- statements ----------------------------------------------------------------
def test_the_real_statements_cover_every_criterion_value_and_pattern():
    statements = load_statements(CRITERIA, PATTERNS)
    assert set(statements.criteria) == set(CRITERIA) and set(statements.patterns) == set(PATTERNS)
    assert all(len(texts) >= 2 for values in statements.criteria.values() for texts in values.values())
    assert all(set(values) == {"ja", "nej", "uvist"} for values in statements.criteria.values())


def _statements_data():
    return yaml.safe_load(Path("data/cases/statements.yml").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda d: d["criteria"].pop("define_together"), "'define_together' needs statements under 'ja' and 'nej'"),
        (
            lambda d: d["criteria"]["define_together"].pop("nej"),
            "'define_together' needs statements under 'ja' and 'nej'",
        ),
        (
            lambda d: d["criteria"]["define_together"].update(uvist=["kun én"]),
            "criteria: define_together: uvist: needs a list",
        ),
        (
            lambda d: d["criteria"]["define_together"].update(maaske=["a b", "c d"]),
            "'define_together' needs statements",
        ),
        (
            lambda d: d["criteria"].update(budget={"ja": ["a b", "c d"], "nej": ["e f", "g h"]}),
            "unknown criterion 'budget'",
        ),
        (lambda d: d["patterns"].update(lobbyisme=["a b", "c d"]), "unknown pattern 'lobbyisme'"),
        (lambda d: d["patterns"].update(hoering=["kun én"]), "patterns: hoering: needs a list of at least two"),
        (lambda d: d["criteria"]["public_private"].update(ja=["ok", ""]), "criteria: public_private: ja: needs a list"),
    ],
)
def test_a_statements_mistake_names_the_file_and_entry(tmp_path, change, message):
    data = _statements_data()
    change(data)
    path = _write(tmp_path, "statements.yml", data)
    with pytest.raises(CaseReadingError) as raised:
        load_statements(CRITERIA, PATTERNS, path)
    assert str(path) in str(raised.value) and message in str(raised.value)


# -- readings in slots and parse data ---------------------------------------------
def test_a_reading_survives_a_round_trip_and_garbage_reads_as_none():
    reading = Reading(
        {"public_private": True, "define_together": None}, "hoering", {"pattern": "i høring"}, "Nej", True
    )
    assert Reading.from_dict(reading.as_dict()) == reading
    assert Reading.from_dict({**reading.as_dict(), "verdict": "Måske"}) == Reading(
        reading.criteria, "hoering", {"pattern": "i høring"}
    )  # an unknown verdict is no verdict, and not firm
    assert Reading.from_dict(None) is None and Reading.from_dict({"criteria": "ja"}) is None
    odd = Reading.from_dict({"criteria": {"public_private": "ja"}, "pattern": 5, "evidence": ["x"]})
    assert odd == Reading({"public_private": None}, None, {})
    alone = Reading({"public_private": True}, names_partner=False)
    assert Reading.from_dict(alone.as_dict()) == alone  # a slot keeps that the case names no partner
    assert Reading.from_dict({"criteria": {}, "names_partner": "nej"}).names_partner  # only False takes it back
    everyone = Reading({"public_private": False}, partner_words="foreningen og vi laver det")
    assert Reading.from_dict(everyone.as_dict()) == everyone  # and the words naming a partner taking part
    assert Reading.from_dict({"criteria": {}, "partner_words": ["x"]}).partner_words is None
    outside = Reading({"public_private": True}, one_sector="Kommunen er ikke med")
    assert Reading.from_dict(outside.as_dict()) == outside  # and the words saying no public body takes part
    assert Reading.from_dict({"criteria": {}, "one_sector": 3}).one_sector is None
    fixed = Reading({"define_together": False}, problem_alone="Byrådet besluttede, at problemet er trafikken")
    assert Reading.from_dict(fixed.as_dict()) == fixed  # and the words saying the problem was set alone
    assert Reading.from_dict({"criteria": {}, "problem_alone": 3}).problem_alone is None
    power = Reading({"equal_partnership": False}, said_not_met={"equal_partnership": "Men kommunen har det sidste ord"})
    assert Reading.from_dict(power.as_dict()) == power  # and the words saying a criterion is not met
    assert Reading.from_dict({"criteria": {}, "said_not_met": ["x"]}).said_not_met == {}
    assert Reading.from_dict({"criteria": {}, "said_not_met": {"e": 3, "d": "alene"}}).said_not_met == {"d": "alene"}
    doubt = Reading(
        {"equal_partnership": None}, said_unknown={"equal_partnership": "Jeg er i tvivl om ligeværdigheden"}
    )
    assert Reading.from_dict(doubt.as_dict()) == doubt  # and the words saying the leader doesn't know
    assert Reading.from_dict({"criteria": {}, "said_unknown": {"e": 3, "d": "uklart"}}).said_unknown == {"d": "uklart"}
    sure = Reading({"public_private": True}, sureness={"public_private": 0.875})
    assert Reading.from_dict(sure.as_dict()) == sure  # and how sure each line is
    odd_sureness = {"a": "høj", "b": True, "c": 1.5, "d": 0.25}
    assert Reading.from_dict({"criteria": {}, "sureness": odd_sureness}).sureness == {"d": 0.25}


# -- the reader's mechanics on a tiny bank -------------------------------------------
SMALL = Statements(
    {
        "public_private": {
            "ja": ("borgere og foreninger er med", "frivillige deltager"),
            "nej": ("kun medarbejdere deltager", "en intern arbejdsgruppe"),
        }
    },
    {"hoering": ("planen sendes i høring", "borgerne kan kommentere planen")},
)


def _cases():
    yes = ["Borgere og foreninger er med i projektet {}", "Frivillige deltager sammen med os {}"]
    no = ["Kun medarbejdere deltager i gruppen {}", "En intern arbejdsgruppe laver det {}"]
    hearing = ["Planen sendes i høring hos borgere {}", "Borgere kan kommentere planen {}"]
    cases = []
    for n in range(6):
        cases += [
            Case(f"y{n}", yes[n % 2].format(n), "Delvist", {"public_private": True}, None, "criteria"),
            Case(f"n{n}", no[n % 2].format(n), "Nej", {"public_private": False}, None, "criteria"),
            Case(f"h{n}", hearing[n % 2].format(n), "Nej", {"public_private": True}, "hoering", "not_hoering"),
        ]
    return cases


@pytest.fixture
def settings():
    return dataclasses.replace(load_settings(), regularisation=10.0, statement_weight=1.0, min_probability=0.5)


def test_the_fitted_reader_reads_criteria_and_pattern_with_the_deciding_words(settings):
    reader = CaseReader.fit(settings, SMALL, _cases(), bag_of_words)
    reading = read_case(reader, "Vi har en intern arbejdsgruppe. Kun medarbejdere deltager.", bag_of_words)
    assert reading.criteria == {"public_private": False} and reading.pattern is None
    assert reading.evidence["public_private"] in ("Vi har en intern arbejdsgruppe", "Kun medarbejdere deltager")
    hearing = read_case(reader, "Planen sendes i høring, og borgere kan kommentere planen.", bag_of_words)
    assert hearing.pattern == "hoering" and hearing.criteria["public_private"] is True
    assert "høring" in hearing.evidence["pattern"]


def test_below_the_probability_floor_a_criterion_is_unknown(settings):
    reader = CaseReader.fit(dataclasses.replace(settings, min_probability=0.999), SMALL, _cases(), bag_of_words)
    reading = read_case(reader, "Noget helt andet om vejret", bag_of_words)
    assert reading.criteria == {"public_private": None} and "public_private" not in reading.evidence


def test_the_deciding_words_are_cut_to_the_limit(settings):
    reader = CaseReader.fit(dataclasses.replace(settings, evidence_words=3), SMALL, _cases(), bag_of_words)
    reading = read_case(reader, "Kun medarbejdere deltager i den lange interne arbejdsgruppe her", bag_of_words)
    assert reading.evidence["public_private"] == "Kun medarbejdere deltager …"


@pytest.mark.parametrize(
    "text, columns",
    [
        ("Borgerne og kommunen har sammen defineret problemet.", [0.0, 0.0]),
        ("Skolen og PPR har sammen lavet en ny indsats. Forældrene er målgruppen.", [2.0, 0.0]),
        ("Foreningen har lavet det hele selv. Kommunen er ikke med.", [0.0, 2.0]),
    ],
)
def test_the_partner_check_is_read_as_two_features_with_their_weight(settings, text, columns):
    weighted = dataclasses.replace(settings, partner_weight=2.0)
    reader = CaseReader.fit(weighted, SMALL, _cases(), bag_of_words)
    clauses = split_clauses(text)
    vectors = bag_of_words([text, *clauses])
    features = reader._features(vectors[0], reader._closeness(vectors[1:], clauses), text)[0]
    assert features[-2:].tolist() == columns
    without = CaseReader.fit(dataclasses.replace(settings, partner_weight=0.0), SMALL, _cases(), bag_of_words)
    assert len(without._features(vectors[0], without._closeness(vectors[1:], clauses), text)[0]) == len(features) - 2


def test_the_heads_probabilities_are_what_the_reading_is_made_of(settings):
    reader = CaseReader.fit(dataclasses.replace(settings, min_probability=0.6), SMALL, _cases(), bag_of_words)
    for text in ("Kun medarbejdere deltager", "Planen sendes i høring", "Noget helt andet om vejret"):
        prepared = prepare_case(reader, text, bag_of_words)
        probabilities = reader.probabilities(*prepared)
        reading = reader.read(*prepared)
        heads = {"public_private", "pattern", "verdict"} | ({SECTOR_HEAD} if settings.checks_sector else set())
        assert set(probabilities) == heads
        for probs in probabilities.values():
            assert abs(sum(probs.values()) - 1.0) < 1e-5
        best = max(probabilities["public_private"], key=probabilities["public_private"].get)
        expected = {"ja": True, "nej": False}.get(best) if probabilities["public_private"][best] >= 0.6 else None
        assert reading.criteria["public_private"] is expected
        assert reading.sureness["public_private"] == pytest.approx(probabilities["public_private"][best])
        verdict = max(probabilities["verdict"], key=probabilities["verdict"].get)
        assert reading.verdict in (verdict, None)


def test_a_stored_reader_reads_exactly_as_the_fitted_one(tmp_path, settings):
    reader = CaseReader.fit(settings, SMALL, _cases(), bag_of_words)
    reader.save(tmp_path)
    loaded = CaseReader.load(tmp_path, settings)
    for text in ("Frivillige deltager", "Planen sendes i høring", "Kun medarbejdere", "Noget om vejret"):
        assert read_case(loaded, text, bag_of_words) == read_case(reader, text, bag_of_words)


def _counting(calls: list):
    """bag_of_words that writes down what it was asked to embed."""

    def embed(texts):
        calls.append(list(texts))
        return bag_of_words(texts)

    return embed


def test_the_text_vector_from_the_nlu_is_used_when_given(settings):
    reader = CaseReader.fit(settings, SMALL, _cases(), bag_of_words)
    text = "Kun medarbejdere deltager"
    calls = []
    given = read_case(reader, text, _counting(calls), bag_of_words([text])[0])
    assert calls == [[text]]  # only the clause, not the text again
    assert given == read_case(reader, text, bag_of_words)


@pytest.mark.parametrize(
    "text, described",
    [
        (
            "Er det samskabelse, når kommunen og borgerne sammen definerer problemet?",
            "kommunen og borgerne sammen definerer problemet.",
        ),
        ("er det egentlig samskabelse hvis vi laver planen med foreningerne?", "vi laver planen med foreningerne."),
        ("Kan det kaldes samskabelse, naar vi inviterer foreningerne ind?", "vi inviterer foreningerne ind."),
        (
            "Kan man kalde det samskabelse, når vi og spejderne sammen driver lejren?",
            "vi og spejderne sammen driver lejren.",
        ),
        ("kan vi regne det for samskabelse hvis beboerne selv står for haven?", "beboerne selv står for haven."),
        ("Vi laver planen med foreningerne. Er det samskabelse?", None),  # the usual order: read as it is
        ("Er det samskabelse?", None),  # nothing after the frame
        ("Er det samskabelse, når", None),
    ],
)
def test_a_leading_question_frame_is_not_read_as_part_of_the_case(text, described):
    assert load_settings().description(text) == (described or text)


@pytest.mark.parametrize(
    "text, described",
    [
        ("Vi har 10. klasse med. Det virker.", "Vi har 10\u2024 klasse med. Det virker."),
        (
            "laeger paa afd. har sammen lavet ca. 40 aftaler",
            "laeger paa afd\u2024 har sammen lavet ca\u2024 40 aftaler",
        ),
        (
            "Vi har f.eks. lavet det bl.a. med Afd. syd",
            "Vi har f\u2024eks\u2024 lavet det bl\u2024a\u2024 med Afd\u2024 syd",
        ),
        ("Vi var 3. Derefter kom de andre.", None),  # a number ending a sentence
        ("en survey til 5.000 borgere", "en survey til 5000 borgere"),  # a thousands dot
        ("Det gik til afd. Borgerne kom så.", None),  # the next sentence starts with a capital
    ],
)
def test_a_full_stop_that_ends_no_sentence_is_read_as_a_dot_inside_it(text, described):
    assert load_settings().description(text) == (described or text)


def test_a_list_of_public_parties_is_read_across_an_abbreviation(settings):
    text = "sygeplejersker og laeger paa afd. har sammen fundet paa en ny vagtplan. er det samskabelse"
    assert settings.one_sector(text) is None  # "sygeplejersker og laeger paa afd" alone works with no one
    assert settings.one_sector(settings.description(text)).startswith("sygeplejersker og laeger paa afd")


def test_a_case_asked_the_other_way_round_is_read_as_its_description(settings):
    reader = CaseReader.fit(settings, SMALL, _cases(), bag_of_words)
    framed = "Er det samskabelse, når kun medarbejdere deltager i den interne arbejdsgruppe?"
    plain = "kun medarbejdere deltager i den interne arbejdsgruppe."
    calls = []
    reading = read_case(reader, framed, _counting(calls), bag_of_words([framed])[0])
    assert reading == read_case(reader, plain, bag_of_words)
    assert calls and calls[0][0] == plain  # the NLU's vector was of the whole question: the description is embedded
    assert "samskabelse" not in reading.evidence.get("public_private", "")


@pytest.mark.parametrize(
    "clause, closing",
    [
        ("Er det samskabelse?", True),
        ("Samskabelse?", True),
        ("kan det kaldes samskabelse", True),
        ("Hvad siger du – samskabelse eller ej?", True),
        ("Taeller det som samskabelse?", True),
        ("Er det stadig samskabelse, når vi startede sådan?", True),
        ("Er det alligevel samskabelse?", True),
        ("Vi har sammen defineret problemet", False),
        ("Er det samskabelse, selvom planen til sidst skal i den lovpligtige høring efter loven?", False),
    ],
)
def test_a_closing_question_is_told_from_a_clause_of_the_case(clause, closing):
    assert load_settings().is_closing_question(clause) is closing
