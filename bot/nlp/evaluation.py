"""Scoring NLU predictions: shared by the quality tests and the benchmark.

Plain Python on (expected, predicted) intent names, so the same numbers come
out whether the predictions were made in a test, in a benchmark subprocess or
by a model trained on another config.
"""

from __future__ import annotations

import random
from collections import defaultdict
from pathlib import Path
from typing import Iterable, Sequence

import yaml

from bot import paths
from bot.names import Intents
from bot.text import normalise_spaces
from bot.yaml_reading import safe_load

NLU_HELDOUT_DIR = paths.HELDOUT_DIR / "nlu"
HELDOUT_FILES = ("heldout.yml", "heldout_guided.yml")
OFF_TOPIC_FILES = ("off_topic_heldout.txt", "off_topic_home_assistant_heldout.txt")
# Intents whose answer does not treat a message as a co-creation question.
REJECTING_INTENTS = frozenset(
    {Intents.OUT_OF_SCOPE, Intents.FALLBACK, Intents.GREET, Intents.GOODBYE, Intents.THANKS, Intents.CAPABILITIES}
)
# What "the assistant did not take it as a question for it" means for an in-domain question.
REJECTED = frozenset({Intents.OUT_OF_SCOPE, Intents.FALLBACK})

Example = tuple[str, str]  # (intent, text)


def read_nlu_examples(path: Path) -> list[Example]:
    """(intent, text) pairs of a Rasa NLU YAML file (no entity annotations are used here)."""
    data = safe_load(path.read_text(encoding="utf-8")) or {}
    out: list[Example] = []
    for block in data.get("nlu", []):
        if "intent" not in block:
            continue
        for line in str(block.get("examples", "")).splitlines():
            line = line.strip()
            if line.startswith("- "):
                out.append((block["intent"], line[2:].strip()))
    return out


def read_lines(path: Path) -> list[str]:
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def training_examples(nlu_dir: Path = paths.ROOT / "data" / "nlu") -> list[Example]:
    return [ex for f in sorted(nlu_dir.glob("*.yml")) for ex in read_nlu_examples(f)]


def heldout_examples(directory: Path = NLU_HELDOUT_DIR) -> list[Example]:
    return [ex for name in HELDOUT_FILES for ex in read_nlu_examples(directory / name)]


def off_topic_sentences(directory: Path = NLU_HELDOUT_DIR) -> list[str]:
    return [line for name in OFF_TOPIC_FILES for line in read_lines(directory / name)]


def text_key(text: str) -> str:
    """How two examples are recognised as the same sentence."""
    return normalise_spaces(text.lower())


def stratified_folds(examples: Sequence[Example], folds: int, seed: int) -> list[list[Example]]:
    """Split into `folds` parts with every intent spread evenly; same seed, same split."""
    if folds < 2:
        raise ValueError("cross-validation needs at least 2 folds")
    by_intent: dict[str, list[Example]] = defaultdict(list)
    for example in examples:
        by_intent[example[0]].append(example)
    rng = random.Random(seed)
    parts: list[list[Example]] = [[] for _ in range(folds)]
    offset = 0
    for intent in sorted(by_intent):
        group = sorted(by_intent[intent], key=lambda ex: ex[1])
        rng.shuffle(group)
        for index, example in enumerate(group):
            parts[(index + offset) % folds].append(example)
        # Rotate so small intents do not all land in fold 0.
        offset += len(group)
    return parts


def to_nlu_yaml(examples: Iterable[Example]) -> str:
    """Rasa 3 NLU training data for the given examples."""
    by_intent: dict[str, list[str]] = defaultdict(list)
    for intent, text in examples:
        by_intent[intent].append(text)
    blocks = [
        {"intent": intent, "examples": "".join(f"- {t}\n" for t in texts)}
        for intent, texts in sorted(by_intent.items())
    ]
    return yaml.safe_dump({"version": "3.1", "nlu": blocks}, allow_unicode=True, sort_keys=False)


def accuracy(pairs: Sequence[tuple[str, str]]) -> float:
    """Share of (expected, predicted) pairs that agree."""
    if not pairs:
        raise ValueError("no predictions to score")
    return sum(1 for want, got in pairs if want == got) / len(pairs)


def macro_f1(pairs: Sequence[tuple[str, str]]) -> float:
    """Unweighted mean F1 over the expected intents (a rare intent counts as much as a common one)."""
    if not pairs:
        raise ValueError("no predictions to score")
    labels = sorted({want for want, _ in pairs})
    scores = []
    for label in labels:
        tp = sum(1 for want, got in pairs if want == label and got == label)
        fp = sum(1 for want, got in pairs if want != label and got == label)
        fn = sum(1 for want, got in pairs if want == label and got != label)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        scores.append(2 * precision * recall / (precision + recall) if precision + recall else 0.0)
    return sum(scores) / len(scores)


def off_topic_rejection(predicted: Sequence[str]) -> float:
    """Share of off-topic sentences the assistant did not answer as a co-creation question."""
    if not predicted:
        raise ValueError("no predictions to score")
    return sum(1 for got in predicted if got in REJECTING_INTENTS) / len(predicted)


def wrongly_rejected(pairs: Sequence[tuple[str, str]]) -> float:
    """Share of in-domain questions that got the off-topic or fallback answer."""
    in_domain = [(want, got) for want, got in pairs if want not in REJECTED]
    if not in_domain:
        raise ValueError("no in-domain predictions to score")
    return sum(1 for _, got in in_domain if got in REJECTED) / len(in_domain)
