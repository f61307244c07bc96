"""Throwaway PostgreSQL and Redis servers on loopback for the scale-out test (Debian's packages)."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from tools.servers import free_port


def _as_postgres(command: list[str]) -> list[str]:
    # PostgreSQL refuses to run as root; CI runs as root.
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


class Postgres:
    def __init__(self, workdir: Path) -> None:
        found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
        if not found:
            raise RuntimeError("PostgreSQL missing: `make test` installs it (scripts/install_services.sh)")
        self.bin = Path(found[-1]).parent
        # Its own folder under /tmp: pytest's folders are private to root, and the server runs as postgres.
        self.dir = Path(tempfile.mkdtemp(prefix="samskabelse-pg-"))
        self.port = free_port()

    def __enter__(self) -> "Postgres":
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")
        subprocess.run(
            _as_postgres(
                [
                    str(self.bin / "initdb"),
                    "-D",
                    str(self.dir / "data"),
                    "-A",
                    "trust",
                    "-U",
                    "rasa",
                    "--no-sync",
                    "-E",
                    "UTF8",
                ]
            ),
            check=True,
            capture_output=True,
        )
        subprocess.run(
            _as_postgres(
                [
                    str(self.bin / "pg_ctl"),
                    "-D",
                    str(self.dir / "data"),
                    "-w",
                    "-l",
                    str(self.dir / "log"),
                    "-o",
                    f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off",
                    "start",
                ]
            ),
            check=True,
            capture_output=True,
        )
        subprocess.run(
            _as_postgres([str(self.bin / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "rasa", "rasa"]),
            check=True,
            capture_output=True,
        )
        return self

    def __exit__(self, *exc) -> None:
        subprocess.run(
            _as_postgres([str(self.bin / "pg_ctl"), "-D", str(self.dir / "data"), "-m", "fast", "stop"]),
            capture_output=True,
        )
        shutil.rmtree(self.dir, ignore_errors=True)

    def query(self, sql: str) -> list[tuple]:
        import sqlalchemy as sa

        engine = sa.create_engine(f"postgresql://rasa@127.0.0.1:{self.port}/rasa")
        try:
            with engine.connect() as conn:
                return [tuple(row) for row in conn.execute(sa.text(sql))]
        finally:
            engine.dispose()


class Redis:
    def __init__(self) -> None:
        self.port = free_port()
        self.proc: subprocess.Popen | None = None

    def __enter__(self) -> "Redis":
        server = shutil.which("redis-server")
        if not server:
            raise RuntimeError("Redis missing: `make test` installs it (scripts/install_services.sh)")
        self.proc = subprocess.Popen(
            [server, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(100):
            try:
                import redis

                if redis.Redis(host="127.0.0.1", port=self.port).ping():
                    return self
            except Exception:
                time.sleep(0.1)
        raise RuntimeError("redis-server did not start")

    def __exit__(self, *exc) -> None:
        if self.proc:
            self.proc.terminate()
            self.proc.wait(timeout=10)
