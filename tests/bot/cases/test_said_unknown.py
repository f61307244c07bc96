"""bot/cases/said_not_met.py with the `said_unknown` words: whether a case says in so many words that the leader
does not know whether a criterion is met, with the real words (ReadingSettings.unknown_in_words).

A mistake in those words is named with file and key: tests/bot/cases/test_reading.py."""

from __future__ import annotations

import dataclasses

import pytest

from bot.cases.statements import CaseReadingError

E, D, I = "equal_partnership", "define_together", "design_implement_together"  # noqa: E741


@pytest.mark.parametrize(
    "text, criterion, words",
    [
        (
            "Vi har sammen fundet udfordringerne. Jeg er i tvivl om borgerne føler sig som ligevardige partnere.",
            E,
            "Jeg er i tvivl om borgerne føler sig som ligevardige partnere",
        ),
        (
            "Afdelingen har betalt det hele. Jeg er usikker på, om det gør os til den stærke part.",
            E,
            "Jeg er usikker på, om det gør os til den stærke part",
        ),
        ("Om det var ligeværdigt, ved jeg ikke helt.", E, "Om det var ligeværdigt, ved jeg ikke helt"),
        ("Hvem der reelt bestemte, er jeg i tvivl om.", E, "Hvem der reelt bestemte, er jeg i tvivl om"),
        (
            "I praksis var det nok vores eventkoordinator, der trak de store beslutninger.",
            E,
            "I praksis var det nok vores eventkoordinator, der trak de store beslutninger",
        ),
        (
            "Hvem der formulerede problemet, ved jeg ikke, jeg er ny.",
            D,
            "Hvem der formulerede problemet, ved jeg ikke, jeg er ny",
        ),
        (
            "Om de unge også skal være med til at bygge og drive huset, har vi ikke besluttet endnu.",
            I,
            "Om de unge også skal være med til at bygge og drive huset, har vi ikke besluttet endnu",
        ),
        (
            "Hvem der skal føre den ud i livet, er endnu ikke afklaret.",
            I,
            "Hvem der skal føre den ud i livet, er endnu ikke afklaret",
        ),
        ("Løsningen har vi dog endnu ikke lavet.", I, "Løsningen har vi dog endnu ikke lavet"),
        (
            "Nu er projektet sat på pause, og det er uklart, om vi fortsætter sammen.",
            I,
            "Nu er projektet sat på pause, og det er uklart, om vi fortsætter sammen",
        ),
    ],
)
def test_a_line_the_leader_says_they_dont_know_is_found_with_its_clause(settings, text, criterion, words):
    assert settings.unknown_in_words(text) == {criterion: words}


@pytest.mark.parametrize(
    "text",
    [
        "Jeg er ikke i tvivl om, at vi er ligeværdige.",  # a negation
        "Jeg var i tvivl om ligeværdigheden, fordi kommunen betaler, men alle har lige meget at sige.",  # was
        "Vi har sammen defineret problemet og driver løsningen sammen.",
        "Løsningen er ikke lavet af kommunen alene, men sammen med beboerne.",
        "Hvem der gør hvad, har vi aftalt.",
        "Det var ikke vores koordinator, der trak beslutningerne.",
    ],
)
def test_a_case_that_settles_the_line_or_takes_the_doubt_back_is_not(settings, text):
    assert settings.unknown_in_words(text) == {}


def test_a_line_said_not_met_is_not_also_unknown(settings):
    text = "Men kommunen har det sidste ord. Jeg er i tvivl om, de føler sig ligeværdige."
    assert E in settings.not_met_in_words(text) and E not in settings.unknown_in_words(text)


def test_said_unknown_names_only_criteria_the_rules_know(settings):
    only_unknown = dataclasses.replace(settings, said_not_met={})
    with pytest.raises(
        CaseReadingError, match="case_reading.yml: 'said_unknown' names unknown criteria: equal_partner"
    ):
        only_unknown.check_criteria(["public_private", "define_together", "design_implement_together"])
