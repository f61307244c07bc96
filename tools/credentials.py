"""Writes the effective Rasa credentials file: only channels whose environment variables are set.

Placeholders (${VAR}) stay placeholders, so Rasa reads the secrets from the
environment at startup and no secret is written to disk. A variable that is
set but blank, or a secret that is too short (bot.server_secrets), is an
error naming it: an empty REST_SHARED_SECRET must not quietly mean "no
authentication".
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Mapping

import yaml

from bot.server_secrets import SecretError, check_environment
from bot.yaml_reading import safe_load

PLACEHOLDER = re.compile(r"^\$\{([A-Z0-9_]+)\}$")
# Channels that run without any variable set; their unset keys are dropped.
ALWAYS_ON = ("channels.rest.SecuredRestInput", "channels.socketio.WebChatInput")


def effective_credentials(template: Mapping, env: Mapping[str, str]) -> dict:
    """The channels to run: those whose variables are all set (REST and web chat always)."""
    check_environment(env)
    out = {}
    for channel, settings in template.items():
        settings = dict(settings or {})
        variables = {
            key: m.group(1)
            for key, value in settings.items()
            if isinstance(value, str) and (m := PLACEHOLDER.match(value))
        }
        blank = sorted(name for name in variables.values() if name in env and not env[name].strip())
        if blank:
            raise SecretError(", ".join(blank) + " is set but empty: set it or unset it")
        missing = [key for key, name in variables.items() if name not in env]
        if channel in ALWAYS_ON:
            out[channel] = {k: v for k, v in settings.items() if k not in missing} or None
        elif not missing:
            out[channel] = settings
    return out


def write_credentials(template_file: Path, target: Path, env: Mapping[str, str] | None = None) -> list[str]:
    """Write the file; return the enabled channel names."""
    template = safe_load(Path(template_file).read_text(encoding="utf-8")) or {}
    result = effective_credentials(template, os.environ if env is None else env)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(yaml.safe_dump(result, sort_keys=False), encoding="utf-8")
    return list(result)
