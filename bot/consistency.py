"""Checks that the rule base and the Rasa domain agree on intent names."""
from __future__ import annotations

from pathlib import Path

from bot.flows.guides import Guides
from bot.knowledge import KnowledgeBase, KnowledgeError, Problem
from bot.yaml_reading import safe_load


def domain_intents(domain_file: Path) -> set[str]:
    data = safe_load(Path(domain_file).read_text(encoding="utf-8")) or {}
    return {next(iter(i)) if isinstance(i, dict) else str(i) for i in data.get("intents") or []}


def check_intents(kb: KnowledgeBase, guides: Guides, domain_file: Path, knowledge_dir: Path) -> None:
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
    walk = str(knowledge_dir / "guided" / "ledetraade.yml")
    for button in guides.walkthrough.buttons:
        if button.intent not in intents:
            problems.append(Problem(walk, "buttons", f"intent '{button.intent}' is not in domain.yml"))
    if problems:
        raise KnowledgeError(problems)
