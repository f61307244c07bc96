"""Reading both sides of the source-overlap check: settings, source texts and content texts, as words and sentences."""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator, Mapping, Sequence

import yaml

from bot import paths
from bot.settings_file import read_mapping
from bot.yaml_reading import safe_load

SEEDS_DIR_ENV = "SAMSKABELSE_SEEDS_DIR"
DEFAULT_SEEDS_DIR = paths.ROOT.parent / "shared" / "seeds"
SETTINGS_FILE = paths.ROOT / "data" / "source_overlap.yml"
SOURCES_FILE = "sources.yml"

# Rule-base files that hold no text a user reads (source metadata, intent routes).
SKIPPED_FILES = frozenset({"sources.yml", "routes.yml"})
# Keys whose values a user never reads: ids, references, intents, regular
# expressions, entity values, rule conditions, URLs and button payloads.
SKIPPED_KEYS = frozenset(
    {
        "id",
        "slot",
        "intent",
        "intents",
        "source",
        "sources",
        "file",
        "related",
        "entry",
        "extra_entry",
        "criteria_entry",
        "next_steps",
        "pattern",
        "criteria_all_no",
        "criteria_all_yes",
        "criteria_any_no",
        "criteria_any_yes",
        "patterns_any",
        "patterns_none",
        "verdicts",
        "cues",
        "yes_cues",
        "no_cues",
        "example_request_words",
        "entity",
        "value",
        "actors",
        "purposes",
        "payload",
        "url",
        "urls",
        "href",
        "link",
    }
)
# How much of the content sentence a finding quotes, to write a `kept` item from.
SENTENCE_START_WORDS = 6
# A list item with one of these keys is named by it in a finding (recipe.text, not entries[7].text).
NAME_KEYS = ("id", "slot")

SETTINGS_KEYS = {"min_run", "min_share", "enforce", "canonical_phrases", "kept"}
KEPT_KEYS = {"file", "entry", "sentence_start", "reason"}

_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))
_WORD = re.compile(r"[^\W_]+")
# A sentence ends at a line break, or at . ! ? … followed by a space and no lower-case
# letter (so "fx." or "bl.a. og" inside a sentence does not end it).
_SENTENCE_END = re.compile(r"\n+|(?<=[.!?…])\s+(?![a-zæøåäöü])")


class SourceOverlapError(ValueError):
    """The check cannot run as configured (settings, sources or content unreadable); names file and key."""


def words(text: str) -> list[str]:
    """The comparable words of a text: NFKC, invisible characters dropped, lower case, letters/digits runs.

    Both the sources and the content go through this, so typography (a
    non-breaking space, fullwidth letters, **bold**, a bullet) never hides a
    copy.
    """
    return _WORD.findall(unicodedata.normalize("NFKC", text).translate(_INVISIBLE).lower())


def sentences(text: str) -> list[str]:
    """The text's sentences (and list lines), stripped and non-empty, in order."""
    return [s.strip() for s in _SENTENCE_END.split(text) if s and s.strip()]


# -- settings -----------------------------------------------------------------
@dataclass(frozen=True)
class KeptSentence:
    """A borderline sentence kept on purpose: it matches findings in `file`/`entry` whose sentence starts so."""

    file: str
    entry: str
    sentence_start: str
    reason: str

    def covers(self, file: str, entry: str, sentence_words: Sequence[str]) -> bool:
        """Whether a finding in `file`/`entry` on a sentence with these words is this kept sentence."""
        if Path(self.file).as_posix() != Path(file).as_posix():
            return False
        if not (entry == self.entry or entry.startswith((self.entry + ".", self.entry + "["))):
            return False
        start = words(self.sentence_start)
        return bool(start) and list(sentence_words[: len(start)]) == start


@dataclass(frozen=True)
class Settings:
    min_run: int = 12
    min_share: float = 0.6
    enforce: bool = False
    canonical_phrases: tuple[tuple[str, ...], ...] = ()
    kept: tuple[KeptSentence, ...] = ()
    path: Path = SETTINGS_FILE


