"""`make demo`'s closing line names the web chat's address that works now (tools.demo.closing, tools.network).

Real HTTP servers on this machine play the web chat's page server as `make run` starts it:
bound to every interface (HOST=0.0.0.0), to loopback only (the default), or not running.
"""

from __future__ import annotations

import functools
import http.server
import threading
from typing import Iterator

import pytest

from tools import demo, network
from tools.servers import free_port

OUTRO = (
    "Deltagerne kan selv prøve webchatten, når `make run` kører: http://localhost:8080/ – og på "
    "projektoren med store tekster: http://localhost:8080/?visning=projektor"
)


@pytest.fixture()
def page_server(tmp_path, monkeypatch) -> Iterator:
    (tmp_path / "index.html").write_text("<!doctype html><title>chat</title>", encoding="utf-8")
    started = []

    def start(host: str) -> int:
        port = free_port()
        handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
        server = http.server.ThreadingHTTPServer((host, port), handler)
        threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True).start()
        started.append(server)
        monkeypatch.setenv("WEB_PORT", str(port))
        return port

    yield start
    for server in started:
        server.shutdown()
        server.server_close()


def test_served_to_the_network_the_closing_line_names_the_network_address(page_server):
    lan = network.lan_addresses()
    if not lan:
        pytest.skip("this machine has no network address besides loopback")
    port = page_server("0.0.0.0")
    url = demo.web_chat_url()
    assert url == f"http://{lan[0]}:{port}/"
    outro, line = demo.closing(OUTRO, url)
    assert f"{url}?visning=projektor" in outro and "localhost" not in outro
    assert line.startswith(f"Webchatten kører nu på {url}") and "egne enheder" in line


def test_served_on_loopback_only_the_line_says_so_and_how_to_open_it(page_server):
    port = page_server("127.0.0.1")
    url = demo.web_chat_url()
    assert url == f"http://localhost:{port}/"
    outro, line = demo.closing(OUTRO, url)
    assert f"http://localhost:{port}/?visning=projektor" in outro
    assert "kun på denne maskine" in line and "HOST=0.0.0.0 make run" in line


def test_without_a_web_chat_the_line_says_how_to_start_it(monkeypatch):
    port = free_port()
    monkeypatch.setenv("WEB_PORT", str(port))
    assert demo.web_chat_url() is None
    outro, line = demo.closing(OUTRO, None)
    assert outro == OUTRO
    assert "kører ikke lige nu" in line and "HOST=0.0.0.0 make run" in line and f"http://localhost:{port}/" in line


def test_web_origins_for_the_network_include_every_address(monkeypatch):
    monkeypatch.setattr(network, "lan_addresses", lambda: ["10.1.2.3"])
    assert network.web_origins("127.0.0.1", 8080) == ["http://localhost:8080", "http://127.0.0.1:8080"]
    everywhere = network.web_origins("0.0.0.0", 8080)
    assert everywhere[:3] == ["http://localhost:8080", "http://127.0.0.1:8080", "http://10.1.2.3:8080"]
    assert network.web_origins("192.168.1.20", 9000)[-1] == "http://192.168.1.20:9000"
    assert network.base_urls("0.0.0.0", 5005) == ["http://10.1.2.3:5005", "http://localhost:5005"]
    assert network.base_urls("127.0.0.1", 5005) == ["http://localhost:5005"]


def test_a_taken_port_is_found_and_explained_in_danish(capsys):
    import socket

    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        assert network.port_taken(port)
        assert network.main(["check-ports", f"{port}=RASA_PORT"]) == 1
    err = capsys.readouterr().err
    assert f"Port {port} (RASA_PORT) er allerede i brug" in err and f"RASA_PORT={port + 1} make run" in err
    assert not network.port_taken(port)
    assert network.main(["check-ports", f"{port}=RASA_PORT"]) == 0
