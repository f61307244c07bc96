"""The rules of "Er det samskabelse?" as data/knowledge/guided/assessment.yml gives them: the criteria, the patterns
of what co-creation is not, the verdict rules, the staircase; loaded and checked here, applied in
bot/flows/assessment.py. The quiz checks its cards against the same verdict rules (`rule_verdict`), so the two
share one truth.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from bot.cases.reading_result import VERDICTS
from bot.flows.cues import Cues, compile_cues
from bot.knowledge import KnowledgeBase, Problem

CONDITION_KEYS = {
    "patterns_any",
    "patterns_none",
    "criteria_all_yes",
    "criteria_any_no",
    "criteria_any_yes",
    "criteria_all_no",
}


@dataclass(frozen=True)
class Criterion:
    id: str
    label: str
    question: str
    # "ja" stands only when the case names an actor outside the public sector (Reading.names_partner) and a
    # public one (Reading.names_public); otherwise the text does not settle it, and the assistant asks. And
    # "nej" stands only when the case says some party takes no part; a case that names partners taking part
    # and no one staying out meets it (Reading.partner_words). A case saying that only one sector takes part
    # (no public body, or public bodies alone) does not meet it, whatever else it says (Reading.one_sector).
    needs_named_partner: bool = False
    # Not met when the case says the public side set the problem alone (Reading.problem_alone), in those words.
    no_when_problem_set_alone: bool = False


@dataclass(frozen=True)
class Pattern:
    id: str
    label: str
    entry: str
    explanation: str


@dataclass(frozen=True)
class VerdictRule:
    when: Mapping[str, Any]
    verdict: str


@dataclass(frozen=True)
class StaircaseStep:
    step: int
    label: str
    cues: Cues
    verdicts: tuple[str, ...]  # shown only with these verdicts, so the step never contradicts the verdict


@dataclass
class AssessmentRules:
    source: str
    criteria_entry: str
    max_questions: int
    whole_case_settles: int
    lines_sure_for_ja: float
    criteria: list[Criterion]
    patterns: list[Pattern]
    verdicts: list[VerdictRule]
    default: str
    headlines: dict[str, str]
    texts: dict[str, str]
    staircase_entry: str
    steps: list[StaircaseStep]

    def criterion(self, cid: str) -> Criterion:
        return next(c for c in self.criteria if c.id == cid)


def holds(when: Mapping[str, Any], criteria: Mapping[str, bool | None], patterns: list[str]) -> bool:
    """A verdict rule's conditions hold on what is known (an unknown criterion is neither yes nor no)."""
    for key, arg in when.items():
        if key == "patterns_any" and not any(p in patterns for p in arg):
            return False
        if key == "patterns_none" and any(p in patterns for p in arg):
            return False
        if key == "criteria_all_yes" and not all(v is True for v in criteria.values()):
            return False
        if key == "criteria_any_no" and not any(criteria.get(c) is False for c in arg):
            return False
        if key == "criteria_any_yes" and not any(criteria.get(c) is True for c in arg):
            return False
        if key == "criteria_all_no" and not all(criteria.get(c) is False for c in arg):
            return False
    return True


def rule_verdict(rules: AssessmentRules, criteria: Mapping[str, bool | None], patterns: list[str]) -> str | None:
    """The first verdict rule that holds on known facts, or None; lets quiz cards be checked against the rules."""
    return next((rule.verdict for rule in rules.verdicts if holds(rule.when, criteria, patterns)), None)


