"""Shared fixtures: the real rule base and vocabulary."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

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
