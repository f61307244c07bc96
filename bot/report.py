"""Insight report for the owner of the bot: what people ask, what fails, how far they get.

Reads Rasa's SQL tracker store (the `events` table, SQLite or PostgreSQL,
through SQLAlchemy only; no Rasa server code) and writes a Markdown report
with PNG charts. Every text a reader sees comes from data/report.yml; the
examples of messages are masked (bot.privacy plus a name heuristic), since
people type names and contact details the input channels cannot recognise.

Counting follows what actually happened in each conversation, not only the
intent NLU gave a message: a walk-through answer such as "Strikkeklubben"
is often classified as out_of_scope but was taken as an answer, and a button
clicked in the two-stage fallback is stored twice (Rasa replays it after a
`rewind`), so events are replayed per conversation in order.
"""
from __future__ import annotations

import itertools
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Mapping, Sequence

import yaml

from bot import paths
from bot.answers import FALLBACK_INTENT, OUT_OF_SCOPE_INTENT
from bot.privacy import labels as privacy_labels
from bot.privacy import mask as mask_contact_data
from bot.privacy import normalise
from bot.quiz import ASKING, FINISHED, STOPPED
from bot.yaml_reading import safe_load
from bot.yaml_texts import YamlTexts

TEXTS_FILE = paths.ROOT / "data" / "report.yml"
DEFAULT_OUT_DIR = paths.ROOT / "results" / "report"
REPORT_FILE = "report.md"
DEFAULT_TOP = 10
DEFAULT_EXAMPLES = 10

# Names from domain.yml and Rasa's defaults that the figures are built from.
FALLBACK_ACTIONS = frozenset({"action_two_stage_fallback", "action_default_fallback",
                              "action_default_ask_affirmation", "action_default_ask_rephrase"})
WALK_START, WALK_SUMMARY, WALK_STOP = "action_ledetraade_start", "action_ledetraade_summary", "action_ledetraade_stop"
QUIZ_START, QUIZ_SLOT = "action_quiz_start", "quiz"
TWO_STAGE_LOOP = "action_two_stage_fallback"
# Intents that steer the conversation rather than ask about something.
NOT_TOPICS = frozenset({"greet", "goodbye", "thanks", "affirm", "deny", "ask_step_help", "skip_step", "go_back",
                        "stop", "quiz_answer", "delete_conversation", OUT_OF_SCOPE_INTENT, FALLBACK_INTENT})

_WORD = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)


class ReportError(Exception):
    """A problem the owner can fix (wrong address, database down); the message is Danish, for the terminal."""


# -- texts --------------------------------------------------------------------
# The walk-through's row for those neither completed nor stopped (the quiz's text if the file lacks it).
WALK_UNFINISHED_KEYS = ("walkthrough.unfinished", "quiz.unfinished")


class ReportTexts(YamlTexts):
    """The report's Danish texts from data/report.yml."""

    @classmethod
    def load(cls, path: Path = TEXTS_FILE) -> "ReportTexts":
        return super().load(path)

    def counted(self, key: str, /, count: int, **values: Any) -> str:
        """The text for `count` things: singular for exactly 1, else plural."""
        node = self.raw(key)
        if isinstance(node, Mapping):
            form = node.get("one") if count == 1 else node.get("other")
            return YamlTexts({"form": form}, self.source)("form", count=count, **values)
        return self(key, count=count, **values)

    def first_of(self, *keys: str) -> str:
        """The first of these texts the file has."""
        for key in keys[:-1]:
            try:
                return self(key)
            except KeyError:
                continue
        return self(keys[-1])


# -- masking ------------------------------------------------------------------
def _words_of_tree(node: Any) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, Mapping):
        for value in node.values():
            yield from _words_of_tree(value)
    elif isinstance(node, list):
        for value in node:
            yield from _words_of_tree(value)


