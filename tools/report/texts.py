"""The insight report's Danish texts (data/report.yml) and its one error type."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping

from bot import paths
from tools.yaml_texts import YamlTexts

TEXTS_FILE = paths.ROOT / "data" / "report.yml"


class ReportError(Exception):
    """A problem the owner can fix (wrong address, database down); the message is Danish, for the terminal."""


# The walk-through's row for those neither completed nor stopped (the quiz's text if the file lacks it).
LEDETRAADE_UNFINISHED_KEYS = ("ledetraade.unfinished", "quiz.unfinished")


class ReportTexts(YamlTexts):
    """The report's Danish texts from data/report.yml."""

    @classmethod
    def load(cls, path: Path = TEXTS_FILE) -> "ReportTexts":
        return super().load(path)

    def counted(self, key: str, /, count: int, **values: Any) -> str:
        """The text for `count` things: singular for exactly 1, else plural."""
        node = self.raw(key)
        if isinstance(node, Mapping):
            form = node.get("one") if count == 1 else node.get("other")
            return YamlTexts({"form": form}, self.source)("form", count=count, **values)
        return self(key, count=count, **values)

    def first_of(self, *keys: str) -> str:
        """The first of these texts the file has."""
        for key in keys[:-1]:
            try:
                return self(key)
            except KeyError:
                continue
        return self(keys[-1])
