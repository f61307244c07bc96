"""Training runs only when its inputs change."""

from __future__ import annotations

import shutil
from pathlib import Path

from bot import paths
from bot.nlp.training_state import content_hash, mark_nlp_built, mark_trained, needs_nlp, needs_training


def _project(tmp_path: Path) -> Path:
    root = tmp_path / "p"
    root.mkdir()
    for name in ("config.yml", "domain.yml"):
        shutil.copy(paths.ROOT / name, root / name)
    shutil.copytree(paths.ROOT / "data" / "rules", root / "data" / "rules")
    return root


def test_hash_changes_with_data_and_base(tmp_path):
    root = _project(tmp_path)
    before = content_hash(root, base="blank")
    assert content_hash(root, base="blank") == before
    assert content_hash(root, base="da_core_news_sm") != before
    (root / "data" / "rules" / "topics.yml").write_text("changed", encoding="utf-8")
    assert content_hash(root, base="blank") != before


def test_needs_training_until_marked(tmp_path, monkeypatch):
    monkeypatch.setenv("SPACY_BASE", "blank")
    root = _project(tmp_path)
    hash_file = root / "models" / ".content-hash"
    assert needs_training(root, hash_file)
    mark_trained(root, hash_file)
    assert needs_training(root, hash_file)  # no model file yet
    (root / "models" / "samskabelse.tar.gz").write_bytes(b"model")
    assert not needs_training(root, hash_file)
    (root / "config.yml").write_text("changed", encoding="utf-8")
    assert needs_training(root, hash_file)


def test_the_spacy_pipeline_is_rebuilt_only_when_its_inputs_or_base_change(tmp_path, monkeypatch):
    monkeypatch.setenv("SPACY_BASE", "blank")
    root = _project(tmp_path)
    shutil.copytree(paths.ROOT / "data" / "knowledge", root / "data" / "knowledge")
    pipeline, stamp = root / ".build" / "spacy" / "da_samskabelse", root / ".build" / "spacy" / ".inputs"
    assert needs_nlp(root, pipeline, stamp)
    pipeline.mkdir(parents=True)
    (pipeline / "meta.json").write_text("{}", encoding="utf-8")
    assert needs_nlp(root, pipeline, stamp)  # built, but not from inputs on record
    mark_nlp_built(root, stamp)
    assert not needs_nlp(root, pipeline, stamp)
    (root / "data" / "rules" / "topics.yml").write_text("changed", encoding="utf-8")
    assert not needs_nlp(root, pipeline, stamp)  # the rules are training data, not the pipeline's
    (root / "data" / "knowledge" / "definitions.yml").write_text("changed", encoding="utf-8")
    assert needs_nlp(root, pipeline, stamp)
    mark_nlp_built(root, stamp)
    monkeypatch.setenv("SPACY_BASE", "da_core_news_sm")
    assert needs_nlp(root, pipeline, stamp)


def test_the_makefile_asks_python_instead_of_hashing_itself():
    makefile = (paths.ROOT / "Makefile").read_text(encoding="utf-8")
    assert "sha256sum" not in makefile and "needs-nlp" in makefile and "needs-training" in makefile