def parse_assessment(data: Any, label: str, kb: KnowledgeBase, problems: list[Problem]) -> AssessmentRules | None:
    msgs: list[str] = []

    def bad(key: str | None, message: str) -> None:
        problems.append(Problem(label, key, message))

    if not isinstance(data, Mapping):
        bad(None, "needs a mapping with criteria, patterns and verdicts")
        return None
    source = str(data.get("source") or "")
    if source not in kb.sources:
        bad("source", f"unknown source '{source}'")
    criteria = []
    for item in data.get("criteria") or []:
        cid = str(item.get("id") or "")
        if not cid or not item.get("label") or not item.get("question"):
            bad(cid or "criteria", "a criterion needs id, label and question")
            continue
        flags = {key: item.get(key, False) for key in ("needs_named_partner", "no_when_problem_set_alone")}
        for key, value in flags.items():
            if not isinstance(value, bool):
                bad(cid, f"'{key}' must be true or false")
                flags[key] = False
        criteria.append(Criterion(cid, str(item["label"]).strip(), str(item["question"]).strip(), **flags))
    if len(criteria) < 1:
        bad("criteria", "needs at least one criterion")
    patterns = []
    for item in data.get("patterns") or []:
        pid = str(item.get("id") or "")
        entry = str(item.get("entry") or "")
        if not pid or not item.get("explanation"):
            bad(pid or "patterns", "a pattern needs id and explanation")
            continue
        if entry not in kb.entries:
            bad(pid, f"unknown entry '{entry}'")
        patterns.append(Pattern(pid, str(item.get("label") or pid), entry, str(item["explanation"]).strip()))
    known_criteria = {c.id for c in criteria}
    known_patterns = {p.id for p in patterns}
    verdicts = []
    for index, item in enumerate(data.get("verdicts") or [], start=1):
        when, verdict = item.get("when") or {}, item.get("verdict")
        if verdict not in VERDICTS:
            bad(f"verdicts #{index}", f"verdict must be one of {', '.join(VERDICTS)}")
        for key, arg in when.items():
            if key not in CONDITION_KEYS:
                bad(f"verdicts #{index}", f"unknown condition '{key}'")
            elif key.startswith("patterns") and not set(arg) <= known_patterns:
                bad(f"verdicts #{index}", f"unknown pattern in {key}: {sorted(set(arg) - known_patterns)}")
            elif key.startswith("criteria") and key != "criteria_all_yes" and not set(arg) <= known_criteria:
                bad(f"verdicts #{index}", f"unknown criterion in {key}: {sorted(set(arg) - known_criteria)}")
        verdicts.append(VerdictRule(when, str(verdict)))
    default = data.get("default")
    if default not in VERDICTS:
        bad("default", f"must be one of {', '.join(VERDICTS)}")
    headlines = {str(k): str(v) for k, v in (data.get("headlines") or {}).items()}
    for verdict in VERDICTS:
        if not headlines.get(verdict, "").startswith(verdict):
            bad("headlines", f"the headline for '{verdict}' must start with the verdict word")
    texts = {str(k): str(v).strip() for k, v in (data.get("texts") or {}).items()}
    for key in (
        "met",
        "not_met",
        "unknown",
        "evidence",
        "staircase",
        "question_intro",
        "yes_button",
        "no_button",
        "need_case",
        "no_pending",
    ):
        if not texts.get(key):
            bad("texts", f"missing text '{key}'")
    staircase = data.get("staircase") or {}
    if staircase.get("entry") not in kb.entries:
        bad("staircase", f"unknown entry '{staircase.get('entry')}'")
    steps = []
    for item in staircase.get("steps") or []:
        where = f"staircase step {item.get('step')}"
        allowed = tuple(item.get("verdicts") or ())
        if not allowed or not set(allowed) <= set(VERDICTS):
            bad("staircase", f"{where}: 'verdicts' must list the verdicts it may be shown with ({', '.join(VERDICTS)})")
        steps.append(
            StaircaseStep(int(item["step"]), str(item["label"]), compile_cues(item.get("cues"), where, msgs), allowed)
        )
    if data.get("criteria_entry") not in kb.entries:
        bad("criteria_entry", f"unknown entry '{data.get('criteria_entry')}'")
    for message in msgs:
        bad(None, message)
    sure = data.get("lines_sure_for_ja", 1.0)
    if not isinstance(sure, (int, float)) or isinstance(sure, bool) or not 0 <= sure <= 1:
        bad("lines_sure_for_ja", "must be a probability between 0 and 1")
        sure = 1.0
    settles = data.get("whole_case_settles")
    if not isinstance(settles, int) or isinstance(settles, bool) or settles < 0:
        bad("whole_case_settles", "must be a whole number of open criteria (0 or more)")
        settles = 0
    return AssessmentRules(
        source,
        str(data.get("criteria_entry")),
        int(data.get("max_questions") or 3),
        settles,
        float(sure),
        criteria,
        patterns,
        verdicts,
        str(default),
        headlines,
        texts,
        str(staircase.get("entry")),
        steps,
    )
