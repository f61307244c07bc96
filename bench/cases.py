"""How the assessment judges the case bank (data/cases/bank.yml): verdicts and criteria, per part.

A verdict counts as right only when the first judgement of the case text is
that verdict (a follow-up question instead of a verdict is not one). Each
criterion counts as right when the assessment's reading (yes / no / unknown)
equals the label. Entities are not given (the NLU's would be), so this is
the text rules alone: `make eval` reports it beside the answers.
"""
from __future__ import annotations

from typing import Any

from bot.assessment import assess
from bot.case_bank import Case


def measure(rules: Any, cases: list[Case]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for part, dev in (("development", True), ("heldout", False)):
        chosen = [case for case in cases if case.development == dev]
        if not chosen:
            continue
        right = criteria_right = criteria_total = 0
        for case in chosen:
            judged = assess(rules, case.text)
            right += judged.verdict == case.verdict
            for cid, label in case.criteria.items():
                criteria_total += 1
                criteria_right += judged.criteria.get(cid) == label
        result[part] = {"cases": len(chosen), "verdict_right": round(right / len(chosen), 4),
                        "criteria_right": round(criteria_right / criteria_total, 4) if criteria_total else 0.0}
    return result
