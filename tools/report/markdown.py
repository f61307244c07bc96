"""The report as Markdown: tables, masked examples and the charts next to it; topic titles from the rule base."""

from __future__ import annotations

import re
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

from bot import paths
from bot.privacy import labels as privacy_labels
from tools.report.insights import Insights, days_of
from tools.report.texts import LEDETRAADE_UNFINISHED_KEYS, ReportTexts

DEFAULT_TOP = 10
DEFAULT_EXAMPLES = 10


def topic_titles(texts: ReportTexts, knowledge_dir: Path | None = None) -> dict[str, str]:
    """Danish titles of topic intents: the entry a route answers with, else the main menu's title,
    else data/report.yml's topic_titles.

    A rule base that does not load (being edited) only costs its titles.
    """
    from bot.knowledge import KnowledgeError, load_knowledge
    from bot.vocabulary import VocabularyError, load_vocabulary

    extra = texts.raw("topic_titles")
    titles = {str(k): str(v) for k, v in extra.items()} if isinstance(extra, Mapping) else {}
    try:
        kb = load_knowledge(knowledge_dir or paths.knowledge_dir(), load_vocabulary(paths.VOCABULARY_FILE))
    except (KnowledgeError, VocabularyError, OSError):
        return titles
    titles.update({item.intent: item.title for item in kb.menu})
    titles.update(
        {intent: kb.entries[route.entry].title for intent, route in kb.routes.items() if route.entry in kb.entries}
    )
    return titles


# -- Markdown ---------------------------------------------------------------------
def _number(value: float, texts: ReportTexts, decimals: int = 1) -> str:
    text = f"{value:.{decimals}f}"
    return text.replace(".", texts("formats.decimal_separator"))


