"""Fixes to two hot paths of Rasa 3.6.21, applied when the Rasa server loads our tracker store.

Both keep Rasa's behaviour exactly (tests/store/test_speedups.py compares
them with the originals) and are only applied to the version they were
written against.

- Rasa checks every action-server reply with `jsonschema.validate(result, spec)`,
  which first validates the spec itself against the JSON-Schema meta-schema:
  about 3 ms of a 25 ms turn on the benchmark machine. The spec never changes,
  so we build its validator once and keep the same check (same errors, same
  log message, same rejection of a malformed reply).
- RulePolicy narrows its rules turn by turn back through the whole
  conversation, re-reading every rule at every turn, although no rule is
  longer than a handful of turns: a rule stays applicable once the walk has
  gone past its length. We stop the walk there; about 1 ms a message.
"""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Set, Text

import rasa
from jsonschema import ValidationError, validators
from rasa.core.actions.action import RemoteAction
from rasa.core.policies.rule_policy import RulePolicy
from rasa.shared.constants import DOCS_BASE_URL

logger = logging.getLogger(__name__)

PATCHED_RASA_VERSION = "3.6.21"
# Rasa's own versions, kept for the tests that compare them with ours.
ORIGINALS = {"validate_action_result": RemoteAction._validate_action_result,
             "get_possible_keys": RulePolicy._get_possible_keys}
_validator = None


def _validate_action_result(self: RemoteAction, result: Dict[Text, Any]) -> bool:
    global _validator
    if _validator is None:
        spec = RemoteAction.action_response_format_spec()
        cls = validators.validator_for(spec)
        cls.check_schema(spec)
        _validator = cls(spec)
    try:
        _validator.validate(result)
        return True
    except ValidationError as e:
        e.message += (
            f". Failed to validate Action server response from API, "
            f"make sure your response from the Action endpoint is valid. "
            f"For more information about the format visit "
            f"{DOCS_BASE_URL}/custom-actions"
        )
        raise e


def _get_possible_keys(self: RulePolicy, lookup: Dict[Text, Text], states: List[Dict[Text, Any]]) -> Set[Text]:
    """RulePolicy's own filter, stopped once the walk back is longer than every remaining rule."""
    possible_keys = set(lookup.keys())
    longest = max((len(self._rule_key_to_state(key)) for key in possible_keys), default=0)
    for turn_index, state in enumerate(reversed(states)):
        if turn_index >= longest:  # _is_rule_applicable is True for every key from here on
            break
        possible_keys = {key for key in possible_keys if self._is_rule_applicable(key, turn_index, state)}
    return possible_keys


def apply() -> bool:
    """Install both; only on the Rasa version they were written against."""
    if rasa.__version__ != PATCHED_RASA_VERSION:
        logger.warning("Rasa %s: speed-ups not applied (written for %s).", rasa.__version__, PATCHED_RASA_VERSION)
        return False
    RemoteAction._validate_action_result = _validate_action_result
    RulePolicy._get_possible_keys = _get_possible_keys
    return True
