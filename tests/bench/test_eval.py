"""`make eval` end to end: questions over REST to the real servers, replies judged, results written."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from bot import paths

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
    questions = tmp_path / "questions"
    questions.mkdir()
    (questions / "dev_questions_tiny.yml").write_text(QUESTIONS, encoding="utf-8")
    out = tmp_path / "out"
    result = subprocess.run([sys.executable, "-m", "bench.eval", "--dir", str(questions), "--out", str(out),
                             "--no-heldout"], cwd=paths.ROOT, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr[-3000:]
    (scored,) = json.loads((out / "latest.json").read_text(encoding="utf-8"))["files"]
    assert scored["cases"] == 3 and scored["share"] == round(2 / 3, 4)
    assert scored["topics"] == {"answered": 1.0, "never_said": 0.0}
    assert [m["case"] for m in scored["misses"]] == ["Hvad er samskabelsestrappen?"]
    assert "samskabelsestrappen" in scored["misses"][0]["reply"].lower()
    assert "dev_questions_tiny.yml" in (out / "latest.md").read_text(encoding="utf-8")


def test_eval_says_where_it_looked_when_there_are_no_questions(tmp_path):
    result = subprocess.run([sys.executable, "-m", "bench.eval", "--dir", str(tmp_path), "--no-heldout"],
                            cwd=paths.ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1 and str(tmp_path) in result.stderr


@pytest.mark.skipif(not (paths.ROOT.parent / "shared" / "eval").is_dir(), reason="../shared/eval is not here")
def test_no_development_question_is_in_the_training_or_content_data():
    """The shared development questions measure only while they stay out of data/ (case and spaces aside)."""
    import yaml

    from bot.evaluation import text_key

    questions = [case for path in sorted((paths.ROOT.parent / "shared" / "eval").glob("dev_questions*.yml"))
                 for topic in yaml.safe_load(path.read_text(encoding="utf-8")).values() for case in topic["cases"]]
    data = "\n".join(text_key(p.read_text(encoding="utf-8")) for p in sorted((paths.ROOT / "data").rglob("*.yml")))
    assert questions and [q for q in questions if text_key(q) in data] == []
