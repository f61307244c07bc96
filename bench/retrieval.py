"""The retrieval table (heldout/nlu/retrieval.yml) end to end over REST: is each answer at the right depth?

Each question is asked in a fresh conversation. A "specific" question is
right when the reply is exactly the reply for one of its passages (one list
item, one "more" part), and "holds it" when the passage's text is somewhere
in the reply (the whole entry holds its items). A "broad" question is right
when the reply is its whole entry. A "nothing_close" question is right when
the reply carries no rule-base content (nothing close, off-topic, or
"Mente du …?").

The table is split by a hash of the question: the development part (60 %)
chose the numbers in data/nlp/retrieval.yml, the held-out part is only
measured. Both are reported, separately.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from bot import paths
from bot.flows.answers import Advisor
from bot.splits import in_development
from bot.yaml_reading import safe_load

TABLE = paths.HELDOUT_DIR / "nlu" / "retrieval.yml"
DEV_SHARE = 6  # of 10
SECTIONS = ("specific", "broad", "nothing_close")
NO_CONTENT_MESSAGES = ("nothing_close", "out_of_scope", "fallback_affirm", "fallback_rephrase", "fallback_give_up")


@dataclass(frozen=True)
class Row:
    section: str
    question: str
    passages: tuple[str, ...]

    @property
    def development(self) -> bool:
        return in_development(self.question, DEV_SHARE, 10)


def load_table(path: Path = TABLE) -> list[Row]:
    data = safe_load(Path(path).read_text(encoding="utf-8")) or {}
    rows = []
    for section in ("specific", "broad"):
        for item in data.get(section) or []:
            wanted = item["passage"] if isinstance(item["passage"], list) else [item["passage"]]
            rows.append(Row(section, item["q"], tuple(wanted)))
    rows.extend(Row("nothing_close", q, ()) for q in data.get("nothing_close") or [])
    return rows


def judge(row: Row, replies: list[str], advisor: Advisor) -> tuple[bool, bool]:
    """(right at the right depth, holds the content) for one row's reply texts."""
    if row.section == "nothing_close":
        empty = {advisor.kb.message(m).text for m in NO_CONTENT_MESSAGES}
        content = [r for r in replies if r not in empty]
        return not content, not content
    first = replies[0] if replies else ""
    joined = "\n".join(replies)
    exact = any(first == advisor.passage_reply(advisor.passages[p]).messages[0].text for p in row.passages)
    held = any(advisor.passages[p].text in joined for p in row.passages)
    return exact, held or exact


def measure(ask: Callable[[str], list[str]], advisor: Advisor, rows: list[Row], workers: int = 4) -> dict[str, Any]:
    """Shares per part (development, held-out) and section, with the misses."""
    with ThreadPoolExecutor(max_workers=workers) as pool:
        replies = list(pool.map(lambda row: ask(row.question), rows))
    result: dict[str, Any] = {}
    for part, dev in (("development", True), ("heldout", False)):
        part_result: dict[str, Any] = {}
        for section in SECTIONS:
            judged = [
                (row, judge(row, texts, advisor), texts)
                for row, texts in zip(rows, replies)
                if row.section == section and row.development == dev
            ]
            if not judged:
                continue
            part_result[section] = {
                "questions": len(judged),
                "right_depth": round(sum(j[0] for _, j, _ in judged) / len(judged), 4),
                "holds": round(sum(j[1] for _, j, _ in judged) / len(judged), 4),
                "misses": [
                    {"q": row.question, "expected": list(row.passages), "reply": " | ".join(texts)[:200]}
                    for row, j, texts in judged
                    if not j[0]
                ],
            }
        result[part] = part_result
    return result
