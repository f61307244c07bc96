"""The speed-ups in store/speedups.py must behave exactly as the Rasa code they replace."""
from __future__ import annotations

import json
import random

import pytest
import rasa
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from rasa.core.policies.rule_policy import RulePolicy
from rasa.core.policies.rule_policy import SHOULD_NOT_BE_SET
from rasa.shared.core.constants import ACTION_LISTEN_NAME, ACTIVE_LOOP, PREVIOUS_ACTION, SLOTS, USER

from store import speedups

INTENTS = ["ask_examples", "ask_step_help", "stop", "affirm", "greet"]
ACTIONS = [ACTION_LISTEN_NAME, "action_answer", "ledetraade_form", "action_ledetraade_help"]


def _state(rng: random.Random, starter: bool = False) -> dict:
    state: dict = {} if starter else {PREVIOUS_ACTION: {"action_name": rng.choice(ACTIONS)}}
    if rng.random() < 0.7:
        state[USER] = {"intent": rng.choice(INTENTS)}
    if rng.random() < 0.4:
        state[ACTIVE_LOOP] = {"name": rng.choice(["ledetraade_form", SHOULD_NOT_BE_SET])}
    if rng.random() < 0.3:
        state[SLOTS] = {"quiz": rng.choice([(1.0,), SHOULD_NOT_BE_SET])}
    return state


def _rule_key(rng: random.Random) -> str:
    length = rng.randint(1, 5)
    states = [_state(rng, starter=(i == 0 and rng.random() < 0.2)) for i in range(length)]
    return json.dumps(states, sort_keys=True)


def test_rule_filter_gives_rasas_result():
    rng = random.Random(20261122)
    policy = RulePolicy.__new__(RulePolicy)  # the filter reads only the rule keys and the states
    original = speedups.ORIGINALS["get_possible_keys"]
    found_some = 0
    for _ in range(400):
        lookup = {_rule_key(rng): rng.choice(ACTIONS) for _ in range(rng.randint(1, 40))}
        states = [_state(rng, starter=(i == 0)) for i in range(rng.randint(1, 30))]
        expected = original(policy, lookup, states)
        assert speedups._get_possible_keys(policy, lookup, states) == expected
        found_some += bool(expected)
    assert found_some > 50  # the cases exercise matching rules, not only empty results


def test_action_result_check_accepts_and_rejects_like_jsonschema():
    action = RemoteAction("action_answer", None)
    good = {"events": [{"event": "slot", "name": "last_entry", "value": "definition"}],
            "responses": [{"text": "Samskabelse er ..."}]}
    assert speedups._validate_action_result(action, good) is True
    assert speedups.ORIGINALS["validate_action_result"](action, good) is True
    bad = {"events": "not a list", "responses": []}
    with pytest.raises(ValidationError) as ours:
        speedups._validate_action_result(action, bad)
    with pytest.raises(ValidationError) as theirs:
        speedups.ORIGINALS["validate_action_result"](action, bad)
    assert ours.value.message == theirs.value.message
    assert "Failed to validate Action server response" in ours.value.message


def test_installed_on_the_version_they_were_written_for(monkeypatch):
    monkeypatch.setattr(RulePolicy, "_get_possible_keys", speedups.ORIGINALS["get_possible_keys"])
    assert speedups.apply() is (rasa.__version__ == speedups.PATCHED_RASA_VERSION)
    assert RulePolicy._get_possible_keys is speedups._get_possible_keys


def test_not_installed_on_another_rasa_version(monkeypatch):
    monkeypatch.setattr(rasa, "__version__", "3.7.0")
    monkeypatch.setattr(RulePolicy, "_get_possible_keys", speedups.ORIGINALS["get_possible_keys"])
    assert speedups.apply() is False
    assert RulePolicy._get_possible_keys is speedups.ORIGINALS["get_possible_keys"]
