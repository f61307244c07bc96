"""tools/rest_client.py: the project's one client of the REST channel, against a stand-in on loopback."""

from __future__ import annotations

import json
import threading
import urllib.error
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Iterator

import pytest

from bot.names import SECRET_HEADER
from tools.rest_client import BadReply, RestClient, post_json
from tools.servers import free_port


@pytest.fixture()
def echo() -> Iterator[str]:
    """Answers a POST with what it got (body and secret header); a body with "fail" gets a 400."""

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            status = 400 if body.get("message") == "fail" else 200
            reply = json.dumps([{"got": body, "secret": self.headers.get(SECRET_HEADER)}]).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/webhooks/rest/webhook"
    server.shutdown()
    server.server_close()


@pytest.fixture()
def dead_proxy(monkeypatch) -> None:
    """A proxy in the environment that nothing answers at, as on a locked-down office machine."""
    for name in ("http_proxy", "HTTP_PROXY"):
        monkeypatch.setenv(name, f"http://127.0.0.1:{free_port()}")
    for name in ("no_proxy", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)


def test_post_json_reaches_loopback_past_a_proxy_from_the_environment(echo, dead_proxy):
    reply = post_json(echo, {"sender": "s", "message": "hej"}, headers={SECRET_HEADER: "x"})
    assert reply == [{"got": {"sender": "s", "message": "hej"}, "secret": "x"}]


def test_post_json_raises_on_an_error_status(echo):
    with pytest.raises(urllib.error.HTTPError) as raised:
        post_json(echo, {"sender": "s", "message": "fail"})
    assert raised.value.code == 400


def test_the_demo_client_sends_the_same_request_and_shows_an_error_status(echo, dead_proxy):
    client = RestClient(echo, secret="x")
    assert client.send("s", "hej") == [{"got": {"sender": "s", "message": "hej"}, "secret": "x"}]
    assert isinstance(client.send("s", "fail"), BadReply)
