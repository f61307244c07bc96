"""The case reader's settings (data/nlp/case_reading.yml): weights, thresholds, the case questions and the
partner words, checked when read so a content editor's mistake names the file and the key."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Collection, Mapping

from bot import paths
from bot.cases.char_ngrams import Negation, load_negation
from bot.cases.partners import Partners, load_partners
from bot.cases.problem_owner import ProblemOwner, load_problem_owner
from bot.cases.said_not_met import SaidNotMet, load_said_not_met
from bot.cases.statements import CaseReadingError
from bot.settings_file import read_mapping, whole_number
from bot.text import fold

SETTINGS_FILE = paths.ROOT / "data" / "nlp" / "case_reading.yml"
# A clause of at most this many words that asks one of the case questions is the question, not the case.
CLOSING_QUESTION_WORDS = 8
ONE_DOT_LEADER = "\u2024"  # "․": a dot that no sentence split takes for a full stop
_THOUSANDS = re.compile(r"(?<=\d)\.(?=\d{3}\b)")  # "5.000 borgere" is read as "5000 borgere"


@dataclass(frozen=True)
class ReadingSettings:
    regularisation: float
    statement_examples: float
    text_weight: float
    statement_weight: float
    clause_weight: float
    lexical_weight: float
    min_probability: float
    verdict_when_open: float
    verdict_firm: float
    evidence_words: int
    case_questions: tuple[re.Pattern[str], ...]
    min_case_words: int
    weak_assessment: float
    question_lead: re.Pattern[str] | None = None
    phase_weight: float = 0.0  # 0: no phase reading (bot/cases/phase_reading.py)
    phase_lexical_weight: float = 0.0
    # The development cases' labelled clauses beside the statements when fitting the phase reader, with this
    # weight each; 0 fits it on the statements alone (bot/cases/phase_clauses.py).
    phase_clause_weight: float = 0.0
    # Fitting the case heads, each case's phase reading comes from a phase reader fitted without that case's
    # clauses, one of this many; below 2, from the phase reader itself (PhaseReader.held_apart).
    phase_cross_folds: float = 0.0
    partners: Partners | None = None  # None: every case counts as naming one
    negation: Negation | None = None  # None: no word is read as negated (bot/cases/char_ngrams.py)
    # The partner check as two features of the case heads (no partner named as taking part; some party
    # said to stay out), with this weight; 0 leaves them out (bot/cases/reading.py).
    partner_weight: float = 0.0
    problem_owner: ProblemOwner | None = None  # None: no case is read as having its problem set alone
    # Per criterion, the words saying it is not met ("men kommunen har det sidste ord"); bot/cases/said_not_met.py.
    said_not_met: Mapping[str, SaidNotMet] = field(default_factory=dict)
    not_a_stop: re.Pattern[str] | None = None  # a full stop that ends no sentence ("10. klasse", "afd. har")
    # Per criterion, the words saying the leader does not know whether it is met ("jeg er i tvivl om, de føler sig
    # som ligeværdige"); bot/cases/said_not_met.py.
    said_unknown: Mapping[str, SaidNotMet] = field(default_factory=dict)
    # The one-sector check (bot/cases/sector_check.py): from `sector_doubt_ja` on, a partner named no longer counts
    # (a "Ja" is asked about); from `sector_doubt` on, a "Delvist" is asked about too. No head is fitted when both
    # are 1. The probe sets count with `sector_probe_weight` each.
    sector_doubt: float = 1.0
    sector_probe_weight: float = 1.0
    sector_doubt_ja: float = 1.0

    @property
    def checks_sector(self) -> bool:
        """The one-sector check is used, so its head is fitted."""
        return min(self.sector_doubt, self.sector_doubt_ja) < 1

    def description(self, text: str) -> str:
        """The case without a leading question frame: "Er det samskabelse, når kommunen …?" → "kommunen …".

        Leaders ask both ways round; the reader is fitted on and reads the description alone, so the
        frame neither counts as a clause nor is quoted as the words that decided. A full stop that ends no
        sentence ("10. klasse", "paa afd. har sammen …") is written as a one-dot leader, which looks the same
        when quoted, so that no sentence or clause is cut there: "paa afd" alone names no one working
        together. A number is read without its thousands dot ("5.000 borgere").
        """
        found = self.question_lead.match(text) if self.question_lead is not None else None
        if found is not None and text[found.end() :].strip():
            rest = text[found.end() :].strip()
            text = rest[:-1].rstrip() + "." if rest.endswith("?") else rest
        return self.as_read(text)

    def as_read(self, text: str) -> str:
        """The text with its full stops that end no sentence as one-dot leaders, and numbers without their
        thousands dots (`description`); a clause labelled as written is read so too (bot/cases/phase_clauses.py)."""
        if self.not_a_stop is None:
            return text
        return self.not_a_stop.sub(ONE_DOT_LEADER, _THOUSANDS.sub("", text))

    def names_partner(self, text: str) -> bool:
        """The case names an actor outside the public sector, not negated ("foreningerne er ikke med")."""
        return self.partners is None or self.partners.named(text)

    def names_public(self, text: str) -> bool:
        """The case names a public actor, the leader's own "vi" among them (Partners.names_public)."""
        return self.partners is None or self.partners.names_public(text)

    def partner_words(self, text: str) -> str | None:
        """The sentence naming a partner outside the public sector as taking part, when the case says no
        party stays out ("kommunen er ikke med", "kun kommunale folk"), or only leaves such a partner out of a
        part of the work ("men udrulningen klarede vi selv, uden foreningen"); None otherwise or without
        partner words."""
        if self.partners is None or self.partners.says_public_side_absent(text):
            return None
        sentence = self.partners.naming_sentence(text)
        if sentence is not None and self.partners.says_absent(text) and self.partners.says_absent(sentence):
            return None  # "Vi har ikke haft borgere, barejere eller foreninger med": the naming itself leaves out
        return sentence

    def one_sector(self, text: str, names_partner: bool | None = None) -> str | None:
        """The sentence saying that only one sector takes part, None when none does: no public body ("kommunen
        er ikke med"), no one else ever taking part ("der dukkede ingen op"), the partners renamed as the public
        side's own staff ("brugerne – altså pædagogerne"), or only public ones ("skolen, PPR og sundhedsplejen har
        i fællesskab …") in a case that names no partner outside the public sector (`names_partner`, when the
        caller has it already)."""
        if self.partners is None:
            return None
        named = self.partners.named(text) if names_partner is None else names_partner
        return (
            self.partners.public_stays_out(text)
            or self.partners.never_joined_sentence(text)
            or self.partners.renaming_sentence(text)
            or (None if named else self.partners.public_only(text))
        )

    def problem_set_alone(self, text: str) -> str | None:
        """The sentence saying that the public side set the problem alone ("Byrådet besluttede, at problemet
        er …"), None when none does or without those words."""
        return self.problem_owner.sentence(text) if self.problem_owner is not None else None

    def not_met_in_words(self, text: str) -> dict[str, str]:
        """Criterion id → the sentence saying it is not met ("men det er kommunen, der har det sidste ord"), for
        each criterion the case says so of."""
        found = {cid: words.sentence(text) for cid, words in self.said_not_met.items()}
        return {cid: sentence for cid, sentence in found.items() if sentence}

    def unknown_in_words(self, text: str, said_not: Mapping[str, str] | None = None) -> dict[str, str]:
        """Criterion id → the sentence saying the leader does not know whether it is met ("hvem der skal drive
        det, er ikke afklaret"), for each criterion the case says so of and does not say is not met (`said_not`,
        when the caller has `not_met_in_words` already)."""
        said_not = self.not_met_in_words(text) if said_not is None else said_not
        found = {cid: words.sentence(text) for cid, words in self.said_unknown.items() if cid not in said_not}
        return {cid: sentence for cid, sentence in found.items() if sentence}

    def check_criteria(self, ids: Collection[str]) -> None:
        """Every criterion `said_not_met` and `said_unknown` name is one the assessment rules know, or the file and
        key are named."""
        for block, words in (("said_not_met", self.said_not_met), ("said_unknown", self.said_unknown)):
            unknown = sorted(set(words) - set(ids))
            if unknown:
                raise CaseReadingError(f"{SETTINGS_FILE}: '{block}' names unknown criteria: {', '.join(unknown)}")

    def is_closing_question(self, clause: str) -> bool:
        """A short clause that only asks one of the case questions ("Er det samskabelse?", "Samskabelse?"): it
        is read with the case, but never quoted as the words that decided a criterion."""
        return len(clause.split()) <= CLOSING_QUESTION_WORDS and any(
            pattern.search(fold(clause).strip()) for pattern in self.case_questions
        )

    def asks_about_case(self, folded_text: str) -> bool:
        """The message describes a case first and then asks whether it is co-creation ("… Er det samskabelse?")."""
        for pattern in self.case_questions:
            for found in pattern.finditer(folded_text):
                if len(folded_text[: found.start()].split()) >= self.min_case_words:
                    return True
        return False


