"""Hashes of what the spaCy pipeline and the Rasa model are built from: `make run` rebuilds only after a change.

Both lists of inputs live here and nowhere else: the Makefile asks
(`python -m tools needs-nlp`, `needs-training`) instead of hashing files itself.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Iterable

from bot import paths

TRAINING_INPUTS = (
    "config.yml",
    "domain.yml",
    "data/nlu",
    "data/rules",
    "data/stories",
    "data/nlp",
    "data/knowledge",
    "data/cases",
    "bot/nlp/lemma_fold.py",
    "bot/nlp/pipeline.py",
    "bot/text.py",
    "bot/passages.py",
    "bot/nlp/retrieval.py",
    "bot/cases",
    "bot/splits.py",
    "featurizers",
)
# The spaCy pipeline (bot/nlp/pipeline.py): its code, the vocabulary, and the texts whose lemmas it keeps.
NLP_INPUTS = (
    "data/nlp/vocabulary.yml",
    "data/nlu",
    "data/knowledge",
    "bot/nlp/pipeline.py",
    "bot/nlp/lemma_fold.py",
    "bot/text.py",
)


def _files(root: Path, inputs: Iterable[str]) -> list[Path]:
    found: list[Path] = []
    for name in inputs:
        path = root / name
        if path.is_dir():
            found.extend(p for p in sorted(path.rglob("*")) if p.is_file())
        elif path.is_file():
            found.append(path)
    return found


def content_hash(root: Path = paths.ROOT, base: str | None = None, inputs: Iterable[str] = TRAINING_INPUTS) -> str:
    """SHA-256 over the inputs' paths and bytes, and the spaCy base setting."""
    digest = hashlib.sha256()
    digest.update(f"spacy-base={base or paths.spacy_base()}\n".encode())
    for file in _files(root, inputs):
        digest.update(str(file.relative_to(root)).encode() + b"\0")
        digest.update(file.read_bytes() + b"\0")
    return digest.hexdigest()


def latest_model(models_dir: Path = paths.MODELS_DIR) -> Path | None:
    models = sorted(models_dir.glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)
    return models[-1] if models else None


def needs_training(root: Path = paths.ROOT, hash_file: Path = paths.TRAINING_HASH_FILE) -> bool:
    if latest_model(hash_file.parent) is None or not hash_file.exists():
        return True
    return hash_file.read_text().strip() != content_hash(root)


def mark_trained(root: Path = paths.ROOT, hash_file: Path = paths.TRAINING_HASH_FILE) -> None:
    hash_file.parent.mkdir(parents=True, exist_ok=True)
    hash_file.write_text(content_hash(root) + "\n")


def needs_nlp(
    root: Path = paths.ROOT, pipeline_dir: Path = paths.SPACY_PIPELINE_DIR, hash_file: Path = paths.NLP_HASH_FILE
) -> bool:
    """The spaCy pipeline is missing, or its inputs (or the spaCy base) changed since it was built."""
    if not (pipeline_dir / "meta.json").is_file() or not hash_file.is_file():
        return True
    return hash_file.read_text().strip() != content_hash(root, inputs=NLP_INPUTS)


def mark_nlp_built(root: Path = paths.ROOT, hash_file: Path = paths.NLP_HASH_FILE) -> None:
    hash_file.parent.mkdir(parents=True, exist_ok=True)
    hash_file.write_text(content_hash(root, inputs=NLP_INPUTS) + "\n")
