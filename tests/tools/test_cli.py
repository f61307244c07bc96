"""`python -m tools validate` for content editors names the file and the entry of a mistake.

(That it passes on the real rule base is checked where make validate runs it, tests/test_make_help.py.)
"""

from __future__ import annotations

import subprocess
import sys

import yaml

from bot import paths


def _validate(directory) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "tools", "--knowledge", str(directory), "validate"],
        capture_output=True,
        text=True,
        cwd=paths.ROOT,
        timeout=120,
    )


def test_validate_fails_naming_file_and_entry(knowledge_copy):
    path = knowledge_copy / "examples.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["entries"][0]["related"] = ["nowhere"]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = _validate(knowledge_copy)
    assert result.returncode == 1
    assert "examples.yml: entry 'examples': unknown related id 'nowhere'" in result.stderr
