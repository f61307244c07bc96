"""`make validate` checks that every routed topic intent has its rules: answered on its own, and as a side question
in the middle of the walk-through (bot.assistant.check_rules); the rules list the topics with `or:` steps."""

from __future__ import annotations

import shutil

import pytest
import yaml

from bot import paths
from bot.assistant import check_rules
from bot.knowledge import KnowledgeError

RULES = paths.ROOT / "data" / "rules"


@pytest.fixture()
def rules_copy(tmp_path):
    target = tmp_path / "rules"
    shutil.copytree(RULES, target)
    return target


def _drop_from_or(path, title: str, intent: str) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    rule = next(r for r in data["rules"] if r["rule"] == title)
    rule["steps"][0]["or"] = [s for s in rule["steps"][0]["or"] if s != {"intent": intent}]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_every_routed_intent_has_its_rules(kb):
    check_rules(kb, RULES)


def test_a_topic_without_its_answer_rule_is_named(kb, rules_copy):
    _drop_from_or(rules_copy / "topics.yml", "answer a topic question", "ask_recipe")
    with pytest.raises(KnowledgeError) as raised:
        check_rules(kb, rules_copy)
    assert "topics.yml: entry 'ask_recipe': no rule answers this topic intent" in str(raised.value)
    assert "ledetraade.yml" not in str(raised.value)


def test_a_topic_without_its_side_question_rule_is_named(kb, rules_copy):
    _drop_from_or(rules_copy / "ledetraade.yml", "side question during the walk-through", "ask_gains")
    with pytest.raises(KnowledgeError) as raised:
        check_rules(kb, rules_copy)
    assert "ledetraade.yml: entry 'ask_gains': no side-question rule during the walk-through" in str(raised.value)
