"""Does the content copy its sources? The check that keeps the content in our own words.

Every answer the assistant gives is built on five Danish source texts
(../shared/seeds/). The content must explain them in its own words and quote
only short canonical phrases (the five ledetråde, names of models and
projects). Copying creeps back in with every edit, so `make validate` reads
the sources and every text a user reads in the rule base and reports:

(a) a content text (an entry's text, a "more" part, a quiz explanation, a
    guided text ...) that shares a run of `min_run` (12) or more consecutive
    words with a source text; and
(b) a content sentence that shares `min_run` or more words *in order* with
    one source sentence (the longest common subsequence, so a copy with a few
    words swapped or inserted is still found), when those words are more than
    `min_share` (60 %) of the content sentence.

Words inside an allowed canonical phrase (`canonical_phrases`) do not count:
quoting a canonical phrase is never a finding, and a run only counts the
words outside such phrases. A sentence of type (b) that overlaps a run of
type (a) from the same source is reported once, as the run. A borderline
sentence the team keeps on purpose is listed under `kept` with a reason, and
is then shown but not counted.

Both sides are normalised the same way before comparing: Unicode NFKC (so
fullwidth letters and non-breaking spaces are plain letters and spaces),
invisible characters (soft hyphen, zero-width) dropped, lower case, and a word
is a run of letters or digits (æ, ø, å included); punctuation and Markdown
only separate words.

Settings live in data/source_overlap.yml (shape checked; a mistake names
the file and the key). With `enforce: false` the findings are printed but do
not fail validation, so the build stays green while the content is being
rewritten; `enforce: true` makes any finding not covered by `kept` fail it.

Where the sources are: ROOT/../shared/seeds, or SAMSKABELSE_SEEDS_DIR. The
project's rule is to fail closed, but CI runs on a fresh clone where the
shared folder does not exist, so:
- the folder does not exist: a clear warning that the check was skipped, and
  validation does not fail on it;
- the folder exists but holds no readable source text (*.txt), a text is
  empty or not UTF-8, or a file data/knowledge/sources.yml names is missing:
  that is an error, and validation fails.
`python -m tools source-overlap` (for editors) lists every finding, the kept
ones too, and fails when the sources are missing.

Plain Python (no Rasa imports), so it runs in a second on a fresh clone.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator, Mapping

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

    def covers(self, finding: "Finding") -> bool:
        if Path(self.file).as_posix() != Path(finding.file).as_posix():
            return False
        if not (finding.entry == self.entry or finding.entry.startswith((self.entry + ".", self.entry + "["))):
            return False
        start = words(self.sentence_start)
        return bool(start) and list(finding.sentence_words[: len(start)]) == start


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


def _label(path: Path, root: Path) -> str:
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
        label = _label(path, root)
        if isinstance(data, Mapping):
            for key, value in data.items():
                if str(key) not in SKIPPED_KEYS:
                    for entry, text in _walk(value, [str(key)], True):
                        texts.append(ContentText(label, entry, text))
    return texts


# -- comparing ------------------------------------------------------------------
@dataclass(frozen=True)
class Finding:
    """Content that copies a source: a run (kind "run") or a sentence in order (kind "sentence")."""

    kind: str
    file: str
    entry: str
    source: str
    shared: int  # words that count (outside canonical phrases)
    shared_words: tuple[str, ...]
    sentence: str  # the content sentence it starts in, as written
    sentence_words: tuple[str, ...]
    sentence_length: int = 0  # words of the sentence outside canonical phrases (kind "sentence")

    @property
    def sentence_start(self) -> str:
        """The first words of the content sentence, as written: what a `kept` item quotes."""
        head = self.sentence.split()
        return " ".join(head[:SENTENCE_START_WORDS]) + (" …" if len(head) > SENTENCE_START_WORDS else "")

    def __str__(self) -> str:
        quoted = " ".join(self.shared_words)
        where = f"{self.file}: {self.entry}: sentence «{self.sentence_start}»"
        if self.kind == "run":
            canonical = (
                f", {self.shared} of them outside canonical phrases" if self.shared != len(self.shared_words) else ""
            )
            return (
                f"{where}: {len(self.shared_words)} consecutive words shared with {self.source}{canonical}: «{quoted}»"
            )
        share = round(100 * self.shared / self.sentence_length)
        return (
            f"{where} shares {self.shared} of its {self.sentence_length} words ({share} %) in order with a "
            f"sentence of {self.source}: «{quoted}»"
        )


def _canonical_mask(ws: list[str], phrases: tuple[tuple[str, ...], ...]) -> list[bool]:
    """True for each word inside an occurrence of an allowed canonical phrase."""
    mask = [False] * len(ws)
    for phrase in phrases:
        n = len(phrase)
        for i in range(len(ws) - n + 1):
            if tuple(ws[i : i + n]) == phrase:
                mask[i : i + n] = [True] * n
    return mask


def _lcs(a: list[str], b: list[str]) -> list[int]:
    """Positions in `a` of one longest common subsequence of a and b."""
    rows = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) - 1, -1, -1):
        row, below = rows[i], rows[i + 1]
        for j in range(len(b) - 1, -1, -1):
            row[j] = below[j + 1] + 1 if a[i] == b[j] else max(below[j], row[j + 1])
    picked, i, j = [], 0, 0
    while i < len(a) and j < len(b):
        if a[i] == b[j]:
            picked.append(i)
            i, j = i + 1, j + 1
        elif rows[i + 1][j] >= rows[i][j + 1]:
            i += 1
        else:
            j += 1
    return picked


class _Index:
    """The sources prepared once: n-gram starts for runs, word postings for sentences."""

    def __init__(self, sources: list[SourceText], min_run: int) -> None:
        self.sources = sources
        self.grams: dict[tuple[str, ...], list[tuple[int, int]]] = defaultdict(list)
        for s, source in enumerate(sources):
            for j in range(len(source.words) - min_run + 1):
                self.grams[tuple(source.words[j : j + min_run])].append((s, j))
        self.sentences: list[tuple[int, list[str]]] = [
            (s, ws) for s, source in enumerate(sources) for ws in source.sentences
        ]
        self.postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for k, (_, ws) in enumerate(self.sentences):
            for word, count in Counter(ws).items():
                self.postings[word].append((k, count))


def _runs(ws: list[str], mask: list[bool], index: _Index, min_run: int) -> list[tuple[int, int, int]]:
    """Maximal shared runs (source, start, length) with at least min_run words outside canonical phrases."""
    found: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for i in range(len(ws) - min_run + 1):
        for s, j in index.grams.get(tuple(ws[i : i + min_run]), ()):
            src = index.sources[s].words
            if i > 0 and j > 0 and ws[i - 1] == src[j - 1]:
                continue  # not the start of the run
            length = min_run
            while i + length < len(ws) and j + length < len(src) and ws[i + length] == src[j + length]:
                length += 1
            found[s].append((i, length))
    runs = []
    for s, spans in found.items():
        taken: list[tuple[int, int]] = []
        for i, length in sorted(set(spans), key=lambda span: (-span[1], span[0])):
            if any(i >= a and i + length <= a + n for a, n in taken):
                continue  # the same words, already reported in a longer run
            taken.append((i, length))
            if length - sum(mask[i : i + length]) >= min_run:
                runs.append((s, i, length))
    return sorted(runs, key=lambda run: (run[1], run[0]))


def compare(texts: list[ContentText], sources: list[SourceText], settings: Settings) -> list[Finding]:
    """All findings for the content texts against the sources, in content order (kept ones included)."""
    index = _Index(sources, settings.min_run)
    findings = []
    for content in texts:
        parts = [(s, words(s)) for s in sentences(content.text)]
        parts = [(s, ws) for s, ws in parts if ws]
        ws = [w for _, sws in parts for w in sws]
        if len(ws) < settings.min_run:
            continue
        mask = _canonical_mask(ws, settings.canonical_phrases)
        starts, position = [], 0
        for _, sws in parts:
            starts.append(position)
            position += len(sws)

        def sentence_at(pos: int, starts: list[int] = starts) -> int:
            return max(k for k, start in enumerate(starts) if start <= pos)

        run_spans = defaultdict(list)
        for s, i, length in _runs(ws, mask, index, settings.min_run):
            k = sentence_at(i)
            shared = ws[i : i + length]
            findings.append(
                Finding(
                    "run",
                    content.file,
                    content.entry,
                    sources[s].name,
                    length - sum(mask[i : i + length]),
                    tuple(shared),
                    parts[k][0],
                    tuple(parts[k][1]),
                )
            )
            run_spans[s].append((i, i + length))
        for k, (sentence, sws) in enumerate(parts):
            start = starts[k]
            # Words inside canonical phrases count neither as shared nor towards the sentence's length.
            reduced = [word for p, word in enumerate(sws) if not mask[start + p]]
            if len(reduced) < settings.min_run:
                continue
            bounds: dict[int, int] = defaultdict(int)
            for word, count in Counter(reduced).items():
                for sid, source_count in index.postings.get(word, ()):
                    bounds[sid] += min(count, source_count)
            best: dict[int, list[int]] = {}
            for sid, bound in bounds.items():
                s, source_sentence = index.sentences[sid]
                if bound < settings.min_run or bound <= settings.min_share * len(reduced):
                    continue
                if len(best.get(s, ())) >= bound:
                    continue
                picked = _lcs(reduced, source_sentence)
                if len(picked) > len(best.get(s, ())):
                    best[s] = picked
            for s, picked in sorted(best.items()):
                if len(picked) < settings.min_run or len(picked) <= settings.min_share * len(reduced):
                    continue
                if any(a < start + len(sws) and start < b for a, b in run_spans[s]):
                    continue  # the same copy, reported as a run
                findings.append(
                    Finding(
                        "sentence",
                        content.file,
                        content.entry,
                        sources[s].name,
                        len(picked),
                        tuple(reduced[p] for p in picked),
                        sentence,
                        tuple(sws),
                        len(reduced),
                    )
                )
    return findings


# -- the check ------------------------------------------------------------------
@dataclass
class OverlapReport:
    """What the check found: findings to fix, findings kept on purpose, kept items that match nothing."""

    settings: Settings
    seeds_dir: Path
    skipped: bool = False
    texts: int = 0
    sources: int = 0
    findings: list[Finding] = field(default_factory=list)
    kept: list[tuple[Finding, KeptSentence]] = field(default_factory=list)
    unused_kept: list[KeptSentence] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        """Validation fails only when enforcement is on and a finding is not kept."""
        return self.settings.enforce and bool(self.findings)


def check(
    seeds: Path | None = None,
    knowledge_dir: Path | None = None,
    settings_file: Path | None = None,
    root: Path | None = None,
) -> OverlapReport:
    """Run the check; a missing sources folder gives a skipped report, any other problem SourceOverlapError."""
    settings = load_settings(settings_file)
    seeds = Path(seeds or seeds_dir())
    if not seeds.exists():
        return OverlapReport(settings, seeds, skipped=True)
    knowledge_dir = Path(knowledge_dir or paths.knowledge_dir())
    sources = load_sources(seeds, knowledge_dir)
    texts = content_texts(knowledge_dir, root)
    report = OverlapReport(settings, seeds, texts=len(texts), sources=len(sources))
    used: set[int] = set()
    for finding in compare(texts, sources, settings):
        keeper = next((n for n, kept in enumerate(settings.kept) if kept.covers(finding)), None)
        if keeper is None:
            report.findings.append(finding)
        else:
            used.add(keeper)
            report.kept.append((finding, settings.kept[keeper]))
    report.unused_kept = [kept for n, kept in enumerate(settings.kept) if n not in used]
    return report


def skipped_line(seeds: Path) -> str:
    """Said, not failed, when the sources are absent: a fresh clone or CI has no ../shared/seeds."""
    return (
        f"Source overlap: sources not found at {seeds}; the overlap check was skipped "
        f"(set {SEEDS_DIR_ENV} to the folder with the five source texts to run it)."
    )


def report_lines(report: OverlapReport, show_kept: bool = False) -> list[str]:
    """Operator text for `make validate` and `python -m tools source-overlap`."""
    settings = report.settings
    if report.skipped:
        return [skipped_line(report.seeds_dir)]
    kept_note = f"; {len(report.kept)} kept on purpose" if report.kept else ""
    if not report.findings:
        lines = [
            f"Source overlap OK: {report.texts} content texts checked against {report.sources} sources; "
            f"nothing copied (no shared run of {settings.min_run}+ words, no sentence sharing "
            f"{settings.min_run}+ words in order over {settings.min_share:.0%}){kept_note}."
        ]
    else:
        mode = (
            "enforced"
            if settings.enforce
            else f"not enforced yet: 'enforce' is false in {_label(settings.path, paths.ROOT)}"
        )
        lines = [
            f"Source overlap: {len(report.findings)} finding(s) in {report.texts} content texts "
            f"against {report.sources} sources ({mode}){kept_note}:"
        ]
        lines += [f"  - {finding}" for finding in report.findings]
        lines.append(
            f"  Reword them in our own words, add a truly canonical phrase to 'canonical_phrases', or keep "
            f"a borderline sentence with a reason under 'kept' in {_label(settings.path, paths.ROOT)}."
        )
    if show_kept:
        lines += [f"  kept: {finding} – {kept.reason}" for finding, kept in report.kept]
    lines += [
        f"  Note: kept sentence {kept.file}: {kept.entry}: «{kept.sentence_start}» matches no finding "
        f"any more; remove it from 'kept'."
        for kept in report.unused_kept
    ]
    return lines


@dataclass(frozen=True)
class ValidateOutcome:
    """ok is False only when validation must fail; lines are printed either way."""

    ok: bool
    lines: list[str]


def validate(
    seeds: Path | None = None,
    knowledge_dir: Path | None = None,
    settings_file: Path | None = None,
    root: Path | None = None,
) -> ValidateOutcome:
    """The `make validate` step: fails only on findings with `enforce: true`.

    A missing sources folder is a warning line (fresh clones and CI have none);
    every other problem raises SourceOverlapError, which validation reports as a failure.
    """
    report = check(seeds, knowledge_dir, settings_file, root)
    return ValidateOutcome(not report.failed, report_lines(report))