def load_settings(path: Path | None = None) -> Settings:
    """Read and check data/source_overlap.yml; any mistake is a SourceOverlapError naming file and key."""
    path = Path(path or SETTINGS_FILE)
    data = read_mapping(path, SourceOverlapError)

    def fail(key: str, message: str) -> SourceOverlapError:
        return SourceOverlapError(f"{path}: '{key}' {message}")

    unknown = sorted(set(map(str, data)) - SETTINGS_KEYS)
    if unknown:
        raise SourceOverlapError(
            f"{path}: unknown key(s) {', '.join(repr(k) for k in unknown)} "
            f"(expected {', '.join(sorted(SETTINGS_KEYS))})"
        )
    for key in sorted(SETTINGS_KEYS):
        if key not in data:
            raise fail(key, "is missing")
    min_run = data["min_run"]
    if not (isinstance(min_run, int) and not isinstance(min_run, bool) and min_run >= 2):
        raise fail("min_run", "must be a whole number of at least 2")
    min_share = data["min_share"]
    if not (isinstance(min_share, (int, float)) and not isinstance(min_share, bool) and 0 < min_share < 1):
        raise fail("min_share", "must be a number between 0 and 1 (e.g. 0.6)")
    if not isinstance(data["enforce"], bool):
        raise fail("enforce", "must be true or false")

    def a_list(key: str, shape: str) -> list:
        value = data[key] if data[key] is not None else []
        if not isinstance(value, list):
            raise fail(key, f"must be a list of {shape} (may be empty: [])")
        return value

    phrases_raw = a_list("canonical_phrases", "phrases")
    phrases = []
    for n, phrase in enumerate(phrases_raw, start=1):
        if not (isinstance(phrase, str) and words(phrase)):
            raise fail("canonical_phrases", f"item {n} must be a text with at least one word")
        phrases.append(tuple(words(phrase)))
    kept_raw = a_list("kept", "{file, entry, sentence_start, reason}")
    kept = []
    for n, item in enumerate(kept_raw, start=1):
        if not isinstance(item, Mapping):
            raise fail("kept", f"item {n} must be a mapping with {', '.join(sorted(KEPT_KEYS))}")
        extra = sorted(set(map(str, item)) - KEPT_KEYS)
        if extra:
            raise fail("kept", f"item {n} has unknown key(s) {', '.join(extra)}")
        for key in sorted(KEPT_KEYS):
            if not (isinstance(item.get(key), str) and item[key].strip()):
                raise fail("kept", f"item {n}: '{key}' must be a non-empty text")
        if not words(item["sentence_start"]):
            raise fail("kept", f"item {n}: 'sentence_start' must hold at least one word")
        kept.append(
            KeptSentence(
                item["file"].strip(), item["entry"].strip(), item["sentence_start"].strip(), item["reason"].strip()
            )
        )
    return Settings(min_run, float(min_share), data["enforce"], tuple(phrases), tuple(kept), path)


# -- sources --------------------------------------------------------------------
@dataclass
class SourceText:
    name: str
    words: list[str]
    sentences: list[list[str]]


def seeds_dir() -> Path:
    """Where the source texts are: SAMSKABELSE_SEEDS_DIR, else ../shared/seeds beside the project."""
    override = os.environ.get(SEEDS_DIR_ENV, "").strip()
    return Path(override) if override else DEFAULT_SEEDS_DIR


def _source_names(knowledge_dir: Path | None) -> dict[str, str]:
    """file name -> the source id entries cite (data/knowledge/sources.yml), so findings say `torfing_2017`."""
    if knowledge_dir is None or not (Path(knowledge_dir) / SOURCES_FILE).is_file():
        return {}
    path = Path(knowledge_dir) / SOURCES_FILE
    try:
        data = safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise SourceOverlapError(f"{path}: {exc}") from exc
    names = {}
    items = data.get("sources") if isinstance(data, Mapping) else None
    for item in items if isinstance(items, list) else []:
        if isinstance(item, Mapping) and isinstance(item.get("file"), str) and isinstance(item.get("id"), str):
            names[item["file"].strip()] = item["id"].strip()
    return names


