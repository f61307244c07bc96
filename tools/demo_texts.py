"""What the demo and the terminal chat say to the person at the keyboard (data/demo_texts.yml), by dotted key."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from bot import paths
from tools.yaml_texts import YamlTexts

TEXTS_FILE = paths.ROOT / "data" / "demo_texts.yml"


@lru_cache(maxsize=1)
def demo_texts() -> YamlTexts:
    """What the demo says to the trainer (data/demo_texts.yml); the played conversation is in data/demo.yml."""
    return YamlTexts.load(TEXTS_FILE)


def T(key: str, /, **values: Any) -> str:
    return demo_texts()(key, **values)
