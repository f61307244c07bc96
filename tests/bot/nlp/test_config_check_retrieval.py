"""config.yml: PassageRetrieval stands after the FallbackClassifier (it reads the final intent) and after SpacyNLP."""

from __future__ import annotations

import copy

import pytest
import yaml

from bot import paths
from bot.nlp.config_check import (
    CASE_READING,
    PASSAGE_RETRIEVAL,
    PipelineConfigError,
    check_config_file,
    pipeline_problems,
)

CONFIG = yaml.safe_load((paths.ROOT / "config.yml").read_text(encoding="utf-8"))
FALLBACK_COMPLAINT = "PassageRetrieval must stand after FallbackClassifier"
SPACY_COMPLAINT = "PassageRetrieval needs SpacyNLP before it"


def _problems(*names: str) -> list[str]:
    return [p for p in pipeline_problems({"pipeline": [{"name": n} for n in names]}) if "PassageRetrieval" in p]


@pytest.mark.parametrize(
    "names, expected",
    [
        (("SpacyNLP", "SpacyTokenizer", "DIETClassifier", "FallbackClassifier", PASSAGE_RETRIEVAL), []),
        (("SpacyNLP", PASSAGE_RETRIEVAL), []),  # no fallback at all: nothing to stand after
        (("SpacyNLP", "DIETClassifier", PASSAGE_RETRIEVAL, "FallbackClassifier"), [FALLBACK_COMPLAINT]),
        (("SpacyNLP", PASSAGE_RETRIEVAL, "DIETClassifier", "FallbackClassifier"), [FALLBACK_COMPLAINT]),
        (("WhitespaceTokenizer", "DIETClassifier", "FallbackClassifier", PASSAGE_RETRIEVAL), [SPACY_COMPLAINT]),
        (
            (PASSAGE_RETRIEVAL, "SpacyNLP", "DIETClassifier", "FallbackClassifier"),
            [FALLBACK_COMPLAINT, SPACY_COMPLAINT],
        ),
        (("SpacyNLP", "DIETClassifier", "FallbackClassifier"), []),  # without the component nothing is checked
    ],
)
def test_the_place_of_passage_retrieval(names, expected):
    problems = _problems(*names)
    assert len(problems) == len(expected), problems
    for complaint, problem in zip(expected, problems):
        assert complaint in problem


def test_the_project_config_puts_it_in_its_place():
    names = [item["name"] for item in CONFIG["pipeline"]]
    assert names.index(PASSAGE_RETRIEVAL) > names.index("FallbackClassifier") > names.index("SpacyNLP")
    assert pipeline_problems(CONFIG) == []


def test_a_misplaced_component_fails_naming_the_config_file(tmp_path):
    config = copy.deepcopy(CONFIG)
    pipeline = [item for item in config["pipeline"] if item["name"] != PASSAGE_RETRIEVAL]
    fallback = next(i for i, item in enumerate(pipeline) if item["name"] == "FallbackClassifier")
    pipeline.insert(fallback, {"name": PASSAGE_RETRIEVAL})
    config["pipeline"] = pipeline
    path = tmp_path / "config.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    with pytest.raises(PipelineConfigError, match=f"config.yml: {FALLBACK_COMPLAINT}"):
        check_config_file(path)


@pytest.mark.parametrize(
    "names, complaints",
    [
        (("DIETClassifier", "FallbackClassifier", PASSAGE_RETRIEVAL, CASE_READING), []),
        (("DIETClassifier", CASE_READING, "FallbackClassifier"), ["FallbackClassifier"]),
        (("SpacyNLP", "FallbackClassifier", CASE_READING, PASSAGE_RETRIEVAL), ["PassageRetrieval"]),
    ],
)
def test_case_reading_has_the_last_word_on_a_described_case(names, complaints):
    problems = [p for p in pipeline_problems({"pipeline": [{"name": n} for n in names]}) if p.startswith("CaseReading")]
    assert [p.split("after ")[1].split(" ")[0] for p in problems] == complaints
