"""Checks on config.yml that Rasa doesn't make: these mistakes train without error and only cost accuracy."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bot.yaml_reading import safe_load

SENTENCE_ONLY = "featurizers.sentence_only.SentenceFeaturesOnly"
ENCODER_BLEND = "featurizers.encoder_intents.EncoderIntentBlend"
COMMAND_GUARD = "featurizers.command_guard.CommandGuardComponent"
PASSAGE_RETRIEVAL = "featurizers.passage_retrieval.PassageRetrieval"
CASE_READING = "featurizers.case_reading.CaseReading"
QUICK_START_DIET = "featurizers.quick_start_diet.QuickStartDIETClassifier"
# Rasa's DIETClassifier and ours, which trains the same and only loads faster.
DIETS = ("DIETClassifier", QUICK_START_DIET)


class PipelineConfigError(ValueError):
    pass


def pipeline_problems(config: dict[str, Any]) -> list[str]:
    """What is wrong with where and how our own components are used (empty list: nothing)."""
    names = [str(item.get("name", "")) for item in config.get("pipeline") or []]
    return (
        _blend_problems(names)
        + _guard_problems(names)
        + _retrieval_problems(names)
        + _case_reading_problems(names)
        + _sentence_only_problems(config)
    )


def _case_reading_problems(names: list[str]) -> list[str]:
    """CaseReading decides the final intent of a described case, so nothing may change it afterwards."""
    if CASE_READING not in names:
        return []
    later = [
        name.rsplit(".", 1)[-1]
        for name in names[names.index(CASE_READING) + 1 :]
        if name in ("FallbackClassifier", PASSAGE_RETRIEVAL, COMMAND_GUARD, ENCODER_BLEND, *DIETS)
    ]
    return [f"CaseReading must stand after {name} (it has the last word on a described case)" for name in later]


def _retrieval_problems(names: list[str]) -> list[str]:
    """PassageRetrieval reads the final intent (it answers an unclear message) and the spaCy tokens."""
    if PASSAGE_RETRIEVAL not in names:
        return []
    ours = names.index(PASSAGE_RETRIEVAL)
    problems = []
    if "FallbackClassifier" in names[ours:]:
        problems.append("PassageRetrieval must stand after FallbackClassifier (it reads the final intent)")
    if "SpacyNLP" not in names[:ours]:
        problems.append("PassageRetrieval needs SpacyNLP before it (it lemmatises with the spaCy pipeline)")
    return problems


def _guard_problems(names: list[str]) -> list[str]:
    """The command guard corrects the classifiers' verdict, and the FallbackClassifier must see it."""
    if COMMAND_GUARD not in names:
        return []
    ours = names.index(COMMAND_GUARD)
    problems = []
    for classifier in (*DIETS, ENCODER_BLEND):
        if classifier in names[ours:]:
            problems.append(f"CommandGuardComponent must stand after {classifier.rsplit('.', 1)[-1]}")
    if "FallbackClassifier" in names[:ours]:
        problems.append("CommandGuardComponent must stand before FallbackClassifier")
    return problems


def _blend_problems(names: list[str]) -> list[str]:
    """EncoderIntentBlend reads DIET's ranking, and the FallbackClassifier must judge the blend."""
    if ENCODER_BLEND not in names:
        return []
    ours = names.index(ENCODER_BLEND)
    problems = []
    if not set(DIETS) & set(names[:ours]):
        problems.append("EncoderIntentBlend must stand after DIETClassifier (it blends DIET's ranking)")
    if "FallbackClassifier" in names[:ours]:
        problems.append("EncoderIntentBlend must stand before FallbackClassifier (which judges the blend)")
    return problems


def _sentence_only_problems(config: dict[str, Any]) -> list[str]:
    pipeline = config.get("pipeline") or []
    names = [str(item.get("name", "")) for item in pipeline]
    if SENTENCE_ONLY not in names:
        return []
    ours = names.index(SENTENCE_ONLY)
    problems = []
    late = [name for name in names[ours + 1 :] if name.endswith("Featurizer")]
    if late:
        problems.append(f"{', '.join(late)} stands after SentenceFeaturesOnly: move it before")
    diets = [i for i, name in enumerate(names) if name in DIETS]
    if not diets:
        problems.append("SentenceFeaturesOnly is only for DIETClassifier, and the pipeline has none")
    for i in diets:
        diet = pipeline[i]
        if i < ours:
            problems.append("SentenceFeaturesOnly must stand before DIETClassifier")
        if diet.get("number_of_transformer_layers") != 0:
            problems.append(
                "DIETClassifier needs number_of_transformer_layers: 0 with SentenceFeaturesOnly "
                "(a transformer reads the per-token features it drops)"
            )
        if diet.get("entity_recognition", True):
            problems.append(
                "DIETClassifier needs entity_recognition: false with SentenceFeaturesOnly "
                "(entity tagging reads the per-token features it drops)"
            )
    return problems


def check_config_file(path: Path) -> None:
    """Raise PipelineConfigError naming the file and every problem."""
    problems = pipeline_problems(safe_load(path.read_text(encoding="utf-8")) or {})
    if problems:
        raise PipelineConfigError("\n".join(f"{path.name}: {p}" for p in problems))
