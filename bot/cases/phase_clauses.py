"""The development cases' clauses labelled by phase (data/cases/phase_clauses.yml), for fitting the phase reader.

The phase reader (bot/cases/phase_reading.py) says which phase a clause is
about and whether it was done together or alone. Fitted on the short
statements alone (about 230), it missed leaders' own ways of saying that the
problem came ready-made ("Temaet var bestemt i kommunens integrationspolitik")
and misread "De var med til at definere problemet" as a problem set alone.
Here every clause of the development cases, cut as the case reader cuts them
(bot/cases/reading.py: split_clauses of the description), carries the phase
it is about (problem, solution, both, none) and how that phase was done
(together, alone, unknown). Only development cases may be labelled: the
held-out part is never fitted on. The labels ride on the cases, so a reader
fitted on some cases (a cross-validation fold) learns only their clauses.
Every mistake names the file and the case. No Rasa here.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any, Mapping, Sequence

import yaml

from bot import paths
from bot.cases.bank import Case, CaseBankError, PhaseClause
from bot.cases.reading import split_clauses
from bot.cases.reading_settings import ReadingSettings
from bot.yaml_reading import safe_load

PHASE_CLAUSES_FILE = paths.ROOT / "data" / "cases" / "phase_clauses.yml"
PHASES = ("problem", "solution", "both", "none")
HOWS = ("together", "alone", "unknown")


def with_phase_clauses(cases: Sequence[Case], settings: ReadingSettings, path: Path = PHASE_CLAUSES_FILE) -> list[Case]:
    """The cases, each labelled development case carrying its clauses; CaseBankError lists every mistake."""
    try:
        data = safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise CaseBankError([f"{path}: {exc}"]) from exc
    labelled = data.get("cases") if isinstance(data, Mapping) else None
    if not isinstance(labelled, Mapping):
        raise CaseBankError([f"{path}: needs a mapping 'cases' from case id to its labelled clauses"])
    by_id = {case.id: case for case in cases}
    problems: list[str] = []
    clauses: dict[str, tuple[PhaseClause, ...]] = {}
    for cid, items in labelled.items():
        case = by_id.get(str(cid))
        if case is None:
            problems.append(f"{path}: case '{cid}': not in the case bank")
        elif not case.development:
            problems.append(f"{path}: case '{cid}': a held-out case; only development cases may be fitted on")
        else:
            clauses[case.id] = _parse(case, items, settings, f"{path}: case '{cid}'", problems)
    if problems:
        raise CaseBankError(problems)
    return [dataclasses.replace(case, phase_clauses=clauses.get(case.id, ())) for case in cases]


def _parse(
    case: Case, items: Any, settings: ReadingSettings, where: str, problems: list[str]
) -> tuple[PhaseClause, ...]:
    if not isinstance(items, list) or not items:
        problems.append(f"{where}: needs a list of labelled clauses")
        return ()
    own = split_clauses(settings.description(case.text))
    out: list[PhaseClause] = []
    for item in items:
        text = item.get("clause") if isinstance(item, Mapping) else None
        text = settings.as_read(text) if isinstance(text, str) else text  # "7. klasse" as the reader reads it
        phase, how = (item.get("phase"), item.get("how")) if isinstance(item, Mapping) else (None, None)
        if not isinstance(text, str) or text not in own:
            problems.append(f"{where}: clause {text!r} is not one of the case's clauses ({' | '.join(own)})")
        elif phase not in PHASES:
            problems.append(f"{where}: clause {text!r}: phase must be one of {', '.join(PHASES)}")
        elif (phase == "none") != (how is None) or (how is not None and how not in HOWS):
            problems.append(f"{where}: clause {text!r}: how must be one of {', '.join(HOWS)}, and absent for none")
        elif any(seen.text == text for seen in out):
            problems.append(f"{where}: clause {text!r} is labelled twice")
        else:
            out.append(PhaseClause(text, phase, how))
    return tuple(out)
