"""What leaders see: each question asked over REST in a fresh conversation, the reply checked for its content.

`make eval` runs the development questions (../shared/eval/dev_questions*.yml,
written independently of the training data) against the real servers and
reports the share of replies that hold the expected content, per topic and
per file; the project's own held-out files are scored separately beside them.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from bot.nlp.reply_checks import Topic, holds, load_topics
from bot.splits import in_development
from tools.servers import Servers


def ask_fresh(assistant: Servers, text: str) -> list[str]:
    """The reply texts of one turn, in a conversation of its own."""
    replies = assistant.send(f"eval-{uuid.uuid4().hex[:12]}", text)
    return [r.get("text", "") for r in replies if r.get("text")]


def measure_file(assistant: Servers, path: Path, workers: int = 4) -> dict[str, Any]:
    """Share of cases whose reply holds the topic's content, overall and per topic, with the misses."""
    topics = load_topics(path)
    jobs: list[tuple[Topic, str]] = [(topic, case) for topic in topics for case in topic.cases]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        replies = list(pool.map(lambda job: ask_fresh(assistant, job[1]), jobs))
    per_topic: dict[str, list[bool]] = defaultdict(list)
    misses = []
    for (topic, case), texts in zip(jobs, replies):
        ok = holds(topic, texts)
        per_topic[topic.name].append(ok)
        if not ok:
            misses.append({"topic": topic.name, "case": case, "reply": " | ".join(texts)[:300]})
    passed = sum(ok for results in per_topic.values() for ok in results)
    return {
        "file": path.name,
        "cases": len(jobs),
        "share": round(passed / len(jobs), 4) if jobs else 0.0,
        "topics": {name: round(sum(r) / len(r), 4) for name, r in per_topic.items()},
        "misses": misses,
    }


OWN_DEVELOPMENT_SHARE = 50  # of 100 topics' hashes: the rest of the project's own leader questions is held out


def split_by_topic(result: dict[str, Any], path: Path) -> dict[str, Any]:
    """One file's result cut into its development and held-out topics (a fixed split by the topic's name).

    Only the development part's misses are kept: the held-out part is a figure, not a list to tune on.
    """
    sizes = {topic.name: len(topic.cases) for topic in load_topics(path)}
    parts: dict[str, Any] = {"file": result["file"]}
    for part, development in (("development", True), ("heldout", False)):
        names = [name for name in sizes if in_development(name, OWN_DEVELOPMENT_SHARE) == development]
        cases = sum(sizes[name] for name in names)
        passed = sum(round(result["topics"][name] * sizes[name]) for name in names)
        parts[part] = {"topics": len(names), "cases": cases, "share": round(passed / cases, 4) if cases else 0.0}
    parts["development"]["misses"] = [m for m in result["misses"] if in_development(m["topic"], OWN_DEVELOPMENT_SHARE)]
    return parts
