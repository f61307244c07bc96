"""Content errors in the guided-advice rules stop validation with file and key named."""

from __future__ import annotations

import pytest
from yaml_edits import assistant_errors as _errors
from yaml_edits import edit_yaml as _edit


def test_unknown_pattern_entry(knowledge_copy):
    _edit(knowledge_copy / "guided" / "assessment.yml", lambda d: d["patterns"][0].update(entry="nowhere"))
    assert "assessment.yml: entry 'hoering': unknown entry 'nowhere'" in _errors(knowledge_copy)


def test_bad_verdict_word(knowledge_copy):
    _edit(knowledge_copy / "guided" / "assessment.yml", lambda d: d["verdicts"][0].update(verdict="Måske"))
    assert "assessment.yml: entry 'verdicts #1': verdict must be one of Ja, Nej, Delvist" in _errors(knowledge_copy)


@pytest.mark.parametrize("flag", ["needs_named_partner", "no_when_problem_set_alone"])
def test_a_criterion_flag_that_is_not_true_or_false(knowledge_copy, flag):
    _edit(knowledge_copy / "guided" / "assessment.yml", lambda d: d["criteria"][2].update({flag: "ja"}))
    assert f"assessment.yml: entry 'define_together': '{flag}' must be true or false" in _errors(knowledge_copy)


def test_verdict_rule_naming_unknown_pattern(knowledge_copy):
    _edit(
        knowledge_copy / "guided" / "assessment.yml",
        lambda d: d["verdicts"][0]["when"].update(patterns_any=["hoering", "lotteri"]),
    )
    assert "unknown pattern in patterns_any: ['lotteri']" in _errors(knowledge_copy)


def test_unfolded_cue_is_rejected(knowledge_copy):
    _edit(knowledge_copy / "guided" / "phases.yml", lambda d: d["phases"][0]["cues"].append("høring"))
    assert "cue 'høring' must be folded" in _errors(knowledge_copy)


def test_unknown_actor_in_recommendation(knowledge_copy):
    _edit(knowledge_copy / "guided" / "recommendation.yml", lambda d: d["forms"][0].update(actors=["katte"]))
    assert "recommendation.yml: entry 'borgernaer_ledelse': unknown aktoer 'katte'" in _errors(knowledge_copy)


def test_ledetraade_question_must_quote_a_ledetraad(knowledge_copy):
    _edit(knowledge_copy / "guided" / "ledetraade.yml", lambda d: d["steps"][0].update(question="Hvad skal vi?"))
    assert "ledetraade.yml: entry 'step 1': question must quote a ledetråd" in _errors(knowledge_copy)


def test_command_confidence_must_be_a_probability(knowledge_copy):
    _edit(knowledge_copy / "guided" / "ledetraade.yml", lambda d: d.update(command_confidence=5))
    assert "ledetraade.yml: entry 'command_confidence': must be a number above 0 and at most 1" in _errors(
        knowledge_copy
    )


def test_button_intent_missing_from_domain(knowledge_copy):
    _edit(knowledge_copy / "guided" / "ledetraade.yml", lambda d: d["buttons"][0].update(intent="ask_for_pizza"))
    assert "intent 'ask_for_pizza' is not in domain.yml" in _errors(knowledge_copy)


def test_missing_guided_file(knowledge_copy):
    (knowledge_copy / "guided" / "phases.yml").unlink()
    assert "phases.yml: file is missing" in _errors(knowledge_copy)


def test_example_request_words_must_be_a_list_of_words(knowledge_copy):
    _edit(knowledge_copy / "guided" / "ledetraade.yml", lambda d: d.update(example_request_words="eksempel"))
    assert "ledetraade.yml: entry 'example_request_words': needs a list of word beginnings" in _errors(knowledge_copy)


@pytest.mark.parametrize("value", [-1, "en", True, None])
def test_whole_case_settles_must_be_a_whole_number(knowledge_copy, value):
    _edit(knowledge_copy / "guided" / "assessment.yml", lambda d: d.update(whole_case_settles=value))
    assert "assessment.yml: entry 'whole_case_settles': must be a whole number" in _errors(knowledge_copy)


def test_a_staircase_step_must_name_the_verdicts_it_fits(knowledge_copy):
    _edit(knowledge_copy / "guided" / "assessment.yml", lambda d: d["staircase"]["steps"][0].pop("verdicts"))
    assert "'verdicts' must list the verdicts it may be shown with" in _errors(knowledge_copy)


@pytest.mark.parametrize("value", [-0.1, 1.5, "høj", True, None])
def test_lines_sure_for_ja_must_be_a_probability(knowledge_copy, value):
    _edit(knowledge_copy / "guided" / "assessment.yml", lambda d: d.update(lines_sure_for_ja=value))
    assert "assessment.yml: entry 'lines_sure_for_ja': must be a probability between 0 and 1" in _errors(knowledge_copy)
