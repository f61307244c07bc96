"""The case reader's real settings (data/nlp/case_reading.yml), read once for the word-list tests."""

from __future__ import annotations

import pytest

from bot.cases.reading_settings import load_settings


@pytest.fixture(scope="session")
def settings():
    return load_settings()
