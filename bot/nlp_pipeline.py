"""Builds the project's Danish spaCy pipeline, saved to a folder Rasa's SpacyNLP loads.

Base: spacy.blank("da") with the lookup lemmatizer from spacy-lookups-data
(default, works offline), or an installed Danish model such as
da_core_news_sm. On top: lemma folding and an entity ruler with the domain
vocabulary.
"""
from __future__ import annotations

import importlib.util
import json
import shutil
from pathlib import Path

from bot.vocabulary import Vocabulary

BLANK = "blank"


class PipelineError(RuntimeError):
    """The selected spaCy base cannot be used."""


def _missing_model_message(base: str) -> str:
    return (
        f"The spaCy model '{base}' is selected (SPACY_BASE={base}) but is not installed.\n"
        f"Install it into the project's environment first, e.g.:\n"
        f"  .venv/bin/python -m spacy download {base}\n"
        f"or, from a downloaded wheel:  .venv/bin/pip install ./{base}-3.4.0-py3-none-any.whl\n"
        f"Or leave SPACY_BASE unset to use the project's own Danish pipeline."
    )


def check_base(base: str) -> None:
    if base != BLANK and importlib.util.find_spec(base) is None:
        raise PipelineError(_missing_model_message(base))


def build_pipeline(vocabulary: Vocabulary, base: str = BLANK):
    """The Danish pipeline as a spacy Language object."""
    import spacy

    check_base(base)
    if base == BLANK:
        nlp = spacy.blank("da")
        nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
        nlp.initialize()  # loads the lookup tables from spacy-lookups-data
    else:
        nlp = spacy.load(base)
    nlp.add_pipe("da_lemma_fold", config={"overrides": vocabulary.lemma_overrides})
    ruler = nlp.add_pipe(
        "entity_ruler",
        config={"overwrite_ents": True, "phrase_matcher_attr": None},
        last=True,
    )
    ruler.add_patterns(vocabulary.ruler_patterns())
    return nlp


def save_pipeline(vocabulary: Vocabulary, target: Path, base: str = BLANK) -> Path:
    """Build and write the pipeline to `target` (replacing what was there)."""
    nlp = build_pipeline(vocabulary, base)
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".tmp")
    if tmp.exists():
        shutil.rmtree(tmp)
    nlp.to_disk(tmp)
    (tmp / "samskabelse-base.json").write_text(json.dumps({"base": base}), encoding="utf-8")
    if target.exists():
        shutil.rmtree(target)
    tmp.rename(target)
    return target
