"""Reading the small YAML settings files under data/nlp: one way to fail, naming the file and the key.

command_guard.yml, english.yml, questions.yml, ordinals.yml and retrieval.yml
are edited by hand; a mistake in one must stop `make validate` (and the
servers) with a message that says where, not with a traceback.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping

import yaml

from bot.yaml_reading import safe_load


def read_mapping(path: Path, error: type[ValueError]) -> Mapping[str, Any]:
    """The file's top-level mapping; raises `error` naming the file if it can't be read or isn't one."""
    try:
        data = safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise error(f"{path}: {exc}") from exc
    if data is None:
        data = {}
    if not isinstance(data, Mapping):
        raise error(f"{path}: must be a mapping of settings")
    return data


def word_list(data: Mapping[str, Any], key: str, path: Path, error: type[ValueError]) -> list[str]:
    """A non-empty list of non-empty strings under `key`, stripped; else `error` naming file and key."""
    value = data.get(key)
    if not (isinstance(value, list) and value and all(isinstance(v, str) and v.strip() for v in value)):
        raise error(f"{path}: '{key}' must be a non-empty list of words")
    return [v.strip() for v in value]


def whole_number(data: Mapping[str, Any], key: str, path: Path, error: type[ValueError]) -> int:
    """A whole number of at least 1 under `key` (true/false are not numbers); else `error`."""
    value = data.get(key)
    if not (isinstance(value, int) and not isinstance(value, bool) and value >= 1):
        raise error(f"{path}: '{key}' must be a whole number of at least 1")
    return value
