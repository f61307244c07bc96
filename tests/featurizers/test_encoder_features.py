"""EncoderFeaturizer: the encoder's sentence embedding as a dense feature, each text embedded once in training."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlp.encoder import get_encoder

if TYPE_CHECKING:
    from featurizers.encoder_features import EncoderFeaturizer

TEXTS = ["Hvad er samskabelse?", "hvad er de fem ledetråde", "What is co-creation?", "hej"]


class CountingEncoder:
    """The real encoder, counting the texts it is asked to embed."""

    def __init__(self) -> None:
        self.inner = get_encoder()
        self.name, self.dim = self.inner.name, self.inner.dim
        self.embedded: list[str] = []

    def queries(self, texts):
        self.embedded += list(texts)
        return self.inner.queries(texts)

    def passages(self, texts):
        return self.inner.passages(texts)


def _featurizer(tmp_path, **config) -> EncoderFeaturizer:
    from featurizers.encoder_features import EncoderFeaturizer

    (tmp_path / "m").mkdir(exist_ok=True)
    return EncoderFeaturizer.create(
        {**EncoderFeaturizer.get_default_config(), "cache": str(tmp_path / "c.sqlite"), **config},
        LocalModelStorage(tmp_path / "m"),
        Resource("enc"),
        ExecutionContext(GraphSchema({}), "enc"),
    )


def test_training_and_parsing_give_every_text_the_encoders_vector(tmp_path):
    featurizer = _featurizer(tmp_path)
    data = TrainingData([Message(data={TEXT: t, INTENT: "x"}) for t in TEXTS] + [Message(data={INTENT: "x"})])
    featurizer.process_training_data(data)
    expected = get_encoder().queries(TEXTS)
    for message, vector in zip(data.training_examples, expected):
        _, sentence = message.get_dense_features(TEXT)
        assert sentence.features.shape == (1, 384)
        np.testing.assert_allclose(sentence.features[0], vector, atol=1e-6)
    assert data.training_examples[-1].get_dense_features(TEXT) == (None, None)  # no text, no feature
    (parsed,) = featurizer.process([Message(data={TEXT: TEXTS[0]})])
    np.testing.assert_allclose(parsed.get_dense_features(TEXT)[1].features[0], expected[0], atol=1e-6)


def test_scale_multiplies_the_vector(tmp_path):
    (message,) = _featurizer(tmp_path, scale=10.0).process([Message(data={TEXT: TEXTS[0]})])
    assert abs(np.linalg.norm(message.get_dense_features(TEXT)[1].features[0]) - 10.0) < 1e-3


def test_the_cache_embeds_each_text_once_across_trainings(tmp_path):
    from featurizers.encoder_features import VectorCache

    counting = CountingEncoder()
    first = VectorCache(tmp_path / "c.sqlite", counting).queries(TEXTS)
    again = VectorCache(tmp_path / "c.sqlite", counting).queries(TEXTS[::-1] + ["ny tekst"])
    assert counting.embedded == TEXTS + ["ny tekst"]
    np.testing.assert_array_equal(again[:4][::-1], first)
    assert VectorCache(tmp_path / "c.sqlite", counting).queries([]).shape == (0, 384)
