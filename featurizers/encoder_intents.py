"""Intent probabilities from the pretrained encoder, blended with DIET's: combine, don't replace.

DIET on the project's n-grams knows its own Danish phrasings well; a plain
logistic regression on multilingual-e5-small embeddings knows what lies
outside them (other topics, English, other words for the same thing).
Given DIET's features alone (featurizers/encoder_features.py), DIET did
worse; averaging the two classifiers' probabilities did better than either
(docs/nlp.md, "Dansk sprogbehandling"). This component stands after DIET and
before the FallbackClassifier, which then judges the blended confidence.

The regression's weights are stored in the model as plain arrays (no
pickle); the training vectors come from the encoder's on-disk cache.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlp.encoder import get_encoder
from bot.nlp.language import is_english
from featurizers.encoder_features import DEFAULT_CACHE, VectorCache

RANKING = "intent_ranking"
# The message's "query: " embedding, kept on the message (not in the parse output) for later components.
QUERY_VECTOR = "encoder_query_vector"
RANKING_LENGTH = 10


def blend(
    diet_ranking: list[dict[str, Any]], classes: list[str], encoder_probs: np.ndarray, weight: float
) -> list[dict[str, Any]]:
    """(1 - weight) x DIET's probabilities + weight x the encoder's, as a ranking (highest first).

    An intent missing from DIET's (shortened) ranking counts as 0 there.
    """
    combined = {name: weight * float(p) for name, p in zip(classes, encoder_probs)}
    for item in diet_ranking:
        name = item.get(INTENT_NAME_KEY)
        if name is not None:
            combined[name] = combined.get(name, 0.0) + (1 - weight) * float(item.get(PREDICTED_CONFIDENCE_KEY) or 0.0)
    ranking = sorted(
        ({INTENT_NAME_KEY: n, PREDICTED_CONFIDENCE_KEY: c} for n, c in combined.items()),
        key=lambda item: -item[PREDICTED_CONFIDENCE_KEY],
    )
    return ranking[:RANKING_LENGTH]


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class EncoderIntentBlend(GraphComponent, IntentClassifier):
    @classmethod
    def required_components(cls) -> list[type]:
        # It must stand after DIET (it reads DIET's ranking); Rasa's check of that refuses a trainable
        # classifier, so `make validate` checks the order instead (bot/nlp/config_check.py).
        return []

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        # weight: the encoder's share of the blend; english_weight: its share for a message in English
        # (bot/nlp/language.py), where DIET's Danish n-grams know little (None: the same as weight);
        # C: the regression's inverse regularisation.
        return {
            "weight": 0.5,
            "english_weight": None,
            "C": 100.0,
            "max_iter": 3000,
            "random_state": 20261130,
            "cache": str(DEFAULT_CACHE),
        }

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        classes: list[str] | None = None,
        coef: np.ndarray | None = None,
        intercept: np.ndarray | None = None,
    ) -> None:
        self.config = {**self.get_default_config(), **config}
        self._storage, self._resource = model_storage, resource
        self.classes = classes or []
        self.coef = coef
        self.intercept = intercept

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> EncoderIntentBlend:
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        from sklearn.linear_model import LogisticRegression

        examples = [m for m in training_data.intent_examples if m.get(TEXT) and m.get(INTENT)]
        if len({m.get(INTENT) for m in examples}) < 2:
            return self._resource  # nothing to learn: the component passes DIET's ranking on
        cache = VectorCache(Path(self.config["cache"]), get_encoder()) if self.config.get("cache") else None
        texts = [m.get(TEXT) for m in examples]
        vectors = cache.queries(texts) if cache else get_encoder().queries(texts)
        model = LogisticRegression(
            C=float(self.config["C"]),
            max_iter=int(self.config["max_iter"]),
            random_state=int(self.config["random_state"]),
        )
        model.fit(vectors, [m.get(INTENT) for m in examples])
        self.classes = [str(c) for c in model.classes_]
        self.coef, self.intercept = model.coef_.astype(np.float32), model.intercept_.astype(np.float32)
        with self._storage.write_to(self._resource) as directory:
            np.savez(directory / "regression.npz", coef=self.coef, intercept=self.intercept)
            (directory / "classes.json").write_text(json.dumps(self.classes, ensure_ascii=False), encoding="utf-8")
        return self._resource

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> EncoderIntentBlend:
        try:
            with model_storage.read_from(resource) as directory:
                arrays = np.load(directory / "regression.npz")
                classes = json.loads((directory / "classes.json").read_text(encoding="utf-8"))
                return cls(config, model_storage, resource, classes, arrays["coef"], arrays["intercept"])
        except (ValueError, FileNotFoundError):
            return cls(config, model_storage, resource)  # trained on nothing: DIET's ranking stands

    def _weight(self, text: str) -> float:
        english = self.config.get("english_weight")
        return float(english) if english is not None and is_english(text) else float(self.config["weight"])

    def probabilities(self, vectors: np.ndarray) -> np.ndarray:
        """The regression's probabilities over self.classes, one row per vector (multinomial softmax)."""
        scores = vectors @ self.coef.T + self.intercept
        if len(self.classes) == 2:  # scikit-learn keeps one row of weights for two classes
            scores = np.hstack([-scores, scores]) / 2
        scores -= scores.max(axis=1, keepdims=True)
        exp = np.exp(scores)
        return exp / exp.sum(axis=1, keepdims=True)

    def process(self, messages: list[Message]) -> list[Message]:
        if self.coef is None:
            return messages
        with_text = [m for m in messages if isinstance(m.get(TEXT), str) and m.get(TEXT).strip()]
        if not with_text:
            return messages
        vectors = get_encoder().queries([m.get(TEXT) for m in with_text])
        probs = self.probabilities(vectors)
        for message, vector, row in zip(with_text, vectors, probs):
            message.set(QUERY_VECTOR, vector)
            ranking = blend(message.get(RANKING) or [], self.classes, row, self._weight(message.get(TEXT)))
            message.set(INTENT, ranking[0], add_to_output=True)
            message.set(RANKING, ranking, add_to_output=True)
        return messages
