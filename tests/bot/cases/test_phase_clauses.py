"""The development cases' clauses labelled by phase (data/cases/phase_clauses.yml, bot/cases/phase_clauses.py)."""

from __future__ import annotations

from collections import Counter

import pytest

from bot.assistant import load_assistant
from bot.cases.bank import Case, CaseBankError, load_checked
from bot.cases.phase_clauses import PHASES, with_phase_clauses
from bot.cases.reading import split_clauses
from bot.cases.reading_settings import load_settings

TEXT = "Byrådet besluttede problemet alene, men løsningen udvikler vi sammen med foreningerne. Er det samskabelse?"


def _case(development: bool) -> Case:
    case = next(
        c for n in range(100) if (c := Case(f"t{n}", TEXT, "Delvist", {}, None, "p")).development == development
    )
    return case


def _write(tmp_path, body: str):
    path = tmp_path / "phase_clauses.yml"
    path.write_text("cases:\n" + body, encoding="utf-8")
    return path


def test_every_development_case_is_labelled_clause_by_clause_and_no_held_out_case_is():
    settings = load_settings()
    cases = with_phase_clauses(load_checked(load_assistant()), settings)
    development = [case for case in cases if case.development]
    assert all(not case.phase_clauses for case in cases if not case.development)
    labelled = [case for case in development if case.phase_clauses]
    assert len(labelled) >= 0.95 * len(development)
    for case in labelled:
        assert {c.text for c in case.phase_clauses} <= set(split_clauses(settings.description(case.text))), case.id
    counts = Counter((c.phase, c.how) for case in labelled for c in case.phase_clauses)
    for phase in ("problem", "solution"):  # both phases, both ways, many times
        assert counts[(phase, "together")] >= 100 and counts[(phase, "alone")] >= 50, counts


def test_the_labels_ride_on_the_cases_they_belong_to(tmp_path):
    case = _case(development=True)
    path = _write(
        tmp_path,
        f"""  {case.id}:
    - {{phase: problem, how: alone, clause: "Byrådet besluttede problemet alene"}}
    - {{phase: solution, how: together, clause: "men løsningen udvikler vi sammen med foreningerne."}}
    - {{phase: none, clause: "Er det samskabelse?"}}
""",
    )
    other = Case("other", "Kun medarbejdere deltager.", "Nej", {}, None, "p")
    labelled, unlabelled = with_phase_clauses([case, other], load_settings(), path)
    assert [(c.phase, c.how) for c in labelled.phase_clauses] == [
        ("problem", "alone"),
        ("solution", "together"),
        ("none", None),
    ]
    assert unlabelled.phase_clauses == ()


def test_a_clause_is_labelled_as_written_across_a_dot_that_ends_no_sentence(tmp_path):
    """The reader doesn't cut "7. klasse" into two sentences, and the editor writes the clause as the case has it."""
    clause = "Vi fandt sammen ud af, hvorfor eleverne i 7. klasse keder sig."
    text = f"{clause} Er det samskabelse?"
    case = next(c for n in range(100) if (c := Case(f"t{n}", text, "Delvist", {}, None, "p")).development)
    path = _write(tmp_path, f'  {case.id}:\n    - {{phase: problem, how: together, clause: "{clause}"}}\n')
    (labelled,) = with_phase_clauses([case], load_settings(), path)
    assert [c.text for c in labelled.phase_clauses] == [split_clauses(load_settings().description(text))[0]]


@pytest.mark.parametrize(
    "item, message",
    [
        ('{phase: problem, how: alone, clause: "Byrådet besluttede problemet"}', "is not one of the case's clauses"),
        ('{phase: fase, how: alone, clause: "Byrådet besluttede problemet alene"}', "phase must be one of"),
        ('{phase: problem, how: sammen, clause: "Byrådet besluttede problemet alene"}', "how must be one of"),
        ('{phase: none, how: alone, clause: "Er det samskabelse?"}', "absent for none"),
        ('{phase: problem, clause: "Byrådet besluttede problemet alene"}', "how must be one of"),
    ],
)
def test_an_editors_mistake_names_the_file_the_case_and_the_clause(tmp_path, item, message):
    case = _case(development=True)
    path = _write(tmp_path, f"  {case.id}:\n    - {item}\n")
    with pytest.raises(CaseBankError, match=message) as error:
        with_phase_clauses([case], load_settings(), path)
    assert str(path) in str(error.value) and f"case '{case.id}'" in str(error.value)


def test_a_held_out_case_or_an_unknown_case_is_refused(tmp_path):
    held_out = _case(development=False)
    path = _write(
        tmp_path,
        f"""  {held_out.id}:
    - {{phase: none, clause: "Er det samskabelse?"}}
  c99999:
    - {{phase: none, clause: "Er det samskabelse?"}}
""",
    )
    with pytest.raises(CaseBankError) as error:
        with_phase_clauses([held_out], load_settings(), path)
    assert f"case '{held_out.id}': a held-out case" in str(error.value)
    assert "case 'c99999': not in the case bank" in str(error.value)


def test_the_phases_name_both_and_none():
    assert set(PHASES) == {"problem", "solution", "both", "none"}
