"""The targets and the Markdown table of a benchmark run.

Speed is judged as a ratio to Rasa's default config measured in the same run
(these machines vary 2x from day to day); answers by the development
questions end to end (`make eval`).
"""

from __future__ import annotations

from typing import Any, Callable

# (label, how to read it from one config's results, target text, check)
Row = tuple[str, Callable[[dict], Any], str, Callable[[Any], bool] | None]


def _conc(n: int, key: str, run: str = "speed") -> Callable[[dict], Any]:
    def read(r: dict) -> Any:
        for item in r[run]["concurrency"]:
            if item["senders"] == n:
                return item[key]
        return None

    return read


def rows(concurrency: tuple[int, ...]) -> list[Row]:
    out: list[Row] = [
        ("Intent accuracy, 5-fold CV", lambda r: r["cv"]["accuracy"], "", None),
        ("Intent macro F1, 5-fold CV", lambda r: r["cv"]["macro_f1"], "≥ 0.95", lambda v: v >= 0.95),
        ("Intent accuracy, held-out questions", lambda r: r["heldout"]["heldout_accuracy"], "", None),
        (
            "Dev questions, Danish: replies with the expected content",
            lambda r: r["eval"]["danish"],
            "≥ 0.92",
            lambda v: v >= 0.92,
        ),
        (
            "Dev questions, English: replies with the expected content",
            lambda r: r["eval"]["english"],
            "≥ 0.8",
            lambda v: v >= 0.8,
        ),
        (
            "Own retrieval table, held-out: right depth (specific / broad)",
            lambda r: (
                f"{r['eval']['retrieval']['heldout']['specific']['right_depth']} / "
                f"{r['eval']['retrieval']['heldout']['broad']['right_depth']}"
            ),
            "",
            None,
        ),
        (
            "Case bank, held-out: first reply right (after answers)",
            lambda r: f"{r['cases']['heldout']['verdict_right']} ({r['cases']['heldout']['right_after_answers']})",
            "≥ 0.92",
            lambda v: float(v.split()[0]) >= 0.92,
        ),
        (
            "Case bank, held-out: all four met judged Nej / Nej judged Ja",
            lambda r: f"{r['cases']['heldout']['all_four_judged_nej']} / {r['cases']['heldout']['nej_judged_ja']}",
            "0 / 0",
            lambda v: v == "0 / 0",
        ),
        (
            "Case bank, held-out: settled cases decided without a question",
            lambda r: r["cases"]["heldout"]["decided_without_question"],
            "≥ 0.8",
            lambda v: v >= 0.8,
        ),
        (
            "Cases written apart: first reply right (after answers)",
            lambda r: (
                f"{r['cases']['written_apart']['verdict_right']} ({r['cases']['written_apart']['right_after_answers']})"
            ),
            "",
            None,
        ),
        ("Off-topic rejected (held-out)", lambda r: r["heldout"]["off_topic_rejection"], "≥ 0.97", lambda v: v >= 0.97),
        ("In-domain questions rejected", lambda r: r["heldout"]["in_domain_rejected"], "≤ 0.02", lambda v: v <= 0.02),
        ("One sender p50 (ms)", lambda r: r["speed"]["one_sender"]["p50_ms"], "", None),
        ("One sender p50 ÷ Rasa default's", lambda r: r["speed"]["p50_ratio_to_default"], "≤ 0.6", lambda v: v <= 0.6),
        ("One sender p95 (ms)", lambda r: r["speed"]["one_sender"]["p95_ms"], "≤ 100", lambda v: v <= 100),
        ("One sender p99 (ms)", lambda r: r["speed"]["one_sender"]["p99_ms"], "", None),
    ]
    for n in concurrency:
        out.append(
            (
                f"{n} senders: messages/s",
                _conc(n, "throughput_msg_s"),
                "≥ 100" if n == 10 else "",
                (lambda v: v >= 100) if n == 10 else None,
            )
        )
        out.append(
            (
                f"{n} senders: p50 / p95 (ms)",
                lambda r, n=n: f"{_conc(n, 'p50_ms')(r)} / {_conc(n, 'p95_ms')(r)}",
                "",
                None,
            )
        )
        out.append((f"{n} senders: errors", _conc(n, "errors"), "0", lambda v: v == 0))
    out += [
        (
            "Growth: p50 by conversation length (ms)",
            lambda r: " / ".join(str(v) for k, v in r["speed"]["growth"].items() if k.startswith("turn_")),
            "",
            None,
        ),
        (
            "Growth: longest ÷ shortest",
            lambda r: r["speed"]["growth"]["ratio_longest_to_shortest"],
            "≤ 2",
            lambda v: v <= 2,
        ),
        ("Training time (s)", lambda r: r["training_s"], "≤ 150", lambda v: v <= 150),
        ("Model size (MB)", lambda r: r["model_mb"], "", None),
        (
            "Rasa server memory after warm-up (MB)",
            lambda r: r["speed"]["memory_after_warmup_mb"],
            "≤ 1024",
            lambda v: v <= 1024,
        ),
        ("Rasa server peak memory (MB)", lambda r: r["speed"]["memory_peak_mb"], "", None),
        ("Start to first answer (s)", lambda r: r["speed"]["start_to_first_answer_s"], "", None),
    ]
    for n in concurrency[1:]:
        out.append(
            (
                f"2 workers, {n} senders: messages/s (p50 ms)",
                lambda r, n=n: (
                    f"{_conc(n, 'throughput_msg_s', 'speed_2_workers')(r)} ({_conc(n, 'p50_ms', 'speed_2_workers')(r)})"
                ),
                "",
                None,
            )
        )
        out.append((f"2 workers, {n} senders: errors", _conc(n, "errors", "speed_2_workers"), "0", lambda v: v == 0))
    out += [
        (
            "2 workers: memory, all processes (MB PSS)",
            lambda r: r["speed_2_workers"]["memory_pss_after_warmup_mb"],
            "",
            None,
        ),
        ("1 worker: memory (MB PSS)", lambda r: r["speed"]["memory_pss_after_warmup_mb"], "", None),
    ]
    return out


