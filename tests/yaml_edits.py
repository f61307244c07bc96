"""Helpers for the content-error tests: change a copied YAML file, collect the validator's message."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

import pytest
import yaml

from bot.assistant import load_assistant
from bot.knowledge import KnowledgeError


def edit_yaml(path: Path, change: Callable[[Any], Any]) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def assistant_errors(knowledge_dir: Path) -> str:
    """The message loading the whole rule base (guided files too) fails with."""
    with pytest.raises(KnowledgeError) as info:
        load_assistant(knowledge_dir)
    return str(info.value)