def _percent(part: int, whole: int, texts: ReportTexts) -> str:
    if not whole:
        return texts("formats.none")
    return texts("formats.percent", value=_number(100 * part / whole, texts))


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _table(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> list[str]:
    lines = ["| " + " | ".join(_cell(h) for h in header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(str(v)) for v in row) + " |" for row in rows]
    return lines + [""]


def _code(text: str) -> str:
    """User text as an inline code span, so Markdown and HTML in it are shown, never interpreted."""
    runs = [len(run) for run in re.findall(r"`+", text)]
    fence = "`" * (max(runs, default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text.strip() else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _image(name: str | None, alt: str) -> list[str]:
    return [f"![{alt}]({name})", ""] if name else []


def render_markdown(
    insights: Insights,
    texts: ReportTexts,
    titles: Mapping[str, str],
    charts: Mapping[str, str],
    database: str,
    when: datetime,
    tz: tzinfo | None = None,
    top: int = DEFAULT_TOP,
    examples: int = DEFAULT_EXAMPLES,
) -> str:
    """The report as Markdown; `charts` maps a chart's key to its file name next to the report."""
    t = texts
    out = [f"# {t('title')}", "", t("generated", when=when.strftime("%Y-%m-%d %H:%M"), database=database), ""]
    if insights.demo_senders:
        out += [t.counted("demo_left_out", count=insights.demo_senders), ""]
    if insights.empty:
        return "\n".join(out + [t("empty"), ""])
    days = days_of(insights, tz)
    out += [t("period", first=days[0].isoformat(), last=days[-1].isoformat()), ""]

    out += [f"## {t('overview.heading')}", ""]
    out += _table(
        [t("overview.column_what"), t("overview.column_count")],
        [
            (t("overview.conversations"), insights.conversations),
            (t("overview.senders"), insights.senders),
            (t("overview.messages"), insights.messages),
            (t("overview.typed"), insights.typed),
            (t("overview.days"), len(insights.messages_per_day)),
        ],
    )

    out += [f"## {t('per_day.heading')}", "", t("per_day.intro"), ""]
    out += _image(charts.get("per_day"), t("per_day.chart_alt"))
    out += _table(
        [t("per_day.column_day"), t("per_day.column_conversations"), t("per_day.column_messages")],
        [(d.isoformat(), insights.conversations_per_day[d], insights.messages_per_day[d]) for d in days],
    )

    out += [f"## {t('topics.heading')}", "", t("topics.intro", top=top), ""]
    ranked = sorted(insights.topics.items(), key=lambda item: (-item[1], item[0]))[:top]
    if ranked:
        out += _image(charts.get("topics"), t("topics.chart_alt"))
        total = sum(insights.topics.values())
        out += _table(
            [t("topics.column_rank"), t("topics.column_topic"), t("topics.column_count"), t("topics.column_share")],
            [
                (rank, titles.get(intent, intent), count, _percent(count, total, t))
                for rank, (intent, count) in enumerate(ranked, start=1)
            ],
        )
    else:
        out += [t("topics.none"), ""]

    out += [f"## {t('understanding.heading')}", "", t("understanding.intro"), ""]
    out += _image(charts.get("understanding"), t("understanding.chart_alt"))
    understood = insights.typed - insights.off_topic - insights.fallback
    out += _table(
        [t("understanding.column_what"), t("understanding.column_count"), t("understanding.column_share")],
        [
            (t("understanding.understood"), understood, _percent(understood, insights.typed, t)),
            (t("understanding.off_topic"), insights.off_topic, _percent(insights.off_topic, insights.typed, t)),
            (t("understanding.fallback"), insights.fallback, _percent(insights.fallback, insights.typed, t)),
        ],
    )
    for key, counter in (
        ("examples_fallback", insights.fallback_examples),
        ("examples_off_topic", insights.off_topic_examples),
    ):
        out += [f"### {t('understanding.' + key)}", ""]
        shown = insights.newest_examples(counter, examples)
        if not shown:
            out += [t("understanding.no_examples"), ""]
            continue
        for text, count in shown:
            line = (
                t("formats.example", text=_code(text))
                if count == 1
                else t.counted("formats.example_repeated", text=_code(text), count=count)
            )
            out.append(f"- {line}")
        out.append("")
    label_list = ", ".join(privacy_labels().values()) + ", " + t("names.label")
    out += [t("understanding.masking_note", labels=label_list), ""]

    out += [f"## {t('ledetraade.heading')}", "", t("ledetraade.intro"), ""]
    if insights.ledetraade_started or insights.ledetraade_completed:
        out += _image(charts.get("ledetraade"), t("ledetraade.chart_alt"))
        out += _table(
            [t("ledetraade.column_what"), t("ledetraade.column_count")],
            [
                (t("ledetraade.started"), insights.ledetraade_started),
                (t("ledetraade.completed"), insights.ledetraade_completed),
                (t("ledetraade.stopped"), insights.ledetraade_stopped),
                (t.first_of(*LEDETRAADE_UNFINISHED_KEYS), insights.ledetraade_unfinished),
                (t("ledetraade.completion"), _percent(insights.ledetraade_completed, insights.ledetraade_started, t)),
            ],
        )
    else:
        out += [t("ledetraade.none"), ""]

    out += [f"## {t('quiz.heading')}", "", t("quiz.intro"), ""]
    if insights.quiz_started:
        unfinished = max(0, insights.quiz_started - insights.quiz_finished - insights.quiz_stopped)
        right = sum(score * n for (score, _), n in insights.quiz_scores.items())
        asked = sum(total * n for (_, total), n in insights.quiz_scores.items())
        out += _table(
            [t("quiz.column_what"), t("quiz.column_count")],
            [
                (t("quiz.started"), insights.quiz_started),
                (t("quiz.finished"), insights.quiz_finished),
                (t("quiz.stopped"), insights.quiz_stopped),
                (t("quiz.unfinished"), unfinished),
                (t("quiz.average"), _percent(right, asked, t)),
            ],
        )
        out += [f"### {t('quiz.scores_heading')}", ""]
        if insights.quiz_scores:
            out += _image(charts.get("quiz"), t("quiz.chart_alt"))
            out += _table(
                [t("quiz.column_score"), t("quiz.column_quizzes")],
                [
                    (t("formats.score", score=score, total=total), n)
                    for (score, total), n in sorted(insights.quiz_scores.items())
                ],
            )
        else:
            out += [t("quiz.no_scores"), ""]
    else:
        out += [t("quiz.none"), ""]
    return "\n".join(out)
