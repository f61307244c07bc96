"""`make bench`: train both configs, measure them, write bench/results/latest.{json,md} and bench/README.md's table.

python -m bench [--quick] [--out DIR] [--no-readme] [--resume] [--readme-only] [--only CONFIG:STEP,...]
--quick runs the whole chain on a tiny slice of the data (for the test).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench import quality, table
from bench.speed import SpeedPlan, measure
from bench.training import config_copy, train
from bot import paths
from bot.nlp import evaluation as ev

CONFIGS = {
    "project": ("config.yml", "Project (config.yml)"),
    "rasa_default": ("bench/configs/rasa_default.yml", "Rasa default"),
}
RESULTS_DIR = paths.ROOT / "bench" / "results"
README_START, README_END = "<!-- bench:start -->", "<!-- bench:end -->"
QUICK_INTENTS = ("ask_definition", "ask_ledetraade", "greet", "out_of_scope")


def _log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def machine() -> dict[str, Any]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024**3
    import rasa

    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": round(memory, 1),
        "python": platform.python_version(),
        "rasa": rasa.__version__,
    }


def _commit() -> str:
    """HEAD, with "+changes" if tracked files other than the bench's own output (results, its README table) differ."""
    result = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=paths.ROOT, capture_output=True, text=True)
    changed = subprocess.run(
        [
            "git",
            "status",
            "--porcelain",
            "--untracked-files=no",
            "--",
            ".",
            ":(exclude)bench/results",
            ":(exclude)bench/README.md",
        ],
        cwd=paths.ROOT,
        capture_output=True,
        text=True,
    ).stdout.strip()
    return (result.stdout.strip() or "unknown") + ("+changes" if changed else "")


def _quick_slice(examples: list[ev.Example], per_intent: int) -> list[ev.Example]:
    out: list[ev.Example] = []
    for intent in QUICK_INTENTS:
        out += [ex for ex in examples if ex[0] == intent][:per_intent]
    return out


# Timed steps first, on a quiet machine; the long cross-validations last.
STEPS = [
    ("project", "train"),
    ("project", "speed"),
    ("project", "speed_2_workers"),
    ("rasa_default", "train"),
    ("rasa_default", "speed"),
    ("project", "eval"),
    ("project", "cases"),
    ("project", "heldout"),
    ("project", "cv"),
    ("rasa_default", "heldout"),
    ("rasa_default", "cv"),
]
# --quick checks that the whole chain runs. The baseline's held-out and CV steps would run the same code a second
# time on another config, for two more minutes of every CI run, so the quick run leaves them to the real one; the
# case bank (the case reader fitted on the bank's development part, minutes) is measured by `make eval` as well.
QUICK_LEAVES_OUT = {("rasa_default", "heldout"), ("rasa_default", "cv"), ("project", "cases")}


def steps_of(quick: bool) -> list[tuple[str, str]]:
    """The steps a run measures, in order."""
    return [step for step in STEPS if not (quick and step in QUICK_LEAVES_OUT)]


