"""PNG charts of the insight report (tools/report/), drawn with matplotlib's Agg renderer.

Figures are built with matplotlib.figure.Figure, never pyplot: no display,
no global figure state, so the report runs on a server without X and in
tests. Titles and labels come from data/report.yml.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Mapping, Sequence

from tools.report.insights import Insights
from tools.report.texts import LEDETRAADE_UNFINISHED_KEYS, ReportTexts

if TYPE_CHECKING:
    from matplotlib.figure import Figure

# Chart key -> file name next to report.md.
CHART_FILES = {
    "per_day": "conversations_per_day.png",
    "topics": "topics.png",
    "understanding": "understanding.png",
    "ledetraade": "ledetraade.png",
    "quiz": "quiz_scores.png",
}
COLOURS = ("#1f5f8b", "#e07a1f", "#b23a48", "#4c8c4a")
DPI = 110


def _figure(width: float = 8.0, height: float = 4.2) -> "Figure":
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), dpi=DPI, constrained_layout=True)


def _integer_axis(axis) -> None:
    from matplotlib.ticker import MaxNLocator

    axis.set_major_locator(MaxNLocator(integer=True))


def _save(figure, path: Path) -> None:
    figure.savefig(path, format="png", metadata={"Software": None})


def per_day_chart(
    days: Sequence[date], conversations: Sequence[int], messages: Sequence[int], texts: ReportTexts, path: Path
) -> None:
    """Conversations and messages side by side for every day of the period (days without any show 0)."""
    figure = _figure(max(6.0, min(16.0, 2.0 + 0.45 * len(days))))
    ax = figure.add_subplot()
    positions = list(range(len(days)))
    width = 0.4
    ax.bar(
        [p - width / 2 for p in positions],
        conversations,
        width,
        color=COLOURS[0],
        label=texts("per_day.column_conversations"),
    )
    ax.bar(
        [p + width / 2 for p in positions], messages, width, color=COLOURS[1], label=texts("per_day.column_messages")
    )
    ax.set_xticks(positions)
    many = len(days) > 10
    ax.set_xticklabels(
        [d.strftime(texts("formats.day_short")) for d in days],
        rotation=45 if many else 0,
        ha="right" if many else "center",
    )
    ax.set_xlim(-0.5 - max(0.0, (5 - len(days)) / 2), len(days) - 0.5 + max(0.0, (5 - len(days)) / 2))
    ax.set_title(texts("per_day.chart_title"))
    ax.set_xlabel(texts("per_day.chart_x"))
    ax.set_ylabel(texts("per_day.chart_y"))
    _integer_axis(ax.yaxis)
    ax.legend()
    _save(figure, path)


def topics_chart(labels: Sequence[str], counts: Sequence[int], texts: ReportTexts, path: Path) -> None:
    """Horizontal bars, the most asked topic on top."""
    figure = _figure(8.0, max(2.5, 0.9 + 0.42 * len(labels)))
    ax = figure.add_subplot()
    ax.barh(list(range(len(labels)))[::-1], counts, color=COLOURS[0])
    ax.set_yticks(list(range(len(labels)))[::-1])
    ax.set_yticklabels(labels)
    ax.set_title(texts("topics.chart_title"))
    ax.set_xlabel(texts("topics.chart_x"))
    _integer_axis(ax.xaxis)
    _save(figure, path)


def understanding_chart(understood: int, off_topic: int, fallback: int, texts: ReportTexts, path: Path) -> None:
    """Shares of typed messages understood, off topic and not understood (percent)."""
    total = understood + off_topic + fallback
    shares = [100 * n / total if total else 0.0 for n in (understood, off_topic, fallback)]
    figure = _figure(7.0, 4.0)
    ax = figure.add_subplot()
    names = [texts("understanding.understood"), texts("understanding.off_topic"), texts("understanding.fallback")]
    bars = ax.bar(names, shares, color=[COLOURS[3], COLOURS[1], COLOURS[2]])
    decimal = texts("formats.decimal_separator")
    ax.bar_label(bars, labels=[texts("formats.percent", value=f"{s:.1f}".replace(".", decimal)) for s in shares])
    ax.set_ylim(0, 110)
    ax.set_title(texts("understanding.chart_title"))
    ax.set_ylabel(texts("understanding.chart_y"))
    _save(figure, path)


def counts_chart(names: Sequence[str], counts: Sequence[int], title: str, ylabel: str, path: Path) -> None:
    """A few labelled counts as bars with their numbers on top (walk-throughs started, completed, stopped,
    not finished); long labels are wrapped so they don't run into each other."""
    import textwrap

    figure = _figure(7.5, 4.2)
    ax = figure.add_subplot()
    labels = ["\n".join(textwrap.wrap(name, 18)) or name for name in names]
    bars = ax.bar(labels, counts, color=[COLOURS[i % len(COLOURS)] for i in range(len(names))])
    ax.bar_label(bars)
    ax.set_title(title)
    ax.set_ylabel(ylabel)
    ax.set_ylim(0, max(counts, default=0) * 1.2 + 1)
    _integer_axis(ax.yaxis)
    _save(figure, path)


