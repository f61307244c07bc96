"""The server's secrets: which environment variables hold one, how strong each must be, and the key file.

Fail closed: a secret variable that is set but empty, or shorter than its
minimum, stops startup with a message naming the variable. An empty value
must never quietly turn authentication off.

The master key keys the pseudonyms of sender ids (bot.conversation_ids) and
signs the web chat's session ids (bot.web_sessions). It comes from
SAMSKABELSE_SECRET or, when that is not set, from a key file beside the
store (created on first start with mode 0600). Several replicas must share
it: set SAMSKABELSE_SECRET on each, or give them the same file.
No Rasa server code here.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets as random_source
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Mapping

from bot import paths

MASTER_SECRET_ENV = "SAMSKABELSE_SECRET"
MASTER_SECRET_FILE_ENV = "SAMSKABELSE_SECRET_FILE"
DEFAULT_MASTER_SECRET_FILE = paths.ROOT / "data" / "store" / "secret.key"
# 32 bytes = 256 bits, as much as the HMAC-SHA256 keys they become.
MIN_SECRET_BYTES = 32


@dataclass(frozen=True)
class SecretVariable:
    name: str
    # Secrets we choose ourselves must be long; tokens and passwords issued by
    # Slack or Microsoft are taken as issued, but never empty.
    min_bytes: int
    protects: str


SECRET_VARIABLES = (
    SecretVariable(MASTER_SECRET_ENV, MIN_SECRET_BYTES, "pseudonyms of sender ids and web chat session ids"),
    SecretVariable("REST_SHARED_SECRET", MIN_SECRET_BYTES, "the REST channel (header X-Samskabelse-Secret)"),
    SecretVariable("WEBCHAT_JWT_SECRET", MIN_SECRET_BYTES, "web chat logins (JWT, HS256)"),
    SecretVariable("RASA_JWT_SECRET", MIN_SECRET_BYTES, "Rasa's HTTP API (ENABLE_API=1)"),
    SecretVariable("SLACK_SIGNING_SECRET", MIN_SECRET_BYTES, "requests from Slack (signature)"),
    SecretVariable("SLACK_BOT_TOKEN", 1, "our posts to Slack"),
    SecretVariable("TEAMS_APP_PASSWORD", 1, "our posts to Microsoft Teams"),
)


class SecretError(ValueError):
    """A secret is set but unusable; the message names the variable."""


def problem(variable: SecretVariable, value: str | None) -> str | None:
    """Why the value can't be used, or None (also None when the variable is not set at all)."""
    if value is None:
        return None
    size = len(value.encode("utf-8", "surrogatepass"))
    if not value.strip():
        return f"{variable.name} is set but empty: set it to a real secret or unset it"
    if size < variable.min_bytes:
        return (
            f"{variable.name} is too short ({size} bytes; at least {variable.min_bytes}): "
            f"it protects {variable.protects}"
        )
    return None


def check_environment(env: Mapping[str, str] | None = None) -> None:
    """Raise SecretError naming every secret variable that is set but empty or too short."""
    env = os.environ if env is None else env
    found = [p for v in SECRET_VARIABLES if (p := problem(v, env.get(v.name))) is not None]
    if found:
        raise SecretError("; ".join(found))


def require(name: str, value: str | None) -> str | None:
    """The value of one secret variable, checked: None if unset, SecretError if set but weak."""
    variable = next(v for v in SECRET_VARIABLES if v.name == name)
    reason = problem(variable, value)
    if reason:
        raise SecretError(reason)
    return value


def master_secret_file() -> Path:
    override = os.environ.get(MASTER_SECRET_FILE_ENV, "").strip()
    return Path(override) if override else DEFAULT_MASTER_SECRET_FILE


def _read_or_create(path: Path) -> bytes:
    """The key in the file, created (random, mode 0600) if there is none yet.

    Two processes starting together must end with the same key: the new key
    is written to a private temporary file and linked into place, which fails
    for the second one, which then reads the first one's key.
    """
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(prefix=".secret-", dir=path.parent)
        try:
            os.fchmod(fd, 0o600)
            os.write(fd, random_source.token_hex(MIN_SECRET_BYTES).encode("ascii") + b"\n")
            os.fsync(fd)
            os.close(fd)
            try:
                os.link(temporary, path)
            except FileExistsError:
                pass
        finally:
            os.unlink(temporary)
    if path.stat().st_mode & 0o077:
        raise SecretError(f"{path}: the key file must be readable by its owner only (chmod 600)")
    key = path.read_bytes().strip()
    if len(key) < MIN_SECRET_BYTES:
        raise SecretError(f"{path}: the key file holds fewer than {MIN_SECRET_BYTES} bytes")
    return key


@lru_cache(maxsize=1)
def master_key() -> bytes:
    """SAMSKABELSE_SECRET if set (checked), else the key file's key."""
    value = require(MASTER_SECRET_ENV, os.environ.get(MASTER_SECRET_ENV))
    if value is not None:
        return value.encode("utf-8")
    return _read_or_create(master_secret_file())


def derived_key(purpose: str) -> bytes:
    """A key for one purpose only, so a key leaked from one use opens nothing else."""
    return hmac.new(master_key(), purpose.encode("utf-8"), hashlib.sha256).digest()
