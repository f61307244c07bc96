"""Conversation ids: one namespace per channel, and keyed pseudonyms for ids that are personal data.

All channels share one tracker store, so an id must say which channel it
belongs to: a Slack member id typed into the web chat must never reach that
person's Slack conversation. Every channel therefore stores its
conversations as "<prefix>:<id>" (rest:, web:, slack:, teams:), and no
channel can produce another's prefix.

An id that is itself personal data (an e-mail, a phone number, after
Unicode normalisation) is replaced by a keyed hash: without the server's key
the pseudonym can't be reversed by trying all phone numbers. Earlier
versions stored unprefixed ids and unkeyed pseudonyms ("anon-" + 20 hex
characters of SHA-256); `namespaced_legacy_id` maps those, so a stored
conversation keeps working (store/tracker_store.py migrates once).
No Rasa server code here.
"""

from __future__ import annotations

import hashlib
import hmac
import re

from bot import privacy
from bot.server_secrets import derived_key

# Rasa's input channel name -> the prefix of its conversation ids.
PREFIXES = {"rest": "rest", "socketio": "web", "slack": "slack", "teams": "teams"}
NAMESPACED = re.compile(r"^(?:%s):" % "|".join(sorted(set(PREFIXES.values()))))
# Rasa's SQL tracker store keeps sender ids in a VARCHAR(255).
MAX_ID_CHARS = 255
PSEUDONYM_PREFIX = "anon-"
_LEGACY_PSEUDONYM = re.compile(r"^anon-[0-9a-f]{20}$")
_PSEUDONYM_PURPOSE = "sender-pseudonym-v1"
_LONG_ID_PURPOSE = "long-sender-id-v1"


def _keyed(purpose: str, value: str, hex_chars: int = 32) -> str:
    return hmac.new(derived_key(purpose), value.encode("utf-8"), hashlib.sha256).hexdigest()[:hex_chars]


def _legacy_pseudonym(value: str) -> str:
    """What earlier versions stored for a personal-data id (unkeyed, so guessable)."""
    return PSEUDONYM_PREFIX + hashlib.sha256(value.encode("utf-8")).hexdigest()[:20]


def _rekeyed(legacy_pseudonym: str) -> str:
    # The keyed pseudonym is a keyed hash *of the legacy one*, so stored legacy
    # pseudonyms can be converted without knowing the ids they came from.
    return PSEUDONYM_PREFIX + _keyed(_PSEUDONYM_PURPOSE, legacy_pseudonym)


def _clean(raw: str) -> str:
    # Lone surrogates can't be encoded (a crash further on); normalise like the text.
    return privacy.normalise(raw.encode("utf-8", "replace").decode("utf-8")).strip()


def local_id(raw: str) -> str:
    """The part after the prefix: the id itself, or its keyed pseudonym if it is personal data."""
    value = _clean(raw)
    if privacy.contains_personal_data(value):
        return _rekeyed(_legacy_pseudonym(value))
    return value


def conversation_id(channel: str, raw: str) -> str:
    """The stored id of a conversation: "<prefix>:<local id>", at most MAX_ID_CHARS characters."""
    prefix = PREFIXES[channel]
    full = f"{prefix}:{local_id(raw)}"
    if len(full) > MAX_ID_CHARS:
        full = f"{prefix}:long-{_keyed(_LONG_ID_PURPOSE, _clean(raw), 40)}"
    return full


def without_prefix(conversation: str) -> str:
    """The id as the channel's client knows it (REST answers with the sender it was sent)."""
    return NAMESPACED.sub("", conversation, count=1)


def is_namespaced(sender_id: str) -> bool:
    return bool(NAMESPACED.match(sender_id))


def namespaced_legacy_id(sender_id: str, input_channel: str | None) -> str:
    """The id a conversation stored by an earlier version has now (for the one-time migration).

    The channel comes from the conversation's stored events; an unknown one
    (the command line, say) is taken as REST, which `rasa shell` uses.
    """
    prefix = PREFIXES.get(input_channel or "", PREFIXES["rest"])
    if _LEGACY_PSEUDONYM.match(sender_id):
        local = _rekeyed(sender_id)
    else:
        local = local_id(sender_id)
    full = f"{prefix}:{local}"
    if len(full) > MAX_ID_CHARS:
        full = f"{prefix}:long-{_keyed(_LONG_ID_PURPOSE, _clean(sender_id), 40)}"
    return full
