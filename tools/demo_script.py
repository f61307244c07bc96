"""The demo's script (data/demo.yml): the leader's lines, button clicks and stage notes, checked when read."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bot import paths
from bot.yaml_reading import safe_load
from tools.demo_texts import T

SCRIPT_FILE = paths.ROOT / "data" / "demo.yml"
STEP_KEYS = ("say", "click", "note")


class DemoScriptError(ValueError):
    """The demo script cannot be used; the message names the file and the step."""


@dataclass(frozen=True)
class ScriptStep:
    number: int
    say: str | None = None  # what the leader types
    click: str | None = None  # the title of a button in an earlier reply
    note: str = ""  # for the trainer, never sent


@dataclass(frozen=True)
class DemoScript:
    path: Path
    title: str
    intro: str
    outro: str
    steps: tuple[ScriptStep, ...]


def _shown_path(path: Path) -> str:
    try:
        return str(Path(path).resolve().relative_to(paths.ROOT))
    except ValueError:
        return str(path)


def _text(value: Any) -> str | None:
    """A non-blank string, stripped; None for anything else."""
    return value.strip() if isinstance(value, str) and value.strip() else None


def load_script(path: Path | str = SCRIPT_FILE) -> DemoScript:
    """The demo script in `path`, checked; DemoScriptError lists every problem with file and step."""
    path = Path(path)
    name = _shown_path(path)
    try:
        data = safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DemoScriptError(T("script.missing", name=name)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise DemoScriptError(T("script.unreadable", name=name, error=exc)) from None
    except yaml.YAMLError as exc:
        raise DemoScriptError(T("script.bad_yaml", name=name, error=exc)) from None
    if not isinstance(data, dict):
        raise DemoScriptError(T("script.not_a_mapping", name=name))

    problems: list[str] = []
    for key in ("title", "intro", "outro"):
        if data.get(key) is not None and not isinstance(data[key], str):
            problems.append(T("script.not_text", key=key))
    for key in sorted(set(data) - {"title", "intro", "outro", "steps"}, key=str):
        problems.append(T("script.unknown_key", key=key))
    raw_steps = data.get("steps")
    steps: list[ScriptStep] = []
    if not isinstance(raw_steps, list) or not raw_steps:
        problems.append(T("script.no_steps"))
        raw_steps = []
    for number, raw in enumerate(raw_steps, start=1):
        step, step_problems = _parse_step(number, raw)
        problems.extend(T("script.step_problem", number=number, problem=p) for p in step_problems)
        if step is not None:
            steps.append(step)
    if problems:
        lines = "\n".join(f"  - {name}: {p}" for p in problems)
        raise DemoScriptError(T("script.problems", count=len(problems)) + "\n" + lines)
    return DemoScript(
        path=path,
        title=_text(data.get("title")) or T("default_title"),
        intro=_text(data.get("intro")) or "",
        outro=_text(data.get("outro")) or "",
        steps=tuple(steps),
    )


def _parse_step(number: int, raw: Any) -> tuple[ScriptStep | None, list[str]]:
    from bot.inbound import MAX_MESSAGE_CHARS

    if not isinstance(raw, dict):
        return None, [T("script.step_not_a_mapping")]
    problems = [T("script.step_unknown_key", key=key) for key in sorted(set(raw) - set(STEP_KEYS), key=str)]
    say, click = _text(raw.get("say")), _text(raw.get("click"))
    for key in ("say", "click", "note"):
        if raw.get(key) is not None and not isinstance(raw[key], str):
            problems.append(T("script.not_text", key=key))
    if say and click:
        problems.append(T("script.say_and_click"))
    elif not (say or click):
        problems.append(T("script.no_text"))
    if say and len(say) > MAX_MESSAGE_CHARS:
        problems.append(T("script.too_long", length=len(say), limit=MAX_MESSAGE_CHARS))
    if problems:
        return None, problems
    return ScriptStep(number=number, say=say, click=click, note=_text(raw.get("note")) or ""), []
