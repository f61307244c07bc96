"""The README stays a page a newcomer reads in five minutes, and every link in the docs leads somewhere."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot import paths

README = paths.ROOT / "README.md"
DOCS = [
    README,
    paths.ROOT / "bench" / "README.md",
    paths.ROOT / "heldout" / "README.md",
    *sorted((paths.ROOT / "docs").glob("*.md")),
]
_LINK = re.compile(r"\]\(([^)\s]+)\)")


def relative_links(page: Path) -> list[str]:
    """Targets of the page's Markdown links and images that point into the repository."""
    return [t for t in _LINK.findall(page.read_text(encoding="utf-8")) if not re.match(r"^[a-z]+:|^#", t)]


def test_the_readme_is_short_and_has_what_a_newcomer_needs():
    text = README.read_text(encoding="utf-8")
    assert len(text.encode("utf-8")) < 16_000
    assert "make run" in text and "make test" in text
    assert "![" in text and "## Eksempel" in text and "## Hvor står hvad" in text


def test_the_link_reader_finds_links_and_skips_web_addresses(tmp_path):
    page = tmp_path / "p.md"
    page.write_text("[a](docs/x.md#part) ![b](img.png) [c](https://example.org) [d](#here)")
    assert relative_links(page) == ["docs/x.md#part", "img.png"]


@pytest.mark.parametrize("page", DOCS, ids=lambda p: str(p.relative_to(paths.ROOT)))
def test_every_link_leads_to_a_file(page):
    missing = [t for t in relative_links(page) if not (page.parent / t.split("#")[0]).exists()]
    assert not missing
