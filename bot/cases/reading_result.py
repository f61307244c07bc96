"""What the case reader says of a leader's case (bot/cases/reading.py), as the assessment and the NLU carry it.

A plain value with its own (de)serialisation, because it travels from the NLU component through parse data and
a slot to the action and the assessment (bot/flows/assessment.py), and whatever comes back from a slot is checked.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

VERDICTS = ("Ja", "Nej", "Delvist")  # the verdict words: of a reading, of the case bank, of the rules
_WORDS_FIELDS = ("partner_words", "one_sector", "problem_alone")  # the case's own words
_WORDED_MAPS = ("evidence", "said_not_met", "said_unknown")  # key → words from the case
_MAP_FIELDS = ("sureness", *_WORDED_MAPS)
_FLAGS = ("pattern", "verdict", "firm", "names_partner", "names_public", "sector_doubted")


@dataclass(frozen=True)
class Reading:
    """What the case says: criterion id → True / False / None (unknown), the pattern, and the deciding words."""

    criteria: Mapping[str, bool | None]
    pattern: str | None = None
    evidence: Mapping[str, str] = field(default_factory=dict)  # criterion id or "pattern" → words from the case
    # The reader's judgement of the whole case (Ja / Nej / Delvist), given when it is fairly sure; "firm" when
    # it is sure enough to stand even against what the single criteria add up to (bot/flows/assessment.py).
    verdict: str | None = None
    firm: bool = False
    # An actor outside the public sector named (ReadingSettings.names_partner), and as taking part (partner_words).
    names_partner: bool = True
    partner_words: str | None = None
    one_sector: str | None = None  # "kommunen er ikke med", "skolen og PPR har sammen …": ReadingSettings.one_sector
    problem_alone: str | None = None  # "Byrådet besluttede, at problemet er …": ReadingSettings.problem_set_alone
    # How sure the reader is of each criterion's value (the probability of the class it read), so that where the
    # whole case overrules the lines, the least sure of them give way (bot/flows/assessment.py).
    sureness: Mapping[str, float] = field(default_factory=dict)
    names_public: bool = True  # the case names a public actor, the leader's "vi" among them (ReadingSettings)
    said_not_met: Mapping[str, str] = field(default_factory=dict)  # "men kommunen har det sidste ord", per criterion
    # "jeg er i tvivl om, de føler sig som ligeværdige", per criterion: unknown in the case's own words
    said_unknown: Mapping[str, str] = field(default_factory=dict)
    # The one-sector check (bot/cases/sector_check.py) doubts that anyone outside the public sector takes part.
    sector_doubted: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "criteria": dict(self.criteria),
            **{name: getattr(self, name) for name in _FLAGS},
            **{name: getattr(self, name) for name in _WORDS_FIELDS},
            **{name: dict(getattr(self, name)) for name in _WORDED_MAPS},
            "sureness": {k: round(float(v), 3) for k, v in self.sureness.items()},
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> Reading | None:
        """A reading from parse data or a slot; None when there is none or it is malformed."""
        if not isinstance(data, Mapping) or not isinstance(data.get("criteria"), Mapping):
            return None
        criteria = {str(k): v if v in (True, False) else None for k, v in data["criteria"].items()}
        maps = {k: data.get(k) if isinstance(data.get(k), Mapping) else {} for k in _MAP_FIELDS}
        pattern = data.get("pattern") if isinstance(data.get("pattern"), str) else None
        verdict = data.get("verdict") if data.get("verdict") in VERDICTS else None
        words = {k: data.get(k) if isinstance(data.get(k), str) else None for k in _WORDS_FIELDS}
        return cls(
            criteria,
            pattern,
            {str(k): str(v) for k, v in maps["evidence"].items()},
            verdict,
            verdict is not None and data.get("firm") is True,
            names_partner=data.get("names_partner") is not False,
            sureness={
                str(k): float(v)
                for k, v in maps["sureness"].items()
                if isinstance(v, (int, float)) and not isinstance(v, bool) and 0.0 <= v <= 1.0
            },
            names_public=data.get("names_public") is not False,
            sector_doubted=data.get("sector_doubted") is True,
            **{name: {str(k): v for k, v in maps[name].items() if isinstance(v, str)} for name in _WORDED_MAPS[1:]},
            **words,
        )
