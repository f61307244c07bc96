"""Demo mode for trainers: a scripted showcase conversation with the real assistant.

    python -m tools.demo [--url URL] [--auto [--delay S]] [--sender ID] [--script FILE] [--no-start]

The script (data/demo.yml: the leader's lines, button clicks and stage notes)
is played step by step: the next line is shown, Enter sends it to the running
assistant over the REST channel, and the assistant's real replies are printed
(text and button titles). Nothing is canned. `q` (or Ctrl-C) stops.

Without --url the demo talks to the assistant `make run` starts
(http://127.0.0.1:$RASA_PORT, default 5005); if none is running there, it
starts one itself in the background (tools.servers.Servers, conversations in
memory only) and stops it afterwards. With --url (or --no-start) an
unreachable assistant is an error with a Danish hint to run `make run`.

Every run talks as a fresh sender id, so demos never continue each other.
The REST channel's shared secret (REST_SHARED_SECRET) is sent when set.
Plain stdlib HTTP; no Rasa server code is imported.
"""

from __future__ import annotations

import argparse
import contextlib
import ipaddress
import json
import os
import re
import secrets
import shutil
import socket
import string
import sys
import textwrap
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator, Sequence, TextIO

import yaml

from bot import paths
from bot.names import DEMO_SENDER_PREFIX, SECRET_ENV, SECRET_HEADER
from bot.yaml_reading import safe_load
from tools.yaml_texts import YamlTexts

SCRIPT_FILE = paths.ROOT / "data" / "demo.yml"
RASA_PORT_ENV = "RASA_PORT"
DEFAULT_RASA_PORT = 5005
WEBHOOK_PATH = "/webhooks/rest/webhook"
REPLY_TIMEOUT = 60.0
DEFAULT_DELAY = 4.0

WEB_PORT_ENV = "WEB_PORT"
DEFAULT_WEB_PORT = 8080
# The closing lines: where the participants find the web chat now (tools.network finds the address that answers).
WEB_CHAT_TEXTS = {
    "lan": "Webchatten kører nu på {url} – deltagerne kan åbne den adresse på deres egne enheder "
    "(projektor: {url}?visning=projektor).",
    "local": "Webchatten kører på {url}, men kun på denne maskine. Skal deltagerne bruge den fra deres egne "
    "enheder, så start assistenten med `HOST=0.0.0.0 make run`.",
    "none": "Webchatten kører ikke lige nu. Start den med `make run` (til deltagernes egne enheder: "
    "`HOST=0.0.0.0 make run`); derefter kan den åbnes på {url}",
}
STEP_KEYS = ("say", "click", "note")
QUIT_WORDS = ("q", "quit", "afslut")
TEXTS_FILE = paths.ROOT / "data" / "demo_texts.yml"


@lru_cache(maxsize=1)
def demo_texts() -> YamlTexts:
    """What the demo says to the trainer (data/demo_texts.yml); the played conversation is in data/demo.yml."""
    return YamlTexts.load(TEXTS_FILE)


def T(key: str, /, **values: Any) -> str:
    return demo_texts()(key, **values)


LABEL_WIDTH = 13


# -- The script --------------------------------------------------------------
class DemoScriptError(ValueError):
    """The demo script cannot be used; the message names the file and the step."""


@dataclass(frozen=True)
class ScriptStep:
    number: int
    say: str | None = None  # what the leader types
    click: str | None = None  # the title of a button in an earlier reply
    note: str = ""  # for the trainer, never sent


@dataclass(frozen=True)
class DemoScript:
    path: Path
    title: str
    intro: str
    outro: str
    steps: tuple[ScriptStep, ...]


def _shown_path(path: Path) -> str:
    try:
        return str(Path(path).resolve().relative_to(paths.ROOT))
    except ValueError:
        return str(path)


def _text(value: Any) -> str | None:
    """A non-blank string, stripped; None for anything else."""
    return value.strip() if isinstance(value, str) and value.strip() else None


