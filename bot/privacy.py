"""Masks personal data (CPR numbers, e-mail addresses, Danish phone numbers) in what users type.

Applied by every input channel before a message reaches NLU, the tracker
store, the logs or the action server, so raw personal data is never stored.

People write the same number in many forms: a no-break space from a phone's
keyboard, an en dash from a word processor, a zero-width space pasted from a
web page, full-width digits from an Asian keyboard, "16.03.85-2345",
"lone(at)aarhus(punktum)dk". The text is therefore normalised first
(`normalise`, which the channels also store), and the patterns then accept
every separator people use. Patterns are compiled once: mask() runs on every
message.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from bot import paths
from bot.yaml_reading import safe_load

LABELS_FILE = paths.ROOT / "data" / "privacy.yml"


@lru_cache(maxsize=1)
def _settings() -> dict[str, Any]:
    data = safe_load(LABELS_FILE.read_text(encoding="utf-8")) or {}
    return data if isinstance(data, dict) else {}


@lru_cache(maxsize=1)
def labels() -> dict[str, str]:
    """The replacement labels (cpr, email, phone), from data/privacy.yml."""
    found = {str(k): str(v) for k, v in (_settings().get("labels") or {}).items()}
    missing = {"cpr", "email", "phone"} - set(found)
    if missing:
        raise ValueError(f"{LABELS_FILE}: missing labels {sorted(missing)}")
    return found


# -- normalisation -------------------------------------------------------------
# Invisible letters that are no format character (category Lo, so not caught by Cf): Hangul fillers.
_INVISIBLE_LETTERS = frozenset("\u115f\u1160\u3164\uffa0")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
# Combining marks right after a digit ("1\u20e3", "1\ufe0f", "1\u0301") hide a number from the patterns.
_MARKS_AFTER_DIGIT = re.compile(r"(?<=[0-9])[^\x00-\x7f]+")


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    """One non-ASCII character as mask() needs to see it: invisible ones dropped, spaces and digits as ASCII."""
    category = unicodedata.category(char)
    if category == "Cf" or char in _INVISIBLE_LETTERS:  # zero-width characters, soft hyphen, bidi marks
        return ""
    if category == "Zs":  # no-break, thin, narrow no-break, ideographic ... space
        return " "
    if category == "Nd":  # digits of other scripts ("٢", and full-width ones NFKC left over)
        return str(unicodedata.decimal(char))
    return char


def _fold(text: str) -> str:
    return _NON_ASCII.sub(lambda m: _fold_char(m.group()), text)


def _drop_marks(match: re.Match) -> str:
    run = match.group()
    kept = 0
    while kept < len(run) and unicodedata.category(run[kept]).startswith("M"):
        kept += 1
    return run[kept:]


def normalise(text: str) -> str:
    """The text as it is masked and stored: Unicode NFKC, without invisible characters, plain spaces.

    NFKC turns full-width digits and "＠" into ASCII and composes "a" + ring
    into "å" (so Danish letters stay as they are). Zero-width and other format
    characters (category Cf, soft hyphen included) are removed, before NFKC
    as well, so removing them can't leave a pair NFKC would compose on a
    second call: normalise is idempotent. Every space separator (no-break,
    thin, ...) becomes a plain space; line breaks and tabs are kept. Digits
    of other scripts become ASCII digits and combining marks on a digit
    (keycap emoji) are dropped, so no digit escapes the patterns. Emoji joined
    by a zero-width joiner fall apart into their parts: the price of removing it.
    """
    if not text or text.isascii():
        return text
    text = unicodedata.normalize("NFKC", _fold(text))
    text = _fold(text)
    return _MARKS_AFTER_DIGIT.sub(_drop_marks, text)


# -- patterns ------------------------------------------------------------------
# Hyphen-minus, hyphen, non-breaking hyphen, figure dash, en dash, em dash, horizontal bar, minus sign.
_DASHES = "\\-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_DASH_CHARS = frozenset("-\u2010\u2011\u2012\u2013\u2014\u2015\u2212")
# Between the parts of a phone number: one space, dot or dash.
_PHONE_SEP = f"[ .{_DASHES}]"
_DAY = r"(?:0[1-9]|[12][0-9]|3[01])"
_MONTH = r"(?:0[1-9]|1[0-2])"
_YEAR = r"(?:19|20)[0-9]{2}"

# ddmmyy-xxxx, day 01-31 and month 01-12: between the date and the serial number a dash, slash,
# dot, spaces or nothing ("260385 - 2355"); inside the date a dot, slash, dash or space
# ("16.03.85-2345", "17 03 85 2346"); the serial number may be written "23 46".
_CPR = re.compile(
    rf"(?<![0-9]){_DAY}(?:[./{_DASHES}] ?| )?{_MONTH}(?:[./{_DASHES}] ?| )?[0-9]{{2}}"
    rf"(?: {{0,3}}[./{_DASHES}] {{0,3}}| {{1,3}})?(?:[0-9]{{4}}|[0-9]{{2}} [0-9]{{2}})(?![0-9])"
)

# Eight digits in any grouping (12345678, 23 45 67 88, 2345-6789, 234 56 790, 23.45.67.88),
# optionally after +45, 0045, (+45) or a bare 45 with any separator. _phone_or_not then
# requires one separator throughout and leaves dates, year ranges and amounts alone.
_PHONE = re.compile(
    rf"(?<![0-9+])(?P<prefix>(?:\( ?(?:\+|00) ?45 ?\)|(?:\+|00) ?45|(?<![.,:])45(?={_PHONE_SEP}[0-9])){_PHONE_SEP}?)?"
    rf"(?P<body>[0-9](?:{_PHONE_SEP}?[0-9]){{7}})(?![0-9])"
)
_DIGIT = re.compile(r"[0-9]")
_SPLIT = re.compile(_PHONE_SEP)
_DATE_DMY = re.compile(rf"{_DAY}{_MONTH}{_YEAR}")
_DATE_YMD = re.compile(rf"{_YEAR}{_MONTH}{_DAY}")
_YEAR_ONLY = re.compile(_YEAR)


def _words(words: Any) -> str:
    """An alternation of the words, longest first, spaces in them matching one optional space."""
    ordered = sorted({str(w).strip().lower() for w in words or () if str(w).strip()}, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", " ?") for w in ordered)


@dataclass(frozen=True)
class _Patterns:
    email: re.Pattern
    email_hint: re.Pattern
    amount_before: re.Pattern
    amount_after: re.Pattern


def _bracketed(words: Any) -> str:
    """One of the words in brackets: (at), [ at ], {punktum}, <dot>; never matches if there are none."""
    alternation = _words(words)
    return rf"[(\[{{<] ?(?i:{alternation}) ?[)\]}}>]" if alternation else r"(?!)"


@lru_cache(maxsize=1)
def _patterns() -> _Patterns:
    """The patterns built from the word lists in data/privacy.yml (read once)."""
    settings = _settings()
    written = settings.get("email_words") or {}
    written_at, written_dot = _bracketed(written.get("at")), _bracketed(written.get("dot"))
    word = r"[\w+%-]+"
    dot = rf"(?:\.| ?{written_dot} ?)"
    domain = rf"[\w-]+(?:{dot}[\w-]+)*"
    dotted_domain = rf"[\w-]+(?:{dot}[\w-]+)+"
    # A local part right before the @ (so "@channel" is no address); the domain may lack a
    # top-level domain ("lone@aarhus"). A written "(at)" with spaces around it needs a dotted
    # domain: "lone (at) aarhus.dk" is an address, "noget (at) gøre" is Danish.
    email = re.compile(
        rf"(?<![\w.+%-]){word}(?:{dot}{word})*"
        rf"(?:@{domain}| ?{written_at} ?{dotted_domain}|{written_at}{domain})"
    )
    amount = _words(settings.get("amount_words")) or r"(?!)"
    return _Patterns(
        email=email,
        email_hint=re.compile(rf"@|{written_at}"),
        amount_before=re.compile(rf"(?i:(?<!\w)(?:{amount})) ?$"),
        amount_after=re.compile(rf"^ ?(?:,[0-9]|(?i:(?:{amount}))(?!\w))"),
    )


def _phone_or_not(match: re.Match, label: str) -> str:
    """The label for a phone number; the text itself for a date, a year range or an amount."""
    text = match.string
    body = match.group("body")
    separators = set(_DIGIT.sub("", body))
    if len(separators) > 1:  # "10.00-12.00" is a time span, not a phone number
        return match.group()
    groups = _SPLIT.split(body)
    sizes = tuple(len(g) for g in groups)
    digits = "".join(groups)
    separator = next(iter(separators), "")
    if separator in _DASH_CHARS or separator in "./":
        if sizes == (2, 2, 4) and _DATE_DMY.fullmatch(digits) or sizes == (4, 2, 2) and _DATE_YMD.fullmatch(digits):
            return match.group()  # 16.03.2026, 2026-03-16
    if (
        separator in _DASH_CHARS
        and sizes == (4, 4)
        and all(_YEAR_ONLY.fullmatch(g) for g in groups)
        and groups[0] < groups[1]
    ):
        return match.group()  # 2024-2025
    if separator in ". " and sizes == (2, 3, 3):
        patterns = _patterns()
        if (
            groups[-1] == "000"
            or patterns.amount_after.search(text[match.end() : match.end() + 12])
            or patterns.amount_before.search(text[max(0, match.start() - 12) : match.start()])
        ):
            return match.group()  # 12.500.000 kr
    return label


def mask(text: str) -> str:
    """The (normalised) text with CPR numbers, e-mail addresses and phone numbers replaced by labels."""
    if not text:
        return text
    text = normalise(text)
    names = labels()
    patterns = _patterns()
    if patterns.email_hint.search(text):
        text = patterns.email.sub(names["email"], text)
    if _DIGIT.search(text):
        text = _CPR.sub(names["cpr"], text)
        text = _PHONE.sub(lambda m: _phone_or_not(m, names["phone"]), text)
    return text


def contains_personal_data(text: str) -> bool:
    """True if mask() would replace something; normalisation alone (a no-break space) doesn't count."""
    return mask(text) != normalise(text)
