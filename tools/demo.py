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
import os
import re
import shutil
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Iterator, Sequence, TextIO

from bot.names import SECRET_ENV
from tools.demo_script import SCRIPT_FILE, DemoScript, DemoScriptError, load_script
from tools.demo_texts import T
from tools.rest_client import RestClient, Unreachable, default_url, new_sender, reply_buttons
from tools.screen import Screen

DEFAULT_DELAY = 4.0

WEB_PORT_ENV = "WEB_PORT"
DEFAULT_WEB_PORT = 8080
QUIT_WORDS = ("q", "quit", "afslut")


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
        return outro, T("web_chat.none", url=f"http://localhost:{port}/")
    outro = re.sub(r"http://(localhost|127\.0\.0\.1):\d+/", url, outro)
    host = urllib.parse.urlsplit(url).hostname
    return outro, T("web_chat.local" if is_loopback(host) else "web_chat.lan", url=url)


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
