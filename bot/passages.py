"""The rule base cut into passages: what a question can be answered with, at the depth it asks for.

An entry is one passage; so is each of its "more" parts, and each single list
item (one of the 12 projects, one principle, one piece of advice) wherever it
stands. A passage is only a view of the YAML: its text is the entry's own
text, so content stays in data/knowledge and nowhere else.

Ids are stable as long as the entry is: "<entry>", "<entry>#more<n>",
"<entry>#item<n>" (items counted in reading order through the text and then
the "more" parts, from 1).

An entry may list short points in its text and explain them in a "more" part,
one line each, starting with the same words ("5. Lad erfaringerne slå rod: …").
Such a point is one item, answered with its explaining line: a question about
one piece of advice wants the explanation, and the bare title would stand as
a rival of its own explanation.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Iterator

from bot.knowledge import Entry, KnowledgeBase

ENTRY, MORE, ITEM = "entry", "more", "item"
_ITEM_LINE = re.compile(r"^\s*(?:[•\-–]|\d{1,2}[.)])\s+\S")
_ITEM_MARK = re.compile(r"^\s*(?:[•\-–]|\d{1,2}[.)])\s+")


@dataclass(frozen=True)
class Passage:
    id: str
    entry_id: str
    kind: str
    # What the reply shows: the entry's text, one "more" part, or one list line.
    text: str
    # The line that introduces a list item (e.g. "Resonans giver seks råd …:"), else "".
    lead: str = ""
    # For a list item: how many items its list has (the items under the same lead), and whether it stands in the
    # entry's own text (not in a "more" part), where "the third" or "the last" of a list is counted.
    list_size: int = 0
    in_text: bool = False

    @property
    def is_part(self) -> bool:
        """True for a passage narrower than its whole entry."""
        return self.kind != ENTRY


def entry_id_of(passage_id: str) -> str:
    """The entry a passage id belongs to."""
    return passage_id.split("#", 1)[0]


def is_item_line(line: str) -> bool:
    return bool(_ITEM_LINE.match(line))


def _items(text: str) -> Iterator[tuple[str, str]]:
    """(lead, item line) for each list line in a text; the lead is the last non-item line before it."""
    lead = ""
    for line in text.splitlines():
        if not line.strip():
            continue
        if is_item_line(line):
            yield lead, line.strip()
        else:
            lead = line.strip()


def _point(line: str) -> str:
    """An item's point without its number or bullet, up to its first full stop or colon, normalised."""
    body = _ITEM_MARK.sub("", line, count=1)
    return " ".join(re.split(r"[.:]", body, maxsplit=1)[0].lower().split())


def _with_explanations(
    text_items: list[tuple[str, str]], more_items: list[tuple[str, str]]
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Text items that a "more" line explains take that line; the explaining lines are then no items of their own."""
    explaining = {}
    for _, line in more_items:
        if ":" in line:
            explaining.setdefault(_point(line), line)
    used: set[str] = set()
    merged = []
    for lead, line in text_items:
        fuller = explaining.get(_point(line))
        if fuller is not None and fuller != line:
            used.add(fuller)
            line = fuller
        merged.append((lead, line))
    return merged, [(lead, line) for lead, line in more_items if line not in used]


def entry_passages(entry: Entry) -> list[Passage]:
    found = [Passage(entry.id, entry.id, ENTRY, entry.text)]
    found.extend(Passage(f"{entry.id}#more{n}", entry.id, MORE, part) for n, part in enumerate(entry.more, start=1))
    in_text, in_more = _with_explanations(
        list(_items(entry.text)), [item for part in entry.more for item in _items(part)]
    )
    items = [(lead, line, True) for lead, line in in_text] + [(lead, line, False) for lead, line in in_more]
    # A list is the items under one lead: "to spørgsmål" and "fem fokuspunkter" in one entry are two lists.
    sizes = Counter((lead, text_part) for lead, _, text_part in items)
    found.extend(
        Passage(f"{entry.id}#item{n}", entry.id, ITEM, line, lead, sizes[lead, text_part], text_part)
        for n, (lead, line, text_part) in enumerate(items, start=1)
    )
    return found


def text_items(passages: Iterable[Passage], entry_id: str) -> list[Passage]:
    """The list items in an entry's own text, in order."""
    return [p for p in passages if p.entry_id == entry_id and p.kind == ITEM and p.in_text]


def all_passages(kb: KnowledgeBase) -> list[Passage]:
    """Every passage of every entry, in the rule base's order."""
    return [p for entry in kb.entries.values() for p in entry_passages(entry)]


def index_text(passage: Passage, kb: KnowledgeBase) -> str:
    """The words a passage is found by: its entry's title, the lead of a list item, and its own text."""
    title = kb.entries[passage.entry_id].title
    parts = [title, passage.lead, passage.text] if passage.kind == ITEM else [title, passage.text]
    return "\n".join(p for p in parts if p)
