"""Builds the project's Danish spaCy pipeline, saved to a folder Rasa's SpacyNLP loads.

Base: spacy.blank("da") with the lookup lemmatizer from spacy-lookups-data
(default, works offline), or an installed Danish model such as
da_core_news_sm. On top: lemma folding and an entity ruler with the domain
vocabulary.

The full Danish lemma table has 553 000 forms and costs the Rasa server about
170 MB; the pipeline keeps only the forms whose lemma occurs in the training
texts. A word whose lemma the classifier never saw gives it nothing either
way, so this changes no prediction of consequence and the table shrinks to a
few thousand forms.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
from pathlib import Path
from typing import Iterable, Mapping, Optional

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


def danish_lemma_table() -> dict[str, str]:
    """The full lookup table of spacy-lookups-data, read as a plain dict.

    Read directly rather than through `nlp.initialize()`, which hashes all
    553 000 forms into a spaCy table (about 4 s) only for most to be pruned.
    """
    from spacy.util import load_language_data, registry

    return dict(load_language_data(registry.lookups.get("da")["lemma_lookup"]))


def prune_lemma_table(nlp, table: Mapping[str, str], texts: Iterable[str]) -> dict[str, str]:
    """The entries of `table` whose lemma is one the texts use."""
    lemmas = set()
    for text in texts:
        for token in nlp.make_doc(text):
            for form in (token.text, token.lower_, token.text.capitalize()):
                lemmas.add(table.get(form, form))
    return {form: lemma for form, lemma in table.items() if lemma in lemmas}


def build_pipeline(vocabulary: Vocabulary, base: str = BLANK, lemma_texts: Optional[Iterable[str]] = None):
    """The Danish pipeline as a spacy Language object (lemma table pruned to `lemma_texts` if given)."""
    import spacy
    from spacy.lookups import Lookups

    check_base(base)
    if base == BLANK:
        nlp = spacy.blank("da")
        nlp.initialize()
        table = danish_lemma_table()
        if lemma_texts is not None:
            table = prune_lemma_table(
                nlp,
                table,
                [
                    *lemma_texts,
                    *(t.canonical.replace("_", " ") for t in vocabulary.terms),
                    *vocabulary.lemma_overrides,
                    *vocabulary.lemma_overrides.values(),
                ],
            )
        lookups = Lookups()
        lookups.add_table("lemma_lookup", table)
        nlp.add_pipe("lemmatizer", config={"mode": "lookup"}).initialize(lookups=lookups)
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


def save_pipeline(
    vocabulary: Vocabulary, target: Path, base: str = BLANK, lemma_texts: Optional[Iterable[str]] = None
) -> Path:
    """Build and write the pipeline to `target` (replacing what was there)."""
    nlp = build_pipeline(vocabulary, base, lemma_texts)
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
