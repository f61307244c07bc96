"""`HOST=0.0.0.0 make run` for a course room: participants' devices reach the web chat and the assistant.

The real assistant listens on every interface with the origins `make run` computes
(tools.network.web_origins), the web chat's page is served the way `make run` serves it
(python -m http.server --bind 0.0.0.0), and everything is reached at this machine's
network address, not loopback: the page, REST, and the Socket.IO handshake from the
page's origin (another site's origin is still refused). `make demo`'s closing line
names that address.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from typing import Iterator

import pytest

from bot import paths
from tools import network
from tools.servers import Servers, free_port

pytestmark = pytest.mark.server

OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def get(url: str, headers: dict | None = None) -> tuple[int, bytes]:
    try:
        with OPENER.open(urllib.request.Request(url, headers=headers or {}), timeout=60) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


@pytest.fixture(scope="module")
def room(tmp_path_factory) -> Iterator[dict]:
    lan = network.lan_addresses()
    if not lan:
        pytest.skip("this machine has no network address besides loopback")
    web_port = free_port()
    origins = ",".join(network.web_origins("0.0.0.0", web_port))
    page = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(web_port), "--bind", "0.0.0.0", "--directory", "web"],
        cwd=paths.ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        with Servers(
            workdir=tmp_path_factory.mktemp("room"),
            interface="0.0.0.0",
            env={"WEBCHAT_ALLOWED_ORIGINS": origins, "WEB_PORT": str(web_port)},
        ) as assistant:
            deadline = time.monotonic() + 60
            while network.first_answering([f"http://127.0.0.1:{web_port}/"]) is None:
                assert page.poll() is None and time.monotonic() < deadline, "the page server did not start"
                time.sleep(0.2)
            yield {"lan": lan[0], "web_port": web_port, "assistant": assistant}
    finally:
        page.terminate()
        page.wait(timeout=30)


def test_page_and_rest_at_the_network_address(room, kb):
    lan, assistant = room["lan"], room["assistant"]
    status, body = get(f"http://{lan}:{room['web_port']}/")
    assert status == 200 and b'src="chat.js"' in body
    request = urllib.request.Request(
        f"http://{lan}:{assistant.rasa_port}/webhooks/rest/webhook",
        data=json.dumps({"sender": "deltager-1", "message": "Hej"}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with OPENER.open(request, timeout=120) as response:
        replies = json.loads(response.read().decode("utf-8"))
    assert kb.message("greet").text in [r.get("text") for r in replies]


def test_socketio_accepts_the_page_served_to_the_network(room):
    lan, port = room["lan"], room["assistant"].rasa_port
    handshake = f"http://{lan}:{port}/socket.io/?EIO=4&transport=polling"
    status, body = get(handshake, {"Origin": f"http://{lan}:{room['web_port']}"})
    assert status == 200 and body.startswith(b"0") and json.loads(body[1:])["sid"]
    status, _ = get(handshake, {"Origin": f"http://evil.example:{room['web_port']}"})
    assert status in (400, 403)


def test_demo_closing_line_names_the_network_address(room):
    url = f"http://127.0.0.1:{room['assistant'].rasa_port}/webhooks/rest/webhook"
    result = subprocess.run(
        [sys.executable, "-m", "tools.demo", "--auto", "--delay", "0", "--url", url],
        cwd=paths.ROOT,
        text=True,
        capture_output=True,
        timeout=600,
        env={**os.environ, "PYTHONIOENCODING": "utf-8", "WEB_PORT": str(room["web_port"])},
    )
    assert result.returncode == 0, result.stderr
    address = f"http://{room['lan']}:{room['web_port']}/"
    closing = " ".join(result.stdout.split("Demoen er slut.")[1].split())
    assert f"Webchatten kører nu på {address}" in closing
    assert f"{address}?visning=projektor" in closing and "localhost:8080" not in closing


def test_make_run_with_host_listens_everywhere():
    """The recipe passes HOST on to the Rasa server and the page server (dry run: nothing starts)."""
    result = subprocess.run(
        ["make", "-n", "run", "HOST=0.0.0.0"], cwd=paths.ROOT, text=True, capture_output=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert "--interface 0.0.0.0" in result.stdout and "--bind 0.0.0.0" in result.stdout
    assert "web-origins --host 0.0.0.0" in result.stdout
    assert "check-ports --host 0.0.0.0" in result.stdout
