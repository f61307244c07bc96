"""Labelled statements for reading a case (data/cases/statements.yml): short clauses per criterion value and pattern.

Each statement settles one criterion (ja / nej / uvist) or describes one
not-co-creation pattern, in a leader's words. The case reader
(bot/cases/reading.py) compares a case's clauses with them and fits clause
classifiers on them; they are loaded and checked here, against the
assessment's criterion and pattern ids, with every mistake named by file and
entry. No Rasa here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Mapping

from bot import paths
from bot.cases.linear_heads import LinearHead, fit_head
from bot.settings_file import read_mapping

STATEMENTS_FILE = paths.ROOT / "data" / "cases" / "statements.yml"
VALUES = {"ja": True, "nej": False}
UNKNOWN, NO_PATTERN = "uvist", "ingen"


class CaseReadingError(ValueError):
    """A mistake in statements.yml or case_reading.yml; the message names the file and the entry."""


@dataclass(frozen=True)
class Statements:
    """Labelled clauses: (criterion, ja/nej/uvist) → texts, and pattern → texts ("uvist" may be absent)."""

    criteria: Mapping[str, Mapping[str, tuple[str, ...]]]
    patterns: Mapping[str, tuple[str, ...]]

    def groups(self) -> list[tuple[str, tuple[str, ...]]]:
        """Every group of statements with its name: "<criterion>:ja", "<criterion>:nej", "<criterion>:uvist",
        "pattern:<id>"."""
        found = [(f"{cid}:{value}", texts) for cid, values in self.criteria.items() for value, texts in values.items()]
        return found + [(f"pattern:{pid}", texts) for pid, texts in self.patterns.items()]

    def owners(self) -> list[tuple[str, str]]:
        """(criterion id or "pattern", value or pattern id) of every statement, in the order of groups()."""
        return [
            (name, value) for name, values in self.criteria.items() for value, texts in values.items() for _ in texts
        ] + [("pattern", pid) for pid, texts in self.patterns.items() for _ in texts]


def load_statements(criteria: Iterable[str], patterns: Iterable[str], path: Path = STATEMENTS_FILE) -> Statements:
    """The statements, checked against the assessment's criterion and pattern ids (file and entry named)."""
    criteria, patterns = list(criteria), list(patterns)
    data = read_mapping(path, CaseReadingError)
    problems = []

    def texts(value: Any, where: str) -> tuple[str, ...]:
        if not (isinstance(value, list) and len(value) >= 2 and all(isinstance(v, str) and v.strip() for v in value)):
            problems.append(f"{path}: {where}: needs a list of at least two statements")
            return ()
        return tuple(" ".join(v.split()) for v in value)

    raw_criteria = data.get("criteria") if isinstance(data.get("criteria"), Mapping) else {}
    raw_patterns = data.get("patterns") if isinstance(data.get("patterns"), Mapping) else {}
    for unknown in sorted(set(raw_criteria) - set(criteria)):
        problems.append(f"{path}: criteria: unknown criterion '{unknown}' (see assessment.yml)")
    for unknown in sorted(set(raw_patterns) - set(patterns)):
        problems.append(f"{path}: patterns: unknown pattern '{unknown}' (see assessment.yml)")
    parsed_criteria = {}
    for cid in criteria:
        values = raw_criteria.get(cid)
        if not isinstance(values, Mapping) or not set(VALUES) <= set(values) <= {*VALUES, UNKNOWN}:
            problems.append(f"{path}: criteria: '{cid}' needs statements under 'ja' and 'nej' (and may have 'uvist')")
            continue
        parsed_criteria[cid] = {
            value: texts(values[value], f"criteria: {cid}: {value}") for value in (*VALUES, UNKNOWN) if value in values
        }
    parsed_patterns = {pid: texts(raw_patterns.get(pid), f"patterns: {pid}") for pid in patterns}
    if problems:
        raise CaseReadingError("\n".join(problems))
    return Statements(parsed_criteria, parsed_patterns)


def fit_clause_heads(statements: Statements, vectors: Any, regularisation: float) -> dict[str, LinearHead]:
    """Per criterion (ja / nej / neither) and for the pattern (which / none): a clause classifier fitted on the
    statements alone (their "query: " vectors), each statement being "neither" for every head but its own."""
    owners = statements.owners()
    heads = {}
    for name in [*statements.criteria, "pattern"]:
        labels = [value if owner == name else NO_PATTERN for owner, value in owners]
        heads[name] = fit_head(vectors, labels, regularisation, 5000)
    return heads
