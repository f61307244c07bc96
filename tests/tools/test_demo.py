"""Demo mode (tools/demo.py): the script's loading and checks, and how the demo shows what comes back.

A small stand-in REST server on loopback answers here; the real assistant is
in tests/e2e/test_demo_run.py. Also: the web chat's input limit equals the
server's (the presentation view itself is tested in tests/e2e/test_webchat.py).
"""

from __future__ import annotations

import io
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Iterator

import pytest
import yaml

from bot import inbound, paths
from tools import demo, demo_script, rest_client
from tools.servers import free_port


def flat(text: str) -> str:
    """Whitespace collapsed, since the demo wraps long lines to the terminal's width."""
    return " ".join(text.split())


# -- The script -------------------------------------------------------------------
def write(tmp_path: Path, data) -> Path:
    path = tmp_path / "demo.yml"
    path.write_text(data if isinstance(data, str) else yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def error_for(path: Path) -> str:
    with pytest.raises(demo_script.DemoScriptError) as info:
        demo_script.load_script(path)
    return str(info.value)


def test_the_shipped_script_loads_and_is_danish_stage_notes_and_lines():
    script = demo_script.load_script()
    assert script.path == paths.ROOT / "data" / "demo.yml"
    assert script.steps and all(bool(s.say) != bool(s.click) for s in script.steps)
    assert [s.number for s in script.steps] == list(range(1, len(script.steps) + 1))
    # Lives outside the rule base and the training data.
    assert not demo_script.SCRIPT_FILE.is_relative_to(paths.KNOWLEDGE_DIR)
    assert demo_script.SCRIPT_FILE.parent == paths.ROOT / "data"


def test_a_step_without_text_names_the_file_and_the_step(tmp_path):
    path = write(tmp_path, {"steps": [{"say": "Hej"}, {"note": "Her mangler repliken"}, {"say": "   "}]})
    message = error_for(path)
    assert f"{path}: trin 2: mangler teksten: «say»" in message
    assert f"{path}: trin 3: mangler teksten" in message
    assert "trin 1" not in message
    assert message.startswith("Demo-manuskriptet har 2 fejl")


def test_the_shipped_files_name_is_relative_to_the_project(tmp_path):
    inside = paths.ROOT / "data" / "demo.yml"
    assert demo_script._shown_path(inside) == "data/demo.yml"
    assert demo_script._shown_path(tmp_path / "x.yml") == str(tmp_path / "x.yml")


@pytest.mark.parametrize(
    "data, expected",
    [
        ({"steps": [{"say": "Hej", "click": "Ja"}]}, "trin 1: har både «say» og «click»"),
        ({"steps": [{"sag": "Hej"}]}, "trin 1: ukendt nøgle «sag»"),
        ({"steps": [{"say": 42}]}, "trin 1: «say» skal være en tekst"),
        ({"steps": [{"say": "Hej", "note": ["a"]}]}, "trin 1: «note» skal være en tekst"),
        ({"steps": ["Hej"]}, "trin 1: skal være en ordbog"),
        ({"steps": []}, "«steps» mangler eller er tom"),
        ({"title": "Demo"}, "«steps» mangler eller er tom"),
        ({"steps": [{"say": "Hej"}], "trin": []}, "ukendt nøgle «trin»"),
        ({"steps": [{"say": "Hej"}], "intro": ["a"]}, "«intro» skal være en tekst"),
        ({"steps": [{"say": "x" * (inbound.MAX_MESSAGE_CHARS + 1)}]}, f"højst {inbound.MAX_MESSAGE_CHARS}"),
        (["Hej"], "skal være en YAML-ordbog"),
        ("steps: [say: 'Hej'\n", "ugyldig YAML"),
    ],
)
def test_script_errors_are_clear(tmp_path, data, expected):
    path = write(tmp_path, data)
    message = error_for(path)
    assert expected in message and str(path) in message


def test_a_missing_script_is_named(tmp_path):
    assert f"{tmp_path / 'nope.yml'}: demo-manuskriptet findes ikke" in error_for(tmp_path / "nope.yml")


def test_a_broken_script_stops_the_demo_with_the_error(tmp_path, capsys):
    path = write(tmp_path, {"steps": [{"note": "ingen replik"}]})
    assert demo.main(["--script", str(path), "--url", "http://127.0.0.1:1/"]) == 1
    assert f"{path}: trin 1: mangler teksten" in capsys.readouterr().err


# -- Talking to a stand-in REST channel ---------------------------------------------
class StandIn:
    """Records every POST; answers with the queued (status, body) pairs, then with []."""

    def __init__(self) -> None:
        self.requests: list[tuple[dict, dict]] = []
        self.answers: list[tuple[int, bytes]] = []
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:
                self._reply(200, b"Hello from a stand-in")

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                stand_in.requests.append((dict(self.headers), body))
                self._reply(*(stand_in.answers.pop(0) if stand_in.answers else (200, b"[]")))

            def _reply(self, status: int, body: bytes) -> None:
                self.send_response(status)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/webhooks/rest/webhook"

    def answer(self, replies, status: int = 200) -> None:
        self.answers.append((status, replies if isinstance(replies, bytes) else json.dumps(replies).encode()))

    @property
    def messages(self) -> list[str]:
        return [body["message"] for _, body in self.requests]


@pytest.fixture()
def stand_in() -> Iterator[StandIn]:
    server = StandIn()
    threading.Thread(target=server.httpd.serve_forever, args=(0.02,), daemon=True).start()
    yield server
    server.httpd.shutdown()


def run(stand_in: StandIn, script: Path, keys: str | None = None, *extra: str) -> tuple[int, str]:
    out = io.StringIO()
    args = ["--script", str(script), "--url", stand_in.url, *extra]
    if keys is None:
        args += ["--auto", "--delay", "0"]
    code = demo.main(args, stdin=io.StringIO(keys or ""), out=out)
    return code, out.getvalue()


def test_whatever_the_assistant_says_is_shown_never_canned(tmp_path, stand_in):
    script = write(tmp_path, {"steps": [{"say": "Hej"}, {"say": "Hvad er samskabelse?"}]})
    stand_in.answer(
        [
            {
                "recipient_id": "x",
                "text": "Første svar, kun fra serveren",
                "buttons": [{"title": "En knap med mellemrum", "payload": "/knap"}],
            }
        ]
    )
    stand_in.answer([{"recipient_id": "x", "text": "Andet svar\nmed to linjer"}, {"text": "Og en besked til"}])
    code, output = run(stand_in, script, "\n\n")
    assert code == 0
    assert stand_in.messages == ["Hej", "Hvad er samskabelse?"]
    text = flat(output)
    assert "Leder: Hej" in text
    assert "Rådgiveren: Første svar, kun fra serveren" in text and "[En knap med mellemrum]" in text
    assert "Rådgiveren: Andet svar med to linjer" in text and "Rådgiveren: Og en besked til" in text
    assert "Demoen er slut." in text


def test_unexpected_replies_are_shown_and_the_demo_goes_on(tmp_path, stand_in):
    script = write(tmp_path, {"steps": [{"say": f"besked {n}"} for n in range(1, 7)]})
    stand_in.answer([])
    stand_in.answer({"error": "Der skete en fejl"}, status=401)
    stand_in.answer(b"<html>proxy error</html>")
    stand_in.answer({"noget": "andet"})
    stand_in.answer([{"image": "https://example.org/x.png"}, {"custom": {"a": 1}}, {"foo": 1}, "tekst"])
    stand_in.answer([{"text": ""}])
    code, output = run(stand_in, script)
    text = flat(output)
    assert code == 0 and len(stand_in.requests) == 6
    assert "(Assistenten svarede ikke på denne besked.)" in text
    assert "(Assistenten afviste beskeden (HTTP 401): Der skete en fejl)" in text
    assert "(Uventet svar (ikke JSON): <html>proxy error</html>)" in text
    assert '(Uventet svar fra assistenten: {"noget": "andet"})' in text
    assert "(billede: https://example.org/x.png)" in text and '(særligt svar: {"a": 1})' in text
    assert '(Uventet svar: {"foo": 1})' in text and '(Uventet svar: "tekst")' in text
    assert '(Uventet svar: {"text": ""})' in text
    assert "Demoen er slut." in text


def test_a_click_sends_the_buttons_payload_and_a_missing_button_is_skipped(tmp_path, stand_in):
    script = write(tmp_path, {"steps": [{"say": "Hej"}, {"click": "Quiz"}, {"click": "Findes ikke"}, {"click": "ja"}]})
    stand_in.answer(
        [
            {
                "text": "Menu",
                "buttons": [{"title": "Quiz", "payload": "/quiz"}, {"title": "Ja", "payload": "/gammelt_ja"}],
            }
        ]
    )
    stand_in.answer([{"text": "Kort 1", "buttons": [{"title": "Ja", "payload": '/quiz_answer{"v":"Ja"}'}]}])
    code, output = run(stand_in, script)
    assert code == 0
    # The newest button with the title wins; titles match regardless of case.
    assert stand_in.messages == ["Hej", "/quiz", '/quiz_answer{"v":"Ja"}']
    text = flat(output)
    assert "Leder: trykker på [Quiz]" in text
    assert "(Knappen «Findes ikke» findes ikke i assistentens svar – trinnet springes over.)" in text


def test_q_stops_early_and_other_keys_ask_again(tmp_path, stand_in):
    script = write(tmp_path, {"steps": [{"say": "en"}, {"say": "to"}, {"say": "tre"}]})
    code, output = run(stand_in, script, "\nhmm\nq\n")
    assert code == 0
    assert stand_in.messages == ["en"]
    assert "Tryk Enter for at sende repliken" in output
    assert output.rstrip().endswith("Demoen er stoppet.")
    assert "Leder: to" in flat(output) and "Leder: tre" not in flat(output)


def test_end_of_input_stops_like_q(tmp_path, stand_in):
    script = write(tmp_path, {"steps": [{"say": "en"}, {"say": "to"}]})
    code, output = run(stand_in, script, "\n")
    assert (code, stand_in.messages) == (0, ["en"])
    assert "Demoen er stoppet." in output


def test_each_run_is_a_fresh_conversation_and_sender_can_be_given(tmp_path, stand_in):
    from bot.privacy import contains_personal_data

    script = write(tmp_path, {"steps": [{"say": "Hej"}]})
    run(stand_in, script)
    run(stand_in, script)
    run(stand_in, script, None, "--sender", "kursus-1")
    senders = [body["sender"] for _, body in stand_in.requests]
    assert senders[0] != senders[1] and senders[2] == "kursus-1"
    assert all(s.startswith("demo-") and not contains_personal_data(s) for s in senders[:2])
    assert len({rest_client.new_sender() for _ in range(200)}) == 200


def test_the_shared_secret_is_sent_when_set(tmp_path, stand_in, monkeypatch):
    from bot.names import SECRET_ENV, SECRET_HEADER

    script = write(tmp_path, {"steps": [{"say": "Hej"}]})
    run(stand_in, script)
    monkeypatch.setenv(SECRET_ENV, "hemmelig")
    run(stand_in, script)
    headers = [{k.lower(): v for k, v in h.items()} for h, _ in stand_in.requests]
    assert SECRET_HEADER.lower() not in headers[0]
    assert headers[1][SECRET_HEADER.lower()] == "hemmelig"


def test_default_url_follows_rasa_port(monkeypatch):
    monkeypatch.delenv("RASA_PORT", raising=False)
    assert rest_client.default_url() == "http://127.0.0.1:5005/webhooks/rest/webhook"
    monkeypatch.setenv("RASA_PORT", "5123")
    assert rest_client.default_url() == "http://127.0.0.1:5123/webhooks/rest/webhook"
    makefile = (paths.ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^RASA_PORT \?= 5005$", makefile, re.M)
    assert re.search(r"^demo: .*\n\t@RASA_PORT=\$\(RASA_PORT\) \$\(PY\) -m tools\.demo", makefile, re.M)


# -- No assistant -------------------------------------------------------------------
def demo_process(*args: str, env: dict | None = None, **kwargs) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "tools.demo", *args],
        cwd=paths.ROOT,
        text=True,
        env={**os.environ, "PYTHONIOENCODING": "utf-8", **(env or {})},
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        **kwargs,
    )


