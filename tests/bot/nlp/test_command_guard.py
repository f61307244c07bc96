"""The command guard (bot/nlp/command_guard.py, featurizers/command_guard.py): off-topic requests trigger no command."""

from __future__ import annotations

import pytest

from bot.nlp.command_guard import CommandGuard, GuardSettingsError, load_settings
from bot.nlp.config_check import COMMAND_GUARD, ENCODER_BLEND, pipeline_problems
from bot.nlp.evaluation import heldout_examples, training_examples


@pytest.fixture(scope="module")
def guard() -> CommandGuard:
    return CommandGuard.learn(load_settings(), training_examples())


@pytest.mark.parametrize(
    "text",
    [
        "slet mine alarmer",
        "slet alle mine påmindelser",
        "slet min kalenderaftale",
        "slet den sidste sang fra playlisten",
        "farvel til regnvejret, hvornår kommer solen",
    ],
)
def test_an_off_topic_request_is_no_command(guard, text):
    """Finding: "delete my alarms"-style requests opened the "slet min samtale" confirmation."""
    assert not guard.allows("delete_conversation", text) or not guard.allows("goodbye", text)
    assert guard.foreign_words("delete_conversation", text)


@pytest.mark.parametrize(
    "intent, text",
    [
        ("delete_conversation", "slet min samtale"),
        ("delete_conversation", "slet"),
        ("delete_conversation", "jeg vil gerne have slettet min samtale"),
        ("delete_conversation", "slet min samtlae"),
        ("delete_conversation", "slet min chathistorik"),
        ("delete_conversation", "/delete_conversation"),
        ("goodbye", "farvel"),
        ("goodbye", "tak for i dag, vi ses"),
        ("stop", "stop musikken"),  # stop is not guarded
    ],
)
def test_real_commands_pass(guard, intent, text):
    assert guard.allows(intent, text)


def test_no_held_out_command_is_blocked(guard):
    """The held-out phrasings of the guarded intents (written apart from the training data) all still work."""
    guarded = [(i, t) for i, t in heldout_examples() if i in guard.settings.intents]
    assert guarded and [(i, t) for i, t in guarded if not guard.allows(i, t)] == []


def test_the_vocabulary_survives_the_model_file(guard):
    again = CommandGuard.from_dict(guard.settings, guard.as_dict())
    assert again.vocabulary == guard.vocabulary


def test_demote_gives_the_commands_confidence_to_off_topic():
    from featurizers.command_guard import demote

    ranking = [
        {"name": "delete_conversation", "confidence": 0.68},
        {"name": "out_of_scope", "confidence": 0.27},
        {"name": "greet", "confidence": 0.05},
    ]
    assert demote(ranking, "delete_conversation") == [
        {"name": "out_of_scope", "confidence": pytest.approx(0.95)},
        {"name": "greet", "confidence": 0.05},
    ]


@pytest.mark.parametrize(
    "text, complaint",
    [
        ("intents: []\nmin_word_length: 4\nsimilarity: 0.8\nignore: [og]\n", "'intents'"),
        ("intents: [goodbye]\nmin_word_length: 0\nsimilarity: 0.8\nignore: [og]\n", "'min_word_length'"),
        ("intents: [goodbye]\nmin_word_length: 4\nsimilarity: 2\nignore: [og]\n", "'similarity'"),
        ("intents: [goodbye]\nmin_word_length: 4\nsimilarity: 0.8\n", "'ignore'"),
    ],
)
def test_a_broken_settings_file_is_named(tmp_path, text, complaint):
    path = tmp_path / "command_guard.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(GuardSettingsError, match=complaint) as info:
        load_settings(path)
    assert str(path) in str(info.value)


def test_the_guard_stands_after_the_classifiers_and_before_the_fallback():
    def problems(*names):
        return pipeline_problems({"pipeline": [{"name": n} for n in names]})

    assert problems("DIETClassifier", ENCODER_BLEND, COMMAND_GUARD, "FallbackClassifier") == []
    assert problems(COMMAND_GUARD, "DIETClassifier", "FallbackClassifier")
    assert problems("DIETClassifier", "FallbackClassifier", COMMAND_GUARD)


def test_the_component_turns_the_parse_into_off_topic(tmp_path):
    """What /model/parse shows: out_of_scope for "slet mine alarmer", the command for "slet min samtale"."""
    from rasa.engine.graph import ExecutionContext, GraphSchema
    from rasa.engine.storage.local_model_storage import LocalModelStorage
    from rasa.engine.storage.resource import Resource
    from rasa.shared.nlu.training_data.message import Message
    from rasa.shared.nlu.training_data.training_data import TrainingData

    from featurizers.command_guard import CommandGuardComponent

    storage, resource = LocalModelStorage(tmp_path), Resource("guard")
    context = ExecutionContext(GraphSchema({}), "guard")
    component = CommandGuardComponent.create({}, storage, resource, context)
    component.train(TrainingData([Message(data={"text": t, "intent": i}) for i, t in training_examples()]))
    loaded = CommandGuardComponent.load({}, storage, resource, context)
    said = {}
    for text in ("slet mine alarmer", "slet min samtale"):
        message = Message(data={"text": text})
        message.set("intent", {"name": "delete_conversation", "confidence": 0.7}, add_to_output=True)
        message.set(
            "intent_ranking",
            [{"name": "delete_conversation", "confidence": 0.7}, {"name": "out_of_scope", "confidence": 0.2}],
            add_to_output=True,
        )
        said[text] = loaded.process([message])[0].get("intent")
    assert said["slet mine alarmer"] == {"name": "out_of_scope", "confidence": pytest.approx(0.9)}
    assert said["slet min samtale"] == {"name": "delete_conversation", "confidence": 0.7}
