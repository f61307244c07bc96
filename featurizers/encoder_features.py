"""Dense sentence features from the pretrained encoder (bot/nlp/encoder.py), beside the sparse n-gram ones.

DIET then sees, for every message, what multilingual-e5-small makes of it:
words the project's examples never used, English, typos. Each text is
embedded once: vectors are kept in an on-disk cache (SQLite, keyed by the
encoder's name and the text), so training again, cross-validation and the
benchmark don't recompute them. At run time a message costs one encoder
call (about 10-20 ms on one of these machines).
"""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path
from typing import Any, Iterable, Sequence

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, TEXT
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot import paths
from bot.nlp.encoder import Encoder, get_encoder

ORIGIN = "EncoderFeaturizer"
DEFAULT_CACHE = paths.BUILD_DIR / "encoder-cache.sqlite"
BATCH = 64


class VectorCache:
    """Embeddings by (encoder, text) on disk; safe for several processes at once."""

    def __init__(self, path: Path, encoder: Encoder) -> None:
        self.path = Path(path)
        self.encoder = encoder
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            db.execute("CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, vector BLOB NOT NULL)")

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path, timeout=60)

    def _key(self, text: str, kind: str) -> str:
        return hashlib.sha256(f"{self.encoder.name}\0{kind}\0{text}".encode("utf-8", "surrogatepass")).hexdigest()

    def queries(self, texts: Sequence[str]) -> np.ndarray:
        """The "query: " embeddings of the texts, from the cache where it has them."""
        return self._vectors(texts, "query")

    def passages(self, texts: Sequence[str]) -> np.ndarray:
        """The "passage: " embeddings of the texts, from the cache where it has them."""
        return self._vectors(texts, "passage")

    def _vectors(self, texts: Sequence[str], kind: str) -> np.ndarray:
        encode = self.encoder.queries if kind == "query" else self.encoder.passages
        keys = [self._key(t, kind) for t in texts]
        found: dict[str, np.ndarray] = {}
        with self._connect() as db:
            for start in range(0, len(keys), 500):
                chunk = keys[start : start + 500]
                rows = db.execute(f"SELECT key, vector FROM vectors WHERE key IN ({','.join('?' * len(chunk))})", chunk)
                found.update((k, np.frombuffer(v, dtype=np.float32)) for k, v in rows)
        missing = [i for i, k in enumerate(keys) if k not in found]
        for start in range(0, len(missing), BATCH):
            batch = missing[start : start + BATCH]
            vectors = encode([texts[i] for i in batch])
            with self._connect() as db:
                db.executemany(
                    "INSERT OR IGNORE INTO vectors VALUES (?, ?)",
                    [(keys[i], v.astype(np.float32).tobytes()) for i, v in zip(batch, vectors)],
                )
            found.update((keys[i], v) for i, v in zip(batch, vectors))
        if not texts:
            return np.zeros((0, self.encoder.dim), dtype=np.float32)
        return np.stack([found[k] for k in keys]).astype(np.float32)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class EncoderFeaturizer(GraphComponent):
    """Adds the encoder's sentence embedding of a message's text as a dense sentence feature."""

    @classmethod
    def required_components(cls) -> list[type]:
        return []

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        # "cache": where training keeps the vectors; None keeps none (each text embedded again).
        # "scale": the unit-length vectors times this, so they weigh like the 0/1 n-gram counts beside them.
        return {"cache": str(DEFAULT_CACHE), "scale": 1.0}

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> EncoderFeaturizer:
        return cls(config)

    def __init__(self, config: dict[str, Any]) -> None:
        self.encoder = get_encoder()
        cache = config.get("cache")
        self.cache = VectorCache(Path(cache), self.encoder) if cache else None
        self.scale = float(config.get("scale", 1.0))

    def _vectors(self, texts: Sequence[str], cached: bool) -> np.ndarray:
        if cached and self.cache is not None:
            return self.cache.queries(texts)
        return self.encoder.queries(texts)

    def _featurize(self, messages: Iterable[Message], cached: bool) -> None:
        with_text = [m for m in messages if isinstance(m.get(TEXT), str) and m.get(TEXT).strip()]
        vectors = self._vectors([m.get(TEXT) for m in with_text], cached)
        for message, vector in zip(with_text, vectors):
            message.add_features(Features(self.scale * vector.reshape(1, -1), FEATURE_TYPE_SENTENCE, TEXT, ORIGIN))

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self._featurize(training_data.training_examples, cached=True)
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        self._featurize(messages, cached=False)
        return messages
