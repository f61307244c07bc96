"""spaCy component that folds lemmas (lower case, æøå → ae/oe/aa).

Registered through the `spacy_factories` entry point in pyproject.toml so
that spacy.load() finds it inside the Rasa server. Rasa's featurizers read
token lemmas, so folding here makes "borgernaer" and "borgernær" one word.
"""

from typing import Callable, Dict

from spacy.language import Language
from spacy.tokens import Doc

from bot.text import fold


class LemmaFold:
    def __init__(self, overrides: Dict[str, str]):
        self.overrides = {fold(k): fold(v) for k, v in overrides.items()}

    def __call__(self, doc: Doc) -> Doc:
        for token in doc:
            surface = fold(token.text)
            if surface in self.overrides:
                token.lemma_ = self.overrides[surface]
            else:
                token.lemma_ = fold(token.lemma_ or token.text)
        return doc


@Language.factory("da_lemma_fold", default_config={"overrides": {}})
def make_lemma_fold(nlp: Language, name: str, overrides: Dict[str, str]) -> Callable[[Doc], Doc]:
    # No `from __future__ import annotations` here: spaCy validates these hints.
    return LemmaFold(overrides)
