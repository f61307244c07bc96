"""bot.names: every intent, action and slot the code names is declared in domain.yml, or loading fails naming it."""

from __future__ import annotations

import pytest
import yaml

from bot import paths
from bot.assistant import check_names, load_assistant
from bot.knowledge import KnowledgeError
from bot.names import RASA_ACTIONS, RASA_INTENTS, RASA_SLOTS, Actions, ChannelMessages, Intents, Slots, declared

DOMAIN = paths.ROOT / "domain.yml"


def _domain() -> dict:
    return yaml.safe_load(DOMAIN.read_text(encoding="utf-8"))


def test_every_name_is_declared_in_the_domain():
    check_names(DOMAIN)
    domain = _domain()
    intents = {i if isinstance(i, str) else next(iter(i)) for i in domain["intents"]}
    assert set(declared(Intents).values()) - RASA_INTENTS <= intents
    assert set(declared(Actions).values()) - RASA_ACTIONS <= set(domain["actions"]) | set(domain["forms"])
    assert set(declared(Slots).values()) - RASA_SLOTS <= set(domain["slots"])


def test_each_name_is_spelled_once():
    for namespace in (Intents, Actions, Slots, ChannelMessages):
        values = list(declared(namespace).values())
        assert len(values) == len(set(values)), namespace.__name__


@pytest.mark.parametrize(
    "section, name, key",
    [
        ("intents", "stop", "Intents.STOP"),
        ("actions", "action_assess", "Actions.ASSESS"),
        ("slots", "delete_requested", "Slots.DELETE_REQUESTED"),
    ],
)
def test_a_name_missing_from_the_domain_stops_loading_and_is_named(tmp_path, section, name, key):
    domain = _domain()
    if isinstance(domain[section], dict):
        del domain[section][name]
    else:
        domain[section] = [i for i in domain[section] if i != name]
    broken = tmp_path / "domain.yml"
    broken.write_text(yaml.safe_dump(domain, allow_unicode=True), encoding="utf-8")
    with pytest.raises(KnowledgeError) as raised:
        check_names(broken)
    message = str(raised.value)
    assert str(broken) in message and f"'{name}'" in message and key in message and section in message
    if section == "slots":  # no content names a slot, so this is what stops the assistant from loading
        with pytest.raises(KnowledgeError, match=key):
            load_assistant(domain_file=broken)
