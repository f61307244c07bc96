"""Commands only when the message is about what they act on: off-topic requests never trigger them.

"slet mine alarmer" reads like "slet mine beskeder" to a classifier, and
opened «Vil du slette hele din samtale?». An intent that acts on the whole
conversation (data/nlp/command_guard.yml) is therefore kept only when every
content word of the message is one its own training examples use, or a near
spelling of one; otherwise the message is off-topic. The vocabulary comes
from the training data, so a new phrasing is taught the usual way: an
example in data/nlu. No Rasa server code here.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping

from bot import paths
from bot.settings_file import read_mapping, whole_number, word_list
from bot.text import fold, fold_words

SETTINGS_FILE = paths.ROOT / "data" / "nlp" / "command_guard.yml"


class GuardSettingsError(ValueError):
    """The settings file is wrong; the message names the file and key."""


@dataclass(frozen=True)
class GuardSettings:
    intents: frozenset[str]
    min_word_length: int
    similarity: float
    ignore: frozenset[str]


def load_settings(path: Path = SETTINGS_FILE) -> GuardSettings:
    data = read_mapping(path, GuardSettingsError)

    def words(key: str) -> list[str]:
        return word_list(data, key, path, GuardSettingsError)

    length, similarity = whole_number(data, "min_word_length", path, GuardSettingsError), data.get("similarity")
    if not (isinstance(similarity, (int, float)) and 0 < similarity <= 1):
        raise GuardSettingsError(f"{path}: 'similarity' must be a number above 0 and at most 1")
    return GuardSettings(
        frozenset(words("intents")), length, float(similarity), frozenset(fold(w) for w in words("ignore"))
    )


@dataclass
class CommandGuard:
    settings: GuardSettings
    vocabulary: dict[str, frozenset[str]] = field(default_factory=dict)

    @classmethod
    def learn(cls, settings: GuardSettings, examples: Iterable[tuple[str, str]]) -> "CommandGuard":
        """The words each guarded intent's (intent, text) training examples use."""
        found: dict[str, set[str]] = {intent: set() for intent in settings.intents}
        for intent, text in examples:
            if intent in found:
                found[intent].update(fold_words(text))
        return cls(settings, {intent: frozenset(words) for intent, words in found.items()})

    def as_dict(self) -> dict[str, list[str]]:
        return {intent: sorted(words) for intent, words in self.vocabulary.items()}

    @classmethod
    def from_dict(cls, settings: GuardSettings, data: Mapping[str, Any]) -> "CommandGuard":
        return cls(settings, {str(k): frozenset(map(str, v)) for k, v in data.items()})

    def _known(self, word: str, vocabulary: frozenset[str]) -> bool:
        if word in vocabulary:
            return True
        return any(
            difflib.SequenceMatcher(None, word, known).ratio() >= self.settings.similarity for known in vocabulary
        )

    def foreign_words(self, intent: str, text: str) -> list[str]:
        """Content words of the text that the intent's examples never use (nor anything close)."""
        vocabulary = self.vocabulary.get(intent)
        if vocabulary is None:
            return []
        content = [
            w
            for w in fold_words(text)
            if len(w) >= self.settings.min_word_length and w not in self.settings.ignore and w.isalpha()
        ]
        return [w for w in content if not self._known(w, vocabulary)]

    def allows(self, intent: str, text: str) -> bool:
        """True unless the intent is guarded and the message speaks of something its examples never do.

        Button payloads ("/stop") are commands by construction.
        """
        if intent not in self.settings.intents or text.lstrip().startswith("/"):
            return True
        return not self.foreign_words(intent, text)
