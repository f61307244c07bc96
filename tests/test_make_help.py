"""`make help` names every target in Danish; `make validate` prints no deprecation warnings."""

from __future__ import annotations

import re
import subprocess

from bot import paths

MAKEFILE = paths.ROOT / "Makefile"
# Words that would give an English description away (the old help was English).
# (Not "start", "chat", "data" or "test": Danish words too.)
ENGLISH = {
    "the",
    "and",
    "with",
    "run",
    "runs",
    "check",
    "delete",
    "measure",
    "all",
    "tests",
    "older",
    "than",
    "about",
    "hours",
    "quality",
    "insight",
    "scripted",
    "showcase",
    "next",
    "step",
    "quit",
    "it",
    "training",
    "owner",
    "only",
    "build",
    "show",
    "this",
}


def make(*args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["make", "--no-print-directory", *args], cwd=paths.ROOT, text=True, capture_output=True, timeout=timeout
    )


def makefile_targets() -> set[str]:
    text = MAKEFILE.read_text(encoding="utf-8")
    return set(re.findall(r"^([a-z][a-z0-9-]*):(?!=)", text, flags=re.M))


def phony_targets() -> set[str]:
    line = re.search(r"^\.PHONY:(.*)$", MAKEFILE.read_text(encoding="utf-8"), flags=re.M).group(1)
    return set(line.split())


def help_lines() -> dict[str, str]:
    result = make("help")
    assert result.returncode == 0, result.stderr
    return {m.group(1): m.group(2) for m in re.finditer(r"^\s*make (\S+)\s{2,}(.+)$", result.stdout, flags=re.M)}


def test_every_target_is_phony_and_in_the_help():
    targets = makefile_targets()
    assert {"run", "shell", "demo", "test", "validate", "report", "teams-package", "help"} <= targets
    assert phony_targets() == targets
    assert set(help_lines()) == targets


def test_the_help_is_danish():
    lines = help_lines()
    for target, description in lines.items():
        prose = re.sub(r"\S*[./:=]\S*", " ", description)  # file names, addresses and settings aside
        words = set(re.findall(r"[a-zæøå]+", prose.lower()))
        assert not words & ENGLISH, (target, description, words & ENGLISH)
    assert any(ch in "".join(lines.values()) for ch in "æøå")
    assert "HOST=0.0.0.0" in make("help").stdout  # how course participants get in


def test_make_is_the_default_goal_help():
    """Plain `make` shows the help, not a server start."""
    assert make().stdout == make("help").stdout


def test_make_validate_prints_no_deprecation_noise():
    """Also where the real rule base must pass `python -m tools validate`, and data/nlu and data/rules
    `rasa data validate --fail-on-warnings`."""
    result = make("validate", timeout=600)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    output = result.stdout + result.stderr
    assert "Rule base OK" in output and "No story structure conflicts found" in output
    assert "Warning" not in output and "deprecated" not in output.lower(), output
