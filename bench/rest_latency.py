"""REST round-trip latency of the running assistant, one sender, warm.

Starts both servers like `make run`, warms up, then times N questions and
prints p50/p95/p99 as JSON. Usage: .venv/bin/python bench/rest_latency.py [N]
"""
from __future__ import annotations

import json
import platform
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.processes import Assistant  # noqa: E402

QUESTIONS = [
    "Hvad er samskabelse?", "Hvad er frivilligledelse?", "hvad er de fem ledetråde",
    "Er samproduktion det samme som samskabelse?", "Hvad er samskabelsestrappen?",
    "Hvordan bliver vejret i morgen?", "fortæl mere", "tak for hjælpen",
]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def main(n: int = 400) -> dict:
    started = time.perf_counter()
    with Assistant() as assistant:
        ready = time.perf_counter() - started
        for question in QUESTIONS * 3:
            assistant.send("warmup", question)
        timings = []
        for i in range(n):
            t0 = time.perf_counter()
            # A fresh sender every len(QUESTIONS) turns: short conversations, as
            # leaders have them (growth with length is measured separately).
            replies = assistant.send(f"bench-{i // len(QUESTIONS)}", QUESTIONS[i % len(QUESTIONS)])
            timings.append((time.perf_counter() - t0) * 1000)
            assert replies, "empty reply"
    result = {
        "machine": f"{platform.machine()}, {platform.processor() or 'cpu'}, {__import__('os').cpu_count()} cores",
        "messages": n,
        "startup_to_ready_s": round(ready, 1),
        "p50_ms": round(statistics.median(timings), 1),
        "p95_ms": round(percentile(timings, 0.95), 1),
        "p99_ms": round(percentile(timings, 0.99), 1),
    }
    print(json.dumps(result, indent=2))
    return result


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 400)