def _question_lead(data: Mapping[str, Any], path: Path) -> re.Pattern[str]:
    lead = data.get("question_lead")
    if not isinstance(lead, str) or not lead.startswith("^"):
        raise CaseReadingError(f"{path}: 'question_lead' must be a pattern that starts with ^")
    try:
        return re.compile(lead, re.IGNORECASE)
    except re.error as exc:
        raise CaseReadingError(f"{path}: 'question_lead': {exc}") from exc


def load_settings(path: Path = SETTINGS_FILE) -> ReadingSettings:
    data = read_mapping(path, CaseReadingError)

    def number(key: str, low: float, high: float) -> float:
        value = data.get(key)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
            raise CaseReadingError(f"{path}: '{key}' must be a number from {low} to {high}")
        return float(value)

    questions = data.get("case_questions")
    if not (isinstance(questions, list) and questions and all(isinstance(q, str) and q for q in questions)):
        raise CaseReadingError(f"{path}: 'case_questions' must be a non-empty list of patterns")
    compiled = []
    for question in questions:
        if question != question.lower() or any(ch in question for ch in "æøå"):
            raise CaseReadingError(f"{path}: case question {question!r} must be folded (lower case, ae/oe/aa)")
        try:
            compiled.append(re.compile(question))
        except re.error as exc:
            raise CaseReadingError(f"{path}: case question {question!r}: {exc}") from exc
    sector_doubt, sector_doubt_ja = number("sector_doubt", 0, 1), number("sector_doubt_ja", 0, 1)
    if sector_doubt_ja > sector_doubt:
        raise CaseReadingError(
            f"{path}: 'sector_doubt_ja' must not be above 'sector_doubt' (a wrong \"Ja\" costs more)"
        )
    return ReadingSettings(
        number("regularisation", 0.001, 1000),
        number("statement_examples", 0, 10),
        number("text_weight", 0, 10),
        number("statement_weight", 0, 10),
        number("clause_weight", 0, 10),
        number("lexical_weight", 0, 10),
        number("min_probability", 0, 1),
        number("verdict_when_open", 0, 1),
        number("verdict_firm", 0, 1),
        whole_number(data, "evidence_words", path, CaseReadingError),
        tuple(compiled),
        whole_number(data, "min_case_words", path, CaseReadingError),
        number("weak_assessment", 0, 1),
        _question_lead(data, path),
        number("phase_weight", 0, 10),
        number("phase_lexical_weight", 0, 10),
        number("phase_clause_weight", 0, 10),
        number("phase_cross_folds", 0, 10),
        load_partners(data.get("partners"), path, CaseReadingError),
        load_negation(data.get("negation"), path, CaseReadingError),
        number("partner_weight", 0, 10),
        load_problem_owner(data.get("problem_owner"), path, CaseReadingError),
        load_said_not_met(data.get("said_not_met"), path, CaseReadingError),
        _not_a_stop(data.get("abbreviations"), path),
        load_said_not_met(data.get("said_unknown"), path, CaseReadingError, "said_unknown"),
        sector_doubt,
        number("sector_probe_weight", 0, 10),
        sector_doubt_ja,
    )


def _not_a_stop(abbreviations: Any, path: Path) -> re.Pattern[str] | None:
    """A full stop after a number or an abbreviation, the text going on in lower case, or inside a word."""
    if abbreviations is None:
        return None
    if not (
        isinstance(abbreviations, list)
        and all(isinstance(a, str) and re.fullmatch(r"[a-z]+(?:\.[a-z]+)*", a) for a in abbreviations)
    ):
        raise CaseReadingError(
            f"{path}: 'abbreviations' must be a list of lower-case abbreviations without the last dot"
        )
    after = "|".join(f"(?<=\\b(?i:{re.escape(a)}))" for a in abbreviations)
    return re.compile(rf"(?:(?<=\d)|{after})\.(?=\s+[a-zæøå0-9])|\.(?=\w)")
