"""How the assessment judges the case bank (data/cases/bank.yml): verdicts, criteria, questions, per part.

The reader is fitted on the development part exactly as the NLU model fits it
(bot/cases/reading.py), so the held-out part measures what a leader with a new
case would see; the development figures are on cases it was fitted to.

The first reply to a case is right when it is the labelled verdict, or a
question about a criterion the case really leaves open (labelled "uvist").
Cases whose labels settle every criterion should be decided without a
question; the confusion table counts first replies per labelled verdict.

A question costs a leader one more reply, not the verdict: "right after
answers" plays the leader answering each question as the case's labels say and
counts the verdict they end with (a question on a line the case leaves open
counts as right, as a first reply does, since the leader can't answer it).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

import numpy as np

from bot.cases.bank import Case
from bot.cases.phase_clauses import with_phase_clauses
from bot.cases.reading import CaseReader, read_case
from bot.cases.reading_result import Reading
from bot.cases.reading_settings import load_settings
from bot.cases.statements import load_statements
from bot.flows.assessment import assess

QUESTION = "spørgsmål"
# Each enlargement of the bank (data/cases/bank.yml's header) was briefed with kinds of wording seen in
# errors, so the held-out figures are also given for the cases written before it: up to each of these ids.
EARLIER_LASTS = (1100, 2380)


def earlier_part(last: int) -> str:
    """The name of the part of held-out cases up to case `last`."""
    return f"heldout_to_c{last}"


def fit_reader(
    rules: Any, cases: Sequence[Case], embed: Callable[[Sequence[str]], np.ndarray], probes: Sequence[Case] = ()
) -> CaseReader:
    """The reader as the NLU model has it: fitted on the bank's development part only, and its one-sector check
    also on the probe sets (`probes`, bot/cases/sector_check.py)."""
    statements = load_statements([c.id for c in rules.criteria], [p.id for p in rules.patterns])
    settings = load_settings()
    development = [c for c in with_phase_clauses(cases, settings) if c.development]
    return CaseReader.fit(settings, statements, development, embed, probes)


def _judge_part(rules: Any, reader: CaseReader, chosen: list[Case], embed) -> dict[str, Any]:
    return judge(rules, [(case, read_case(reader, case.text, embed)) for case in chosen])


def judge(rules: Any, read: Sequence[tuple[Case, Reading]]) -> dict[str, Any]:
    """The figures for cases and their readings: first replies right, criteria, questions, confusion."""
    right = criteria_right = criteria_total = pattern_right = 0
    settled = settled_decided = all_four_nej = nej_ja = right_after = nej_ja_after = 0
    confusion: dict[str, Counter] = {}
    per_criterion: Counter = Counter()
    for case, reading in read:
        judged = assess(rules, case.text, reading)
        reply = judged.verdict or QUESTION
        confusion.setdefault(case.verdict, Counter())[reply] += 1
        if judged.verdict is None:
            right += case.criteria.get(judged.next_question, "") is None
        else:
            right += judged.verdict == case.verdict
        if all(v is not None for v in case.criteria.values()):
            settled += 1
            settled_decided += judged.verdict is not None
        all_four_nej += all(v is True for v in case.criteria.values()) and judged.verdict == "Nej"
        nej_ja += case.verdict == "Nej" and judged.verdict == "Ja"
        final = _after_answers(rules, case, reading) if judged.verdict is None else judged.verdict
        right_after += final is None or final == case.verdict
        nej_ja_after += case.verdict == "Nej" and final == "Ja"
        pattern_right += reading.pattern == case.pattern
        for cid, label in case.criteria.items():
            per_criterion.setdefault(cid, 0)
            criteria_total += 1
            criteria_right += reading.criteria.get(cid) == label
            per_criterion[cid] += reading.criteria.get(cid) == label
    return {
        "cases": len(read),
        "verdict_right": round(right / len(read), 4),
        "right_after_answers": round(right_after / len(read), 4),
        "nej_judged_ja_after_answers": nej_ja_after,
        "criteria_right": round(criteria_right / criteria_total, 4) if criteria_total else 0.0,
        "pattern_right": round(pattern_right / len(read), 4),
        "per_criterion": {cid: round(n / len(read), 4) for cid, n in per_criterion.items()},
        "decided_without_question": round(settled_decided / settled, 4) if settled else 0.0,
        "all_four_judged_nej": all_four_nej,
        "nej_judged_ja": nej_ja,
        "confusion": {gold: dict(replies) for gold, replies in sorted(confusion.items())},
    }


def _after_answers(rules: Any, case: Case, reading: Reading) -> str | None:
    """The verdict once the leader has answered every question as the case's labels say; None when a question is
    about a line the case leaves open."""
    answers: dict[str, bool] = {}
    judged = assess(rules, case.text, reading)
    while judged.verdict is None and judged.next_question not in answers:
        label = case.criteria.get(judged.next_question)
        if label is None:
            return None
        answers[judged.next_question] = label
        judged = assess(rules, case.text, reading, answers, len(answers))
    return judged.verdict


def measure(
    rules: Any,
    cases: list[Case],
    embed: Callable[[Sequence[str]], np.ndarray],
    reader: CaseReader | None = None,
    apart: Mapping[str, Sequence[Case]] | None = None,
    probes: Sequence[Case] = (),
) -> dict[str, Any]:
    """Figures per part; `embed` gives "query: " vectors (the encoder, or its on-disk cache). Cases written
    apart from the bank (`apart`: part → cases, bot.cases.bank.APART_FILES) are parts of their own, every one of
    them unseen by the reader."""
    reader = reader or fit_reader(rules, cases, embed, probes)
    result: dict[str, Any] = {}
    for part, dev in (("development", True), ("heldout", False)):
        chosen = [case for case in cases if case.development == dev]
        if chosen:
            result[part] = _judge_part(rules, reader, chosen, embed)
    for last in EARLIER_LASTS:
        earlier = [case for case in cases if not case.development and _number(case.id) <= last]
        if earlier and len(earlier) < result["heldout"]["cases"]:
            result[earlier_part(last)] = _judge_part(rules, reader, earlier, embed)
    for part, chosen in (apart or {}).items():
        if chosen:
            result[part] = _judge_part(rules, reader, list(chosen), embed)
    return result


def _number(case_id: str) -> int:
    """The number in a case id ("c0417" → 417); 0 for an id without digits."""
    digits = "".join(ch for ch in case_id if ch.isdigit())
    return int(digits) if digits else 0


def cached_embed(cache_file: Path) -> Callable[[Sequence[str]], np.ndarray]:
    """The encoder's "query: " vectors through the on-disk cache the NLU model uses."""
    from bot.nlp.encoder import get_encoder
    from featurizers.encoder_features import VectorCache

    return VectorCache(cache_file, get_encoder()).queries
