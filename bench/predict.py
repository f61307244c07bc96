"""Parse texts with a trained model in a process of its own (each model gets a clean TensorFlow).

Usage: python -m bench.predict MODEL TEXTS.json PREDICTIONS.json
"""
from __future__ import annotations

import asyncio
import json
import sys


def main(model: str, texts_file: str, out_file: str) -> None:
    from rasa.core.agent import Agent

    agent = Agent.load(model)
    with open(texts_file, encoding="utf-8") as f:
        texts = json.load(f)

    async def parse_all() -> list[str]:
        return [(await agent.parse_message(text))["intent"]["name"] for text in texts]

    with open(out_file, "w", encoding="utf-8") as f:
        json.dump(asyncio.run(parse_all()), f, ensure_ascii=False)


if __name__ == "__main__":
    main(*sys.argv[1:4])