def test_an_unreachable_url_gives_the_danish_hint_and_fails():
    url = f"http://127.0.0.1:{free_port()}/webhooks/rest/webhook"  # nothing listens
    proc = demo_process("--url", url)
    out, err = proc.communicate("\n" * 20, timeout=60)
    assert proc.returncode == 2
    assert f"Kan ikke få forbindelse til Samskabelsesrådgiveren på {url}." in err
    assert "`make run`" in err and "Traceback" not in err
    assert "Trin 1" not in out  # nothing is shown as if it ran


def test_no_start_never_starts_one(monkeypatch, capsys):
    monkeypatch.setenv("RASA_PORT", str(free_port()))
    assert demo.main(["--no-start", "--auto"]) == 2
    captured = capsys.readouterr()
    assert "`make run`" in captured.err and "Starter assistenten" not in captured.out


def test_ctrl_c_while_waiting_for_enter_stops_cleanly(stand_in, tmp_path):
    script = write(tmp_path, {"steps": [{"say": "en"}, {"say": "to"}]})
    proc = demo_process("--script", str(script), "--url", stand_in.url)
    assert proc.stdout is not None
    seen = ""
    deadline = time.monotonic() + 60
    while "Enter: send" not in seen and time.monotonic() < deadline:
        seen += proc.stdout.read(1)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    assert "Demoen er stoppet." in out and "Traceback" not in err
    assert stand_in.messages == []


# -- The web chat's input limit -------------------------------------------------------
def test_web_chat_allows_what_the_server_allows():
    chat_js = (paths.ROOT / "web" / "chat.js").read_text(encoding="utf-8")
    limit = re.search(r"var maxMessageChars = (\d+);", chat_js)
    assert limit, "web/chat.js must define maxMessageChars"
    assert int(limit.group(1)) == inbound.MAX_MESSAGE_CHARS
    # No silent cut in the field: a longer message gets the server's Danish explanation instead.
    assert "maxlength" not in chat_js.lower()
