"""The real action server and Rasa server (REST channel), once per test session."""

from __future__ import annotations

from typing import Iterator

import pytest
from standins import StandIn

from tools.servers import Servers, free_port


@pytest.fixture(scope="session")
def web_port() -> int:
    """The port the web chat's page is served from in the browser tests: the one origin the server accepts."""
    return free_port()


@pytest.fixture(scope="session")
def servers(tmp_path_factory, web_port) -> Iterator[Servers]:
    """Both servers on a SQLite tracker store, as `make run` starts them; tests tell their conversations apart
    by sender (tests/e2e/chat.py's `sender`). Tests that need other settings or stop a server start their own."""
    workdir = tmp_path_factory.mktemp("servers")
    try:
        assistant = Servers(
            workdir=workdir, tracker_db=workdir / "tracker.db", env={"WEB_PORT": str(web_port)}
        ).__enter__()
    except FileNotFoundError as exc:
        pytest.fail(f"{exc} (`make test` trains first)")
    yield assistant
    assistant.__exit__(None, None, None)


@pytest.fixture(scope="module")
def stand_in() -> Iterator[StandIn]:
    """Slack's Web API and the Bot Framework services on loopback, one per test module."""
    with StandIn() as s:
        yield s
