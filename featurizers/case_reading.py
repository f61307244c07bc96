"""A leader's case read by meaning inside the NLU, for "Er det samskabelse?" (bot/cases/reading.py).

Stands last in the pipeline. A message that describes a case and then asks
whether it is co-creation ("… Er det samskabelse?", data/nlp/case_reading.yml)
gets the assessment's intent whatever the classifiers guessed, so it never
meets the leadership-form recommendation. For every message with that
intent, the reading (each criterion met / not met / unknown, the pattern, the
deciding words) goes into the parse data under "case_reading", where
/model/parse shows it and the action server takes it.

When the model is trained, the reader is fitted on the development part of
the case bank (data/cases/bank.yml) with the labelled statements
(data/cases/statements.yml) and the development cases' clauses labelled by
phase (data/cases/phase_clauses.yml), and stored in the model: all three are
training inputs (bot/nlp/training_state.py). Vectors come from the
on-disk cache, so training again costs little.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.assistant import load_assistant
from bot.cases.bank import PROBES_FILE, load_checked
from bot.cases.phase_clauses import with_phase_clauses
from bot.cases.reading import PARSE_KEY, CaseReader, read_case
from bot.cases.reading_settings import ReadingSettings, load_settings
from bot.cases.statements import load_statements
from bot.flows.cues import prepare
from bot.names import Intents
from bot.nlp.encoder import get_encoder
from featurizers.encoder_features import DEFAULT_CACHE, VectorCache
from featurizers.encoder_intents import QUERY_VECTOR


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class CaseReading(GraphComponent, IntentClassifier):
    @classmethod
    def required_components(cls) -> list[type]:
        return []  # its place (last): bot/nlp/config_check.py

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        # development_cases: fit on the first this many of the bank's development cases (0: all); only the
        # bench's quick run sets it, so its several trainings check the chain without refitting the whole bank.
        return {"cache": str(DEFAULT_CACHE), "development_cases": 0}

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        settings: ReadingSettings,
        reader: CaseReader | None = None,
    ) -> None:
        self.config = {**self.get_default_config(), **config}
        self._storage, self._resource = model_storage, resource
        self.settings = settings
        self.reader = reader

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> CaseReading:
        return cls(config, model_storage, resource, load_settings())

    def _embed(self):
        encoder = get_encoder()
        return VectorCache(Path(self.config["cache"]), encoder).queries if self.config.get("cache") else encoder.queries

    def train(self, training_data: TrainingData) -> Resource:
        assistant = load_assistant()
        rules = assistant.guide.rules.assessment
        statements = load_statements([c.id for c in rules.criteria], [p.id for p in rules.patterns])
        development = [case for case in with_phase_clauses(load_checked(assistant), self.settings) if case.development]
        if int(self.config.get("development_cases") or 0) > 0:
            development = development[: int(self.config["development_cases"])]
        probes = load_checked(assistant, PROBES_FILE)  # for the one-sector check only (bot/cases/sector_check.py)
        self.reader = CaseReader.fit(self.settings, statements, development, self._embed(), probes)
        with self._storage.write_to(self._resource) as directory:
            self.reader.save(directory)
        return self._resource

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> CaseReading:
        settings = load_settings()
        try:
            with model_storage.read_from(resource) as directory:
                reader = CaseReader.load(directory, settings)
        except (ValueError, FileNotFoundError, KeyError):
            return cls(config, model_storage, resource, settings)
        return cls(config, model_storage, resource, settings, reader)

    @staticmethod
    def _next_guess(message: Message, intent: dict[str, Any]) -> dict[str, Any]:
        """The classifier's best guess after the assessment (not the fallback); the intent itself if none."""
        for item in message.get(INTENT_RANKING_KEY) or []:
            if item.get(INTENT_NAME_KEY) not in (Intents.IS_IT_COCREATION, Intents.FALLBACK, None):
                return {
                    INTENT_NAME_KEY: item[INTENT_NAME_KEY],
                    PREDICTED_CONFIDENCE_KEY: float(item.get(PREDICTED_CONFIDENCE_KEY) or 0.0),
                }
        return intent

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT)
            if not isinstance(text, str) or not text.strip() or text.startswith("/"):
                continue
            intent = message.get(INTENT) or {}
            asks = self.settings.asks_about_case(prepare(text))
            if intent.get(INTENT_NAME_KEY) != Intents.IS_IT_COCREATION and asks:
                intent = {
                    INTENT_NAME_KEY: Intents.IS_IT_COCREATION,
                    PREDICTED_CONFIDENCE_KEY: intent.get(PREDICTED_CONFIDENCE_KEY, 0.0),
                }
                message.set(INTENT, intent, add_to_output=True)
            elif (
                intent.get(INTENT_NAME_KEY) == Intents.IS_IT_COCREATION
                and not asks
                and float(intent.get(PREDICTED_CONFIDENCE_KEY) or 0.0) < self.settings.weak_assessment
            ):
                intent = self._next_guess(message, intent)
                message.set(INTENT, intent, add_to_output=True)
            if intent.get(INTENT_NAME_KEY) == Intents.IS_IT_COCREATION and self.reader is not None:
                reading = read_case(self.reader, text, get_encoder().queries, message.get(QUERY_VECTOR))
                message.set(PARSE_KEY, reading.as_dict(), add_to_output=True)
        return messages