def quiz_chart(scores: Mapping[tuple[int, int], int], texts: ReportTexts, path: Path) -> None:
    """How many finished quizzes got each score; every possible score of the quiz length is shown."""
    totals = sorted({total for _, total in scores})
    keys = [(score, total) for total in totals for score in range(total + 1)]
    figure = _figure(max(6.0, 1.5 + 0.5 * len(keys)), 4.0)
    ax = figure.add_subplot()
    label = [texts("formats.score", score=s, total=t) if len(totals) > 1 else str(s) for s, t in keys]
    ax.bar(label, [scores.get(k, 0) for k in keys], color=COLOURS[0])
    ax.set_title(texts("quiz.chart_title"))
    ax.set_xlabel(texts("quiz.chart_x"))
    ax.set_ylabel(texts("quiz.chart_y"))
    if len(totals) > 1:
        ax.tick_params(axis="x", labelrotation=45)
    _integer_axis(ax.yaxis)
    _save(figure, path)


def draw_all(
    insights: Insights, texts: ReportTexts, titles: Mapping[str, str], out_dir: Path, days: Sequence[date], top: int
) -> dict[str, str]:
    """Draw the charts there is data for; returns chart key -> file name."""
    import matplotlib

    matplotlib.use("Agg")  # no display, even if pyplot gets imported elsewhere
    drawn: dict[str, str] = {}

    def target(key: str) -> Path:
        drawn[key] = CHART_FILES[key]
        return out_dir / CHART_FILES[key]

    if days:
        per_day_chart(
            days,
            [insights.conversations_per_day[d] for d in days],
            [insights.messages_per_day[d] for d in days],
            texts,
            target("per_day"),
        )
    ranked = sorted(insights.topics.items(), key=lambda item: (-item[1], item[0]))[:top]
    if ranked:
        topics_chart(
            [titles.get(intent, intent) for intent, _ in ranked], [n for _, n in ranked], texts, target("topics")
        )
    if insights.typed:
        understanding_chart(
            insights.typed - insights.off_topic - insights.fallback,
            insights.off_topic,
            insights.fallback,
            texts,
            target("understanding"),
        )
    if insights.ledetraade_started or insights.ledetraade_completed:
        counts_chart(
            [
                texts("ledetraade.started"),
                texts("ledetraade.completed"),
                texts("ledetraade.stopped"),
                texts.first_of(*LEDETRAADE_UNFINISHED_KEYS),
            ],
            [
                insights.ledetraade_started,
                insights.ledetraade_completed,
                insights.ledetraade_stopped,
                insights.ledetraade_unfinished,
            ],
            texts("ledetraade.chart_title"),
            texts("ledetraade.chart_y"),
            target("ledetraade"),
        )
    if insights.quiz_scores:
        quiz_chart(insights.quiz_scores, texts, target("quiz"))
    return drawn
