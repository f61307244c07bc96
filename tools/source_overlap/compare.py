"""Comparing content with sources: shared runs of words, and sentences sharing most of their words in order."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from tools.source_overlap.reading import SENTENCE_START_WORDS, ContentText, Settings, SourceText, sentences, words


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
