"""Speed, growth and footprint of a running assistant (action server included, SQLite store as `make run`)."""

from __future__ import annotations

import asyncio
import statistics
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp

from tools.rest_client import post_json
from tools.servers import Servers

WARMUP_TIMEOUT = 300.0

# Short questions a leader asks; none of them starts the ledetråde form, so a
# conversation of any length stays a run of answers.
QUESTIONS = [
    "Hvad er samskabelse?",
    "Hvad er frivilligledelse?",
    "hvad er de fem ledetråde",
    "Er samproduktion det samme som samskabelse?",
    "Hvad er samskabelsestrappen?",
    "Hvordan bliver vejret i morgen?",
    "fortæl mere",
    "tak for hjælpen",
]


@dataclass
class SpeedPlan:
    one_sender_messages: int = 400
    concurrency: tuple[int, ...] = (1, 10, 50)
    messages_per_sender: int = 20
    growth_lengths: tuple[int, ...] = (10, 100, 1000)
    window: int = 10
    warmup_rounds: int = 3


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def _summary(latencies_ms: list[float]) -> dict[str, float]:
    return {
        "p50_ms": round(statistics.median(latencies_ms), 1),
        "p95_ms": round(percentile(latencies_ms, 0.95), 1),
        "p99_ms": round(percentile(latencies_ms, 0.99), 1),
    }


def _rss_mb(pid: int, field: str = "VmRSS") -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return round(int(line.split()[1]) / 1024, 1)
    raise RuntimeError(f"no {field} for process {pid}")


def _process_tree(pid: int) -> list[int]:
    """The process and its descendants (Sanic's worker processes)."""
    out = [pid]
    for task in Path(f"/proc/{pid}/task").iterdir():
        for child in (task / "children").read_text().split():
            out += _process_tree(int(child))
    return out


def _pss_mb(pid: int) -> float:
    """Proportional memory of a process tree: shared pages counted once in total, not once per process."""
    total_kb = 0
    for member in _process_tree(pid):
        for line in Path(f"/proc/{member}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                total_kb += int(line.split()[1])
    return round(total_kb / 1024, 1)


class _Client:
    """Posts to the REST channel and records latency and errors."""

    def __init__(self, session: aiohttp.ClientSession, url: str):
        self.session, self.url = session, url
        self.latencies: list[float] = []
        self.errors: list[str] = []

    async def ask(self, sender: str, text: str) -> None:
        started = time.perf_counter()
        try:
            async with self.session.post(self.url, json={"sender": sender, "message": text}) as response:
                body = await response.json(content_type=None)
                if response.status != 200 or not body or not any(m.get("recipient_id") == sender for m in body):
                    self.errors.append(f"{response.status}: {str(body)[:200]}")
        except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
            self.errors.append(repr(exc))
        self.latencies.append((time.perf_counter() - started) * 1000)


async def _one_sender(url: str, count: int) -> dict[str, Any]:
    async with aiohttp.ClientSession() as session:
        client = _Client(session, url)
        for i in range(count):
            # A fresh sender every few turns: short conversations, as leaders have them.
            await client.ask(f"one-{i // len(QUESTIONS)}", QUESTIONS[i % len(QUESTIONS)])
    return {"messages": count, **_summary(client.latencies), "errors": len(client.errors)}


async def _concurrent(url: str, senders: int, per_sender: int) -> dict[str, Any]:
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as session:
        client = _Client(session, url)

        async def talk(k: int) -> None:
            for i in range(per_sender):
                await client.ask(f"load{senders}-{k}", QUESTIONS[(i + k) % len(QUESTIONS)])

        started = time.perf_counter()
        await asyncio.gather(*(talk(k) for k in range(senders)))
        wall = time.perf_counter() - started
    return {
        "senders": senders,
        "messages": senders * per_sender,
        "throughput_msg_s": round(senders * per_sender / wall, 1),
        **_summary(client.latencies),
        "errors": len(client.errors),
        "error_examples": client.errors[:3],
    }


async def _growth(url: str, lengths: tuple[int, ...], window: int) -> dict[str, Any]:
    """One conversation as long as the longest length; median latency of the `window` turns ending at each length."""
    async with aiohttp.ClientSession() as session:
        client = _Client(session, url)
        for i in range(max(lengths)):
            await client.ask("growth", QUESTIONS[i % len(QUESTIONS)])
    result = {
        f"turn_{n}_p50_ms": round(statistics.median(client.latencies[max(0, n - window) : n]), 1) for n in lengths
    }
    first, last = min(lengths), max(lengths)
    result["ratio_longest_to_shortest"] = round(result[f"turn_{last}_p50_ms"] / result[f"turn_{first}_p50_ms"], 2)
    result["errors"] = len(client.errors)
    return result


def measure(model: Path, work: Path, plan: SpeedPlan, workers: int = 1) -> dict[str, Any]:
    """Start the servers on `model` and measure everything a user or an operator would feel."""
    started = time.perf_counter()
    with Servers(model=model, workdir=work, tracker_db=work / "tracker.db", workers=workers) as assistant:
        # The first answers include TensorFlow tracing its functions for new input
        # shapes (seconds each on a busy machine); they are not what is measured.
        post_json(assistant.rest_url, {"sender": "first", "message": QUESTIONS[0]}, timeout=WARMUP_TIMEOUT)
        start_to_first_answer = time.perf_counter() - started
        rasa_pid = assistant._procs[1][0].pid
        for question in QUESTIONS * plan.warmup_rounds:
            post_json(assistant.rest_url, {"sender": "warmup", "message": question}, timeout=WARMUP_TIMEOUT)
        if workers > 1:  # every worker has to be warm, not just the one that answered
            asyncio.run(_concurrent(assistant.rest_url, 8, len(QUESTIONS)))
        memory_after_warmup = _rss_mb(rasa_pid)
        pss_after_warmup = _pss_mb(rasa_pid)
        url = assistant.rest_url
        one = asyncio.run(_one_sender(url, plan.one_sender_messages))
        concurrency = [asyncio.run(_concurrent(url, n, plan.messages_per_sender)) for n in plan.concurrency]
        growth = asyncio.run(_growth(url, plan.growth_lengths, plan.window)) if plan.growth_lengths else {}
        peak = _rss_mb(rasa_pid, "VmHWM")
    return {
        "workers": workers,
        "start_to_first_answer_s": round(start_to_first_answer, 1),
        "memory_after_warmup_mb": memory_after_warmup,
        "memory_pss_after_warmup_mb": pss_after_warmup,
        "memory_peak_mb": peak,
        "one_sender": one,
        "concurrency": concurrency,
        "growth": growth,
    }
