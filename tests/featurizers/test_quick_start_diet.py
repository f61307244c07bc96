"""QuickStartDIETClassifier: the model `make train` wrote loads to the same weights as with Rasa's own load.

Every server test also talks to a model loaded this way; here the loads are
compared directly, on the trained model users talk to.
"""

from __future__ import annotations

import logging

import numpy as np
import pytest
import tensorflow as tf
from rasa.engine.graph import ExecutionContext
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.nlu.classifiers.diet_classifier import DIET
from rasa.utils.common import override_defaults

from bot import paths
from featurizers.quick_start_diet import QuickStartDIET, QuickStartDIETClassifier

pytestmark = pytest.mark.model  # needs the model make train wrote


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    """Model storage, DIET's node and the execution context of the model `make train` wrote."""
    if not paths.MODEL_FILE.exists():
        pytest.fail(f"{paths.MODEL_FILE} is missing: run `make test`, which trains first")
    storage, metadata = LocalModelStorage.from_model_archive(tmp_path_factory.mktemp("model"), paths.MODEL_FILE)
    (node,) = [node for node in metadata.predict_schema.nodes.values() if node.uses is QuickStartDIETClassifier]
    return storage, node, ExecutionContext(metadata.predict_schema, metadata.model_id)


def _load(trained, **config):
    storage, node, context = trained
    # As Rasa's graph merges a node's config into the component's defaults.
    merged = override_defaults(QuickStartDIETClassifier.get_default_config(), {**node.config, **config})
    return QuickStartDIETClassifier.load(merged, storage, node.resource, context).model


def _weights(model) -> dict[str, np.ndarray]:
    return {variable.name: variable.numpy() for variable in model.variables}


@pytest.fixture(scope="module")
def rasas_load(trained):
    """The same component loaded the way Rasa loads a DIET: fit one step, then overwrite the weights."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(QuickStartDIETClassifier, "model_class", staticmethod(lambda: DIET))
        model = _load(trained)
    assert type(model) is DIET
    return model


def _no_fit(*args, **kwargs):
    raise AssertionError("the quick load must not train")


def test_the_quick_load_gives_the_trained_weights_without_training(trained, rasas_load, monkeypatch):
    monkeypatch.setattr(tf.keras.Model, "fit", _no_fit)
    quick = _load(trained)
    assert type(quick) is QuickStartDIET
    ours, rasas = _weights(quick), _weights(rasas_load)
    assert len(ours) > 10 and ours.keys() == rasas.keys()
    for name, value in rasas.items():
        np.testing.assert_array_equal(ours[name], value, err_msg=name)
    # The warm-up prediction has traced the prediction graph, as in Rasa's load.
    assert quick._tf_predict_step is not None and quick.prepared_for_prediction


def test_a_checkpoint_that_does_not_fit_the_config_is_left_to_rasas_own_load(trained, caplog, monkeypatch):
    """A layer the checkpoint doesn't have is noticed, and Rasa's load (which trains one step) decides."""
    fits = []
    real_fit = tf.keras.Model.fit
    monkeypatch.setattr(tf.keras.Model, "fit", lambda model, *a, **k: fits.append(model) or real_fit(model, *a, **k))
    storage, node, _ = trained
    deeper = [*node.config["hidden_layers_sizes"]["text"], 64]
    with caplog.at_level(logging.WARNING, logger="featurizers.quick_start_diet"):
        model = _load(trained, hidden_layers_sizes={**node.config["hidden_layers_sizes"], "text": deeper})
    assert "loading the slow way" in caplog.text
    assert len(fits) == 1 and type(fits[0]) is QuickStartDIET
    # Rasa's load refuses these weights too: the component comes back without a model, as with Rasa's DIET.
    assert model is None
