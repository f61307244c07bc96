"""One place that loads everything the assistant answers from, and checks that it agrees with itself.

load_assistant reads the vocabulary, the rule base and the guided rules and
checks them against each other, against the code's names (bot.names) and
against the Rasa domain; `make validate` also checks the Rasa rules here
(check_rules). Every content mistake stops the load naming its file and entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from bot import paths
from bot.flows.answers import Advisor
from bot.flows.guided_replies import GuidedReplies
from bot.flows.guided_rules import GuidedRules, load_guided_rules
from bot.knowledge import KnowledgeBase, KnowledgeError, Problem, load_knowledge
from bot.names import RASA_ACTIONS, RASA_INTENTS, RASA_SLOTS, Actions, Intents, Slots, declared
from bot.vocabulary import load_vocabulary
from bot.yaml_reading import safe_load


@dataclass
class Assistant:
    advisor: Advisor
    guide: GuidedReplies


def load_assistant(
    knowledge_dir: Path | None = None,
    vocabulary_file: Path = paths.VOCABULARY_FILE,
    domain_file: Path = paths.ROOT / "domain.yml",
) -> Assistant:
    """Raises KnowledgeError (file and entry named) or VocabularyError on any content error."""
    knowledge_dir = Path(knowledge_dir or paths.knowledge_dir())
    vocabulary = load_vocabulary(vocabulary_file)
    kb = load_knowledge(knowledge_dir, vocabulary)
    guides = load_guided_rules(knowledge_dir, kb, vocabulary)
    check_intents(kb, guides, domain_file, knowledge_dir)
    check_names(domain_file)
    advisor = Advisor(kb, vocabulary)
    return Assistant(advisor, GuidedReplies(advisor, guides))


def _domain(domain_file: Path) -> dict:
    data = safe_load(Path(domain_file).read_text(encoding="utf-8")) or {}
    return data if isinstance(data, dict) else {}


def _names(items) -> set[str]:
    """Names from a domain list or mapping; a list item may be a one-key mapping ("- greet: {…}")."""
    if isinstance(items, dict):
        return {str(key) for key in items}
    return {next(iter(i)) if isinstance(i, dict) else str(i) for i in items or []}


def domain_intents(domain_file: Path) -> set[str]:
    return _names(_domain(domain_file).get("intents"))


def check_names(domain_file: Path) -> None:
    """Every intent, action and slot the code names (bot.names) must be declared in domain.yml."""
    data = _domain(domain_file)
    known = {
        "intents": (Intents, _names(data.get("intents")) | RASA_INTENTS),
        "actions": (Actions, _names(data.get("actions")) | _names(data.get("forms")) | RASA_ACTIONS),
        "slots": (Slots, _names(data.get("slots")) | RASA_SLOTS),
    }
    problems = [
        Problem(
            str(domain_file),
            section,
            f"'{value}' (bot.names.{namespace.__name__}.{key}) is used by the code but not declared",
        )
        for section, (namespace, names) in known.items()
        for key, value in declared(namespace).items()
        if value not in names
    ]
    if problems:
        raise KnowledgeError(problems)


def check_intents(kb: KnowledgeBase, guides: GuidedRules, domain_file: Path, knowledge_dir: Path) -> None:
    """Every intent the rule base sends (routes, menu, buttons) must exist in domain.yml."""
    intents = domain_intents(domain_file)
    problems = []
    routes, conversation = str(knowledge_dir / "routes.yml"), str(knowledge_dir / "conversation.yml")
    for intent in kb.routes:
        if intent not in intents:
            problems.append(Problem(routes, intent, "intent is not in domain.yml"))
    for item in kb.menu:
        if item.intent not in intents:
            problems.append(Problem(conversation, "menu", f"intent '{item.intent}' is not in domain.yml"))
    for msg in kb.messages.values():
        for intent in msg.intents:
            if intent not in intents:
                problems.append(Problem(conversation, msg.id, f"intent '{intent}' is not in domain.yml"))
    for entry in kb.entries.values():
        for _, intent in entry.action_buttons:
            if intent not in intents:
                problems.append(Problem(entry.file, entry.id, f"button intent '{intent}' is not in domain.yml"))
    ledetraade = str(knowledge_dir / "guided" / "ledetraade.yml")
    for button in guides.ledetraade.buttons:
        if button.intent not in intents:
            problems.append(Problem(ledetraade, "buttons", f"intent '{button.intent}' is not in domain.yml"))
    if problems:
        raise KnowledgeError(problems)


def _rule_steps(rules_dir: Path) -> Iterator[tuple[Path, str | None, str, str | None]]:
    """(file, active loop the rule requires or None, intent, the action that answers it) for each way into each rule,
    with `or:` steps expanded as Rasa expands them."""
    for path in sorted(Path(rules_dir).glob("*.yml")):
        data = safe_load(path.read_text(encoding="utf-8")) or {}
        for rule in data.get("rules") or []:
            loops = [c.get("active_loop") for c in rule.get("condition") or [] if isinstance(c, dict)]
            steps = rule.get("steps") or []
            if not steps:
                continue
            first = steps[0].get("or") if isinstance(steps[0], dict) and "or" in steps[0] else [steps[0]]
            action = steps[1].get("action") if len(steps) > 1 and isinstance(steps[1], dict) else None
            for step in first:
                if isinstance(step, dict) and step.get("intent"):
                    yield path, next((loop for loop in loops if loop), None), str(step["intent"]), action


def check_rules(kb: KnowledgeBase, rules_dir: Path) -> None:
    """Every routed topic intent is answered by a rule (data/rules/topics.yml) and also as a side question in the
    middle of the walk-through (data/rules/ledetraade.yml); a new topic missing from either fails `make validate`."""
    answered, during_ledetraade = set(), set()
    for _, loop, intent, action in _rule_steps(rules_dir):
        if loop is None and action == Actions.ANSWER:
            answered.add(intent)
        elif loop == Actions.LEDETRAADE_FORM:
            during_ledetraade.add(intent)
    problems = []
    for intent in sorted(kb.routes):
        if intent not in answered:
            problems.append(Problem(str(Path(rules_dir) / "topics.yml"), intent, "no rule answers this topic intent"))
        if intent not in during_ledetraade:
            problems.append(
                Problem(
                    str(Path(rules_dir) / "ledetraade.yml"), intent, "no side-question rule during the walk-through"
                )
            )
    if problems:
        raise KnowledgeError(problems)
