"""`rasa data validate` must pass with no warnings (as `make validate` runs it)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from bot import paths
from bot.project_env import run_environment


def test_rasa_data_validate_has_no_warnings():
    rasa = str(Path(sys.executable).with_name("rasa"))
    result = subprocess.run(
        [
            rasa,
            "data",
            "validate",
            "--config",
            "config.yml",
            "--domain",
            "domain.yml",
            "--data",
            "data/nlu",
            "data/rules",
            "--fail-on-warnings",
        ],
        cwd=paths.ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env=run_environment({"PATH": "/usr/bin:/bin", "HOME": str(Path.home())}),
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def test_no_topic_answer_lives_in_domain():
    import yaml

    domain = yaml.safe_load((paths.ROOT / "domain.yml").read_text(encoding="utf-8"))
    assert not domain.get("responses")
