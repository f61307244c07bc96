"""`python -m tools validate` for content editors, and the off-topic split."""

from __future__ import annotations

import subprocess
import sys

import yaml

from bot import paths
from bot.nlp.offtopic import split


def _validate(directory) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "tools", "--knowledge", str(directory), "validate"],
        capture_output=True,
        text=True,
        cwd=paths.ROOT,
        timeout=120,
    )


def test_validate_passes_on_real_rule_base():
    result = _validate(paths.KNOWLEDGE_DIR)
    assert result.returncode == 0, result.stderr
    assert "Rule base OK" in result.stdout


def test_validate_fails_naming_file_and_entry(knowledge_copy):
    path = knowledge_copy / "examples.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["entries"][0]["related"] = ["nowhere"]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = _validate(knowledge_copy)
    assert result.returncode == 1
    assert "examples.yml: entry 'examples': unknown related id 'nowhere'" in result.stderr


def test_offtopic_split_is_stable_and_disjoint():
    sentences = [f"sætning nummer {i}" for i in range(400)] + ["sætning nummer 1"]
    train, heldout = split(sentences)
    assert split(sentences) == (train, heldout)
    assert not set(train) & set(heldout)
    assert len(train) + len(heldout) == 400
    assert 120 < len(train) < 280


def test_sentences_about_the_assistant_are_never_trained_on():
    sentences = [f"sætning nummer {i}" for i in range(50)] + ["Hallo"]
    train, heldout = split(sentences, keep_out=frozenset({"hallo"}))
    assert "Hallo" in heldout and "Hallo" not in train
