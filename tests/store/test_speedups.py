"""The speed-up in store/speedups.py must behave exactly as the Rasa code it replaces."""

from __future__ import annotations

import pytest
import rasa
from jsonschema import ValidationError

from store import speedups

GOOD = {
    "events": [{"event": "slot", "name": "last_entry", "value": "definition"}],
    "responses": [{"text": "Samskabelse er ..."}],
}


@pytest.mark.parametrize(
    "bad",
    [
        {"events": "not a list", "responses": []},
        {"events": [{"name": "no event type"}], "responses": []},
        {"events": [], "responses": "not a list"},
    ],
)
def test_action_result_check_accepts_and_rejects_like_jsonschema(bad):
    from rasa.core.actions.action import RemoteAction

    action = RemoteAction("action_answer", None)
    assert speedups._validate_action_result(action, GOOD) is True
    assert speedups.original_validate()(action, GOOD) is True
    with pytest.raises(ValidationError) as ours:
        speedups._validate_action_result(action, bad)
    with pytest.raises(ValidationError) as theirs:
        speedups.original_validate()(action, bad)
    assert ours.value.message == theirs.value.message
    assert "Failed to validate Action server response" in ours.value.message


def test_installed_only_on_the_version_it_was_written_for(monkeypatch):
    from rasa.core.actions.action import RemoteAction

    monkeypatch.setattr(RemoteAction, "_validate_action_result", speedups.original_validate())
    monkeypatch.setattr(rasa, "__version__", "3.7.0")
    assert speedups.apply() is False
    assert RemoteAction._validate_action_result is speedups.original_validate()
    monkeypatch.setattr(rasa, "__version__", speedups.PATCHED_RASA_VERSION)
    assert speedups.apply() is True
    assert RemoteAction._validate_action_result is speedups._validate_action_result