def load_script(path: Path | str = SCRIPT_FILE) -> DemoScript:
    """The demo script in `path`, checked; DemoScriptError lists every problem with file and step."""
    path = Path(path)
    name = _shown_path(path)
    try:
        data = safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DemoScriptError(T("script.missing", name=name)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise DemoScriptError(T("script.unreadable", name=name, error=exc)) from None
    except yaml.YAMLError as exc:
        raise DemoScriptError(T("script.bad_yaml", name=name, error=exc)) from None
    if not isinstance(data, dict):
        raise DemoScriptError(T("script.not_a_mapping", name=name))

    problems: list[str] = []
    for key in ("title", "intro", "outro"):
        if data.get(key) is not None and not isinstance(data[key], str):
            problems.append(T("script.not_text", key=key))
    for key in sorted(set(data) - {"title", "intro", "outro", "steps"}, key=str):
        problems.append(T("script.unknown_key", key=key))
    raw_steps = data.get("steps")
    steps: list[ScriptStep] = []
    if not isinstance(raw_steps, list) or not raw_steps:
        problems.append(T("script.no_steps"))
        raw_steps = []
    for number, raw in enumerate(raw_steps, start=1):
        step, step_problems = _parse_step(number, raw)
        problems.extend(T("script.step_problem", number=number, problem=p) for p in step_problems)
        if step is not None:
            steps.append(step)
    if problems:
        lines = "\n".join(f"  - {name}: {p}" for p in problems)
        raise DemoScriptError(T("script.problems", count=len(problems)) + "\n" + lines)
    return DemoScript(
        path=path,
        title=_text(data.get("title")) or T("default_title"),
        intro=_text(data.get("intro")) or "",
        outro=_text(data.get("outro")) or "",
        steps=tuple(steps),
    )


def _parse_step(number: int, raw: Any) -> tuple[ScriptStep | None, list[str]]:
    from bot.user_input import MAX_MESSAGE_CHARS

    if not isinstance(raw, dict):
        return None, [T("script.step_not_a_mapping")]
    problems = [T("script.step_unknown_key", key=key) for key in sorted(set(raw) - set(STEP_KEYS), key=str)]
    say, click = _text(raw.get("say")), _text(raw.get("click"))
    for key in ("say", "click", "note"):
        if raw.get(key) is not None and not isinstance(raw[key], str):
            problems.append(T("script.not_text", key=key))
    if say and click:
        problems.append(T("script.say_and_click"))
    elif not (say or click):
        problems.append(T("script.no_text"))
    if say and len(say) > MAX_MESSAGE_CHARS:
        problems.append(T("script.too_long", length=len(say), limit=MAX_MESSAGE_CHARS))
    if problems:
        return None, problems
    return ScriptStep(number=number, say=say, click=click, note=_text(raw.get("note")) or ""), []


# -- Talking to the assistant -----------------------------------------------
class Unreachable(ConnectionError):
    """Nothing answers at the assistant's address."""


def default_url() -> str:
    port = os.environ.get(RASA_PORT_ENV, "").strip() or str(DEFAULT_RASA_PORT)
    return f"http://127.0.0.1:{port}{WEBHOOK_PATH}"


def new_sender() -> str:
    """A fresh conversation id: letters only, so the channels never take it for a phone number."""
    return DEMO_SENDER_PREFIX + "".join(secrets.choice(string.ascii_lowercase) for _ in range(10))


def _is_loopback(host: str | None) -> bool:
    if host in (None, "", "localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class RestClient:
    """POSTs messages to the REST channel; returns whatever came back, so the caller can show it."""

    def __init__(self, url: str, secret: str | None = None, timeout: float = REPLY_TIMEOUT):
        self.url = url
        self.secret = secret
        self.timeout = timeout
        parts = urllib.parse.urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(T("replies.bad_url", url=url))
        self.root = f"{parts.scheme}://{parts.netloc}/"
        # A proxy from the environment must not swallow loopback requests.
        handlers = [urllib.request.ProxyHandler({})] if _is_loopback(parts.hostname) else []
        self._opener = urllib.request.build_opener(*handlers)

    def reachable(self, timeout: float = 5.0) -> bool:
        """True if anything answers HTTP at the server's root (any status counts)."""
        try:
            with self._opener.open(self.root, timeout=timeout):
                return True
        except urllib.error.HTTPError:
            return True
        except (urllib.error.URLError, OSError):
            return False

    def send(self, sender: str, message: str) -> Any:
        """The decoded JSON reply (normally a list of messages), or a Danish note on what went wrong.

        Raises Unreachable when the server cannot be reached at all.
        """
        headers = {"Content-Type": "application/json"}
        if self.secret:
            headers[SECRET_HEADER] = self.secret
        body = json.dumps({"sender": sender, "message": message}).encode("utf-8")
        request = urllib.request.Request(self.url, data=body, headers=headers, method="POST")
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                raw = response.read()
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace").strip()
            with contextlib.suppress(ValueError, AttributeError):
                detail = json.loads(detail).get("error") or detail
            return BadReply(T("replies.refused", code=exc.code, detail=detail or exc.reason))
        except (socket.timeout, TimeoutError):
            return BadReply(T("replies.timeout", seconds=f"{self.timeout:g}"))
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, (socket.timeout, TimeoutError)):
                return BadReply(T("replies.timeout", seconds=f"{self.timeout:g}"))
            raise Unreachable(str(exc.reason)) from None
        except (ConnectionError, OSError) as exc:
            raise Unreachable(str(exc)) from None
        try:
            return json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            return BadReply(T("replies.not_json", raw=raw[:300].decode("utf-8", "replace")))


@dataclass(frozen=True)
class BadReply:
    """Something other than a reply came back; shown to the trainer as is."""

    text: str


def reply_buttons(replies: Any) -> list[tuple[str, str]]:
    """(title, payload) of every button in a list of REST replies."""
    found = []
    for reply in replies if isinstance(replies, list) else []:
        for button in (reply.get("buttons") or []) if isinstance(reply, dict) else []:
            if isinstance(button, dict) and isinstance(button.get("title"), str):
                found.append((button["title"], str(button.get("payload", button["title"]))))
    return found


# -- Showing it --------------------------------------------------------------
class Screen:
    """Writes the demo to a terminal: wrapped to its width, colours only on a real terminal."""

    def __init__(self, out: TextIO):
        self.out = out
        self.colour = out.isatty() and not os.environ.get("NO_COLOR")
        self.width = max(50, min(shutil.get_terminal_size((100, 24)).columns, 120))

    def _style(self, text: str, code: str) -> str:
        return f"\033[{code}m{text}\033[0m" if self.colour else text

    def bold(self, text: str) -> str:
        return self._style(text, "1")

    def dim(self, text: str) -> str:
        return self._style(text, "2;3")

    def line(self, text: str = "") -> None:
        print(text, file=self.out, flush=True)

    def rule(self) -> None:
        self.line(self.dim("─" * self.width))

    def wrapped(self, text: str, label: str | None = None, style=None) -> None:
        """Text after a fixed-width label (None: no label, no indent), each line wrapped on its own."""
        style = style or (lambda s: s)
        first = True
        indent = "" if label is None else " " * LABEL_WIDTH
        label = label or ""
        for raw_line in text.split("\n") or [""]:
            prefix = label.ljust(LABEL_WIDTH) if first and label else indent
            # Non-breaking spaces inside "[button titles]" are put back after wrapping.
            lines = textwrap.wrap(
                raw_line,
                width=self.width,
                initial_indent=prefix,
                subsequent_indent=indent,
                break_long_words=False,
                break_on_hyphens=False,
            ) or [prefix.rstrip()]
            for index, wrapped in enumerate(lines):
                wrapped = wrapped.replace("\xa0", " ")
                if first and index == 0 and label:
                    self.line(self.bold(wrapped[: len(label)]) + style(wrapped[len(label) :]))
                else:
                    self.line(style(wrapped))
            first = False

    def note(self, text: str) -> None:
        self.wrapped(text, T("labels.note"), style=self.dim)

    def replies(self, replies: Any) -> None:
        """Every message the assistant sent, as it came: text, buttons, and anything unexpected."""
        if isinstance(replies, BadReply):
            self.wrapped(T("replies.problem", text=replies.text), T("labels.bot"))
            return
        if not isinstance(replies, list):
            self.wrapped(
                T("replies.unexpected_from_assistant", raw=json.dumps(replies, ensure_ascii=False)[:500]),
                T("labels.bot"),
            )
            return
        if not replies:
            self.wrapped(T("replies.no_reply"), T("labels.bot"))
            return
        for reply in replies:
            if not isinstance(reply, dict):
                self.wrapped(T("replies.unexpected", raw=json.dumps(reply, ensure_ascii=False)[:500]), T("labels.bot"))
                continue
            shown = False
            if isinstance(reply.get("text"), str) and reply["text"].strip():
                self.wrapped(reply["text"], T("labels.bot"))
                shown = True
            if reply.get("image"):
                self.wrapped(T("replies.image", url=reply["image"]), T("labels.bot"))
                shown = True
            if reply.get("custom") is not None:
                self.wrapped(
                    T("replies.custom", raw=json.dumps(reply["custom"], ensure_ascii=False)[:500]), T("labels.bot")
                )
                shown = True
            titles = reply_buttons([reply])
            if titles:
                self.wrapped(" ".join("[" + t.replace(" ", "\xa0") + "]" for t, _ in titles), "")
                shown = True
            if not shown:
                self.wrapped(T("replies.unexpected", raw=json.dumps(reply, ensure_ascii=False)[:500]), T("labels.bot"))


# -- The demo ----------------------------------------------------------------
class Quit(Exception):
    """The trainer ended the demo."""


def _wait_for_enter(screen: Screen, stdin: TextIO) -> None:
    while True:
        screen.out.write(screen.dim("   " + T("run.prompt") + " ") + " ")
        screen.out.flush()
        answer = stdin.readline()
        if answer == "" or not stdin.isatty():  # a terminal echoes the Enter itself
            screen.line()
        if answer == "":  # end of input (stdin closed)
            raise Quit
        answer = answer.strip().lower()
        if answer in QUIT_WORDS:
            raise Quit
        if answer == "":
            return
        screen.line("   " + T("run.enter_hint"))


def play(
    script: DemoScript, client: RestClient, sender: str, screen: Screen, stdin: TextIO | None, delay: float = 0.0
) -> None:
    """Plays the script against the assistant. stdin None: automatic, `delay` seconds before each step."""
    seen: list[tuple[str, str]] = []  # buttons from all replies so far, newest last
    total = len(script.steps)
    for step in script.steps:
        screen.line()
        screen.line(screen.bold(T("run.step", number=step.number, total=total)))
        if step.note:
            screen.note(step.note)
        if step.click is not None:
            wanted = step.click.casefold()
            payload = next((p for t, p in reversed(seen) if t.strip().casefold() == wanted), None)
            if payload is None:
                screen.wrapped(T("run.missing_button", title=step.click), T("labels.leader"))
                continue
            screen.wrapped(T("run.click", title=step.click), T("labels.leader"))
            message = payload
        else:
            screen.wrapped(step.say or "", T("labels.leader"))
            message = step.say or ""
        if stdin is None:
            time.sleep(delay)
        else:
            _wait_for_enter(screen, stdin)
        replies = client.send(sender, message)
        screen.replies(replies)
        seen.extend(reply_buttons(replies))


def web_chat_url() -> str | None:
    """The web chat's address that answers now (WEB_PORT): this machine's network address first, so
    participants' devices can use it, else localhost; None if no web chat is served."""
    from tools.network import base_urls, first_answering

    port = int(os.environ.get(WEB_PORT_ENV, "").strip() or DEFAULT_WEB_PORT)
    return first_answering([url + "/" for url in base_urls("0.0.0.0", port)])


def closing(outro: str, url: str | None) -> tuple[str, str]:
    """The script's outro with its example address replaced by the one that works, and the closing line."""
    from tools.network import is_loopback

    port = int(os.environ.get(WEB_PORT_ENV, "").strip() or DEFAULT_WEB_PORT)
    if url is None:
        return outro, WEB_CHAT_TEXTS["none"].format(url=f"http://localhost:{port}/")
    outro = re.sub(r"http://(localhost|127\.0\.0\.1):\d+/", url, outro)
    host = urllib.parse.urlsplit(url).hostname
    return outro, WEB_CHAT_TEXTS["local" if is_loopback(host) else "lan"].format(url=url)


def unreachable_message(url: str) -> str:
    return T("run.unreachable", url=url)


@contextlib.contextmanager
def started_assistant(screen: Screen) -> Iterator[str]:
    """Action server + Rasa server in the background for the demo (conversations in memory); yields the REST URL."""
    import tempfile

    from tools.servers import Servers

    workdir = Path(tempfile.mkdtemp(prefix="samskabelse-demo-"))
    assistant = Servers(workdir=workdir)
    screen.line(T("run.starting"))
    try:
        assistant.__enter__()  # on failure it stops what it started; its error carries the log's tail
    except BaseException:
        shutil.rmtree(workdir, ignore_errors=True)
        raise
    try:
        screen.line(T("run.ready"))
        yield assistant.rest_url
    finally:
        screen.line(T("run.stopping"))
        assistant.__exit__(None, None, None)
        shutil.rmtree(workdir, ignore_errors=True)
        screen.line(T("run.stopped_servers"))


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m tools.demo", description=T("help.description"))
    parser.add_argument("--url", default=None, help=T("help.url", url=default_url()))
    parser.add_argument("--auto", action="store_true", help=T("help.auto"))
    parser.add_argument("--delay", type=float, default=DEFAULT_DELAY, help=T("help.delay", delay=f"{DEFAULT_DELAY:g}"))
    parser.add_argument("--sender", default=None, help=T("help.sender"))
    parser.add_argument("--script", default=str(SCRIPT_FILE), help=T("help.script"))
    parser.add_argument("--no-start", action="store_true", help=T("help.no_start"))
    args = parser.parse_args(argv)
    if args.delay < 0:
        parser.error(T("help.negative_delay"))
    return args


def main(argv: Sequence[str] | None = None, stdin: TextIO | None = None, out: TextIO | None = None) -> int:
    args = parse_args(argv)
    out = out or sys.stdout
    stdin = stdin or sys.stdin
    screen = Screen(out)
    try:
        script = load_script(args.script)
    except DemoScriptError as exc:
        print(exc, file=sys.stderr)
        return 1
    sender = args.sender or new_sender()
    secret = os.environ.get(SECRET_ENV) or None
    url = args.url or default_url()
    try:
        client = RestClient(url, secret)
    except ValueError as exc:
        print(f"--url: {exc}", file=sys.stderr)
        return 2

    try:
        with contextlib.ExitStack() as stack:
            if not client.reachable():
                if args.url is not None or args.no_start:
                    print(unreachable_message(url), file=sys.stderr)
                    return 2
                screen.line(T("run.none_running", url=url))
                try:
                    url = stack.enter_context(started_assistant(screen))
                except FileNotFoundError:
                    print(T("run.no_model"), file=sys.stderr)
                    return 1
                except RuntimeError as exc:
                    print(T("run.start_failed", error=exc), file=sys.stderr)
                    return 1
                client = RestClient(url, secret)
            _header(screen, script, url, sender, args.auto, args.delay)
            try:
                play(script, client, sender, screen, None if args.auto else stdin, args.delay)
            except (Quit, KeyboardInterrupt):
                screen.line()
                screen.line(T("run.quit"))
                return 0
            except Unreachable as exc:
                screen.line()
                print(T("run.connection_lost", error=exc) + "\n" + unreachable_message(url), file=sys.stderr)
                return 1
            screen.line()
            screen.rule()
            screen.line(screen.bold(T("run.finished")))
            outro, last_line = closing(script.outro, web_chat_url())
            if outro:
                screen.wrapped(outro)
            screen.wrapped(last_line)
            return 0
    except KeyboardInterrupt:
        screen.line()
        screen.line(T("run.quit"))
        return 0


def _header(screen: Screen, script: DemoScript, url: str, sender: str, auto: bool, delay: float) -> None:
    screen.rule()
    screen.line(screen.bold(script.title))
    if script.intro:
        screen.wrapped(script.intro)
    screen.line(screen.dim(T("run.header", url=url, sender=sender, steps=len(script.steps))))
    if auto:
        screen.line(screen.dim(T("run.auto", delay=f"{delay:g}")))
    else:
        screen.line(screen.dim(T("run.manual")))
    screen.rule()


if __name__ == "__main__":
    sys.exit(main())
