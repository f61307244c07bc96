"""The leader's own text echoed back stays plain text: no Slack, HTML or Markdown markup is left active."""

from __future__ import annotations

import re

import pytest

from bot.text_safety import inert

ACTIVE_INPUTS = [
    "<!channel> se her",
    "<!here>",
    "<!everyone> alle sammen",
    "<@U123> hjælper",
    "kanalen <#C123|x>",
    "<https://evil.example|klik her>",
    "[klik](http://evil.example)",
    "[klik] (http://evil.example)",
    "![billede](http://evil.example/x.png)",
    "# Overskrift",
    "Første linje\n# Overskrift\n> citat",
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    "`kode`",
    "[ref]: http://evil.example",
    "1. punkt",
    "- punkt",
]


@pytest.mark.parametrize("text", ACTIVE_INPUTS)
def test_nothing_active_survives(text):
    safe = inert(text)
    assert "<" not in safe and ">" not in safe  # Slack mentions, commands, links; HTML tags
    assert "\n" not in safe  # no new line that could start a heading, quote or list
    assert not re.search(r"\]\s*\(", safe)  # no Markdown link or image target
    assert not re.match(r"[#>+\-*\[]|\d+[.)]", safe)  # nothing Markdown reads at the start of a line
    assert not re.search(r"(?<!\\)`", safe)  # no code span


@pytest.mark.parametrize(
    "text, expected",
    [
        ("<!channel> se her", "‹!channel› se her"),
        ("<@U123> hjælper", "‹@U123› hjælper"),
        ("<https://evil.example|klik her>", "‹https://evil.example|klik her›"),
        ("<script>alert(1)</script>", "‹script›alert(1)‹/script›"),
        ("[klik](http://evil.example)", "\\[klik]\\(http://evil.example)"),
        ("![billede](http://evil.example/x.png)", "\\![billede]\\(http://evil.example/x.png)"),
        ("# Overskrift", "\\# Overskrift"),
        ("Første linje\n# Overskrift", "Første linje # Overskrift"),
        ("1. punkt", "1\\. punkt"),
        ("`kode`", "\\`kode\\`"),
    ],
)
def test_the_text_stays_readable(text, expected):
    assert inert(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Flere ældre skal have et fællesskab, de selv bærer",
        "Foreningerne – skriv til [e-mail]",  # the channels' masks keep their brackets
        "Hvad koster det? Det ved vi ikke endnu!",
        "50 % flere frivillige (mindst)",
    ],
)
def test_ordinary_answers_are_unchanged(text):
    assert inert(text) == text


def test_a_backslash_cannot_undo_the_escapes():
    safe = inert("\\[klik\\](http://evil.example)")
    assert not re.search(r"(?<!\\)(\\\\)*\]\(", safe)
