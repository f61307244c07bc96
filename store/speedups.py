"""A fix to one hot path of Rasa 3.6.21: the project's one change to Rasa's behaviour.

Applied when the Rasa server builds our tracker store (PrivacySQLTrackerStore's
constructor calls apply()), not when a module is imported; Rasa's action code,
and TensorFlow with it, is imported then too.

Rasa checks every action-server reply with `jsonschema.validate(result, spec)`,
which first validates the spec itself against the JSON-Schema meta-schema:
about 3 ms of a 25 ms turn on the benchmark machine. The spec never changes,
so we build its validator once and keep the same check (same errors, same log
message, same rejection of a malformed reply; tests/store/test_speedups.py
compares it with Rasa's). Only applied to the version it was written against.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, Callable, Dict, Text

import rasa
from jsonschema import ValidationError, validators
from rasa.shared.constants import DOCS_BASE_URL

if TYPE_CHECKING:
    from rasa.core.actions.action import RemoteAction

logger = logging.getLogger(__name__)

PATCHED_RASA_VERSION = "3.6.21"
_original: Callable[..., bool] | None = None
_validator = None


def original_validate() -> Callable[..., bool]:
    """Rasa's own check, as it was before apply() replaced it (for the test that compares it with ours)."""
    global _original
    if _original is None:
        from rasa.core.actions.action import RemoteAction

        _original = RemoteAction._validate_action_result
    return _original


def _validate_action_result(self: RemoteAction, result: Dict[Text, Any]) -> bool:
    global _validator
    if _validator is None:
        spec = type(self).action_response_format_spec()
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


def apply() -> bool:
    """Install the cached check; only on the Rasa version it was written against. Safe to call again."""
    from rasa.core.actions.action import RemoteAction

    original_validate()  # remembered before it is replaced
    if rasa.__version__ != PATCHED_RASA_VERSION:
        logger.warning(
            "Rasa %s: action-result speed-up not applied (written for %s).", rasa.__version__, PATCHED_RASA_VERSION
        )
        return False
    RemoteAction._validate_action_result = _validate_action_result
    return True
