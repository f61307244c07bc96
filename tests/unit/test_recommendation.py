"""'Hvilken ledelsesform passer?': YAML rules evaluated on leaders' situations."""
from __future__ import annotations

import pytest

from bot.recommendation import merge, recommend, signals

# (situation, entities, expected forms in order, or the question key to ask)
CASES = [
    ("Vi vil have frivillige til at hjælpe på plejecentret", [("aktoer", "frivillig")], ["frivilligledelse"]),
    ("Vi har mange frivillige mentorer i jobcentret", [("aktoer", "frivillig")], ["frivilligledelse"]),
    ("Borgerne skal være en aktiv ressource i vores daginstitution", [("aktoer", "borger"), ("formaal", "ressource")],
     ["borgernaer_ledelse"]),
    ("Vi vil inddrage brugerne og de pårørende mere i hverdagen på bostedet", [], ["borgernaer_ledelse"]),
    ("Vi skal udvikle nye løsninger sammen med virksomheder", [("aktoer", "virksomhed")], ["samarbejdsdrevet_innovation"]),
    ("Vi vil skabe innovation på klimaområdet med foreninger og erhvervslivet",
     [("aktoer", "forening"), ("formaal", "innovation")], ["samarbejdsdrevet_innovation"]),
    ("Et komplekst problem kræver nytænkning", [("formaal", "innovation")], ["samarbejdsdrevet_innovation"]),
    ("Vi vil have frivillige og borgerne som aktiv ressource",
     [("aktoer", "frivillig"), ("aktoer", "borger"), ("formaal", "ressource")], ["borgernaer_ledelse", "frivilligledelse"]),
    ("Frivillige og virksomheder skal udvikle nye løsninger sammen med os",
     [("aktoer", "frivillig"), ("aktoer", "virksomhed")], ["frivilligledelse", "samarbejdsdrevet_innovation"]),
    ("Hvilken ledelsesform passer til os?", [], "actors"),
    ("/ask_which_form", [], "actors"),
    ("Vi er en kommune", [], "actors"),
    ("", [("aktoer", "frivillig"), ("aktoer", "borger"), ("aktoer", "virksomhed")], "purpose"),
    ("", [("formaal", "frivillige")], ["frivilligledelse"]),
]


@pytest.mark.parametrize("text, entities, expected", CASES)
def test_recommendations(guides, text, entities, expected):
    result = recommend(guides.recommendation, signals(text, entities))
    if isinstance(expected, str):
        assert result.forms == [] and result.question.key == expected
    else:
        assert [f.id for f in result.forms] == expected


def test_there_are_at_least_twelve_cases():
    assert len(CASES) >= 12


def test_answers_accumulate_across_button_clicks(guides):
    first = signals("Hvilken ledelsesform passer?", [])
    after_click = merge(first, signals("/ask_which_form", [("aktoer", "frivillig")]))
    assert after_click["aktoer"] == ["frivillig"]
    assert [f.id for f in recommend(guides.recommendation, after_click).forms] == ["frivilligledelse"]
