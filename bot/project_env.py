"""The project's shared settings from project.env: the model file and the environment every process runs with.

The Makefile includes the same file, so the names and values are written
once for both: no second list to keep equal. No Rasa here.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Mapping

PROJECT_ENV_FILE = Path(__file__).resolve().parent.parent / "project.env"
_LINE = re.compile(r"^(export\s+)?([A-Z][A-Z0-9_]*)\s*:?=\s*(.*?)\s*$")


class ProjectEnvError(ValueError):
    """project.env has a line that is neither a comment nor `[export] NAME = value`."""


@lru_cache(maxsize=4)
def read(path: Path = PROJECT_ENV_FILE) -> tuple[dict[str, str], frozenset[str]]:
    """Every setting, and the names marked `export`."""
    settings: dict[str, str] = {}
    exported: set[str] = set()
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = _LINE.match(line)
        if not match:
            raise ProjectEnvError(f"{path}:{number}: expected `[export] NAME = value`, got {line!r}")
        settings[match.group(2)] = match.group(3)
        if match.group(1):
            exported.add(match.group(2))
    return settings, frozenset(exported)


def setting(name: str, path: Path = PROJECT_ENV_FILE) -> str:
    return read(path)[0][name]


def run_environment(base: Mapping[str, str] | None = None, path: Path = PROJECT_ENV_FILE) -> dict[str, str]:
    """`base` (default: this process's environment) with project.env's exported settings on top."""
    settings, exported = read(path)
    return {**(os.environ if base is None else base), **{name: settings[name] for name in exported}}
