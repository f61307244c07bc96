"""The real action server and Rasa server (REST channel), once per test session."""
from __future__ import annotations

from typing import Iterator

import pytest

from bot.processes import Assistant


@pytest.fixture(scope="session")
def servers(tmp_path_factory) -> Iterator[Assistant]:
    try:
        assistant = Assistant(workdir=tmp_path_factory.mktemp("servers")).__enter__()
    except FileNotFoundError as exc:
        pytest.fail(f"{exc} (`make test` trains first)")
    yield assistant
    assistant.__exit__(None, None, None)
