"""`make shell` (python -m tools.shell) against the real assistant it starts, through the project's REST channel.

Checked: it starts with REST_SHARED_SECRET set (the credentials placeholder no longer
stops it), buttons are numbered Danish titles and a number clicks one (no raw
"/intent" payload is shown), personal data is masked in the store, Ctrl-C ends it
quietly with its servers stopped, and a taken --port is a Danish error (exit 2).
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from bot import paths
from tools.servers import free_port

REST_SECRET = "shell-test-secret-0123456789abcdef-xyz"
CPR = "010203-1234"


def shell_env(**extra: str) -> dict[str, str]:
    return {**os.environ, "PYTHONIOENCODING": "utf-8", "REST_SHARED_SECRET": REST_SECRET, **extra}


def user_texts(db: Path) -> list[str]:
    with sqlite3.connect(db) as connection:
        rows = connection.execute("SELECT data FROM events WHERE type_name = 'user'").fetchall()
    return [json.loads(data).get("text") or "" for (data,) in rows]


@pytest.mark.server
def test_shell_numbers_buttons_and_masks_personal_data(tmp_path, kb):
    db = tmp_path / "tracker.db"
    lines = ["Hej", "1", f"Mit CPR-nummer er {CPR}", "/afslut"]
    result = subprocess.run(
        [sys.executable, "-m", "tools.shell", "--db", str(db)],
        cwd=paths.ROOT,
        input="\n".join(lines) + "\n",
        text=True,
        capture_output=True,
        timeout=600,
        env=shell_env(),
    )
    out = result.stdout
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr + out
    # The greeting with the main menu as numbered titles, in the rule base's order.
    assert kb.message("greet").text.split("\n")[0] in out
    for number, item in enumerate(kb.menu, start=1):
        assert re.search(rf"^\s+{number}\) {re.escape(item.title)}$", out, flags=re.M), item.title
    # "1" clicked the first menu item: its title is echoed, and the answer is its entry's.
    first = kb.menu[0]
    assert f"(valgt: {first.title})" in out
    assert kb.entries["definition"].text.split("\n")[0] in out
    # No raw payloads anywhere.
    assert not re.search(r"^\s*\d+\)\s*/", out, flags=re.M) and "/ask_" not in out
    assert out.rstrip().endswith("Farvel.")
    # Through the REST channel: the CPR number is masked before it is stored.
    stored = user_texts(db)
    assert "Hej" in stored
    assert any(text.startswith("/") for text in stored)  # the click went as the button's payload
    assert not any(CPR in text for text in stored), stored
    assert any("Mit CPR-nummer er" in text and CPR not in text for text in stored), stored


def _port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(2)
        return sock.connect_ex(("127.0.0.1", port)) == 0


@pytest.mark.server
def test_ctrl_c_ends_quietly_and_stops_the_servers(tmp_path):
    rasa_port = free_port()
    # SIGINT as a terminal's Ctrl-C sends it to the foreground group (a fresh group here, SIGINT not ignored).
    proc = subprocess.Popen(
        [sys.executable, "-m", "tools.shell", "--memory", "--port", str(rasa_port)],
        cwd=paths.ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=shell_env(),
        start_new_session=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    try:
        seen = []
        for line in proc.stdout:  # blocks until the servers are up and the shell says it is ready
            seen.append(line)
            if line.startswith("Klar."):
                break
        assert any(line.startswith("Klar.") for line in seen), "".join(seen) + proc.stderr.read()
        assert _port_open(rasa_port)
        os.killpg(proc.pid, signal.SIGINT)
        out, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert proc.returncode == 0, err[-3000:]
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err[-3000:]
    assert out.strip().endswith("Farvel.")
    assert not _port_open(rasa_port)  # the Rasa server it started is gone


def test_a_taken_port_is_a_danish_error(tmp_path):
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "tools.shell", "--port", str(port)],
            cwd=paths.ROOT,
            input="",
            text=True,
            capture_output=True,
            timeout=120,
            env=shell_env(),
        )
    assert result.returncode == 2
    assert f"Port {port} er allerede i brug" in result.stderr
    assert "Traceback" not in result.stderr
    assert "Starter" not in result.stdout  # no server was started


def test_make_shell_runs_the_project_shell():
    """The Makefile's recipe is tools.shell (dry run: nothing is trained or started)."""
    result = subprocess.run(["make", "-n", "shell"], cwd=paths.ROOT, text=True, capture_output=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "-m tools.shell" in result.stdout
    assert "rasa shell" not in result.stdout
