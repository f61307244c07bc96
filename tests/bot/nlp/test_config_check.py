"""config.yml mistakes that Rasa would train without complaint fail `make validate`."""

from __future__ import annotations

import copy
import subprocess
import sys

import pytest
import yaml

from bot import paths
from bot.nlp.config_check import DIETS, SENTENCE_ONLY, pipeline_problems

CONFIG = yaml.safe_load((paths.ROOT / "config.yml").read_text(encoding="utf-8"))


def _names(config):
    return [item["name"] for item in config["pipeline"]]


def _diet(config):
    return next(item for item in config["pipeline"] if item["name"] in DIETS)


def test_project_config_uses_sentence_features_only_correctly():
    assert SENTENCE_ONLY in _names(CONFIG)
    assert pipeline_problems(CONFIG) == []


@pytest.mark.parametrize(
    "change, expected",
    [
        (lambda d: _diet(d).update(number_of_transformer_layers=1), "number_of_transformer_layers: 0"),
        (lambda d: _diet(d).pop("number_of_transformer_layers"), "number_of_transformer_layers: 0"),
        (lambda d: _diet(d).update(entity_recognition=True), "entity_recognition: false"),
        (
            lambda d: d["pipeline"].append({"name": "LexicalSyntacticFeaturizer"}),
            "LexicalSyntacticFeaturizer stands after",
        ),
        (lambda d: d["pipeline"].remove(_diet(d)), "has none"),
    ],
)
def test_each_misuse_is_named(change, expected):
    config = copy.deepcopy(CONFIG)
    change(config)
    problems = [p for p in pipeline_problems(config) if "EncoderIntentBlend" not in p]  # tested on its own
    assert len(problems) == 1 and expected in problems[0], problems


def test_rasas_own_diet_is_checked_the_same_as_the_quick_loading_one():
    config = copy.deepcopy(CONFIG)
    _diet(config)["name"] = "DIETClassifier"
    assert pipeline_problems(config) == []
    _diet(config)["number_of_transformer_layers"] = 1
    assert [p for p in pipeline_problems(config) if "number_of_transformer_layers: 0" in p]


def test_diet_before_the_component_is_named():
    config = copy.deepcopy(CONFIG)
    pipeline = config["pipeline"]
    ours = next(item for item in pipeline if item["name"] == SENTENCE_ONLY)
    pipeline.remove(ours)
    pipeline.append(ours)
    assert any("before DIETClassifier" in p for p in pipeline_problems(config))


def test_without_the_component_nothing_is_checked():
    config = copy.deepcopy(CONFIG)
    config["pipeline"] = [item for item in config["pipeline"] if item["name"] != SENTENCE_ONLY]
    _diet(config)["number_of_transformer_layers"] = 2
    assert pipeline_problems(config) == []


def test_validate_fails_naming_the_config_file(tmp_path):
    config = copy.deepcopy(CONFIG)
    _diet(config)["number_of_transformer_layers"] = 2
    path = tmp_path / "my_config.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "tools", "--config", str(path), "validate"],
        capture_output=True,
        text=True,
        cwd=paths.ROOT,
        timeout=120,
    )
    assert result.returncode == 1
    assert "my_config.yml: DIETClassifier needs number_of_transformer_layers: 0" in result.stderr
