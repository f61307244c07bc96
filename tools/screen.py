"""The terminal the demo and the terminal chat print to: who speaks, replies, buttons, notes, wrapped to the width."""

from __future__ import annotations

import json
import os
import shutil
import textwrap
from typing import Any, TextIO

from tools.demo_texts import T
from tools.rest_client import BadReply, reply_buttons

LABEL_WIDTH = 13


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
