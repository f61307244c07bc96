"""Parse texts with trained models in a process of their own (the benchmark's models never share one).

Usage: python -m bench.predict JOBS.json
JOBS.json: [{"model": path, "texts": [...], "out": path}, ...]; each out gets the intent names.
"""

from __future__ import annotations

import asyncio
import json
import sys


def main(jobs_file: str) -> None:
    from rasa.core.agent import Agent

    with open(jobs_file, encoding="utf-8") as f:
        jobs = json.load(f)
    for job in jobs:
        agent = Agent.load(job["model"])

        async def parse_all(texts: list[str], agent: Agent = agent) -> list[str]:
            return [(await agent.parse_message(text))["intent"]["name"] for text in texts]

        with open(job["out"], "w", encoding="utf-8") as f:
            json.dump(asyncio.run(parse_all(job["texts"])), f, ensure_ascii=False)


if __name__ == "__main__":
    main(sys.argv[1])
