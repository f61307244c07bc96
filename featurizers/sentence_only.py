"""Drop per-token text features that a DIET without transformer layers never reads.

Without a transformer nothing mixes the token positions, so DIET's intent
prediction comes from the sentence features alone (the last position); the
per-token features only cost time, in training and on every message. This
component replaces them by one empty position, so DIET sees a sequence of
length one. It must stand after the featurizers and before DIET, and only
makes sense with `number_of_transformer_layers: 0` and
`entity_recognition: false` (`python -m tools validate` checks config.yml).
"""

from __future__ import annotations

from typing import Any

import scipy.sparse
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import FEATURE_TYPE_SEQUENCE, TEXT
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

ORIGIN = "SentenceFeaturesOnly"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class SentenceFeaturesOnly(GraphComponent):
    @classmethod
    def required_components(cls) -> list[type]:
        return []

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SentenceFeaturesOnly:
        return cls()

    @classmethod
    def validate_config(cls, config: dict[str, Any]) -> None:
        pass

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        for message in training_data.training_examples:
            shrink(message)
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            shrink(message)
        return messages


def shrink(message: Message) -> None:
    """Replace the message's per-token text features by a single empty position."""
    kept = [f for f in message.features if not (f.attribute == TEXT and f.type == FEATURE_TYPE_SEQUENCE)]
    if len(kept) == len(message.features):
        return  # no text features (e.g. a message without text): nothing for DIET to read either way
    empty = scipy.sparse.coo_matrix((1, 1), dtype=float)
    message.features = kept + [Features(empty, FEATURE_TYPE_SEQUENCE, TEXT, ORIGIN)]
