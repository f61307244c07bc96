"""Where the project keeps things; overridable for tests."""

from __future__ import annotations

import os
from pathlib import Path

from bot.project_env import setting

ROOT = Path(__file__).resolve().parent.parent
KNOWLEDGE_DIR = ROOT / "data" / "knowledge"
KNOWLEDGE_DIR_ENV = "SAMSKABELSE_KNOWLEDGE_DIR"
VOCABULARY_FILE = ROOT / "data" / "nlp" / "vocabulary.yml"
BUILD_DIR = ROOT / ".build"
# Questions and sentences the model is measured on and never trained on (heldout/README.md).
HELDOUT_DIR = ROOT / "heldout"
SPACY_PIPELINE_DIR = BUILD_DIR / "spacy" / "da_samskabelse"
MODELS_DIR = ROOT / "models"
MODEL_FILE = ROOT / setting("MODEL_FILE")  # what `make train` writes and `make run` serves (project.env)
TRAINING_HASH_FILE = MODELS_DIR / ".content-hash"
NLP_HASH_FILE = SPACY_PIPELINE_DIR.parent / ".inputs"  # what the spaCy pipeline was built from

# One setting selects the spaCy base: "blank" (default, built here) or an
# installed Danish model package such as da_core_news_sm.
SPACY_BASE_ENV = "SPACY_BASE"
DEFAULT_SPACY_BASE = "blank"


def spacy_base() -> str:
    return os.environ.get(SPACY_BASE_ENV, "").strip() or DEFAULT_SPACY_BASE


def knowledge_dir() -> Path:
    """The rule base the servers load; an override lets tests start them on a broken copy."""
    override = os.environ.get(KNOWLEDGE_DIR_ENV, "").strip()
    return Path(override) if override else KNOWLEDGE_DIR
