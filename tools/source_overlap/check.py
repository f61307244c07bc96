"""The check as validation and the editors' command run it: the report, its lines, and pass or fail."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from bot import paths
from tools.source_overlap.compare import Finding, compare
from tools.source_overlap.reading import (
    SEEDS_DIR_ENV,
    KeptSentence,
    Settings,
    content_texts,
    load_settings,
    load_sources,
    seeds_dir,
    shown_path,
)


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
        keeper = next(
            (
                n
                for n, kept in enumerate(settings.kept)
                if kept.covers(finding.file, finding.entry, finding.sentence_words)
            ),
            None,
        )
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
            else f"not enforced yet: 'enforce' is false in {shown_path(settings.path, paths.ROOT)}"
        )
        lines = [
            f"Source overlap: {len(report.findings)} finding(s) in {report.texts} content texts "
            f"against {report.sources} sources ({mode}){kept_note}:"
        ]
        lines += [f"  - {finding}" for finding in report.findings]
        lines.append(
            f"  Reword them in our own words, add a truly canonical phrase to 'canonical_phrases', or keep "
            f"a borderline sentence with a reason under 'kept' in {shown_path(settings.path, paths.ROOT)}."
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
