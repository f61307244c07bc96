"""project.env: the model file and the run environment, written once for the Makefile and the Python code."""

from __future__ import annotations

import subprocess

import pytest

from bot import paths
from bot.project_env import ProjectEnvError, read, run_environment, setting


def test_exported_settings_are_the_run_environment_and_override_the_base(tmp_path):
    env_file = tmp_path / "project.env"
    env_file.write_text("# a comment\nMODEL_FILE = models/m.tar.gz\nexport A_FLAG = 1\nexport B := x y\n\n")
    assert read(env_file) == ({"MODEL_FILE": "models/m.tar.gz", "A_FLAG": "1", "B": "x y"}, frozenset({"A_FLAG", "B"}))
    assert setting("MODEL_FILE", env_file) == "models/m.tar.gz"
    assert run_environment({"A_FLAG": "0", "KEEP": "k"}, env_file) == {"A_FLAG": "1", "KEEP": "k", "B": "x y"}


def test_a_line_that_is_no_setting_names_file_and_line(tmp_path):
    env_file = tmp_path / "project.env"
    env_file.write_text("MODEL_FILE = m\nthis is not a setting\n")
    with pytest.raises(ProjectEnvError, match=r"project\.env:2"):
        read(env_file)


def test_the_makefile_and_python_read_the_same_values():
    """What make's recipes see is what the Python side reads: the Makefile includes project.env."""
    probe = "probe:\n\t@echo MODEL=$(MODEL)\n\t@env | grep -E '^(RASA_TELEMETRY_ENABLED|TF_CPP_MIN_LOG_LEVEL)='\n"
    result = subprocess.run(
        ["make", "-s", "--no-print-directory", "-f", "Makefile", "-f", "-", "probe"],
        input=probe,
        cwd=paths.ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    lines = set(result.stdout.split())
    assert f"MODEL={paths.MODEL_FILE.relative_to(paths.ROOT)}" in lines
    assert {
        f"{name}={value}"
        for name, value in run_environment({}).items()
        if name in ("RASA_TELEMETRY_ENABLED", "TF_CPP_MIN_LOG_LEVEL")
    } <= lines
    assert run_environment({})["RASA_TELEMETRY_ENABLED"] == "false"
