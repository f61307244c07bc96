"""Story tests: `rasa test core` on tests/stories/, failing on any prediction error."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot import paths
from bot.project_env import run_environment

pytestmark = pytest.mark.model  # needs the model make train wrote

MODEL = paths.MODEL_FILE


def test_stories_have_no_prediction_errors(tmp_path):
    if not MODEL.exists():
        pytest.fail(f"{MODEL} is missing: run `make test`, which trains first")
    rasa = str(Path(sys.executable).with_name("rasa"))
    result = subprocess.run(
        [
            rasa,
            "test",
            "core",
            "--model",
            str(MODEL),
            "--stories",
            "tests/stories",
            "--out",
            str(tmp_path / "results"),
            "--fail-on-prediction-errors",
            "--no-plot",
        ],
        cwd=paths.ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        env=run_environment(),
    )
    output = result.stdout[-4000:] + result.stderr[-4000:]
    failed = tmp_path / "results" / "failed_test_stories.yml"
    if failed.exists():
        output += "\n" + failed.read_text(encoding="utf-8")[-4000:]
    assert result.returncode == 0, output
