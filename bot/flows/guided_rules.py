"""Loads the guided-advice rules (data/knowledge/guided/) and checks them against the rule base."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.flows.assessment_rules import AssessmentRules, parse_assessment
from bot.flows.ledetraade import LedetraadeRules, parse_ledetraade
from bot.flows.phases import PhaseRules, parse_phases
from bot.flows.quiz import Quiz, parse_quiz
from bot.flows.recommendation import RecommendationRules, parse_recommendation
from bot.knowledge import KnowledgeBase, KnowledgeError, Problem
from bot.vocabulary import Vocabulary
from bot.yaml_reading import safe_load

GUIDED_DIR = "guided"


@dataclass
class GuidedRules:
    assessment: AssessmentRules
    recommendation: RecommendationRules
    phases: PhaseRules
    ledetraade: LedetraadeRules
    quiz: Quiz


def load_guided_rules(knowledge_dir: Path, kb: KnowledgeBase, vocabulary: Vocabulary) -> GuidedRules:
    """Load and validate; raise KnowledgeError naming file and key for every problem."""
    directory = Path(knowledge_dir) / GUIDED_DIR
    problems: list[Problem] = []
    parsed = {}
    for name in ("assessment", "recommendation", "phases", "ledetraade", "quiz"):
        path = directory / f"{name}.yml"
        label = str(path)
        try:
            data = safe_load(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            problems.append(Problem(label, None, "file is missing"))
            continue
        except yaml.YAMLError as exc:
            problems.append(Problem(label, None, f"invalid YAML: {exc}"))
            continue
        if name == "assessment":
            parsed[name] = parse_assessment(data, label, kb, problems)
        elif name == "recommendation":
            parsed[name] = parse_recommendation(data, label, kb, vocabulary, problems)
        elif name == "phases":
            parsed[name] = parse_phases(data, label, kb, vocabulary, problems)
        elif name == "quiz":
            parsed[name] = parse_quiz(data, label, kb, parsed.get("assessment"), problems)
        else:
            parsed[name] = parse_ledetraade(data, label, kb, problems)
    if problems or any(v is None for v in parsed.values()):
        raise KnowledgeError(problems)
    return GuidedRules(
        parsed["assessment"], parsed["recommendation"], parsed["phases"], parsed["ledetraade"], parsed["quiz"]
    )