@lru_cache(maxsize=1)
def known_words(roots: tuple[Path, ...] = (paths.ROOT / "data" / "nlu", paths.KNOWLEDGE_DIR)) -> frozenset[str]:
    """Ordinary Danish words: those written in lower case in the training data and the rule base.

    A word written capitalised in the middle of a sentence there as often as
    in lower case ("hvor er Mette") is a name, not an ordinary word.
    """
    lower: Counter = Counter()
    capitalised: Counter = Counter()
    for root in roots:
        for path in sorted(Path(root).rglob("*.yml")):
            try:
                data = safe_load(path.read_text(encoding="utf-8"))
            except (OSError, yaml.YAMLError):
                continue
            for line in (line for value in _words_of_tree(data) for line in value.splitlines()):
                # NLU examples are "- text" lines; the marker is no part of the sentence.
                text = re.sub(r"^\s*[-*#>]+\s*", "", line)
                for match in _WORD.finditer(text):
                    word = match.group()
                    if word.islower():
                        lower[word] += 1
                    elif word.istitle() and not _sentence_start(text, match.start()):
                        capitalised[word.lower()] += 1
    return frozenset(word for word, count in lower.items() if count > capitalised[word])


def _sentence_start(text: str, position: int) -> bool:
    """True at the start of the text, after . ! ? : ; and after an opening quote or a bullet."""
    before = text[:position].rstrip()
    if not before or before[-1] in "«“\"'(•":
        return True
    return before[-1] in ".!?:;"


def mask_personal_data(text: str, texts: ReportTexts, vocabulary: frozenset[str] | None = None) -> str:
    """The text with contact data (bot.privacy) and probable names replaced by labels.

    Names cannot be recognised for sure, so this errs towards masking: every
    capitalised word in the middle of a sentence, a capitalised first word
    that is not an ordinary word, and unknown words after "hedder", "mvh" and
    the like. Better an over-masked example than a name in the report.
    """
    vocabulary = known_words() if vocabulary is None else vocabulary
    # Built from the normalised text, spaces collapsed *before* masking: a no-break space or a
    # line break inside a CPR number must not turn into a plain space after the patterns ran.
    text = mask_contact_data(" ".join(normalise(text or "").split()))
    name_label = texts("names.label")
    keep = set(texts.words("names.keep"))
    cue_pattern = "|".join(re.escape(c) for c in sorted(texts.words("names.cues"), key=len, reverse=True))
    cue_ends = {m.end() for m in re.finditer(rf"(?<!\w)(?:{cue_pattern})(?!\w)", text, re.IGNORECASE)} \
        if cue_pattern else set()
    # Only the labels bot.privacy put there are skipped; "[Lone]" typed by a user is no label.
    label_pattern = "|".join(re.escape(label) for label in privacy_labels().values())
    label_spans = [m.span() for m in re.finditer(label_pattern, text)]
    pieces: list[str] = []
    last = 0
    after_cue = 0  # how many more words after a name cue may be (part of) the name
    for match in _WORD.finditer(text):
        start, end = match.span()
        word = match.group()
        if any(a <= start < b for a, b in label_spans):
            continue
        if any(e <= start and not text[e:start].strip(" ,:") for e in cue_ends):
            after_cue = 2
        ordinary = word.lower() in vocabulary
        if word in keep:
            name = False
        elif word.isupper() and len(word) > 1:
            # Shouted words ("HVAD ER SAMSKABELSE") are names only if they are no ordinary word.
            name = after_cue > 0 or not ordinary
        elif word[0].isupper():
            name = after_cue > 0 or not ordinary or not _sentence_start(text, start)
        else:
            name = after_cue > 0 and not ordinary
        after_cue = after_cue - 1 if name and after_cue else 0
        if name:
            pieces.append(text[last:start])
            pieces.append(name_label)
            last = end
    pieces.append(text[last:])
    masked = "".join(pieces)
    # "[navn] [navn]" for a first name and a surname reads as one name.
    repeated = re.escape(name_label)
    return re.sub(rf"{repeated}(?:[ -]+{repeated})+", name_label, masked)


# -- reading the store ----------------------------------------------------------
@dataclass(frozen=True)
class StoredEvent:
    """One row of Rasa's `events` table, with the JSON parsed."""

    sender_id: str
    type_name: str
    timestamp: float
    data: Mapping[str, Any]

    @property
    def name(self) -> str | None:
        value = self.data.get("name")
        return value if isinstance(value, str) else None


