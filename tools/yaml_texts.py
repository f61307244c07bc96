"""Danish texts kept in YAML (report, demo), looked up by dotted key.

A missing key or a placeholder the code does not fill is an editor's
mistake: it fails with the file and key named, before any output is half
written.
"""

from __future__ import annotations

import string
from pathlib import Path
from typing import Any, Mapping

from bot.yaml_reading import safe_load


class YamlTexts:
    def __init__(self, data: Mapping[str, Any], source: Path) -> None:
        self.data = data
        self.source = source

    @classmethod
    def load(cls, path: Path) -> "YamlTexts":
        data = safe_load(Path(path).read_text(encoding="utf-8"))
        if not isinstance(data, Mapping):
            raise ValueError(f"{path}: needs a mapping of texts")
        return cls(data, Path(path))

    def raw(self, key: str) -> Any:
        node: Any = self.data
        for part in key.split("."):
            if not isinstance(node, Mapping) or part not in node:
                raise KeyError(f"{self.source}: missing text '{key}'")
            node = node[part]
        return node

    def __call__(self, key: str, /, **values: Any) -> str:
        text = self.raw(key)
        if not isinstance(text, str):
            raise KeyError(f"{self.source}: text '{key}' must be a string")
        used = {name for _, name, _, _ in string.Formatter().parse(text) if name}
        if used - set(values):
            raise KeyError(f"{self.source}: text '{key}' uses unknown placeholder(s) {sorted(used - set(values))}")
        return text.format(**values).strip()

    def words(self, key: str) -> list[str]:
        value = self.raw(key)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise KeyError(f"{self.source}: '{key}' must be a list of words")
        return value