def _save(out: Path, results: dict[str, Any], concurrency: tuple[int, ...]) -> None:
    """Written after every step, so an interrupted run keeps what it measured (and --resume goes on)."""
    done = {f"{name}.{step}" for name, entry in results["configs"].items() for step in entry.get("steps", {})}
    results["pending"] = [f"{name}.{step}" for name, step in steps_of(results["quick"]) if f"{name}.{step}" not in done]
    results["complete"] = not results["pending"]
    table.add_ratios(results)
    results["targets_met"] = table.evaluate(results, concurrency)
    (out / "latest.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    (out / "latest.md").write_text(table.markdown(results, concurrency), encoding="utf-8")


def parse_redo(items: list[str]) -> dict[str, set[str]]:
    """`project:cv,speed` or `rasa_default` (every step) -> the steps to measure again."""
    redo: dict[str, set[str]] = {}
    known_steps = {step for _, step in STEPS}
    for item in items:
        name, _, steps = item.partition(":")
        if name not in CONFIGS:
            raise SystemExit(f"--redo: unknown config '{name}' (known: {', '.join(CONFIGS)})")
        chosen = set(steps.split(",")) if steps else {step for config, step in STEPS if config == name}
        if chosen - known_steps:
            raise SystemExit(
                f"--redo: unknown step(s) {', '.join(sorted(chosen - known_steps))} "
                f"(known: {', '.join(sorted(known_steps))})"
            )
        redo.setdefault(name, set()).update(chosen)
    return redo


def forget_steps(results: dict[str, Any], redo: dict[str, set[str]]) -> None:
    """Drop the saved steps that are to be measured again; a new model means its figures go too."""
    for name, steps in redo.items():
        entry = results["configs"].get(name)
        if entry is None:
            continue
        if "train" in steps:  # the model the other steps measured is replaced
            steps = steps | {step for config, step in STEPS if config == name}
        for step in steps:
            entry["steps"].pop(step, None)


def run(
    out: Path,
    quick: bool,
    resume: bool = False,
    redo: dict[str, set[str]] | None = None,
    only: dict[str, set[str]] | None = None,
) -> dict[str, Any]:
    """Measure every step not yet in the results; with `only`, just those steps (the rest stays pending)."""
    work = out / "work"
    examples = ev.training_examples()
    heldout, off_topic = ev.heldout_examples(), ev.off_topic_sentences()
    folds, epochs, cases, plan = 5, None, None, SpeedPlan()
    workers_plan = SpeedPlan(one_sender_messages=100, growth_lengths=())
    nlu_data = [paths.ROOT / "data" / "nlu"]
    if quick:
        examples = _quick_slice(examples, 8)
        heldout, off_topic = _quick_slice(heldout, 3), off_topic[:6]
        folds, epochs, cases = 2, 2, 120
        # One warm-up round: a 2-epoch TED model can spin for minutes in Rasa's
        # prediction loop when "fortæl mere" falls back a second time in one
        # conversation (action_default_fallback reverts the message); see README.
        plan = SpeedPlan(
            one_sender_messages=8,
            concurrency=(1, 3),
            messages_per_sender=2,
            growth_lengths=(2, 6),
            window=2,
            warmup_rounds=1,
        )
        workers_plan = SpeedPlan(
            one_sender_messages=4, concurrency=(3,), messages_per_sender=2, growth_lengths=(), warmup_rounds=1
        )
        work.mkdir(parents=True, exist_ok=True)
        nlu_data = [work / "quick_nlu.yml"]
        nlu_data[0].write_text(ev.to_nlu_yaml(examples), encoding="utf-8")
    results: dict[str, Any] = {
        "date": dt.date.today().isoformat(),
        "commit": _commit(),
        "quick": quick,
        "machine": machine(),
        "configs": {},
    }
    if resume and (out / "latest.json").exists():
        results = json.loads((out / "latest.json").read_text(encoding="utf-8"))
        if results.get("quick") != quick:
            raise SystemExit("--resume: the saved results are from a run of the other kind (--quick or not)")
        forget_steps(results, redo or {})
        # The run is now this commit's; steps kept from before are named in the table.
        results.update(date=dt.date.today().isoformat(), commit=_commit(), machine=machine())
    for name, (config_file, label) in CONFIGS.items():
        results["configs"].setdefault(name, {"label": label, "config": config_file, "steps": {}})
    for name, step in steps_of(quick):
        if only is not None and step not in only.get(name, set()):
            continue
        entry = results["configs"][name]
        label = entry["label"]
        config = config_copy(paths.ROOT / CONFIGS[name][0], work / name, epochs, cases)
        model = work / name / f"{name}.tar.gz"
        if step in entry["steps"] and (step != "train" or model.exists()):
            continue
        if step != "train" and not model.exists():  # resumed without the trained model: train again first
            entry["steps"].pop("train", None)
            _run_step(entry, "train", label, config, nlu_data, work, name, model)
        _run_step(
            entry,
            step,
            label,
            config,
            nlu_data,
            work,
            name,
            model,
            heldout=heldout,
            off_topic=off_topic,
            plan=plan,
            workers_plan=workers_plan,
            examples=examples,
            folds=folds,
            quick=quick,
        )
        _save(out, results, plan.concurrency)
    _save(out, results, plan.concurrency)
    return results


def answers_end_to_end(model: Path, work: Path, quick: bool) -> dict[str, Any]:
    """`make eval`'s measures on the bench's model: share per question file (Danish, English), the table."""
    from bench import eval as answers
    from tools.servers import Servers

    files = sorted(answers.eval_dir().glob(answers.PATTERN))
    if quick or not files:
        return {"skipped": "quick run" if quick else f"no question files in {answers.eval_dir()}"}
    work.mkdir(parents=True, exist_ok=True)
    with Servers(model=model, workdir=work) as assistant:
        measured = [answers.measure_file(assistant, path) for path in files]
        table = answers.measure_table(assistant)
    shares = {f["file"]: f["share"] for f in measured}
    return {
        "danish": shares.get("dev_questions.yml"),
        "english": shares.get("dev_questions_english.yml"),
        "files": shares,
        "retrieval": table,
    }


def _run_step(
    entry: dict[str, Any],
    step: str,
    label: str,
    config: Path,
    nlu_data: list[Path],
    work: Path,
    name: str,
    model: Path,
    **kw: Any,
) -> None:
    # The code that runs is the one checked out when the step starts.
    started, commit = time.strftime("%Y-%m-%d %H:%M"), _commit()
    if step == "train":
        _log(f"{label}: training the full model")
        trained, training_s = train(config, [*nlu_data, paths.ROOT / "data" / "rules"], work / name, name)
        entry["training_s"] = round(training_s, 1)
        entry["model_mb"] = round(trained.stat().st_size / 1024**2, 1)
    elif step == "cases":
        from bench import eval as answers

        _log(f"{label}: «Er det samskabelse?» on the case bank and the cases written apart from it")
        entry["cases"] = answers.judge_case_bank()
    elif step == "heldout":
        _log(f"{label}: held-out questions and off-topic sentences")
        entry["heldout"] = quality.heldout_quality(model, kw["heldout"], kw["off_topic"])
    elif step == "speed":
        _log(f"{label}: speed, growth and footprint")
        entry["speed"] = measure(model, work / name / "servers", kw["plan"])
    elif step == "speed_2_workers":
        _log(f"{label}: the same with two Sanic workers (WORKERS=2 make run)")
        try:
            entry["speed_2_workers"] = measure(model, work / name / "servers2", kw["workers_plan"], workers=2)
        except Exception as exc:  # reported in the results; the one-worker figures still count
            _log(f"{label}: two workers failed: {exc!r}")
            entry["speed_2_workers"] = {"error": repr(exc)[:500]}
    elif step == "eval":
        _log(f"{label}: development questions and the retrieval table end to end over REST")
        entry["eval"] = answers_end_to_end(model, work / name / "eval", kw["quick"])
    elif step == "cv":
        _log(f"{label}: {kw['folds']}-fold cross-validation")
        entry["cv"] = quality.cross_validate(config, kw["examples"], kw["folds"], work / name / "cv")
    entry["steps"][step] = {"commit": commit, "started": started}
    _log(f"{label}: {step} done")


BENCH_README = paths.ROOT / "bench" / "README.md"  # the benchmark's own page, with the generated table


def update_readme(table: str, readme: Path = BENCH_README) -> None:
    text = readme.read_text(encoding="utf-8")
    pattern = re.compile(re.escape(README_START) + ".*?" + re.escape(README_END), re.S)
    if not pattern.search(text):
        raise SystemExit(f"{readme} has no {README_START} … {README_END} block for the results")
    readme.write_text(pattern.sub(lambda _: f"{README_START}\n{table}{README_END}", text), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--quick", action="store_true", help="tiny data and few messages: checks the chain runs")
    parser.add_argument("--out", type=Path, default=RESULTS_DIR)
    parser.add_argument("--no-readme", action="store_true")
    parser.add_argument("--resume", action="store_true", help="keep the steps latest.json already has")
    parser.add_argument(
        "--redo",
        action="append",
        default=[],
        metavar="CONFIG[:STEP,...]",
        help="with --resume: measure these again (e.g. project, or rasa_default:train,speed)",
    )
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="CONFIG[:STEP,...]",
        help="measure just these steps now (e.g. project:train,speed,eval); the rest stays pending",
    )
    parser.add_argument(
        "--readme-only", action="store_true", help="put latest.md into bench/README.md, measure nothing"
    )
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    if args.readme_only:
        update_readme((args.out / "latest.md").read_text(encoding="utf-8"))
        return 0
    redo = parse_redo(args.redo)
    if redo and not args.resume:
        raise SystemExit("--redo only makes sense with --resume (a run without it measures everything)")
    only = parse_redo(args.only) if args.only else None
    results = run(args.out, args.quick, args.resume, redo, only)
    table = (args.out / "latest.md").read_text(encoding="utf-8")
    if not args.quick and not args.no_readme:
        update_readme(table)
    print(table)
    missed = [label for label, ok in results["targets_met"].items() if not ok]
    _log("all targets met" if not missed else "targets missed: " + "; ".join(missed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