def _describe(url: Any) -> str:
    try:
        return url.render_as_string(hide_password=True)
    except AttributeError:
        return str(url)


def _reason(exc: BaseException) -> str:
    detail = getattr(exc, "orig", None) or exc
    lines = [line.strip() for line in str(detail).splitlines() if line.strip()]
    return lines[0] if lines else type(exc).__name__


def read_events(db_url: str, texts: ReportTexts) -> Iterator[StoredEvent]:
    """Every stored event, grouped by conversation and in the order Rasa wrote them.

    Raises ReportError (Danish) when the database cannot be read; an absent
    `events` table is an empty store.
    """
    import sqlalchemy as sa

    try:
        url = sa.engine.make_url(db_url)
    except sa.exc.ArgumentError as exc:
        raise ReportError(texts("messages.bad_address", database=db_url, reason=_reason(exc))) from exc
    shown = _describe(url)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:" \
            and not url.database.startswith("file:") and not Path(url.database).is_file():
        # SQLite would quietly create an empty file; a wrong path must say so instead.
        raise ReportError(texts("messages.missing_database", database=url.database))
    connect_args = {"connect_timeout": 10} if url.get_backend_name() == "postgresql" else {}
    try:
        engine = sa.create_engine(url, connect_args=connect_args)
    except (sa.exc.ArgumentError, sa.exc.NoSuchModuleError, ImportError) as exc:
        raise ReportError(texts("messages.bad_address", database=shown, reason=_reason(exc))) from exc
    try:
        with engine.connect() as conn:
            if not sa.inspect(conn).has_table("events"):
                return
            rows = conn.execution_options(stream_results=True).execute(sa.text(
                "SELECT sender_id, type_name, timestamp, data FROM events ORDER BY sender_id, id"))
            for sender_id, type_name, timestamp, raw in rows:
                try:
                    data = json.loads(raw) if raw else {}
                except ValueError:
                    data = {}
                yield StoredEvent(sender_id, type_name, float(timestamp or 0.0),
                                  data if isinstance(data, Mapping) else {})
    except sa.exc.SQLAlchemyError as exc:
        raise ReportError(texts("messages.unreachable", database=shown, reason=_reason(exc))) from exc
    finally:
        engine.dispose()


# -- figures --------------------------------------------------------------------
@dataclass
class Insights:
    """The report's figures; examples are already masked."""

    first: float | None = None
    last: float | None = None
    senders: int = 0
    conversations_per_day: Counter = field(default_factory=Counter)
    messages_per_day: Counter = field(default_factory=Counter)
    typed: int = 0
    walk_answers: int = 0
    topics: Counter = field(default_factory=Counter)
    off_topic: int = 0
    fallback: int = 0
    off_topic_examples: Counter = field(default_factory=Counter)
    fallback_examples: Counter = field(default_factory=Counter)
    # When each example was last seen, to list the newest first.
    example_seen: dict = field(default_factory=dict)
    walk_started: int = 0
    walk_completed: int = 0
    walk_stopped: int = 0
    quiz_started: int = 0
    quiz_finished: int = 0
    quiz_stopped: int = 0
    quiz_scores: Counter = field(default_factory=Counter)
    # Conversations of `make demo`, left out of every figure above.
    demo_senders: int = 0

    @property
    def conversations(self) -> int:
        return sum(self.conversations_per_day.values())

    @property
    def messages(self) -> int:
        return sum(self.messages_per_day.values())

    @property
    def walk_unfinished(self) -> int:
        """Walk-throughs neither completed nor stopped: left, or started again from step 1."""
        return max(0, self.walk_started - self.walk_completed - self.walk_stopped)

    @property
    def empty(self) -> bool:
        return self.messages == 0 and self.walk_started == 0 and self.quiz_started == 0

    def newest_examples(self, which: Counter, limit: int) -> list[tuple[str, int]]:
        ordered = sorted(which, key=lambda text: self.example_seen.get(text, 0.0), reverse=True)
        return [(text, which[text]) for text in ordered[:limit]]


