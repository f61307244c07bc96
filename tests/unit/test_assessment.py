"""'Er det samskabelse?': the YAML verdict rules evaluated on described cases."""
from __future__ import annotations

import pytest

from bot.assessment import assess

# (case, entities, yes/no answers, expected verdict, expected pattern or None)
CASES = [
    ("Vi sender en næsten færdig plan i høring – er det samskabelse?", [], {}, "Nej", "hoering"),
    ("Er det samskabelse at sende lokalplanen i hoering?", [], {}, "Nej", "hoering"),
    ("Vi har udliciteret rengøringen for at spare penge, er det samskabelse?", [], {}, "Nej", "udlicitering"),
    ("Vi outsourcer driften af svømmehallen til et privat firma for at spare", [], {}, "Nej", "udlicitering"),
    ("Borgerne må selv bestemme, hvad pengene skal bruges til – er det samskabelse?", [], {}, "Nej", "selvbestemmelse"),
    ("Vi lader landsbyen bestemme helt selv over puljen", [], {}, "Nej", "selvbestemmelse"),
    ("Borgerne deltager i et forprogrammeret forløb med faste workshops", [], {}, "Nej", "forprogrammeret"),
    ("Vi har inviteret foreninger, borgere og virksomheder til at definere problemet sammen med os og designe løsningen – er det samskabelse?",
     [], {}, "Ja", None),
    ("Sammen med forældre og idrætsforeningen definerer vi problemet og udvikler og gennemfører løsningen sammen som ligeværdige partnere",
     [], {}, "Ja", None),
    ("Er det samskabelse, når borgerne selv maler legepladsen, som kommunen har planlagt?", [], {}, "Delvist", "samproduktion"),
    ("Vi holder et borgermøde om den nye skolestruktur", [], {}, "Delvist", "borgerinddragelse"),
    ("Vi sender et spørgeskema ud til brugerne af biblioteket", [], {}, "Delvist", "borgerinddragelse"),
    ("Er samproduktion på plejecentret samskabelse?", [], {}, "Delvist", "samproduktion"),
    ("Vores frivillige mentorer arbejder sammen med jobcentret om unge",
     [], {"define_together": True}, "Ja", None),
    ("Vores frivillige mentorer arbejder sammen med jobcentret om unge",
     [], {"define_together": False}, "Delvist", None),
    ("Vi har et projekt om trafiksikkerhed ved skolen",
     [], {"public_private": False}, "Nej", None),
    ("Vi har et projekt om trafiksikkerhed ved skolen",
     [], {"public_private": True, "equal_partnership": True, "define_together": True, "design_implement_together": True},
     "Ja", None),
    ("Vi har et projekt om trafiksikkerhed ved skolen",
     [], {"public_private": True, "equal_partnership": False, "define_together": False, "design_implement_together": False},
     "Nej", None),
    ("Vi laver et projekt om ensomhed",
     [("aktoer", "forening")], {"equal_partnership": True, "define_together": True, "design_implement_together": True},
     "Ja", None),
    ("Kun forvaltningens egne medarbejdere deltager i udviklingen",
     [], {}, "Nej", None),
    ("Vi har lavet en næsten færdig løsning sammen med borgerne, men vil høre dem i en høring",
     [], {}, "Nej", "hoering"),
    ("Politikerne og en gruppe unge formulerer sammen en ny ungepolitik",
     [], {"equal_partnership": True, "design_implement_together": True}, "Ja", None),
]


@pytest.mark.parametrize("text, entities, answers, verdict, pattern", CASES)
def test_verdicts(guides, text, entities, answers, verdict, pattern):
    result = assess(guides.assessment, text, entities, answers, asked=len(answers))
    if result.verdict is None:  # still open: answer "don't know" to the rest by running out of questions
        result = assess(guides.assessment, text, entities, answers, asked=guides.assessment.max_questions)
    assert result.verdict == verdict, result
    if pattern:
        assert pattern in result.patterns


def test_there_are_at_least_twenty_cases():
    assert len(CASES) >= 20


def test_open_case_asks_about_the_first_unknown_criterion(guides):
    result = assess(guides.assessment, "Vores frivillige mentorer arbejder sammen med jobcentret om unge")
    assert result.verdict is None
    assert result.next_question == "define_together"


def test_at_most_three_questions_then_default(guides):
    rules = guides.assessment
    result = assess(rules, "Vi har et projekt om trafiksikkerhed", asked=rules.max_questions)
    assert result.verdict == rules.default
    assert rules.max_questions == 3


@pytest.mark.parametrize("text, step", [
    ("Frivillige besøgsvenner hjælper ældre borgere", 2),
    ("Borgerne er med til at klare deres egen genoptræning", 1),
    ("Politikerne og en gruppe unge skriver ungepolitikken sammen", 5),
    ("Vi løser et komplekst problem med klimatilpasning sammen med grundejerne", 4),
    ("Brugerne er med til at udforme servicen på jobcentret", 3),
])
def test_staircase_step(guides, text, step):
    assert assess(guides.assessment, text).step == step
