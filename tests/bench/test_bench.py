"""`make bench` runs end to end: a tiny case through the same chain (train, parse, serve, measure, report)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from bench.__main__ import BENCH_README, QUICK_INTENTS
from bot import paths
from bot.nlp.evaluation import heldout_examples

pytestmark = pytest.mark.server


def test_bench_quick_run_writes_json_and_markdown(tmp_path):
    readme_before = BENCH_README.read_text(encoding="utf-8")
    # --quick takes up to 3 held-out questions of each of its intents (out_of_scope has none there).
    heldout = heldout_examples()
    quick_heldout = sum(min(3, sum(1 for intent, _ in heldout if intent == name)) for name in QUICK_INTENTS)
    result = subprocess.run(
        [sys.executable, "-m", "bench", "--quick", "--out", str(tmp_path)],
        cwd=paths.ROOT,
        capture_output=True,
        text=True,
        timeout=1500,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    data = json.loads((tmp_path / "latest.json").read_text(encoding="utf-8"))
    assert data["quick"] is True
    assert set(data["configs"]) == {"project", "rasa_default"}
    assert data["complete"] is True and data["pending"] == []
    project, default = data["configs"]["project"], data["configs"]["rasa_default"]
    assert project["cv"]["folds"] == 2 and project["cv"]["examples"] == 32
    assert 0 <= project["cv"]["macro_f1"] <= 1
    assert project["heldout"]["heldout_questions"] == quick_heldout and project["heldout"]["off_topic_sentences"] == 6
    # The quick run leaves the baseline's quality steps (the same code on another config) to the real run.
    assert "cv" not in default and "heldout" not in default
    assert project["speed"]["p50_ratio_to_default"] > 0
    for entry in data["configs"].values():
        assert entry["training_s"] > 0 and entry["model_mb"] > 0
        speed = entry["speed"]
        assert speed["one_sender"]["messages"] == 8 and speed["one_sender"]["errors"] == 0
        assert [c["senders"] for c in speed["concurrency"]] == [1, 3]
        assert all(c["errors"] == 0 for c in speed["concurrency"])
        assert speed["growth"]["errors"] == 0 and speed["growth"]["ratio_longest_to_shortest"] > 0
        assert speed["memory_after_warmup_mb"] > 100 and speed["start_to_first_answer_s"] > 0
    workers = data["configs"]["project"]["speed_2_workers"]
    assert "error" not in workers, workers
    assert workers["workers"] == 2 and workers["concurrency"][0]["errors"] == 0
    # Two workers hold two models: more memory than one, counted once across processes.
    assert workers["memory_pss_after_warmup_mb"] > data["configs"]["project"]["speed"]["memory_pss_after_warmup_mb"]
    table = (tmp_path / "latest.md").read_text(encoding="utf-8")
    assert "| Intent macro F1, 5-fold CV |" in table and "Rasa default" in table
    assert "quick run" in table
    # A quick run never overwrites the committed results in the bench's README.
    assert BENCH_README.read_text(encoding="utf-8") == readme_before


def test_redo_names_steps_and_a_new_model_drops_its_figures():
    from bench.__main__ import forget_steps, parse_redo

    assert parse_redo(["project:cv,speed"]) == {"project": {"cv", "speed"}}
    assert parse_redo(["rasa_default"])["rasa_default"] == {"train", "speed", "heldout", "cv"}
    for bad in (["nope"], ["project:warp"]):
        with pytest.raises(SystemExit):
            parse_redo(bad)
    steps = {"train": {"commit": "a"}, "speed": {"commit": "a"}, "heldout": {"commit": "a"}, "cv": {"commit": "a"}}
    results = {"configs": {"project": {"steps": dict(steps)}, "rasa_default": {"steps": dict(steps)}}}
    forget_steps(results, {"project": {"cv"}, "rasa_default": {"train"}})
    assert set(results["configs"]["project"]["steps"]) == {"train", "speed", "heldout"}
    assert results["configs"]["rasa_default"]["steps"] == {}


def test_table_names_figures_kept_from_an_earlier_commit():
    from bench.table import markdown

    results = json.loads((paths.ROOT / "bench" / "results" / "latest.json").read_text(encoding="utf-8"))
    results["commit"] = "abc1234"
    for entry in results["configs"].values():
        for info in entry["steps"].values():
            info["commit"] = "abc1234"
    assert "Kept from an earlier commit" not in markdown(results, (1, 10, 50))
    # Set, not edited: the committed latest.json may be from a run still under way.
    results["configs"]["rasa_default"]["steps"]["cv"] = {"commit": "0ld0ld0", "started": "2026-11-01 00:00"}
    table = markdown(results, (1, 10, 50))
    assert "Kept from an earlier commit" in table and "Rasa default: cv (commit 0ld0ld0)" in table


def test_commit_says_when_the_checkout_is_not_what_ran(tmp_path, monkeypatch):
    import bench.__main__ as bench_main

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=tmp_path, check=True, capture_output=True)

    git("init", "-q")
    (tmp_path / "bench" / "results").mkdir(parents=True)
    (tmp_path / "config.yml").write_text("a\n")
    (tmp_path / "bench" / "results" / "latest.json").write_text("{}\n")
    git("add", ".")
    git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "x")
    monkeypatch.setattr(bench_main.paths, "ROOT", tmp_path)
    clean = bench_main._commit()
    assert clean and not clean.endswith("+changes")
    (tmp_path / "bench" / "results" / "latest.json").write_text('{"a": 1}\n')  # the bench's own output
    assert bench_main._commit() == clean
    (tmp_path / "config.yml").write_text("b\n")
    assert bench_main._commit() == clean + "+changes"


def test_a_tiny_config_copy_sets_epochs_and_the_case_readers_sample(tmp_path):
    import yaml

    from bench.training import CASE_READING, config_copy
    from bot import paths

    full = yaml.safe_load(config_copy(paths.ROOT / "config.yml", tmp_path / "full").read_text(encoding="utf-8"))
    tiny = yaml.safe_load(config_copy(paths.ROOT / "config.yml", tmp_path / "tiny", 2, 120).read_text(encoding="utf-8"))
    reader = [item for item in tiny["pipeline"] if item["name"] == CASE_READING]
    assert len(reader) == 1 and reader[0]["development_cases"] == 120
    assert all("development_cases" not in item for item in full["pipeline"])
    assert all(item["epochs"] == 2 for item in tiny["pipeline"] + tiny["policies"] if "epochs" in item)


def test_the_table_reports_the_case_bank_against_the_issues_targets():
    from bench.__main__ import steps_of
    from bench.table import evaluate, markdown

    def figures(right: float, all_four_nej: int, nej_ja: int, decided: float) -> dict:
        part = {
            "verdict_right": right,
            "right_after_answers": 0.95,
            "all_four_judged_nej": all_four_nej,
            "nej_judged_ja": nej_ja,
            "decided_without_question": decided,
        }
        return {"heldout": part, "written_apart": dict(part, verdict_right=0.5)}

    results = json.loads((paths.ROOT / "bench" / "results" / "latest.json").read_text(encoding="utf-8"))
    project = results["configs"]["project"]
    project["cases"] = figures(0.944, 0, 0, 0.987)
    met = evaluate(results, (1, 10, 50))
    assert met["Case bank, held-out: first reply right (after answers)"]
    assert met["Case bank, held-out: all four met judged Nej / Nej judged Ja"]
    assert met["Case bank, held-out: settled cases decided without a question"]
    assert "| ≥ 0.92 ✅ | 0.944 (0.95) |" in markdown(dict(results, targets_met=met), (1, 10, 50))
    project["cases"] = figures(0.91, 0, 1, 0.79)
    met = evaluate(results, (1, 10, 50))
    assert not any(met[label] for label in met if label.startswith("Case bank"))
    assert ("project", "cases") in steps_of(False) and ("project", "cases") not in steps_of(True)