@dataclass
class _Message:
    timestamp: float
    text: str
    intent: str | None
    active_loop: str | None
    actions: list[str] = field(default_factory=list)

    @property
    def typed(self) -> bool:
        return not self.text.startswith("/")

    @property
    def walk_answer(self) -> bool:
        """Taken by a running form (the form ran first), not answered as a question."""
        return bool(self.active_loop and self.active_loop != TWO_STAGE_LOOP and self.actions
                    and self.actions[0] == self.active_loop)

    @property
    def fallback(self) -> bool:
        return self.intent == FALLBACK_INTENT or any(a in FALLBACK_ACTIONS for a in self.actions)


def _day(timestamp: float, tz: tzinfo | None) -> date:
    return datetime.fromtimestamp(timestamp, tz).date()


def _replay(events: Sequence[StoredEvent], insights: Insights, tz: tzinfo | None,
            mask: Callable[[str], str]) -> None:
    """Add one sender's events (in stored order) to the figures."""
    messages: list[_Message] = []
    by_id: dict[str, _Message] = {}
    session_days: list[date] = []
    new_session = True
    active_loop: str | None = None
    quiz: Any = None
    current: _Message | None = None
    for event in events:
        kind = event.type_name
        if kind == "session_started":
            new_session, current = True, None
        elif kind == "user":
            message_id = event.data.get("message_id")
            repeated = by_id.get(message_id) if isinstance(message_id, str) else None
            if repeated is not None:
                # Rasa replays a clarified message after a rewind: same message, judged by what follows now.
                repeated.actions, repeated.active_loop, current = [], active_loop, repeated
                continue
            intent = ((event.data.get("parse_data") or {}).get("intent") or {}).get("name")
            current = _Message(event.timestamp, str(event.data.get("text") or ""), intent, active_loop)
            messages.append(current)
            if isinstance(message_id, str):
                by_id[message_id] = current
            if new_session:
                session_days.append(_day(event.timestamp, tz))
                new_session = False
        elif kind == "action":
            name = event.name
            if name and current is not None and name != "action_listen":
                current.actions.append(name)
            insights.walk_started += name == WALK_START
            insights.walk_completed += name == WALK_SUMMARY
            insights.walk_stopped += name == WALK_STOP
            insights.quiz_started += name == QUIZ_START
        elif kind == "active_loop":
            active_loop = event.name
        elif kind == "slot" and event.name == QUIZ_SLOT:
            value = event.data.get("value")
            before = quiz.get("status") if isinstance(quiz, Mapping) else None
            after = value.get("status") if isinstance(value, Mapping) else None
            if before == ASKING and after == FINISHED:
                insights.quiz_finished += 1
                order = value.get("order")
                total = len(order) if isinstance(order, list) else 0
                score = value.get("score")
                if isinstance(score, int) and total:
                    insights.quiz_scores[(score, total)] += 1
            elif before == ASKING and after == STOPPED:
                insights.quiz_stopped += 1
            quiz = value
    for day in session_days:
        insights.conversations_per_day[day] += 1
    for message in messages:
        insights.messages_per_day[_day(message.timestamp, tz)] += 1
        insights.first = message.timestamp if insights.first is None else min(insights.first, message.timestamp)
        insights.last = message.timestamp if insights.last is None else max(insights.last, message.timestamp)
        insights.typed += message.typed
        if message.walk_answer:
            insights.walk_answers += 1
            continue
        if message.fallback:
            insights.fallback += message.typed
            examples = insights.fallback_examples
        elif message.intent == OUT_OF_SCOPE_INTENT:
            insights.off_topic += message.typed
            examples = insights.off_topic_examples
        else:
            if message.intent and message.intent not in NOT_TOPICS:
                insights.topics[message.intent] += 1
            continue
        if message.typed:
            shown = mask(message.text)
            examples[shown] += 1
            insights.example_seen[shown] = max(insights.example_seen.get(shown, 0.0), message.timestamp)
    if messages:
        insights.senders += 1


