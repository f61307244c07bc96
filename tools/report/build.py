"""`make report`: read the store, work out the figures, draw the charts and write report.md."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo
from pathlib import Path

from bot import paths
from tools.report import charts as report_charts
from tools.report.events import describe_url, read_events
from tools.report.insights import Insights, analyse, days_of
from tools.report.markdown import DEFAULT_EXAMPLES, DEFAULT_TOP, render_markdown, topic_titles
from tools.report.texts import ReportTexts

DEFAULT_OUT_DIR = paths.ROOT / "results" / "report"
REPORT_FILE = "report.md"


@dataclass
class ReportResult:
    path: Path
    charts: list[Path]
    insights: Insights


def write_report(
    db_url: str,
    out_dir: Path = DEFAULT_OUT_DIR,
    top: int = DEFAULT_TOP,
    examples: int = DEFAULT_EXAMPLES,
    texts: ReportTexts | None = None,
    tz: tzinfo | None = None,
    now: datetime | None = None,
    include_demo: bool = False,
) -> ReportResult:
    """Read the store, write report.md and its charts into out_dir; ReportError if the store cannot be read."""
    import sqlalchemy as sa

    texts = texts or ReportTexts.load()
    insights = analyse(read_events(db_url, texts), texts, tz, include_demo=include_demo)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    for stale in report_charts.CHART_FILES.values():
        (out_dir / stale).unlink(missing_ok=True)
    titles = topic_titles(texts)
    charts = (
        {} if insights.empty else report_charts.draw_all(insights, texts, titles, out_dir, days_of(insights, tz), top)
    )
    try:
        database = describe_url(sa.engine.make_url(db_url))
    except sa.exc.ArgumentError:
        database = db_url
    markdown = render_markdown(insights, texts, titles, charts, database, now or datetime.now(tz), tz, top, examples)
    path = out_dir / REPORT_FILE
    path.write_text(markdown, encoding="utf-8")
    return ReportResult(path, [out_dir / name for name in charts.values()], insights)
