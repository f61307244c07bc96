"""The action server refuses to start on a broken rule base, naming file and entry."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import yaml

from bot import paths
from bot.project_env import run_environment
from tools.servers import free_port


def test_action_server_refuses_broken_rule_base(knowledge_copy):
    path = knowledge_copy / "process.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["entries"][0].pop("source")
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    env = run_environment({**os.environ, paths.KNOWLEDGE_DIR_ENV: str(knowledge_copy)})
    rasa = str(Path(sys.executable).with_name("rasa"))
    result = subprocess.run(
        [rasa, "run", "actions", "--actions", "actions", "--port", str(free_port())],
        cwd=paths.ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode != 0
    assert "process.yml: entry 'phase_model': missing source" in result.stdout + result.stderr