def analyse(events: Iterable[StoredEvent], texts: ReportTexts, tz: tzinfo | None = None,
            vocabulary: frozenset[str] | None = None, include_demo: bool = False) -> Insights:
    """The figures of a stream of events grouped by sender (as read_events yields them).

    `tz` decides which day a message belongs to (default: this machine's local time).
    Trainers' `make demo` runs are counted apart unless `include_demo`.
    """
    from bot.conversation_ids import without_prefix
    from bot.demo import DEMO_SENDER_PREFIX

    insights = Insights()
    words = known_words() if vocabulary is None else vocabulary

    def mask(text: str) -> str:
        return mask_personal_data(text, texts, words)

    for sender_id, group in itertools.groupby(events, key=lambda e: e.sender_id):
        # Stored ids carry their channel's prefix ("rest:demo-…").
        if not include_demo and without_prefix(sender_id).startswith(DEMO_SENDER_PREFIX):
            insights.demo_senders += 1
            continue
        _replay(list(group), insights, tz, mask)
    return insights


# -- topic titles -----------------------------------------------------------------
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
    titles.update({intent: kb.entries[route.entry].title for intent, route in kb.routes.items()
                   if route.entry in kb.entries})
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


def _days(insights: Insights, tz: tzinfo | None) -> list[date]:
    if insights.first is None or insights.last is None:
        return []
    first, last = _day(insights.first, tz), _day(insights.last, tz)
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def render_markdown(insights: Insights, texts: ReportTexts, titles: Mapping[str, str], charts: Mapping[str, str],
                    database: str, when: datetime, tz: tzinfo | None = None, top: int = DEFAULT_TOP,
                    examples: int = DEFAULT_EXAMPLES) -> str:
    """The report as Markdown; `charts` maps a chart's key to its file name next to the report."""
    t = texts
    out = [f"# {t('title')}", "", t("generated", when=when.strftime("%Y-%m-%d %H:%M"), database=database), ""]
    if insights.demo_senders:
        out += [t.counted("demo_left_out", count=insights.demo_senders), ""]
    if insights.empty:
        return "\n".join(out + [t("empty"), ""])
    days = _days(insights, tz)
    out += [t("period", first=days[0].isoformat(), last=days[-1].isoformat()), ""]

    out += [f"## {t('overview.heading')}", ""]
    out += _table([t("overview.column_what"), t("overview.column_count")], [
        (t("overview.conversations"), insights.conversations),
        (t("overview.senders"), insights.senders),
        (t("overview.messages"), insights.messages),
        (t("overview.typed"), insights.typed),
        (t("overview.days"), len(insights.messages_per_day)),
    ])

    out += [f"## {t('per_day.heading')}", "", t("per_day.intro"), ""]
    out += _image(charts.get("per_day"), t("per_day.chart_alt"))
    out += _table([t("per_day.column_day"), t("per_day.column_conversations"), t("per_day.column_messages")],
                  [(d.isoformat(), insights.conversations_per_day[d], insights.messages_per_day[d]) for d in days])

    out += [f"## {t('topics.heading')}", "", t("topics.intro", top=top), ""]
    ranked = sorted(insights.topics.items(), key=lambda item: (-item[1], item[0]))[:top]
    if ranked:
        out += _image(charts.get("topics"), t("topics.chart_alt"))
        total = sum(insights.topics.values())
        out += _table([t("topics.column_rank"), t("topics.column_topic"), t("topics.column_count"),
                       t("topics.column_share")],
                      [(rank, titles.get(intent, intent), count, _percent(count, total, t))
                       for rank, (intent, count) in enumerate(ranked, start=1)])
    else:
        out += [t("topics.none"), ""]

    out += [f"## {t('understanding.heading')}", "", t("understanding.intro"), ""]
    out += _image(charts.get("understanding"), t("understanding.chart_alt"))
    understood = insights.typed - insights.off_topic - insights.fallback
    out += _table([t("understanding.column_what"), t("understanding.column_count"),
                   t("understanding.column_share")], [
        (t("understanding.understood"), understood, _percent(understood, insights.typed, t)),
        (t("understanding.off_topic"), insights.off_topic, _percent(insights.off_topic, insights.typed, t)),
        (t("understanding.fallback"), insights.fallback, _percent(insights.fallback, insights.typed, t)),
    ])
    for key, counter in (("examples_fallback", insights.fallback_examples),
                         ("examples_off_topic", insights.off_topic_examples)):
        out += [f"### {t('understanding.' + key)}", ""]
        shown = insights.newest_examples(counter, examples)
        if not shown:
            out += [t("understanding.no_examples"), ""]
            continue
        for text, count in shown:
            line = (t("formats.example", text=_code(text)) if count == 1
                    else t.counted("formats.example_repeated", text=_code(text), count=count))
            out.append(f"- {line}")
        out.append("")
    label_list = ", ".join(privacy_labels().values()) + ", " + t("names.label")
    out += [t("understanding.masking_note", labels=label_list), ""]

    out += [f"## {t('walkthrough.heading')}", "", t("walkthrough.intro"), ""]
    if insights.walk_started or insights.walk_completed:
        out += _image(charts.get("walkthrough"), t("walkthrough.chart_alt"))
        out += _table([t("walkthrough.column_what"), t("walkthrough.column_count")], [
            (t("walkthrough.started"), insights.walk_started),
            (t("walkthrough.completed"), insights.walk_completed),
            (t("walkthrough.stopped"), insights.walk_stopped),
            (t.first_of(*WALK_UNFINISHED_KEYS), insights.walk_unfinished),
            (t("walkthrough.completion"), _percent(insights.walk_completed, insights.walk_started, t)),
        ])
    else:
        out += [t("walkthrough.none"), ""]

    out += [f"## {t('quiz.heading')}", "", t("quiz.intro"), ""]
    if insights.quiz_started:
        unfinished = max(0, insights.quiz_started - insights.quiz_finished - insights.quiz_stopped)
        right = sum(score * n for (score, _), n in insights.quiz_scores.items())
        asked = sum(total * n for (_, total), n in insights.quiz_scores.items())
        out += _table([t("quiz.column_what"), t("quiz.column_count")], [
            (t("quiz.started"), insights.quiz_started),
            (t("quiz.finished"), insights.quiz_finished),
            (t("quiz.stopped"), insights.quiz_stopped),
            (t("quiz.unfinished"), unfinished),
            (t("quiz.average"), _percent(right, asked, t)),
        ])
        out += [f"### {t('quiz.scores_heading')}", ""]
        if insights.quiz_scores:
            out += _image(charts.get("quiz"), t("quiz.chart_alt"))
            out += _table([t("quiz.column_score"), t("quiz.column_quizzes")],
                          [(t("formats.score", score=score, total=total), n)
                           for (score, total), n in sorted(insights.quiz_scores.items())])
        else:
            out += [t("quiz.no_scores"), ""]
    else:
        out += [t("quiz.none"), ""]
    return "\n".join(out)


