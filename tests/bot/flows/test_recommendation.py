"""'Hvilken ledelsesform passer?': YAML rules evaluated on leaders' situations."""

from __future__ import annotations

import pytest

from bot.flows.recommendation import merge, recommend, signals

# (situation, entities, expected forms in order, or the question key to ask)
CASES = [
    ("Vi vil have frivillige til at hjælpe på plejecentret", [("aktoer", "frivillig")], ["frivilligledelse"]),
    ("Vi har mange frivillige mentorer i jobcentret", [("aktoer", "frivillig")], ["frivilligledelse"]),
    (
        "Borgerne skal være en aktiv ressource i vores daginstitution",
        [("aktoer", "borger"), ("formaal", "ressource")],
        ["borgernaer_ledelse"],
    ),
    ("Vi vil inddrage brugerne og de pårørende mere i hverdagen på bostedet", [], ["borgernaer_ledelse"]),
    (
        "Vi skal udvikle nye løsninger sammen med virksomheder",
        [("aktoer", "virksomhed")],
        ["samarbejdsdrevet_innovation"],
    ),
    (
        "Vi vil skabe innovation på klimaområdet med foreninger og erhvervslivet",
        [("aktoer", "forening"), ("formaal", "innovation")],
        ["samarbejdsdrevet_innovation"],
    ),
    ("Et komplekst problem kræver nytænkning", [("formaal", "innovation")], ["samarbejdsdrevet_innovation"]),
    (
        "Vi vil have frivillige og borgerne som aktiv ressource",
        [("aktoer", "frivillig"), ("aktoer", "borger"), ("formaal", "ressource")],
        ["borgernaer_ledelse", "frivilligledelse"],
    ),
    (
        "Frivillige og virksomheder skal udvikle nye løsninger sammen med os",
        [("aktoer", "frivillig"), ("aktoer", "virksomhed")],
        ["frivilligledelse", "samarbejdsdrevet_innovation"],
    ),
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


# -- as the chat shows it (bot.flows.guided_replies) ----------------------------------
def test_a_general_question_gets_the_three_forms_named_before_the_first_question(guide):
    rules = guide.rules.recommendation
    reply, known = guide.recommendation("Hvilke ledelsesformer passer til samskabelse?", [], None)
    intro, question = reply.messages
    titles = [guide.kb.entries[f.entry].title for f in rules.forms]
    assert all(title in intro.text for title in titles) and len(titles) == 3
    assert guide.kb.sources[rules.source].name in intro.text  # the forms are Torfing's: the source is named
    assert not intro.buttons
    assert question.text == rules.questions["actors"].text and len(question.buttons) == 3
    assert not known["aktoer"] and not known["formaal"]


def test_once_something_is_known_only_the_missing_question_is_asked(guide):
    rules = guide.rules.recommendation
    entities = [{"entity": "aktoer", "value": v} for v in ("frivillig", "borger", "virksomhed")]
    reply, known = guide.recommendation("", entities, None)
    (question,) = reply.messages
    assert question.text == rules.questions["purpose"].text
    assert known["aktoer"] == ["borger", "frivillig", "virksomhed"]


def test_the_phase_question_names_the_three_phases(guide):
    rules = guide.rules.phases
    (asked,) = guide.phase("hvor er vi i processen?", []).messages
    assert asked.text.endswith(rules.texts["ask"].split("{phases}")[-1])
    assert "Afklaring, Samskabelse og Erkendelse" in asked.text
    assert [b.title for b in asked.buttons] == [p.title for p in rules.phases]
