"""deploy/nginx/samskabelse.conf with the real nginx on loopback, in front of the real assistant.

A self-signed certificate is made for 127.0.0.1; the client trusts exactly that one.
Through nginx on one HTTPS origin: the web chat's page (told to talk to that origin),
the REST channel (shared secret passed on; refused without it), the Socket.IO
handshake, and a whole web chat turn over a WebSocket. nginx comes from Debian
(scripts/install_nginx.sh, run by `make test`).
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import signal
import socket
import ssl
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any, Iterator

import pytest

from bot import paths
from tools.servers import Servers, free_port

pytestmark = pytest.mark.server

SITE = paths.ROOT / "deploy" / "nginx" / "samskabelse.conf"
REST_SECRET = "proxy-test-rest-secret-0123456789abcdef"
READY_TIMEOUT = 60.0


def nginx_binary() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None)
    if not found:
        pytest.fail("nginx is not installed: run scripts/install_nginx.sh (make test does)")
    return found


def make_certificate(folder: Path) -> tuple[Path, Path]:
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


def render_site(origin: str, port: int, cert: Path, key: Path, rasa_port: int) -> str:
    text = SITE.read_text(encoding="utf-8")
    for placeholder, value in {
        "@PUBLIC_ORIGIN@": origin,
        "@SERVER_NAME@": "127.0.0.1",
        "@LISTEN@": f"127.0.0.1:{port}",
        "@CERT@": str(cert),
        "@KEY@": str(key),
        "@WEB_ROOT@": str(paths.ROOT / "web"),
        "@RASA@": f"127.0.0.1:{rasa_port}",
    }.items():
        text = text.replace(placeholder, value)
    assert "@" not in "".join(line.split("#")[0] for line in text.splitlines()), "a placeholder is left"
    return text


def wait_for_port(port: int, proc: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + READY_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"nginx exited: {log.read_text() if log.exists() else ''}")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    pytest.fail(f"nginx did not listen on {port}: {log.read_text() if log.exists() else ''}")


class Proxy:
    def __init__(self, origin: str, cert: Path):
        self.origin = origin
        self.cert = cert
        self.context = ssl.create_default_context(cafile=str(cert))
        self.opener = urllib.request.build_opener(
            urllib.request.ProxyHandler({}), urllib.request.HTTPSHandler(context=self.context)
        )

    def get(self, path: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
        request = urllib.request.Request(self.origin + path, headers=headers or {})
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as exc:
            return exc.code, dict(exc.headers), exc.read()

    def post(self, path: str, body: dict, headers: dict | None = None) -> tuple[int, object]:
        request = urllib.request.Request(
            self.origin + path,
            data=json.dumps(body).encode("utf-8"),
            headers={"Content-Type": "application/json", **(headers or {})},
        )
        try:
            with self.opener.open(request, timeout=120) as response:
                return response.status, json.loads(response.read().decode("utf-8"))
        except urllib.error.HTTPError as exc:
            return exc.code, json.loads(exc.read().decode("utf-8") or "null")


@pytest.fixture(scope="module")
def proxy(tmp_path_factory) -> Iterator[Proxy]:
    folder = tmp_path_factory.mktemp("nginx")
    binary = nginx_binary()
    port = free_port()
    origin = f"https://127.0.0.1:{port}"
    cert, key = make_certificate(folder)
    with Servers(
        workdir=folder / "servers", env={"WEBCHAT_ALLOWED_ORIGINS": origin, "REST_SHARED_SECRET": REST_SECRET}
    ) as assistant:
        (folder / "site.conf").write_text(render_site(origin, port, cert, key, assistant.rasa_port), encoding="utf-8")
        for sub in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi", "logs"):
            (folder / sub).mkdir(exist_ok=True)
        user = "user root;\n" if os.geteuid() == 0 else ""  # workers must read the files in the test's folder
        (folder / "nginx.conf").write_text(
            f"{user}worker_processes 1;\ndaemon off;\npid {folder}/nginx.pid;\nerror_log {folder}/logs/error.log;\n"
            "events { worker_connections 64; }\n"
            "http {\n  include /etc/nginx/mime.types;\n  default_type application/octet-stream;\n"
            f"  access_log {folder}/logs/access.log;\n  client_body_temp_path {folder}/client_body;\n"
            f"  proxy_temp_path {folder}/proxy;\n  fastcgi_temp_path {folder}/fastcgi;\n"
            f"  uwsgi_temp_path {folder}/uwsgi;\n  scgi_temp_path {folder}/scgi;\n"
            f"  include {folder}/site.conf;\n}}\n",
            encoding="utf-8",
        )
        log = folder / "logs" / "error.log"
        check = subprocess.run(
            [binary, "-t", "-p", str(folder), "-c", str(folder / "nginx.conf"), "-e", str(log)],
            capture_output=True,
            text=True,
        )
        assert check.returncode == 0, check.stderr
        proc = subprocess.Popen(
            [binary, "-p", str(folder), "-c", str(folder / "nginx.conf"), "-e", str(log)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            wait_for_port(port, proc, log)
            yield Proxy(origin, cert)
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


def test_the_page_is_served_and_talks_to_its_own_origin(proxy):
    status, headers, body = proxy.get("/")
    page = body.decode("utf-8")
    assert status == 200 and "text/html" in headers.get("Content-Type", "")
    assert f'data-server="{proxy.origin}"' in page
    assert headers.get("Strict-Transport-Security")
    status, _, script = proxy.get("/chat.js")
    assert status == 200 and b"io(server" in script
    assert proxy.get("/package.json")[0] == 404


def test_rest_through_the_proxy(proxy, kb):
    status, replies = proxy.post(
        "/webhooks/rest/webhook",
        {"sender": "proxy-test", "message": "Hej"},
        headers={"X-Samskabelse-Secret": REST_SECRET},
    )
    assert status == 200
    assert kb.message("greet").text in [r.get("text") for r in replies]
    status, refused = proxy.post("/webhooks/rest/webhook", {"sender": "proxy-test", "message": "Hej"})
    assert status == 401 and refused.get("error")


def test_socketio_handshake_through_the_proxy(proxy):
    status, _, body = proxy.get("/socket.io/?EIO=4&transport=polling", headers={"Origin": proxy.origin})
    assert status == 200, body
    text = body.decode("utf-8")
    assert text.startswith("0") and json.loads(text[1:])["sid"]
    # Another site's page is refused through the proxy as well.
    status, _, _ = proxy.get("/socket.io/?EIO=4&transport=polling", headers={"Origin": "https://evil.example"})
    assert status in (400, 403)


def test_a_web_chat_turn_over_websocket_through_the_proxy(proxy, kb):
    replies = asyncio.run(_web_chat_turn(proxy))
    assert any(r.get("text") == kb.message("greet").text for r in replies), replies


async def _web_chat_turn(proxy: Proxy) -> list[dict]:
    """One turn as chat.js makes it: WebSocket only, from the page's origin, verified against the test's certificate.

    Socket.IO's packets are spoken here over one asyncio WebSocket, so the TLS connection is read and written
    from one thread, as in a browser. python-socketio's threaded client (websocket-client) read and wrote the
    same TLS socket from two threads; now and then its reader saw the stream end right after a send (1 turn in
    20 to 40 with the CPU busy; nginx and the server logged nothing wrong, and the server had the message).
    """
    import websockets

    url = proxy.origin.replace("https://", "wss://") + "/socket.io/?EIO=4&transport=websocket"
    replies: list[dict] = []
    async with websockets.connect(url, ssl=proxy.context, origin=proxy.origin, open_timeout=60) as socket:

        async def event(name: str) -> Any:
            """The data of the next Socket.IO event `name`, answering the server's pings meanwhile."""
            while True:
                packet = await asyncio.wait_for(socket.recv(), 120)
                if packet == "2":
                    await socket.send("3")
                elif packet.startswith("42"):
                    got, *data = json.loads(packet[2:])
                    if got == "bot_uttered":
                        replies.append(data[0])
                    if got == name:
                        return data[0] if data else None

        assert (await asyncio.wait_for(socket.recv(), 60)).startswith("0{")  # Engine.IO open
        await socket.send("40")  # join the default namespace
        assert (await asyncio.wait_for(socket.recv(), 60)).startswith("40{")
        await socket.send("42" + json.dumps(["session_request", {"session_id": None}]))
        assert (await event("session_confirm"))["session_id"]
        await socket.send("42" + json.dumps(["user_uttered", {"message": "Hej"}]))
        await event("bot_uttered")
    return replies
