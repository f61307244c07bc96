"""Shared fixtures: the real rule base and vocabulary."""

from __future__ import annotations

import ast
import os
import shutil
from pathlib import Path

import pytest
from _pytest.mark.expression import Expression  # pytest is pinned below 9 in pyproject.toml

from bot.project_env import run_environment  # noqa: E402

# The project's run environment (project.env) for every process a test starts, unless the caller set one.
for _name, _value in run_environment({}).items():
    os.environ.setdefault(_name, _value)

from bot import paths  # noqa: E402
from bot.flows.answers import Advisor  # noqa: E402
from bot.knowledge import load_knowledge  # noqa: E402
from bot.vocabulary import load_vocabulary  # noqa: E402


@pytest.fixture(scope="session")
def vocabulary():
    return load_vocabulary(paths.VOCABULARY_FILE)


@pytest.fixture(scope="session")
def kb(vocabulary):
    return load_knowledge(paths.KNOWLEDGE_DIR, vocabulary)


@pytest.fixture(scope="session")
def advisor(kb, vocabulary):
    return Advisor(kb, vocabulary)


@pytest.fixture()
def knowledge_copy(tmp_path: Path) -> Path:
    """A writable copy of the real rule base, for breaking it on purpose."""
    target = tmp_path / "knowledge"
    shutil.copytree(paths.KNOWLEDGE_DIR, target)
    return target


def _module_marks(path: Path) -> set[str]:
    """The marks of a test module's `pytestmark`, read from its source without importing it."""
    marks: set[str] = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "pytestmark" for t in node.targets):
            for found in ast.walk(node.value):
                if isinstance(found, ast.Attribute) and getattr(found.value, "attr", "") == "mark":
                    marks.add(found.attr)
    return marks


def pytest_ignore_collect(collection_path: Path, config):
    """With -m, a module whose own marks leave every test out is not imported at all.

    `make unit` (-m "not model and not server") then never imports the model
    and server modules, several of which bring TensorFlow (seconds per worker).
    A module is skipped only when no further mark on a single test could put
    a test back in: the expression is false with the module's marks and with
    every declared mark added.
    """
    markexpr = config.getoption("markexpr")
    if not markexpr or collection_path.suffix != ".py" or not collection_path.name.startswith("test_"):
        return None
    marks = _module_marks(collection_path)
    if not marks:
        return None
    declared = {line.split(":")[0].strip() for line in config.getini("markers")}
    expression = Expression.compile(markexpr)
    if not expression.evaluate(lambda name: name in marks) and not expression.evaluate(
        lambda name: name in marks | declared
    ):
        return True
    return None


def pytest_collection_modifyitems(config, items):
    """Slow server tests last, so quick failures show first."""
    items.sort(key=lambda item: 1 if item.get_closest_marker("server") else 0)


@pytest.fixture(scope="session")
def assistant():
    from bot.assistant import load_assistant

    return load_assistant()


@pytest.fixture(scope="session")
def guide(assistant):
    return assistant.guide


@pytest.fixture(scope="session")
def guides(guide):
    return guide.rules


@pytest.fixture()
def secure_delete_off_by_default():
    """Debian builds SQLite with secure_delete on by default, other builds (macOS, python.org) do not:
    act like those, so the test shows that the code turns it on itself."""
    import sqlalchemy as sa

    def off(dbapi_connection, _):
        dbapi_connection.execute("PRAGMA secure_delete=OFF")

    sa.event.listen(sa.pool.Pool, "connect", off)  # runs before the engine's own connect listeners
    yield
    sa.event.remove(sa.pool.Pool, "connect", off)