def add_ratios(results: dict[str, Any]) -> None:
    """The project's one-sender p50 as a share of Rasa default's from the same run, once both are measured."""
    try:
        project = results["configs"]["project"]["speed"]
        default = results["configs"]["rasa_default"]["speed"]["one_sender"]["p50_ms"]
        project["p50_ratio_to_default"] = round(project["one_sender"]["p50_ms"] / default, 3)
    except (KeyError, TypeError, ZeroDivisionError):
        pass


def evaluate(results: dict[str, Any], concurrency: tuple[int, ...]) -> dict[str, bool]:
    """Which targets the project's config meets."""
    project = results["configs"]["project"]
    met = {}
    for label, read, _, check in rows(concurrency):
        if check:
            try:
                met[label] = bool(check(read(project)))
            except (KeyError, TypeError):  # not measured (yet)
                pass
    return met


def markdown(results: dict[str, Any], concurrency: tuple[int, ...]) -> str:
    names = list(results["configs"])
    header = "| Measure | Target | " + " | ".join(results["configs"][n]["label"] for n in names) + " |"
    lines = [header, "|" + "---|" * (len(names) + 2)]
    met = results["targets_met"]
    for label, read, target, check in rows(concurrency):
        cells = []
        for name in names:
            try:
                value = read(results["configs"][name])
            except (KeyError, TypeError):
                value = "–"
            cells.append(str(value))
        if check and label in met:
            target = f"{target} {'✅' if met[label] else '❌'}"
        lines.append(f"| {label} | {target} | " + " | ".join(cells) + " |")
    m = results["machine"]
    lines.append("")
    quick = " (quick run: tiny data, not comparable; no held-out or CV for the baseline)" if results["quick"] else ""
    lines.append(
        f"Run {results['date']} on {m['cpu']} ({m['cores']} cores, {m['memory_gb']} GB RAM), "
        f"Python {m['python']}, Rasa {m['rasa']}, commit {results['commit']}{quick}. "
        "✅/❌: the project's config against the target."
    )
    kept = [
        f"{results['configs'][name]['label']}: {step} (commit {info['commit']})"
        for name in names
        for step, info in results["configs"][name].get("steps", {}).items()
        if info.get("commit") != results["commit"]
    ]
    if kept:
        lines.append("")
        lines.append(
            "Kept from an earlier commit (`--resume`; the data or code may differ since): " + "; ".join(kept) + "."
        )
    if results.get("pending"):
        lines.append("")
        lines.append(
            "Not measured in this run yet (– in the table; `make bench BENCH_ARGS=--resume` continues): "
            + ", ".join(results["pending"])
            + "."
        )
    return "\n".join(lines) + "\n"
