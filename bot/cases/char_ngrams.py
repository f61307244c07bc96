"""Character n-grams and word pairs of a text as TF-IDF weights: the wording a case is written in.

The sentence encoder reads what a case is about, but a small model on its
embedding alone also learns the topic (a hospital, a playground) instead of
the few words that settle a criterion: "sammen defineret", "på lige fod",
"alene", "ikke med". Character n-grams (3 to 5 letters inside each word,
folded to ae/oe/aa) see those words and their misspellings. Five-fold
cross-validation on the development part of the case bank: the verdict right
for 0.81 of cases with the embedding alone, 0.90 with the n-grams beside it
(data/nlp/case_reading.yml). Pairs of neighbouring words ("ikke med",
"uden at", "ved ikke") add what the pieces inside single words can't see:
0.905 → 0.913 in the same cross-validation, with the "uvist" statements.

The sentence encoder hardly tells "vi har defineret problemet sammen" from
"vi har ikke defineret problemet sammen", and a pair sees only the word next
to the negation. So the few words a negation reaches are also counted marked
as negated ("n:sammen"), beside their ordinary pieces (Negation below): the
model can learn that "sammen" under "ikke" points the other way.

Fitting uses scikit-learn's TfidfVectorizer with this module's own analyzer;
transforming needs only numpy and the stored vocabulary and weights, so the
NLU model reads a case without scikit-learn. No Rasa here.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any, Callable, Mapping, Sequence

import numpy as np

from bot.text import fold

MIN_N, MAX_N = 3, 5
MIN_DOCUMENTS = 2  # an n-gram seen in one text only adds width, not knowledge
PAIR_MARK = "w:"  # sets a word pair apart from the letter pieces
NEGATED_MARK = "n:"  # sets a word a negation reaches apart from the same word unnegated
_TOKEN = re.compile(r"\w+|[.,;:!?–-]")
_CLAUSE_MARKS = {",", "–", "-"}  # pass over these inside a negation's reach; other marks end it


@dataclass(frozen=True)
class Negation:
    """Which folded words negate, which next word undoes that ("ikke kun" = not only), which words end the
    reach (besides . ; : ! ?), and how many words it reaches (data/nlp/case_reading.yml, `negation`)."""

    words: frozenset[str]
    not_after: frozenset[str]
    ends: frozenset[str]
    reach: int

    def negated_words(self, text: str) -> list[str]:
        """The words of the folded text that a negation reaches, each marked "n:word"."""
        tokens = _TOKEN.findall(fold(text))
        out: list[str] = []
        left = 0
        for i, token in enumerate(tokens):
            if token in self.words:
                undone = i + 1 < len(tokens) and tokens[i + 1] in self.not_after
                left = 0 if undone else self.reach
            elif token in self.ends or (not token[0].isalnum() and token not in _CLAUSE_MARKS):
                left = 0
            elif left and token not in _CLAUSE_MARKS:
                out.append(NEGATED_MARK + token)
                left -= 1
        return out


def ngrams(text: str, negation: Negation | None = None) -> list[str]:
    """The wording features of a text: its letter pieces, its word pairs, then the words negations reach."""
    return letter_ngrams(text) + word_pairs(text) + (negation.negated_words(text) if negation else [])


def word_pairs(text: str) -> list[str]:
    """Each two neighbouring folded words (a punctuation mark counts as a word), marked "w:first_second"."""
    tokens = _TOKEN.findall(fold(text))
    return [f"{PAIR_MARK}{a}_{b}" for a, b in zip(tokens, tokens[1:])]


def letter_ngrams(text: str) -> list[str]:
    """The 3- to 5-letter pieces of each folded word, padded with a space at both ends."""
    out: list[str] = []
    for word in fold(text).split():
        padded = f" {word} "
        for n in range(MIN_N, MAX_N + 1):
            if len(padded) <= n:
                out.append(padded)  # a short word counts once, whole
                break
            out.extend(padded[i : i + n] for i in range(len(padded) - n + 1))
    return out


@dataclass
class NgramWeights:
    """The fitted vocabulary (n-gram → column) and each column's inverse document frequency."""

    vocabulary: dict[str, int]
    idf: np.ndarray
    negation: Negation | None = None  # as fitted: the settings' negation, or None for none

    @property
    def width(self) -> int:
        return len(self.vocabulary)

    def transform(self, texts: Sequence[str]) -> np.ndarray:
        """texts × width: sublinear term frequency times idf, each row of unit length (as fitted)."""
        out = np.zeros((len(texts), self.width), dtype=np.float32)
        for row, text in enumerate(texts):
            counts = Counter(g for g in ngrams(text, self.negation) if g in self.vocabulary)
            for gram, count in counts.items():
                column = self.vocabulary[gram]
                out[row, column] = (1.0 + math.log(count)) * self.idf[column]
            norm = float(np.linalg.norm(out[row]))
            if norm > 0:
                out[row] /= norm
        return out

    @classmethod
    def fit(cls, texts: Sequence[str], negation: Negation | None = None) -> NgramWeights:
        from sklearn.feature_extraction.text import TfidfVectorizer

        def analyse(text: str) -> list[str]:
            return ngrams(text, negation)

        vectorizer = TfidfVectorizer(analyzer=analyse, min_df=MIN_DOCUMENTS, sublinear_tf=True)
        vectorizer.fit(list(texts))
        vocabulary = {str(k): int(v) for k, v in vectorizer.vocabulary_.items()}
        return cls(vocabulary, vectorizer.idf_.astype(np.float32), negation)


def load_negation(data: Any, path: Any, error: Callable[[str], Exception]) -> Negation | None:
    """The `negation` block of the reading settings; None when there is none (no word is marked negated)."""
    if data is None:
        return None
    if not isinstance(data, Mapping):
        raise error(f"{path}: 'negation' must be a mapping with words, not_after, ends and reach")

    def words(key: str) -> frozenset[str]:
        items = data.get(key)
        if not (isinstance(items, list) and items and all(isinstance(w, str) and w for w in items)):
            raise error(f"{path}: 'negation.{key}' must be a non-empty list of words")
        for word in items:
            if word != fold(word) or not word.isalnum():
                raise error(f"{path}: 'negation.{key}': {word!r} must be one folded word (lower case, ae/oe/aa)")
        return frozenset(items)

    reach = data.get("reach")
    if isinstance(reach, bool) or not isinstance(reach, int) or not 1 <= reach <= 20:
        raise error(f"{path}: 'negation.reach' must be a whole number from 1 to 20")
    return Negation(words("words"), words("not_after"), words("ends"), reach)