def load_sources(directory: Path, knowledge_dir: Path | None = None) -> list[SourceText]:
    """The source texts (*.txt) in `directory`; fails closed on anything but a complete, readable set.

    The caller decides what a missing directory means (see the module
    docstring); here it is an error like the rest.
    """
    directory = Path(directory)
    if not directory.exists():
        raise SourceOverlapError(f"sources not found at {directory}")
    if not directory.is_dir():
        raise SourceOverlapError(f"{directory}: the sources folder is not a folder")
    names = _source_names(knowledge_dir)
    try:
        files = sorted(p for p in directory.iterdir() if p.suffix == ".txt" and p.is_file())
    except OSError as exc:
        raise SourceOverlapError(f"{directory}: cannot list the source texts: {exc}") from exc
    if not files:
        raise SourceOverlapError(f"{directory}: no source texts (*.txt) in the sources folder")
    missing = sorted(set(names) - {p.name for p in files})
    if missing:
        raise SourceOverlapError(
            f"{directory}: source text(s) named in {SOURCES_FILE} are missing: {', '.join(missing)}"
        )
    sources = []
    for path in files:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise SourceOverlapError(f"{path}: cannot read the source text: {exc}") from exc
        if not words(text):
            raise SourceOverlapError(f"{path}: the source text is empty")
        sources.append(
            SourceText(
                names.get(path.name, path.stem), words(text), [ws for ws in (words(s) for s in sentences(text)) if ws]
            )
        )
    return sources


# -- content ------------------------------------------------------------------
@dataclass(frozen=True)
class ContentText:
    """One string a user reads, with the file and the entry path that name it in a finding."""

    file: str
    entry: str
    text: str


def shown_path(path: Path, root: Path) -> str:
    try:
        return Path(path).resolve().relative_to(Path(root).resolve()).as_posix()
    except ValueError:
        return str(path)


def _walk(node: Any, parts: list[str], top: bool) -> Iterator[tuple[str, str]]:
    if isinstance(node, str):
        yield ".".join(parts).replace(".[", "["), node
    elif isinstance(node, Mapping):
        for key, value in node.items():
            if str(key) not in SKIPPED_KEYS:
                yield from _walk(value, parts + [str(key)], False)
    elif isinstance(node, list):
        for index, item in enumerate(node):
            name = next(
                (item[k] for k in NAME_KEYS if isinstance(item, Mapping) and isinstance(item.get(k), str)), None
            )
            if name is not None:
                # A top-level list of named items (entries, cards, messages) is named by the item alone.
                yield from _walk(item, (parts[:-1] if top else parts) + [name.strip()], False)
            else:
                yield from _walk(item, parts + [f"[{index}]"], False)


def content_texts(knowledge_dir: Path | None = None, root: Path | None = None) -> list[ContentText]:
    """Every string a user reads in data/knowledge/*.yml and data/knowledge/guided/*.yml, with its entry path."""
    knowledge_dir = Path(knowledge_dir or paths.knowledge_dir())
    root = Path(root or paths.ROOT)
    files = sorted(knowledge_dir.glob("*.yml")) + sorted((knowledge_dir / "guided").glob("*.yml"))
    texts = []
    for path in files:
        if path.parent == knowledge_dir and path.name in SKIPPED_FILES:
            continue
        try:
            data = safe_load(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as exc:
            raise SourceOverlapError(f"{path}: cannot read: {exc}") from exc
        label = shown_path(path, root)
        if isinstance(data, Mapping):
            for key, value in data.items():
                if str(key) not in SKIPPED_KEYS:
                    for entry, text in _walk(value, [str(key)], True):
                        texts.append(ContentText(label, entry, text))
    return texts
