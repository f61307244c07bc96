"""`make shell`: chat with the assistant in the terminal, through the project's own REST channel.

    python -m tools.shell [--url URL] [--port PORT] [--db FILE | --memory] [--sender ID]

Without --url it starts its own action server and Rasa server (tools.servers.Servers,
the channels of credentials.yml as `make run` writes them), on free loopback ports, so
it never collides with a running `make run`; --port asks for one port instead and
stops with a Danish message (exit 2) if it is taken. Conversations go to the same
SQLite store as `make run`'s (data/store/tracker.db) unless --db or --memory says
otherwise. Messages travel through channels/rest.py like every other client's, so
personal data is masked before anything is stored. With --url it talks to an
assistant that already runs (e.g. `make run`'s REST channel).

Buttons are shown as numbered titles; typing the number clicks it. Ctrl-C, Ctrl-D or
/afslut ends the chat quietly (exit 0). The shared secret (REST_SHARED_SECRET) is
sent when set. No Rasa server code is imported here; it talks HTTP.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import signal
import sys
import tempfile
from pathlib import Path
from typing import Any, Iterator, Sequence, TextIO

from bot import paths
from bot.names import SECRET_ENV
from tools.network import port_taken
from tools.rest_client import BadReply, RestClient, Unreachable, reply_buttons
from tools.screen import LABEL_WIDTH, Screen

DEFAULT_DB = paths.ROOT / "data" / "store" / "tracker.db"
# The servers' files and logs of each run (rasa.log, actions.log), kept after it for troubleshooting.
LOG_DIR = paths.BUILD_DIR / "logs"
KEEP_RUNS = 5
QUIT_COMMANDS = ("/afslut", "/stop", "/quit", "/exit")
SENDER_PREFIX = "shell-"

TEXTS = {
    "starting": "Starter Samskabelsesrådgiveren til terminalen (typisk 20-40 sekunder) ...",
    "logs": "Servernes logfiler: {logs}",
    "ready": "Klar. Skriv dit spørgsmål og tryk Enter. Vælg en knap ved at skrive dens nummer. "
    "Ctrl-C, Ctrl-D eller /afslut afslutter.",
    "connected": "Forbundet til {url}.",
    "prompt": "Du: ",
    "bot": "Rådgiveren:",
    "clicked": "(valgt: {title})",
    "no_reply": "(Assistenten svarede ikke på denne besked.)",
    "unexpected": "(Uventet svar: {raw})",
    "image": "(billede: {url})",
    "bye": "Farvel.",
    "stopping": "Stopper assistenten ...",
    "port_taken": "Port {port} er allerede i brug (kører `make run` måske?). Udelad --port, så vælger "
    "make shell selv en ledig port, eller vælg en anden.",
    "unreachable": "Kan ikke få forbindelse til assistenten på {url}. Start den med `make run`, eller udelad "
    "--url, så starter make shell sin egen.",
    "lost": "Forbindelsen til assistenten blev afbrudt ({error}).",
    "no_model": "Der er ingen trænet model endnu. Kør `make shell` (træner først) eller `make train`.",
    "start_failed": "Assistenten kunne ikke starte (logfilerne ligger i {logs}):\n{error}",
    "bad_url": "--url: {error}",
}


def T(key: str, /, **values: Any) -> str:
    return TEXTS[key].format(**values)


def new_sender() -> str:
    import secrets
    import string

    return SENDER_PREFIX + "".join(secrets.choice(string.ascii_lowercase) for _ in range(10))


class Chat:
    """Prints replies with numbered buttons and turns a typed number into that button's payload."""

    def __init__(self, screen: Screen):
        self.screen = screen
        self.buttons: list[tuple[str, str]] = []  # (title, payload) of the latest reply that had buttons

    def show(self, replies: Any) -> None:
        label = T("bot")
        if isinstance(replies, BadReply):
            self.screen.wrapped(f"({replies.text})", label)
            return
        if not isinstance(replies, list) or not replies:
            self.screen.wrapped(T("no_reply") if replies == [] else T("unexpected", raw=str(replies)[:300]), label)
            return
        buttons = reply_buttons(replies)
        for reply in replies:
            if not isinstance(reply, dict):
                self.screen.wrapped(T("unexpected", raw=str(reply)[:300]), label)
                continue
            if isinstance(reply.get("text"), str) and reply["text"].strip():
                self.screen.wrapped(reply["text"], label)
            if reply.get("image"):
                self.screen.wrapped(T("image", url=reply["image"]), label)
        if buttons:
            self.buttons = buttons
            for number, (title, _) in enumerate(buttons, start=1):
                self.screen.line(f"{'':{LABEL_WIDTH - 4}}{number:>2}) {title}")
        self.screen.line()

    def message_for(self, typed: str) -> tuple[str, str | None]:
        """What to send for a typed line, and the clicked button's title (None if typed as text)."""
        text = typed.strip()
        if text.isdigit() and 1 <= int(text) <= len(self.buttons):
            title, payload = self.buttons[int(text) - 1]
            return payload, title
        return typed, None


