"""One place that loads and cross-checks everything the assistant answers from."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bot import paths
from bot.consistency import check_intents, check_names
from bot.flows.answers import Advisor
from bot.flows.guided_replies import GuidedReplies
from bot.flows.guided_rules import load_guided_rules
from bot.knowledge import load_knowledge
from bot.vocabulary import load_vocabulary


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
