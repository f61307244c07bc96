"""Answer quality: cross-validated intents, held-out questions, off-topic rejection."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bench.training import predict, predict_many, train
from bot.nlp import evaluation as ev

CV_SEED = 20261122


def cross_validate(config: Path, examples: list[ev.Example], folds: int, work: Path) -> dict[str, Any]:
    """Train on k-1 folds, predict the held-back fold, k times; score all predictions together."""
    parts = ev.stratified_folds(examples, folds, CV_SEED)
    seconds, models = [], []
    work.mkdir(parents=True, exist_ok=True)
    for index in range(folds):
        train_part = [ex for other, part in enumerate(parts) if other != index for ex in part]
        data = work / f"fold{index}.yml"
        data.write_text(ev.to_nlu_yaml(train_part), encoding="utf-8")
        model, took = train(config, [data], work, f"fold{index}", nlu_only=True)
        seconds.append(took)
        models.append(model)
    predictions = predict_many([(model, [text for _, text in part]) for model, part in zip(models, parts)])
    pairs = [(intent, got) for part, predicted in zip(parts, predictions) for (intent, _), got in zip(part, predicted)]
    for model in models:
        model.unlink()
    return {
        "folds": folds,
        "examples": len(pairs),
        "accuracy": round(ev.accuracy(pairs), 4),
        "macro_f1": round(ev.macro_f1(pairs), 4),
        "nlu_training_s_per_fold": round(sum(seconds) / len(seconds), 1),
    }


def heldout_quality(model: Path, heldout: list[ev.Example], off_topic: list[str]) -> dict[str, Any]:
    """Scores of a full model on data it never saw, plus what it got wrong (for the report)."""
    predicted = predict(model, [text for _, text in heldout] + off_topic)
    pairs = [(intent, got) for (intent, _), got in zip(heldout, predicted)]
    off = predicted[len(heldout) :]
    return {
        "heldout_questions": len(pairs),
        "heldout_accuracy": round(ev.accuracy(pairs), 4),
        "heldout_macro_f1": round(ev.macro_f1(pairs), 4),
        "in_domain_rejected": round(ev.wrongly_rejected(pairs), 4),
        "off_topic_sentences": len(off),
        "off_topic_rejection": round(ev.off_topic_rejection(off), 4),
        "errors": [
            {"text": text, "expected": intent, "predicted": got}
            for (intent, text), got in zip(heldout, predicted[: len(heldout)])
            if got != intent
        ],
        "off_topic_accepted": [
            {"text": text, "predicted": got} for text, got in zip(off_topic, off) if got not in ev.REJECTING_INTENTS
        ],
    }
