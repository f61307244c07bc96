"""The rule base's passages ranked for every message, inside the NLU (like Rasa's ResponseSelector).

Stands last in the pipeline, after the FallbackClassifier. For each message it
puts the best passages (bot/passages.py ids with scores, bot/nlp/retrieval.py)
into the parse data under "retrieval"; the action server picks the depth of
the answer from them (bot/flows/depth.py). An unclear message (nlu_fallback) whose
best passage is close gets the intent that routes to that passage's entry,
with the fallback's low confidence, so it is answered instead of meeting
"Mente du …?"; so does a weak guess at a flow ("Hvor mange parter skal der
være med?" is no case to judge). Off-topic stays off-topic.

When the model is trained, the passages are lemmatised with the project's
spaCy pipeline and embedded with the encoder ("passage: "); both are stored
in the model, so the rule base is a training input (bot/nlp/training_state.py).
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
from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.utils.spacy_utils import SpacyModel
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.assistant import load_assistant
from bot.flows.depth import PARSE_KEY, RetrievalSettings, answers_instead, load_settings, weak_rejection
from bot.names import Intents
from bot.nlp.encoder import get_encoder
from bot.nlp.retrieval import PassageIndex, content_terms
from bot.passages import all_passages, entry_id_of, index_text
from bot.text import fold
from featurizers.encoder_features import DEFAULT_CACHE, VectorCache
from featurizers.encoder_intents import QUERY_VECTOR


def _stop_words() -> frozenset[str]:
    """spaCy's Danish stop words, folded as the pipeline folds lemmas (være -> vaere, på -> paa)."""
    from spacy.lang.da.stop_words import STOP_WORDS

    return frozenset(fold(word) for word in STOP_WORDS)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True, model_from="SpacyNLP")
class PassageRetrieval(GraphComponent, IntentClassifier):
    @classmethod
    def required_components(cls) -> list[type]:
        return []  # its place (last, after the FallbackClassifier): bot/nlp/config_check.py

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"cache": str(DEFAULT_CACHE)}

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        settings: RetrievalSettings,
        index: PassageIndex | None = None,
        entry_intents: dict[str, str] | None = None,
    ) -> None:
        self.config = {**self.get_default_config(), **config}
        self._storage, self._resource = model_storage, resource
        self.settings = settings
        self.index = index
        self.entry_intents = entry_intents or {}
        self.stop_words = _stop_words()

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> PassageRetrieval:
        return cls(config, model_storage, resource, load_settings())

    def train(self, training_data: TrainingData, model: SpacyModel) -> Resource:
        advisor = load_assistant().advisor
        kb = advisor.kb
        self.entry_intents = {
            entry_id: advisor.entry_intent(entry_id) for entry_id in kb.entries if advisor.entry_intent(entry_id)
        }
        passages = all_passages(kb)
        texts = [index_text(p, kb) for p in passages]
        terms = [content_terms((t.lemma_ for t in doc), self.stop_words) for doc in model.model.pipe(texts)]
        encoder = get_encoder()
        cache = VectorCache(Path(self.config["cache"]), encoder) if self.config.get("cache") else None
        vectors = cache.passages(texts) if cache else encoder.passages(texts)
        ids = [p.id for p in passages]
        self.index = PassageIndex(ids, terms, vectors, self.settings.lexical_weight)
        with self._storage.write_to(self._resource) as directory:
            np.save(directory / "vectors.npy", vectors.astype(np.float32))
            (directory / "passages.json").write_text(
                json.dumps({"ids": ids, "terms": terms, "entry_intents": self.entry_intents}, ensure_ascii=False),
                encoding="utf-8",
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
    ) -> PassageRetrieval:
        settings = load_settings()
        try:
            with model_storage.read_from(resource) as directory:
                vectors = np.load(directory / "vectors.npy")
                data = json.loads((directory / "passages.json").read_text(encoding="utf-8"))
        except (ValueError, FileNotFoundError):
            return cls(config, model_storage, resource, settings)
        index = PassageIndex(data["ids"], data["terms"], vectors, settings.lexical_weight)
        return cls(config, model_storage, resource, settings, index, data.get("entry_intents"))

    def _query_terms(self, message: Message, model: SpacyModel) -> list[str]:
        tokens = message.get(TOKENS_NAMES[TEXT])
        lemmas = [t.lemma for t in tokens] if tokens else [t.lemma_ for t in model.model(message.get(TEXT))]
        return content_terms(lemmas, self.stop_words)

    def _guessed_entries(self, message: Message) -> frozenset[str]:
        """The entries of the classifier's best guesses (the fallback itself left out), backing_guesses of them."""
        intents = [item.get(INTENT_NAME_KEY) for item in message.get(INTENT_RANKING_KEY) or []]
        intents = [name for name in intents if name and name != Intents.FALLBACK][: self.settings.backing_guesses]
        return frozenset(entry for entry, intent in self.entry_intents.items() if intent in intents)

    def process(self, messages: list[Message], model: SpacyModel) -> list[Message]:
        if self.index is None:
            return messages
        for message in messages:
            text = message.get(TEXT)
            intent = message.get(INTENT) or {}
            if not isinstance(text, str) or not text.strip() or text.startswith("/"):
                continue
            vector = message.get(QUERY_VECTOR)
            if vector is None:
                vector = get_encoder().queries([text])[0]
            terms = self._query_terms(message, model)
            hits = self.index.rank(terms, vector, self.settings.top, whole_of=entry_id_of)
            message.set(PARSE_KEY, [h.as_dict() for h in hits], add_to_output=True)
            name, confidence = intent.get(INTENT_NAME_KEY) or "", float(intent.get(PREDICTED_CONFIDENCE_KEY) or 0)
            ranked = [(h.passage_id, h.score) for h in hits]
            if weak_rejection(name, confidence, ranked, self.settings):
                name = Intents.FALLBACK  # unclear, not off-topic: the two-stage fallback asks which topic
                message.set(INTENT, {INTENT_NAME_KEY: name, PREDICTED_CONFIDENCE_KEY: confidence}, add_to_output=True)
            found = answers_instead(
                name, confidence, ranked, self.settings, len(set(terms)), self._guessed_entries(message)
            )
            if found:
                routed = self.entry_intents.get(entry_id_of(found))
                if routed:
                    message.set(
                        INTENT,
                        {INTENT_NAME_KEY: routed, PREDICTED_CONFIDENCE_KEY: intent.get(PREDICTED_CONFIDENCE_KEY, 0.0)},
                        add_to_output=True,
                    )
        return messages
