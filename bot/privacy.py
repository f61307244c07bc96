"""Masks personal data (CPR numbers, e-mail addresses, Danish phone numbers) in what users type.

Applied by every input channel before a message reaches NLU, the tracker
store, the logs or the action server, so raw personal data is never stored.
"""
from __future__ import annotations

import hashlib
import re
from functools import lru_cache

import yaml

from bot import paths

LABELS_FILE = paths.ROOT / "data" / "privacy.yml"


@lru_cache(maxsize=1)
def labels() -> dict[str, str]:
    """The replacement labels (cpr, email, phone), from data/privacy.yml."""
    data = yaml.safe_load(LABELS_FILE.read_text(encoding="utf-8")) or {}
    found = {str(k): str(v) for k, v in (data.get("labels") or {}).items()}
    missing = {"cpr", "email", "phone"} - set(found)
    if missing:
        raise ValueError(f"{LABELS_FILE}: missing labels {sorted(missing)}")
    return found

# ddmmyy-xxxx or ddmmyyxxxx, day 01-31 and month 01-12.
_CPR = re.compile(r"(?<!\d)(?:0[1-9]|[12]\d|3[01])(?:0[1-9]|1[0-2])\d{2}[- ]?\d{4}(?!\d)")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# 8 digits, optionally after +45 / 0045, written together or in groups of 2 or 4.
_PHONE = re.compile(r"(?<![\d+])(?:(?:\+|00)45[ -]?)?(?:\d{8}|\d{2}(?:[ -]\d{2}){3}|\d{4}[ -]\d{4})(?!\d)")


def mask(text: str) -> str:
    """The text with CPR numbers, e-mail addresses and phone numbers replaced by labels."""
    if not text:
        return text
    text = _EMAIL.sub(labels()["email"], text)
    text = _CPR.sub(labels()["cpr"], text)
    return _PHONE.sub(labels()["phone"], text)


def contains_personal_data(text: str) -> bool:
    return mask(text) != text


def pseudonymise_sender(sender_id: str | None) -> str | None:
    """A sender id that is itself personal data (an e-mail, a phone number) becomes a stable pseudonym."""
    if sender_id and contains_personal_data(sender_id):
        return "anon-" + hashlib.sha256(sender_id.encode("utf-8")).hexdigest()[:20]
    return sender_id
