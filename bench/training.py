"""Train models for the benchmark with the same `rasa train` that `make train` runs."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

from bot import paths

ENV = {"RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2", "PYTHONHASHSEED": "0",
       "PYTHONWARNINGS": "ignore::DeprecationWarning", "SQLALCHEMY_SILENCE_UBER_WARNING": "1"}


def _env() -> dict[str, str]:
    return {**os.environ, **ENV}


def config_copy(config: Path, out: Path, epochs: int | None = None) -> Path:
    """The config as a file in `out`; with `epochs`, every trained component uses that many (tiny runs)."""
    data: dict[str, Any] = yaml.safe_load(config.read_text(encoding="utf-8"))
    if epochs is not None:
        for item in (data.get("pipeline") or []) + (data.get("policies") or []):
            if "epochs" in item or item.get("name") in {"DIETClassifier", "TEDPolicy", "UnexpecTEDIntentPolicy"}:
                item["epochs"] = epochs
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
        command = [rasa, "train", "--config", str(config), "--domain", str(paths.ROOT / "domain.yml"),
                   "--out", str(out), "--fixed-model-name", name, "--force", "--data", *map(str, data)]
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


def predict(model: Path, texts: list[str]) -> list[str]:
    """Intent names the model gives the texts (in a subprocess, so models never share TensorFlow state)."""
    with tempfile.TemporaryDirectory(prefix="bench-predict-") as tmp:
        source, target = Path(tmp) / "texts.json", Path(tmp) / "intents.json"
        source.write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")
        result = subprocess.run([sys.executable, "-m", "bench.predict", str(model), str(source), str(target)],
                                cwd=paths.ROOT, env=_env(), capture_output=True, text=True)
        if result.returncode != 0:
            raise RuntimeError(f"parsing with {model} failed:\n{result.stderr[-2000:]}")
        predicted = json.loads(target.read_text(encoding="utf-8"))
    if len(predicted) != len(texts):
        raise RuntimeError(f"{model}: {len(predicted)} predictions for {len(texts)} texts")
    return predicted
