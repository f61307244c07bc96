"""Masking the report's examples: contact data (bot.privacy) and probable names.

People type names the input channels cannot recognise ("hej, jeg hedder
Mette"), so the examples the report quotes are masked once more here, erring
towards masking: an ordinary word is one the training data and the rule base
write in lower case.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator, Mapping

import yaml

from bot import paths
from bot.privacy import labels as privacy_labels
from bot.privacy import mask as mask_contact_data
from bot.privacy import normalise
from bot.yaml_reading import safe_load
from tools.report.texts import ReportTexts

_WORD = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)


def _words_of_tree(node: Any) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, Mapping):
        for value in node.values():
            yield from _words_of_tree(value)
    elif isinstance(node, list):
        for value in node:
            yield from _words_of_tree(value)


@lru_cache(maxsize=1)
def known_words(roots: tuple[Path, ...] = (paths.ROOT / "data" / "nlu", paths.KNOWLEDGE_DIR)) -> frozenset[str]:
    """Ordinary Danish words: those written in lower case in the training data and the rule base.

    A word written capitalised in the middle of a sentence there as often as
    in lower case ("hvor er Mette") is a name, not an ordinary word.
    """
    lower: Counter = Counter()
    capitalised: Counter = Counter()
    for root in roots:
        for path in sorted(Path(root).rglob("*.yml")):
            try:
                data = safe_load(path.read_text(encoding="utf-8"))
            except (OSError, yaml.YAMLError):
                continue
            for line in (line for value in _words_of_tree(data) for line in value.splitlines()):
                # NLU examples are "- text" lines; the marker is no part of the sentence.
                text = re.sub(r"^\s*[-*#>]+\s*", "", line)
                for match in _WORD.finditer(text):
                    word = match.group()
                    if word.islower():
                        lower[word] += 1
                    elif word.istitle() and not _sentence_start(text, match.start()):
                        capitalised[word.lower()] += 1
    return frozenset(word for word, count in lower.items() if count > capitalised[word])


def _sentence_start(text: str, position: int) -> bool:
    """True at the start of the text, after . ! ? : ; and after an opening quote or a bullet."""
    before = text[:position].rstrip()
    if not before or before[-1] in "«“\"'(•":
        return True
    return before[-1] in ".!?:;"


def mask_personal_data(text: str, texts: ReportTexts, vocabulary: frozenset[str] | None = None) -> str:
    """The text with contact data (bot.privacy) and probable names replaced by labels.

    Names cannot be recognised for sure, so this errs towards masking: every
    capitalised word in the middle of a sentence, a capitalised first word
    that is not an ordinary word, and unknown words after "hedder", "mvh" and
    the like. Better an over-masked example than a name in the report.
    """
    vocabulary = known_words() if vocabulary is None else vocabulary
    # Built from the normalised text, spaces collapsed *before* masking: a no-break space or a
    # line break inside a CPR number must not turn into a plain space after the patterns ran.
    text = mask_contact_data(" ".join(normalise(text or "").split()))
    name_label = texts("names.label")
    keep = set(texts.words("names.keep"))
    cue_pattern = "|".join(re.escape(c) for c in sorted(texts.words("names.cues"), key=len, reverse=True))
    cue_ends = (
        {m.end() for m in re.finditer(rf"(?<!\w)(?:{cue_pattern})(?!\w)", text, re.IGNORECASE)}
        if cue_pattern
        else set()
    )
    # Only the labels bot.privacy put there are skipped; "[Lone]" typed by a user is no label.
    label_pattern = "|".join(re.escape(label) for label in privacy_labels().values())
    label_spans = [m.span() for m in re.finditer(label_pattern, text)]
    pieces: list[str] = []
    last = 0
    after_cue = 0  # how many more words after a name cue may be (part of) the name
    for match in _WORD.finditer(text):
        start, end = match.span()
        word = match.group()
        if any(a <= start < b for a, b in label_spans):
            continue
        if any(e <= start and not text[e:start].strip(" ,:") for e in cue_ends):
            after_cue = 2
        ordinary = word.lower() in vocabulary
        if word in keep:
            name = False
        elif word.isupper() and len(word) > 1:
            # Shouted words ("HVAD ER SAMSKABELSE") are names only if they are no ordinary word.
            name = after_cue > 0 or not ordinary
        elif word[0].isupper():
            name = after_cue > 0 or not ordinary or not _sentence_start(text, start)
        else:
            name = after_cue > 0 and not ordinary
        after_cue = after_cue - 1 if name and after_cue else 0
        if name:
            pieces.append(text[last:start])
            pieces.append(name_label)
            last = end
    pieces.append(text[last:])
    masked = "".join(pieces)
    # "[navn] [navn]" for a first name and a surname reads as one name.
    repeated = re.escape(name_label)
    return re.sub(rf"{repeated}(?:[ -]+{repeated})+", name_label, masked)
