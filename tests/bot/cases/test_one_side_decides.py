"""bot/cases/one_side_decides.py: whether a case says one side holds the power, with the real words.

A mistake in those words is named with file and key: tests/bot/cases/test_reading.py."""

from __future__ import annotations

import pytest

from bot.cases.reading_settings import load_settings


@pytest.fixture(scope="module")
def settings():
    return load_settings()


@pytest.mark.parametrize(
    "text, words",
    [
        (
            "Vi har fundet problemet og lavet løsningen sammen. Men det er forvaltningen, der har det sidste ord.",
            "Men det er forvaltningen, der har det sidste ord",
        ),
        (
            "Skolen har altid sidste ord, men ellers gør vi alt sammen.",
            "Skolen har altid sidste ord, men ellers gør vi alt sammen",
        ),
        ("Regionen har vetoret i styregruppen.", "Regionen har vetoret i styregruppen"),
        ("Kun kommunen har stemmeret; foreningerne er rådgivende.", "Kun kommunen har stemmeret"),
        ("Borgerne har ikke stemmeret i gruppen.", "Borgerne har ikke stemmeret i gruppen"),
        ("Når vi stemmer, vinder forvaltningen altid.", "Når vi stemmer, vinder forvaltningen altid"),
        ("De pårørende kommer sjældent til orde.", "De pårørende kommer sjældent til orde"),
        ("I praksis er det lægerne, der styrer møderne.", "I praksis er det lægerne, der styrer møderne"),
        (
            "Fonden har trukket meget i retning af sin egen model.",
            "Fonden har trukket meget i retning af sin egen model",
        ),
        ("Det er reelt kommunen, der bestemmer.", "Det er reelt kommunen, der bestemmer"),
        ("Vejafdelingen besluttede i sidste ende selv.", "Vejafdelingen besluttede i sidste ende selv"),
        ("vi havde dog det afgoerende ord", "vi havde dog det afgoerende ord"),  # without æøå
    ],
)
def test_one_side_holding_the_power_is_found_with_its_sentence(settings, text, words):
    assert settings.one_side_holds_power(text) == words


@pytest.mark.parametrize(
    "text",
    [
        # taken back by a negation
        "Det er ikke kommunen, der har det sidste ord – det har ingen.",
        "Vi driver det sammen, uden at nogen part har sidste ord.",
        "Ingen har vetoret i partnerskabet.",
        "Forvaltningen har ikke det sidste ord.",
        # power held by all alike
        "Alle parter har vetoret i styregruppen.",
        "Hver part har vetoret.",
        "Foreningerne har vetoret på lige fod med os.",
        "Vi har aftalt, at beslutningerne træffes i fællesskab, og begge har vetoret.",
        # not about power in the partnership
        "Vi har sammen defineret problemet og lavet løsningen sammen.",
        "Byrådet godkender planen til sidst.",
    ],
)
def test_power_shared_or_taken_back_is_not(settings, text):
    assert settings.one_side_holds_power(text) is None
