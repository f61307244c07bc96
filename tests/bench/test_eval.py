"""`make eval` end to end: questions over REST to the real servers, replies judged, results written."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from bench.answers import OWN_DEVELOPMENT_SHARE
from bot import paths
from bot.splits import in_development

pytestmark = pytest.mark.server

QUESTIONS = """\
# Two topics the checker must tell apart: one the rule base answers, one it can't.
answered:
  all:
  - - samskabelse
  cases:
  - Hvad er samskabelse?
  - hvad betyder samskabelse
never_said:
  all:
  - - zebrafinke-4711
  cases:
  - Hvad er samskabelsestrappen?
"""


def test_eval_scores_replies_over_rest_and_writes_the_report(tmp_path):
    """The development files and the project's own files through one pair of servers (the retrieval table, the
    case bank and the NLU held-out figures have their own tests and are left out here to keep CI short)."""
    questions, own = tmp_path / "questions", tmp_path / "own"
    questions.mkdir()
    own.mkdir()
    (questions / "dev_questions_tiny.yml").write_text(QUESTIONS, encoding="utf-8")
    (own / "leader_questions_tiny.yml").write_text(QUESTIONS, encoding="utf-8")
    out = tmp_path / "out"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.eval",
            "--dir",
            str(questions),
            "--out",
            str(out),
            "--parts",
            "dev,own",
            "--own-dir",
            str(own),
        ],
        cwd=paths.ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    written = json.loads((out / "latest.json").read_text(encoding="utf-8"))
    assert "cases" not in written and "retrieval" not in written and "heldout" not in written
    (mine,) = written["own"]
    parts = [mine["development"], mine["heldout"]]
    assert sum(p["topics"] for p in parts) == 2 and sum(p["cases"] for p in parts) == 3
    assert sum(round(p["share"] * p["cases"]) for p in parts) == 2
    expected_misses = ["Hvad er samskabelsestrappen?"] if in_development("never_said", OWN_DEVELOPMENT_SHARE) else []
    assert [m["case"] for m in mine["development"]["misses"]] == expected_misses
    (scored,) = written["files"]
    assert scored["cases"] == 3 and scored["share"] == round(2 / 3, 4)
    assert scored["topics"] == {"answered": 1.0, "never_said": 0.0}
    assert [m["case"] for m in scored["misses"]] == ["Hvad er samskabelsestrappen?"]
    assert "samskabelsestrappen" in scored["misses"][0]["reply"].lower()
    assert "dev_questions_tiny.yml" in (out / "latest.md").read_text(encoding="utf-8")


def test_eval_says_where_it_looked_when_there_are_no_questions(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "bench.eval", "--dir", str(tmp_path), "--parts", "dev"],
        cwd=paths.ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1 and str(tmp_path) in result.stderr


@pytest.mark.skipif(not (paths.ROOT.parent / "shared" / "eval").is_dir(), reason="../shared/eval is not here")
def test_no_development_question_is_in_the_training_or_content_data():
    """The shared development questions measure only while they stay out of data/ (case and spaces aside)."""
    import yaml

    from bot.nlp.evaluation import text_key

    questions = [
        case
        for path in sorted((paths.ROOT.parent / "shared" / "eval").glob("dev_questions*.yml"))
        for topic in yaml.safe_load(path.read_text(encoding="utf-8")).values()
        for case in topic["cases"]
    ]
    data = "\n".join(text_key(p.read_text(encoding="utf-8")) for p in sorted((paths.ROOT / "data").rglob("*.yml")))
    assert questions and [q for q in questions if text_key(q) in data] == []


def test_eval_names_the_parts_it_knows_when_given_another(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "bench.eval", "--dir", str(tmp_path), "--parts", "dev,speed"],
        cwd=paths.ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert "dev, own, retrieval, cases, heldout" in result.stderr
