"""bench/cases.py: the assessment's verdicts and criteria on labelled cases, per part."""
from __future__ import annotations

from bench.cases import measure
from bot.assessment import assess
from bot.case_bank import Case
from bot.loading import load_assistant


def _case(cid: str, text: str, verdict: str, labels: dict) -> Case:
    return Case(cid, text, verdict, labels, None, "criteria")


def test_measure_counts_a_verdict_right_only_when_the_first_judgement_is_it():
    rules = load_assistant().guide.guides.assessment
    text = "Vi sender en næsten færdig plan i høring hos borgerne. Er det samskabelse?"
    judged = assess(rules, text)
    labels = {c.id: judged.criteria[c.id] for c in rules.criteria}
    wrong_verdict = "Ja" if judged.verdict != "Ja" else "Nej"
    cases = [_case(cid, text + f" ({cid})", verdict, labels)
             for cid, verdict in (("a", judged.verdict), ("b", wrong_verdict), ("c", judged.verdict),
                                  ("d", wrong_verdict), ("e", judged.verdict), ("f", judged.verdict))]
    result = measure(rules, cases)
    for part, dev in (("development", True), ("heldout", False)):
        chosen = [c for c in cases if c.development == dev]
        if not chosen:
            assert part not in result
            continue
        expected = sum(c.verdict == judged.verdict for c in chosen) / len(chosen)
        assert result[part]["cases"] == len(chosen)
        assert result[part]["verdict_right"] == round(expected, 4)
        assert result[part]["criteria_right"] == 1.0  # the labels are what the rules read
