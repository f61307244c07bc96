"""EncoderIntentBlend: the encoder's intent probabilities averaged with DIET's, stored without pickle."""

from __future__ import annotations

import numpy as np
import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlp.config_check import ENCODER_BLEND, pipeline_problems
from bot.nlp.encoder import get_encoder

EXAMPLES = {
    "greet": ["hej", "goddag", "hej med dig", "god morgen", "hallo der", "hejsa"],
    "ask_definition": [
        "hvad er samskabelse",
        "forklar samskabelse",
        "hvad betyder samskabelse",
        "definer samskabelse for mig",
        "hvad dækker ordet samskabelse over",
        "samskabelse?",
    ],
    "out_of_scope": [
        "hvordan bliver vejret",
        "sæt en alarm kl 7",
        "spil noget musik",
        "hvad er klokken",
        "bestil et bord til to",
        "tænd lyset i stuen",
    ],
}


def test_blend_weighs_both_and_keeps_intents_only_one_knows():
    from featurizers.encoder_intents import blend

    ranking = blend(
        [{"name": "greet", "confidence": 0.8}, {"name": "ask_definition", "confidence": 0.2}],
        ["ask_definition", "greet", "out_of_scope"],
        np.array([0.1, 0.1, 0.8]),
        weight=0.5,
    )
    assert [(r["name"], round(r["confidence"], 3)) for r in ranking] == [
        ("greet", 0.45),
        ("out_of_scope", 0.4),
        ("ask_definition", 0.15),
    ]
    alone = blend([{"name": "greet", "confidence": 1.0}], ["greet"], np.array([0.0]), weight=0.0)
    assert alone == [{"name": "greet", "confidence": 1.0}]


def _component(tmp_path, name="blend", **config):
    from featurizers.encoder_intents import EncoderIntentBlend

    storage = LocalModelStorage(tmp_path / "models")
    return (
        storage,
        Resource(name),
        EncoderIntentBlend.create(
            {**EncoderIntentBlend.get_default_config(), "cache": str(tmp_path / "c.sqlite"), **config},
            storage,
            Resource(name),
            ExecutionContext(GraphSchema({}), name),
        ),
        ExecutionContext(GraphSchema({}), name),
    )


def test_trained_probabilities_equal_scikit_learns_and_survive_saving(tmp_path):
    from sklearn.linear_model import LogisticRegression

    from featurizers.encoder_intents import EncoderIntentBlend

    (tmp_path / "models").mkdir()
    storage, resource, component, context = _component(tmp_path)
    data = TrainingData([Message(data={TEXT: t, INTENT: i}) for i, texts in EXAMPLES.items() for t in texts])
    component.train(data)
    texts = ["hvad betyder ordet samskabelse", "what is co-creation", "hvordan bliver vejret i morgen"]
    vectors = get_encoder().queries(texts)
    reference = LogisticRegression(C=100.0, max_iter=3000, random_state=20261130).fit(
        get_encoder().queries([t for ts in EXAMPLES.values() for t in ts]),
        [i for i, ts in EXAMPLES.items() for _ in ts],
    )
    assert component.classes == list(reference.classes_)
    np.testing.assert_allclose(component.probabilities(vectors), reference.predict_proba(vectors), atol=1e-4)
    loaded = EncoderIntentBlend.load(EncoderIntentBlend.get_default_config(), storage, resource, context)
    np.testing.assert_allclose(loaded.probabilities(vectors), component.probabilities(vectors), atol=1e-6)
    assert not list((tmp_path / "models").rglob("*.pkl"))


def test_process_blends_with_what_diet_said(tmp_path):
    (tmp_path / "models").mkdir()
    _, _, component, _ = _component(tmp_path, weight=1.0)
    component.train(TrainingData([Message(data={TEXT: t, INTENT: i}) for i, ts in EXAMPLES.items() for t in ts]))
    message = Message(data={TEXT: "hvordan bliver vejret i morgen"})
    message.set(INTENT, {"name": "greet", "confidence": 0.9}, add_to_output=True)
    message.set("intent_ranking", [{"name": "greet", "confidence": 0.9}], add_to_output=True)
    (out,) = component.process([message])
    assert out.get(INTENT)["name"] == "out_of_scope"  # weight 1: the encoder alone decides
    assert sum(r["confidence"] for r in out.get("intent_ranking")) == pytest.approx(1.0, abs=1e-5)


def test_untrained_it_passes_diets_ranking_on(tmp_path):
    from featurizers.encoder_intents import EncoderIntentBlend

    (tmp_path / "models").mkdir()
    storage, resource, component, context = _component(tmp_path, name="empty")
    component.train(TrainingData([Message(data={TEXT: "hej", INTENT: "greet"})]))
    message = Message(data={TEXT: "hej", INTENT: {"name": "greet", "confidence": 1.0}})
    assert component.process([message])[0].get(INTENT) == {"name": "greet", "confidence": 1.0}
    assert EncoderIntentBlend.load({}, storage, resource, context).coef is None


@pytest.mark.parametrize(
    "names, complaint",
    [
        ([ENCODER_BLEND, "DIETClassifier", "FallbackClassifier"], "after DIETClassifier"),
        (["DIETClassifier", "FallbackClassifier", ENCODER_BLEND], "before FallbackClassifier"),
    ],
)
def test_the_blend_stands_between_diet_and_the_fallback(names, complaint):
    problems = pipeline_problems({"pipeline": [{"name": n} for n in names]})
    assert any(complaint in p for p in problems), problems
    assert (
        pipeline_problems({"pipeline": [{"name": n} for n in ("DIETClassifier", ENCODER_BLEND, "FallbackClassifier")]})
        == []
    )


@pytest.mark.parametrize(
    "text, english_weight, decides",
    [
        ("how will the weather be tomorrow", 1.0, "encoder"),  # English: english_weight applies
        ("how will the weather be tomorrow", None, "diet"),  # not set: the Danish weight (0) applies
        ("hvordan bliver vejret i morgen", 1.0, "diet"),  # Danish: english_weight does not apply
    ],
)
def test_english_messages_get_their_own_share(tmp_path, text, english_weight, decides):
    (tmp_path / "models").mkdir()
    _, _, component, _ = _component(tmp_path, weight=0.0, english_weight=english_weight)
    component.train(TrainingData([Message(data={TEXT: t, INTENT: i}) for i, ts in EXAMPLES.items() for t in ts]))
    message = Message(data={TEXT: text})
    message.set(INTENT, {"name": "greet", "confidence": 1.0}, add_to_output=True)
    message.set("intent_ranking", [{"name": "greet", "confidence": 1.0}], add_to_output=True)
    (out,) = component.process([message])
    assert (out.get(INTENT)["name"] == "greet") == (decides == "diet")
