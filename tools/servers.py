"""Start and stop the assistant's two server processes (action server, Rasa REST).

Used by the end-to-end tests and the benchmark; they run exactly what
`make run` runs, on free loopback ports.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from bot import paths
from bot.project_env import run_environment
from tools.rest_client import opener_for, post_json

STARTUP_TIMEOUT = 240.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _rasa() -> str:
    return str(Path(sys.executable).with_name("rasa"))


class Servers:
    """Context manager: both servers up on entry, stopped on exit."""

    def __init__(
        self,
        model: Path = paths.MODEL_FILE,
        workdir: Path | None = None,
        env: dict[str, str] | None = None,
        tracker_db: Path | None = None,
        stores: str | None = None,
        replicas: int = 1,
        rasa_args: list[str] | None = None,
        workers: int = 1,
        interface: str = "127.0.0.1",
        rasa_port: int | None = None,
    ):
        self.model = Path(model)
        self.extra_env = dict(env or {})
        # YAML for tracker_store/lock_store shared by several Rasa replicas (PostgreSQL, Redis).
        self.stores = stores
        self.replicas = replicas
        # Sanic worker processes per Rasa server (SANIC_WORKERS, as `WORKERS=2 make run`).
        self.workers = workers
        self.rasa_args = list(rasa_args or [])
        # A SQLite tracker store file (as `make run` uses); None keeps conversations in memory.
        self.tracker_db = Path(tracker_db) if tracker_db else None
        self.workdir = Path(workdir or tempfile.mkdtemp(prefix="samskabelse-"))
        self.action_port = free_port()
        # The Rasa server's address: loopback unless the caller opens it (`HOST=0.0.0.0 make run`'s test).
        self.interface = interface
        self.rasa_ports = ([rasa_port] if rasa_port and replicas == 1 else []) or [free_port() for _ in range(replicas)]
        self.rasa_port = self.rasa_ports[0]
        self.rest_urls = [f"http://127.0.0.1:{port}/webhooks/rest/webhook" for port in self.rasa_ports]
        self.rest_url = f"http://127.0.0.1:{self.rasa_port}/webhooks/rest/webhook"
        self._procs: list[tuple[subprocess.Popen, Path]] = []
        self._action_command: tuple[list[str], dict[str, str]] | None = None
        self._action_starts = 0

    def __enter__(self) -> "Servers":
        if not self.model.exists():
            raise FileNotFoundError(f"{self.model} is missing: run `make train` first")
        from tools.credentials import write_credentials

        # The server's key file lives beside the store (as `make run`'s), unless the caller gives one.
        key_dir = self.tracker_db.parent if self.tracker_db else self.workdir
        env = {
            **run_environment(),
            "SAMSKABELSE_SECRET_FILE": str(key_dir / "secret.key"),
            **self.extra_env,
        }
        credentials = self.workdir / "credentials.yml"
        write_credentials(paths.ROOT / "credentials.yml", credentials, env)
        endpoints = self.workdir / "endpoints.yml"
        store = self.stores or (
            "tracker_store:\n  type: store.tracker_store.PrivacySQLTrackerStore\n  dialect: sqlite\n"
            f"  db: {json.dumps(str(self.tracker_db))}\n"
            f"lock_store:\n  type: store.lock_store.FileLockStore\n"
            f"  directory: {json.dumps(str(self.workdir / 'locks'))}\n"
            if self.tracker_db
            else "tracker_store:\n  type: InMemoryTrackerStore\n"
        )
        if self.workers > 1:
            env["SANIC_WORKERS"] = str(self.workers)
        endpoints.write_text(
            f'action_endpoint:\n  url: "http://127.0.0.1:{self.action_port}/webhook"\n' + store,
            encoding="utf-8",
        )
        try:
            # As `make run`: the action server on loopback only.
            self._action_command = (
                [_rasa(), "run", "actions", "--actions", "actions", "--port", str(self.action_port)],
                {"SANIC_HOST": "127.0.0.1", **env},
            )
            self._start("actions", *self._action_command)
            self._action_starts = 1
            for index, port in enumerate(self.rasa_ports):
                self._start(
                    f"rasa{index or ''}",
                    [
                        _rasa(),
                        "run",
                        "--model",
                        str(self.model),
                        "--credentials",
                        str(credentials),
                        "--endpoints",
                        str(endpoints),
                        "--interface",
                        self.interface,
                        "--port",
                        str(port),
                        *self.rasa_args,
                    ],
                    env,
                )
            self._wait(f"{self.action_url}/health", *self._procs[0])
            for index, port in enumerate(self.rasa_ports, start=1):
                self._wait(f"http://127.0.0.1:{port}/", *self._procs[index])
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def _start(self, name: str, command: list[str], env: dict[str, str]) -> None:
        self._procs.append(self._launch(name, command, env))

    def _launch(self, name: str, command: list[str], env: dict[str, str]) -> tuple[subprocess.Popen, Path]:
        log = self.workdir / f"{name}.log"
        with open(log, "w") as out:
            # A session of its own, so stopping it also stops what it forked (Sanic's workers).
            proc = subprocess.Popen(
                command, cwd=paths.ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
            )
        return proc, log

    @staticmethod
    def _wait(url: str, proc: subprocess.Popen, log: Path) -> None:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(f"{url} exited early:\n{log.read_text()[-3000:]}")
            try:
                with opener_for(url).open(url, timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.5)
        raise RuntimeError(f"{url} did not start in {STARTUP_TIMEOUT:.0f}s:\n{log.read_text()[-3000:]}")

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}"

    def send(
        self, sender: str, message: str, headers: dict[str, str] | None = None, replica: int = 0
    ) -> list[dict[str, Any]]:
        return post_json(self.rest_urls[replica], {"sender": sender, "message": message}, headers=headers)

    @property
    def action_url(self) -> str:
        return f"http://127.0.0.1:{self.action_port}"

    @staticmethod
    def _stop(procs: list[subprocess.Popen]) -> None:
        """SIGTERM to each process group, SIGKILL to what is left after 20 s."""
        for proc in procs:
            _signal_group(proc, signal.SIGTERM)
        for proc in procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                pass
            _signal_group(proc, signal.SIGKILL)
            proc.wait()

    def stop_actions(self) -> None:
        """Stop the action server (the Rasa server keeps running), to test what users get then."""
        self._stop([self._procs[0][0]])

    def start_actions(self) -> None:
        """Start the action server again on the same port (after stop_actions) and wait until it is up."""
        if self._action_command is None:
            raise RuntimeError("the assistant was never started")
        if self._procs[0][0].poll() is None:
            raise RuntimeError("the action server is still running: call stop_actions() first")
        self._action_starts += 1
        self._procs[0] = self._launch(f"actions-{self._action_starts}", *self._action_command)
        self._wait(f"{self.action_url}/health", *self._procs[0])

    def __exit__(self, *exc: Any) -> None:
        self._stop([proc for proc, _ in self._procs])
        self._procs.clear()


def _signal_group(proc: subprocess.Popen, sig: signal.Signals) -> None:
    try:
        os.killpg(proc.pid, sig)
    except ProcessLookupError:  # the whole group is gone already
        pass
