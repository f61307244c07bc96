"""Train models for the benchmark with the same `rasa train` that `make train` runs."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

from bot import paths
from bot.project_env import run_environment
from bot.yaml_reading import safe_load


def _env() -> dict[str, str]:
    return run_environment()


CASE_READING = "featurizers.case_reading.CaseReading"


def config_copy(config: Path, out: Path, epochs: int | None = None, cases: int | None = None) -> Path:
    """The config as a file in `out`; with `epochs`, every trained component uses that many, and with `cases`
    the case reader is fitted on that many development cases of the bank (tiny runs)."""
    data: dict[str, Any] = safe_load(config.read_text(encoding="utf-8"))
    for item in (data.get("pipeline") or []) + (data.get("policies") or []):
        if epochs is not None and (
            "epochs" in item or item.get("name") in {"DIETClassifier", "TEDPolicy", "UnexpecTEDIntentPolicy"}
        ):
            item["epochs"] = epochs
        if cases is not None and item.get("name") == CASE_READING:
            item["development_cases"] = cases
    out.mkdir(parents=True, exist_ok=True)
    target = out / config.name
    target.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return target


def train(config: Path, data: list[Path], out: Path, name: str, nlu_only: bool = False) -> tuple[Path, float]:
    """Train one model; returns its path and the wall time of `rasa train`."""
    rasa = str(Path(sys.executable).with_name("rasa"))
    if nlu_only:
        command = [rasa, "train", "nlu", "--config", str(config), "--out", str(out), "--fixed-model-name", name]
        for path in data:
            command += ["--nlu", str(path)]
    else:
        command = [
            rasa,
            "train",
            "--config",
            str(config),
            "--domain",
            str(paths.ROOT / "domain.yml"),
            "--out",
            str(out),
            "--fixed-model-name",
            name,
            "--force",
            "--data",
            *map(str, data),
        ]
    log = out / f"{name}.train.log"
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    with open(log, "w") as handle:
        result = subprocess.run(command, cwd=paths.ROOT, env=_env(), stdout=handle, stderr=subprocess.STDOUT)
    seconds = time.perf_counter() - started
    model = out / f"{name}.tar.gz"
    if result.returncode != 0 or not model.exists():
        raise RuntimeError(f"training {name} failed, see {log}:\n{log.read_text()[-2000:]}")
    return model, seconds


def predict_many(jobs: list[tuple[Path, list[str]]]) -> list[list[str]]:
    """Intent names each model gives its texts, all in one subprocess (imports once, never shares state with us)."""
    with tempfile.TemporaryDirectory(prefix="bench-predict-") as tmp:
        spec = [
            {"model": str(model), "texts": texts, "out": str(Path(tmp) / f"{i}.json")}
            for i, (model, texts) in enumerate(jobs)
        ]
        jobs_file = Path(tmp) / "jobs.json"
        jobs_file.write_text(json.dumps(spec, ensure_ascii=False), encoding="utf-8")
        result = subprocess.run(
            [sys.executable, "-m", "bench.predict", str(jobs_file)],
            cwd=paths.ROOT,
            env=_env(),
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            raise RuntimeError(f"parsing failed:\n{result.stderr[-2000:]}")
        out = [json.loads(Path(job["out"]).read_text(encoding="utf-8")) for job in spec]
    for (model, texts), predicted in zip(jobs, out):
        if len(predicted) != len(texts):
            raise RuntimeError(f"{model}: {len(predicted)} predictions for {len(texts)} texts")
    return out


def predict(model: Path, texts: list[str]) -> list[str]:
    return predict_many([(model, texts)])[0]
