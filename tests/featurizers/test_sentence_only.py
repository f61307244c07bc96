"""SentenceFeaturesOnly drops exactly what a DIET without transformer never reads."""

from __future__ import annotations

import copy

import numpy as np
import pytest
import scipy.sparse
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.classifiers.diet_classifier import DIETClassifier
from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import CountVectorsFeaturizer
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, FEATURE_TYPE_SEQUENCE, INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from featurizers.sentence_only import SentenceFeaturesOnly, shrink

pytestmark = pytest.mark.model  # needs DIET models it trains

EXAMPLES = {
    "greet": ["hej", "goddag", "hej med dig", "god morgen", "hallo der"],
    "ask_definition": [
        "hvad er samskabelse",
        "forklar samskabelse",
        "hvad betyder samskabelse",
        "definer samskabelse for mig",
        "hvad dækker ordet samskabelse over",
    ],
}


def _context(tmp_path, name):
    (tmp_path / name).mkdir()
    return (LocalModelStorage(tmp_path / name), Resource(name), ExecutionContext(GraphSchema({}), name))


@pytest.fixture()
def featurize(tmp_path):
    """Tokenizer and count-vector featurizer trained on EXAMPLES; returns (training data, featurize function)."""
    tokenizer = WhitespaceTokenizer(WhitespaceTokenizer.get_default_config())
    storage, resource, context = _context(tmp_path, "cvf")
    counts = CountVectorsFeaturizer.create(CountVectorsFeaturizer.get_default_config(), storage, resource, context)
    data = TrainingData(
        [Message(data={TEXT: text, INTENT: intent}) for intent, texts in EXAMPLES.items() for text in texts]
    )
    tokenizer.process_training_data(data)
    counts.train(data)
    counts.process_training_data(data)

    def run(text: str) -> Message:
        message = Message(data={TEXT: text})
        tokenizer.process([message])
        counts.process([message])
        return message

    return data, run


def _text_features(message, kind):
    return [f for f in message.features if f.attribute == TEXT and f.type == kind]


def test_shrink_keeps_sentence_features_and_leaves_one_empty_position(featurize):
    _, run = featurize
    message = run("hvad er samskabelse egentlig")
    sentence_before = _text_features(message, FEATURE_TYPE_SENTENCE)[0].features.toarray()
    assert _text_features(message, FEATURE_TYPE_SEQUENCE)[0].features.shape[0] == 4
    shrink(message)
    sequence = _text_features(message, FEATURE_TYPE_SEQUENCE)
    assert len(sequence) == 1 and sequence[0].features.shape == (1, 1) and sequence[0].features.nnz == 0
    sentence = _text_features(message, FEATURE_TYPE_SENTENCE)
    assert len(sentence) == 1 and (sentence[0].features.toarray() == sentence_before).all()


def test_message_without_text_features_is_left_alone():
    message = Message(data={INTENT: "greet"})
    shrink(message)
    assert message.features == []


def test_component_shrinks_training_data_and_messages(featurize, tmp_path):
    data, run = featurize
    component = SentenceFeaturesOnly.create({}, *_context(tmp_path, "so"))
    component.process_training_data(data)
    assert all(_text_features(m, FEATURE_TYPE_SEQUENCE)[0].features.shape == (1, 1) for m in data.training_examples)
    [message] = component.process([run("hej")])
    assert _text_features(message, FEATURE_TYPE_SEQUENCE)[0].features.shape == (1, 1)


def _ranking_with_scrambled_tokens(featurize, tmp_path, transformer_layers):
    """Intent confidences for the same sentence with its real and with random per-token features."""
    data, run = featurize
    config = {
        **DIETClassifier.get_default_config(),
        "epochs": 3,
        "random_seed": 1,
        "entity_recognition": False,
        "constrain_similarities": True,
        "number_of_transformer_layers": transformer_layers,
        "transformer_size": 32 if transformer_layers else None,
    }
    diet = DIETClassifier.create(config, *_context(tmp_path, f"diet{transformer_layers}"))
    diet.train(data)
    real = run("hvad er samskabelse")
    scrambled = copy.deepcopy(real)
    rng = np.random.default_rng(7)
    for feature in _text_features(scrambled, FEATURE_TYPE_SEQUENCE):
        feature.features = scipy.sparse.coo_matrix(rng.random(feature.features.shape))
    diet.process([real, scrambled])
    return (
        [r["confidence"] for r in real.get("intent_ranking")],
        [r["confidence"] for r in scrambled.get("intent_ranking")],
    )


def test_diet_without_transformer_ignores_per_token_features(featurize, tmp_path):
    real, scrambled = _ranking_with_scrambled_tokens(featurize, tmp_path, transformer_layers=0)
    assert np.allclose(real, scrambled, atol=1e-6)


def test_diet_with_a_transformer_reads_them(featurize, tmp_path):
    """The control: with a transformer layer the same scrambling changes the prediction."""
    real, scrambled = _ranking_with_scrambled_tokens(featurize, tmp_path, transformer_layers=1)
    assert not np.allclose(real, scrambled, atol=1e-6)