def chat(client: RestClient, sender: str, screen: Screen, stdin: TextIO) -> None:
    """The conversation loop; returns on end of input or /afslut, raises KeyboardInterrupt on Ctrl-C."""
    view = Chat(screen)
    interactive = stdin.isatty() and screen.out.isatty()
    while True:
        if interactive:
            line = input(T("prompt"))  # readline editing; EOFError on Ctrl-D
        else:
            screen.out.write(T("prompt"))
            screen.out.flush()
            line = stdin.readline()
            if line == "":
                raise EOFError
            line = line.rstrip("\n")
            screen.line(line)
        if line.strip().lower() in QUIT_COMMANDS:
            return
        if not line.strip() and not view.buttons:
            continue
        message, title = view.message_for(line)
        if title is not None:
            screen.line(screen.dim(T("clicked", title=title)))
        view.show(client.send(sender, message))


@contextlib.contextmanager
def own_assistant(screen: Screen, port: int | None, db: Path | None) -> Iterator[str]:
    """Action server and Rasa server for this chat, stopped afterwards (also on Ctrl-C); yields the REST URL."""
    from tools.servers import Servers

    LOG_DIR.mkdir(parents=True, exist_ok=True)
    for old in sorted(LOG_DIR.glob("shell-*"), key=lambda d: d.stat().st_mtime)[: -(KEEP_RUNS - 1) or None]:
        shutil.rmtree(old, ignore_errors=True)
    workdir = Path(tempfile.mkdtemp(prefix="shell-", dir=LOG_DIR))
    if db is not None:
        db.parent.mkdir(parents=True, exist_ok=True)
    assistant = Servers(workdir=workdir, tracker_db=db, rasa_port=port)
    screen.line(T("starting"))
    assistant.__enter__()  # stops what it started if it fails or is interrupted
    screen.line(screen.dim(T("logs", logs=_shown(workdir))))
    try:
        yield assistant.rest_url
    finally:
        # A second Ctrl-C must not leave the servers running.
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
        try:
            assistant.__exit__(None, None, None)
        finally:
            signal.signal(signal.SIGINT, previous)


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(paths.ROOT))
    except ValueError:
        return str(path)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m tools.shell", description="Chat med Samskabelsesrådgiveren i terminalen (make shell)."
    )
    parser.add_argument(
        "--url",
        default=None,
        help="REST-adressen på en assistent, der allerede kører, fx "
        "http://127.0.0.1:5005/webhooks/rest/webhook (standard: start en selv)",
    )
    parser.add_argument("--port", type=int, default=None, help="Rasa-serverens port (standard: en ledig port)")
    parser.add_argument(
        "--db", default=str(DEFAULT_DB), help="SQLite-filen, samtalen gemmes i (standard: den samme som make run)"
    )
    parser.add_argument("--memory", action="store_true", help="gem ikke samtalen (kun i hukommelsen)")
    parser.add_argument("--sender", default=None, help="samtale-id (standard: et nyt for hver kørsel)")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None, stdin: TextIO | None = None, out: TextIO | None = None) -> int:
    args = parse_args(argv)
    stdin, out = stdin or sys.stdin, out or sys.stdout
    screen = Screen(out)
    secret = os.environ.get(SECRET_ENV) or None
    sender = args.sender or new_sender()
    if args.url is None and args.port is not None and port_taken(args.port):
        print(T("port_taken", port=args.port), file=sys.stderr)
        return 2
    try:
        with contextlib.ExitStack() as stack:
            if args.url is not None:
                try:
                    client = RestClient(args.url, secret)
                except ValueError as exc:
                    print(T("bad_url", error=exc), file=sys.stderr)
                    return 2
                if not client.reachable():
                    print(T("unreachable", url=args.url), file=sys.stderr)
                    return 2
                screen.line(T("connected", url=args.url))
            else:
                try:
                    url = stack.enter_context(own_assistant(screen, args.port, None if args.memory else Path(args.db)))
                except FileNotFoundError:
                    print(T("no_model"), file=sys.stderr)
                    return 1
                except RuntimeError as exc:
                    print(T("start_failed", error=exc, logs=LOG_DIR), file=sys.stderr)
                    return 1
                client = RestClient(url, secret)
            screen.line(T("ready"))
            screen.line()
            try:
                chat(client, sender, screen, stdin)
            except EOFError:
                screen.line()
            except Unreachable as exc:
                print(T("lost", error=exc), file=sys.stderr)
                return 1
            screen.line(T("bye"))
            return 0
    except KeyboardInterrupt:
        screen.line()
        screen.line(T("bye"))
        return 0


if __name__ == "__main__":
    sys.exit(main())