# -- the whole report -------------------------------------------------------------
@dataclass
class ReportResult:
    path: Path
    charts: list[Path]
    insights: Insights


def write_report(db_url: str, out_dir: Path = DEFAULT_OUT_DIR, top: int = DEFAULT_TOP,
                 examples: int = DEFAULT_EXAMPLES, texts: ReportTexts | None = None,
                 tz: tzinfo | None = None, now: datetime | None = None, include_demo: bool = False) -> ReportResult:
    """Read the store, write report.md and its charts into out_dir; ReportError if the store cannot be read."""
    from bot import report_charts

    import sqlalchemy as sa

    texts = texts or ReportTexts.load()
    insights = analyse(read_events(db_url, texts), texts, tz, include_demo=include_demo)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    for stale in report_charts.CHART_FILES.values():
        (out_dir / stale).unlink(missing_ok=True)
    titles = topic_titles(texts)
    charts = {} if insights.empty else report_charts.draw_all(insights, texts, titles, out_dir, _days(insights, tz),
                                                               top)
    try:
        database = _describe(sa.engine.make_url(db_url))
    except sa.exc.ArgumentError:
        database = db_url
    markdown = render_markdown(insights, texts, titles, charts, database, now or datetime.now(tz), tz, top, examples)
    path = out_dir / REPORT_FILE
    path.write_text(markdown, encoding="utf-8")
    return ReportResult(path, [out_dir / name for name in charts.values()], insights)
