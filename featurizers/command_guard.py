"""The command guard (bot/nlp/command_guard.py) as a Rasa component: stands after the intent classifiers
and before the FallbackClassifier, and turns a command that speaks of something else into out_of_scope.

It changes what /model/parse says too, as Rasa users expect to see an
off-topic message there. The vocabulary it learns from the training data is
stored in the model as JSON.
"""

from __future__ import annotations

import json
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.names import Intents
from bot.nlp.command_guard import CommandGuard, load_settings

RANKING = "intent_ranking"


def demote(ranking: list[dict[str, Any]], intent: str) -> list[dict[str, Any]]:
    """The ranking with `intent`'s confidence given to out_of_scope, which comes first."""
    moved = sum(
        float(r.get(PREDICTED_CONFIDENCE_KEY) or 0.0)
        for r in ranking
        if r.get(INTENT_NAME_KEY) in (intent, Intents.OUT_OF_SCOPE)
    )
    rest = [r for r in ranking if r.get(INTENT_NAME_KEY) not in (intent, Intents.OUT_OF_SCOPE)]
    return [{INTENT_NAME_KEY: Intents.OUT_OF_SCOPE, PREDICTED_CONFIDENCE_KEY: moved}, *rest]


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class CommandGuardComponent(GraphComponent, IntentClassifier):
    @classmethod
    def required_components(cls) -> list[type]:
        return []  # its place (after the classifiers, before the FallbackClassifier): bot/nlp/config_check.py

    def __init__(self, model_storage: ModelStorage, resource: Resource, guard: CommandGuard | None = None) -> None:
        self._storage, self._resource = model_storage, resource
        self.guard = guard

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> CommandGuardComponent:
        return cls(model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        examples = [
            (m.get(INTENT), m.get(TEXT)) for m in training_data.intent_examples if m.get(INTENT) and m.get(TEXT)
        ]
        self.guard = CommandGuard.learn(load_settings(), examples)
        with self._storage.write_to(self._resource) as directory:
            (directory / "vocabulary.json").write_text(
                json.dumps(self.guard.as_dict(), ensure_ascii=False), encoding="utf-8"
            )
        return self._resource

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> CommandGuardComponent:
        try:
            with model_storage.read_from(resource) as directory:
                data = json.loads((directory / "vocabulary.json").read_text(encoding="utf-8"))
        except (ValueError, FileNotFoundError):
            return cls(model_storage, resource)
        return cls(model_storage, resource, CommandGuard.from_dict(load_settings(), data))

    def process(self, messages: list[Message]) -> list[Message]:
        if self.guard is None:
            return messages
        for message in messages:
            intent, text = (message.get(INTENT) or {}).get(INTENT_NAME_KEY), message.get(TEXT)
            if intent and isinstance(text, str) and not self.guard.allows(intent, text):
                ranking = demote(message.get(RANKING) or [message.get(INTENT)], intent)
                message.set(INTENT, ranking[0], add_to_output=True)
                message.set(RANKING, ranking, add_to_output=True)
        return messages
