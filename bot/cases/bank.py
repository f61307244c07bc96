"""The case bank (data/cases/bank.yml): leaders' own cases, labelled from the four criteria, for "Er det samskabelse?".

Each case carries a verdict (Ja / Nej / Delvist), a label per criterion
(ja / nej / uvist), the not-co-creation pattern it shows (or none) and the
rule-base passage that justifies the label. The bank is split once and for
all by a hash of the case id: a development part (at most 60 %) that
judging may be fitted to, and a held-out part that only measures. Every
mistake is reported with the file and the case id, so a content editor can
find it. No Rasa here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Mapping

import yaml

from bot import paths
from bot.cases.reading_result import VERDICTS
from bot.splits import in_development
from bot.yaml_reading import safe_load

BANK_FILE = paths.ROOT / "data" / "cases" / "bank.yml"
# Cases written apart from the bank in the same format, measured only (bench/cases.py), never fitted on and never
# read for errors.
APART_FILE = paths.ROOT / "heldout" / "cases" / "written_apart.yml"
APART_FILES = {"written_apart": APART_FILE}  # part of bench/cases.py → file
# Probe sets written apart from the bank the same way and read for errors: word rules were written from them, and
# the reader's one-sector check is fitted on them beside the bank's development part (bot/cases/sector_check.py).
PROBES_FILE = paths.ROOT / "data" / "cases" / "probe_sets.yml"
CRITERION_VALUES = {"ja": True, "nej": False, "uvist": None}
DEVELOPMENT_SHARE = 55  # of 100 buckets: about 55 %, never above 60 % (tested)


class CaseBankError(ValueError):
    """The bank has mistakes; str() lists them all, each with file and case id."""

    def __init__(self, problems: Iterable[str]):
        self.problems = list(problems)
        super().__init__(
            "Case bank has {} error(s):\n{}".format(len(self.problems), "\n".join(f"  - {p}" for p in self.problems))
        )


@dataclass(frozen=True)
class PhaseClause:
    """One clause of a development case, labelled with the phase it is about and how that phase was done
    (data/cases/phase_clauses.yml, bot/cases/phase_clauses.py); `how` is None for a clause about neither."""

    text: str
    phase: str
    how: str | None


@dataclass(frozen=True)
class Case:
    id: str
    text: str
    verdict: str
    criteria: Mapping[str, bool | None]
    pattern: str | None
    passage: str
    phase_clauses: tuple[PhaseClause, ...] = ()

    @property
    def development(self) -> bool:
        """In the development part (fixed by the id's hash); else held out."""
        return in_development(self.id, DEVELOPMENT_SHARE)


def load_checked(assistant: Any, path: Path = BANK_FILE) -> list[Case]:
    """The bank, checked against a loaded assistant's assessment rules and rule base (bot.assistant)."""
    rules = assistant.guide.rules.assessment
    return load_bank(path, [c.id for c in rules.criteria], [p.id for p in rules.patterns], assistant.advisor.passages)


def load_bank(
    path: Path = BANK_FILE, criteria: Iterable[str] = (), patterns: Iterable[str] = (), passages: Iterable[str] = ()
) -> list[Case]:
    """The cases, checked against the assessment's criterion and pattern ids and the rule base's passages."""
    criteria, patterns, passages = list(criteria), set(patterns), set(passages)
    try:
        data = safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise CaseBankError([f"{path}: {exc}"]) from exc
    items = data.get("cases") if isinstance(data, Mapping) else None
    if not isinstance(items, list) or not items:
        raise CaseBankError([f"{path}: needs a non-empty list 'cases'"])
    problems: list[str] = []
    cases: list[Case] = []
    seen_ids: set[str] = set()
    seen_texts: dict[str, str] = {}
    for index, item in enumerate(items, start=1):
        case = _parse(item, index, path, criteria, patterns, passages, problems)
        if case is None:
            continue
        if case.id in seen_ids:
            problems.append(f"{path}: case '{case.id}': duplicate id")
        key = " ".join(case.text.lower().split())
        if key in seen_texts:
            problems.append(f"{path}: case '{case.id}': same text as case '{seen_texts[key]}'")
        seen_ids.add(case.id)
        seen_texts.setdefault(key, case.id)
        cases.append(case)
    if problems:
        raise CaseBankError(problems)
    return cases


def _parse(
    item: Any, index: int, path: Path, criteria: list[str], patterns: set[str], passages: set[str], problems: list[str]
) -> Case | None:
    if not isinstance(item, Mapping) or not isinstance(item.get("id"), str) or not item["id"].strip():
        problems.append(f"{path}: case #{index}: needs an id")
        return None
    cid = item["id"].strip()

    def bad(message: str) -> None:
        problems.append(f"{path}: case '{cid}': {message}")

    text = item.get("text")
    if not isinstance(text, str) or not text.strip():
        bad("needs a text")
        text = ""
    verdict = item.get("verdict")
    if verdict not in VERDICTS:
        bad(f"verdict must be one of {', '.join(VERDICTS)}")
    raw = item.get("criteria")
    labels: dict[str, bool | None] = {}
    if not isinstance(raw, Mapping):
        bad("needs 'criteria' with a label per criterion")
        raw = {}
    for cid_ in criteria:
        value = raw.get(cid_)
        if value not in CRITERION_VALUES:
            bad(f"criterion '{cid_}' must be one of {', '.join(CRITERION_VALUES)}")
        labels[cid_] = CRITERION_VALUES.get(value)
    for extra in set(raw) - set(criteria) if criteria else ():
        bad(f"unknown criterion '{extra}'")
    pattern = item.get("pattern")
    if pattern is not None and (not isinstance(pattern, str) or (patterns and pattern not in patterns)):
        bad(f"unknown pattern '{pattern}'")
    passage = item.get("passage")
    if not isinstance(passage, str) or (passages and passage not in passages):
        bad(f"passage '{passage}' is not a passage of the rule base")
    if verdict == "Ja" and labels and any(v is not True for v in labels.values()):
        bad("verdict Ja needs every criterion 'ja'")
    return Case(
        cid,
        text.strip(),
        verdict if isinstance(verdict, str) else "",
        labels,
        pattern,
        passage if isinstance(passage, str) else "",
    )
