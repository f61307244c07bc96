"""Rasa's DIETClassifier, trained the same way, loaded in a third of the time.

Rasa 3.6 builds a loaded DIET by fitting it for one step on one example and
then overwriting the weights: that traces the whole training graph (forward
pass, gradients, optimiser) only to create the variables, about 8 of the 14
seconds a server start spent on DIET on our machine. Every server start,
every worker and every test server pays it. Here the weights are read first
and the variables are created by the warm-up prediction Rasa makes anyway;
TensorFlow restores each one from the checkpoint as it is created.

Nothing changes in training or in what the model predicts. A guard checks
that every variable the model made was found in the checkpoint; if not, or
if the checkpoint doesn't fit the config, or when fine-tuning, Rasa's own
load runs instead (and decides as it always did).
"""

from __future__ import annotations

import logging
from typing import Any

import tensorflow as tf
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.classifiers.diet_classifier import DIET, DIETClassifier
from rasa.utils.tensorflow.constants import LEARNING_RATE, RUN_EAGERLY
from rasa.utils.tensorflow.model_data import RasaModelData
from rasa.utils.tensorflow.models import RasaModel

logger = logging.getLogger(__name__)


class QuickStartDIET(DIET):
    """DIET's TensorFlow model with a load that builds its variables by predicting, not by training."""

    @classmethod
    def load(
        cls,
        model_file_name: str,
        model_data_example: RasaModelData,
        predict_data_example: RasaModelData | None = None,
        finetune_mode: bool = False,
        *args: Any,
        **kwargs: Any,
    ) -> RasaModel:
        if not finetune_mode and predict_data_example is not None:  # fine-tuning trains on: Rasa's build
            try:
                return cls._load_by_predicting(model_file_name, predict_data_example, *args, **kwargs)
            except (AssertionError, ValueError, tf.errors.OpError) as problem:
                logger.warning("Quick DIET load failed (%s); loading the slow way.", problem)
        return super().load(model_file_name, model_data_example, predict_data_example, finetune_mode, *args, **kwargs)

    @classmethod
    def _load_by_predicting(
        cls, model_file_name: str, predict_data_example: RasaModelData, *args: Any, **kwargs: Any
    ) -> RasaModel:
        model = cls(*args, **kwargs)
        config = kwargs.get("config", {})
        # As in Rasa's load: the optimiser and the eager/graph choice the predictions run with.
        model.compile(
            optimizer=tf.keras.optimizers.Adam(config.get(LEARNING_RATE, 0.001)), run_eagerly=config.get(RUN_EAGERLY)
        )
        status = model.load_weights(model_file_name)
        status.expect_partial()  # the optimiser's slots are in the checkpoint, and prediction never needs them
        model.run_inference(predict_data_example)  # creates the variables; each is restored on creation
        status.assert_existing_objects_matched()
        return model


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR],
    is_trainable=True,
)
class QuickStartDIETClassifier(DIETClassifier):
    """DIETClassifier whose model loads by predicting (see the module docstring); trains exactly as DIET."""

    @staticmethod
    def model_class() -> type[RasaModel]:
        return QuickStartDIET
