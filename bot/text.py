"""Danish text helpers shared by the NLP pipeline and the rule base."""

from __future__ import annotations

import re

_FOLD = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})
_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Lower-case and spell æ, ø, å as ae, oe, aa.

    Leaders often type without Danish letters; folding both what they type
    and what we match against makes "borgernaer" and "borgernær" equal.
    """
    return spell_out(text).lower()


def spell_out(text: str) -> str:
    """Æ, ø, å spelled as ae, oe, aa, case kept: aligned with `fold` character for character, so a match
    in the folded text can be looked up as written (a capital naming an organisation, say)."""
    return text.translate(_FOLD)


def normalise_spaces(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def fold_words(text: str) -> list[str]:
    """Folded words of a text, punctuation stripped from the edges."""
    words = []
    for raw in fold(text).split():
        word = raw.strip(".,;:!?\"'()[]{}«»“”")
        if word:
            words.append(word)
    return words
