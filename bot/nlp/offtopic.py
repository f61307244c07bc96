"""Deterministic train / held-out split of the shared Danish off-topic sentences."""

from __future__ import annotations

import hashlib
from pathlib import Path

from bot.yaml_reading import safe_load

NOTICE = (
    "Danish test sentences of the Home Assistant voice assistant (home-assistant/intents, tests/da).\n"
    "License: CC BY 4.0, (c) the Home Assistant intents contributors."
)


def is_training(sentence: str, train_share: float = 0.5) -> bool:
    """Stable membership by hash, so re-running the split never moves a sentence."""
    bucket = int(hashlib.sha1(sentence.encode("utf-8")).hexdigest()[:8], 16) / 0xFFFFFFFF
    return bucket < train_share


def split(
    sentences: list[str], train_share: float = 0.5, keep_out: frozenset[str] = frozenset()
) -> tuple[list[str], list[str]]:
    """(training, held-out); sentences in `keep_out` are never trained on."""
    seen: set[str] = set()
    train, heldout = [], []
    for raw in sentences:
        s = raw.strip()
        key = s.lower()
        if not s or key in seen:
            continue
        seen.add(key)
        if key in keep_out:
            heldout.append(s)
        else:
            (train if is_training(key, train_share) else heldout).append(s)
    return train, heldout


def load_keep_out(path: Path) -> frozenset[str]:
    data = safe_load(path.read_text(encoding="utf-8")) or {}
    return frozenset(s.strip().lower() for s in data.get("about_the_assistant") or [])


def write_split(source: Path, nlu_file: Path, heldout_file: Path, keep_out_file: Path) -> tuple[int, int]:
    train, heldout = split(source.read_text(encoding="utf-8").splitlines(), keep_out=load_keep_out(keep_out_file))
    comment = "".join(f"# {line}\n" for line in NOTICE.splitlines())
    body = "".join(f"    - {_quote(s)}\n" for s in train)
    nlu_file.write_text(
        f"{comment}# Training half; the other half is held out in heldout/nlu/.\n"
        f'version: "3.1"\nnlu:\n- intent: out_of_scope\n  examples: |\n{body}',
        encoding="utf-8",
    )
    heldout_file.write_text("".join(f"{s}\n" for s in heldout), encoding="utf-8")
    return len(train), len(heldout)


def _quote(sentence: str) -> str:
    # Rasa reads the examples block as Markdown-like lines; brackets would look like entities.
    return sentence.replace("[", "(").replace("]", ")")
