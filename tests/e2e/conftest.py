"""Starts the real action server and Rasa server (REST channel) for end-to-end tests."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Iterator

import pytest
import requests

from bot import paths

MODEL = paths.MODELS_DIR / "samskabelse.tar.gz"
STARTUP_TIMEOUT = 240


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _rasa() -> str:
    return str(Path(sys.executable).with_name("rasa"))


def _wait(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url} exited early:\n{log.read_text()[-3000:]}")
        try:
            if requests.get(url, timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"{url} did not start in {STARTUP_TIMEOUT}s:\n{log.read_text()[-3000:]}")


class Servers:
    def __init__(self, rest_url: str):
        self.rest_url = rest_url

    def send(self, sender: str, message: str) -> list[dict[str, Any]]:
        response = requests.post(self.rest_url, json={"sender": sender, "message": message}, timeout=30)
        response.raise_for_status()
        return response.json()


@pytest.fixture(scope="session")
def servers(tmp_path_factory) -> Iterator[Servers]:
    if not MODEL.exists():
        pytest.fail(f"{MODEL} is missing: run `make test`, which trains first")
    workdir = tmp_path_factory.mktemp("servers")
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2"}
    action_port, rasa_port = free_port(), free_port()
    endpoints = workdir / "endpoints.yml"
    endpoints.write_text(
        f'action_endpoint:\n  url: "http://127.0.0.1:{action_port}/webhook"\n'
        "tracker_store:\n  type: InMemoryTrackerStore\n",
        encoding="utf-8",
    )
    action_log, rasa_log = workdir / "actions.log", workdir / "rasa.log"
    procs = []
    try:
        with open(action_log, "w") as log:
            procs.append(subprocess.Popen(
                [_rasa(), "run", "actions", "--actions", "actions", "--port", str(action_port)],
                cwd=paths.ROOT, env=env, stdout=log, stderr=subprocess.STDOUT))
        with open(rasa_log, "w") as log:
            procs.append(subprocess.Popen(
                [_rasa(), "run", "--model", str(MODEL), "--credentials", "credentials.yml",
                 "--endpoints", str(endpoints), "--interface", "127.0.0.1", "--port", str(rasa_port)],
                cwd=paths.ROOT, env=env, stdout=log, stderr=subprocess.STDOUT))
        _wait(f"http://127.0.0.1:{action_port}/health", procs[0], action_log)
        _wait(f"http://127.0.0.1:{rasa_port}/", procs[1], rasa_log)
        yield Servers(f"http://127.0.0.1:{rasa_port}/webhooks/rest/webhook")
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
