"""The leader's own words, echoed back as plain text that does nothing.

The walk-through summary repeats the leader's answers in Slack, Teams and the
web chat, and as a Markdown block the leader copies into a document. Typed
markup must stay text there:

- Slack mentions, commands and links (``<!channel>``, ``<@U123>``,
  ``<#C123|x>``, ``<https://…|klik>``) and HTML tags (``<img onerror=…>``,
  ``<script>``) all need ``<`` and ``>``: those become the look-alikes ‹ and ›.
- Markdown links and images need ``](``: a backslash goes before the ``(``, so
  neither CommonMark nor a simpler renderer sees a link (``[x]\\(http://…)``);
  a ``!`` before ``[`` and backticks are escaped too.
- Headings, quotes, lists and link definitions need the start of a line: an
  answer becomes one line (newlines and runs of spaces become one space), and
  a special character at its start is escaped (``\\# Overskrift``).

Ordinary text, including masks like «[e-mail]», reads the same as before.
"""

from __future__ import annotations

import re

_ANGLES = str.maketrans({"<": "‹", ">": "›"})
_SPACES = re.compile(r"\s+")
# A backslash (so the escapes below cannot be undone), a backtick, "!" before "[".
_INLINE = re.compile(r"([\\`]|!(?=\[))")
# "](" (spaces allowed) opens a link's or an image's target: escape the "(".
_LINK_TARGET = re.compile(r"\](\s*)\(")
# What starts a heading, list, quote, table, fence or link definition at the start of a line.
_LINE_START = re.compile(r"^([#>+\-*=|~\[]|\d+(?=[.)]))")


def inert(text: str) -> str:
    """`text` on one line, with no Slack, HTML or Markdown markup left active, still readable."""
    flat = _SPACES.sub(" ", text).strip().translate(_ANGLES)
    flat = _INLINE.sub(r"\\\1", flat)
    flat = _LINK_TARGET.sub(r"]\1\\(", flat)
    match = _LINE_START.match(flat)
    if match is None:
        return flat
    if match.group(1)[0].isdigit():  # "1. " / "1) " starts a numbered list
        return flat[: match.end()] + "\\" + flat[match.end() :]
    return "\\" + flat
