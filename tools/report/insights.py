"""The report's figures, replayed from the stored events one conversation at a time.

Counting follows what actually happened in each conversation, not only the
intent NLU gave a message: a walk-through answer such as "Strikkeklubben"
is often classified as out_of_scope but was taken as an answer, and a button
clicked in the two-stage fallback is stored twice (Rasa replays it after a
`rewind`), so events are replayed per conversation in order.
"""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from typing import Any, Callable, Iterable, Mapping, Sequence

from bot.conversation_ids import without_prefix
from bot.flows.quiz import ASKING, FINISHED, STOPPED
from bot.names import DEMO_SENDER_PREFIX, Actions, Intents, Slots
from tools.report.events import StoredEvent
from tools.report.masking import known_words, mask_personal_data
from tools.report.texts import ReportTexts

# The actions of the two-stage fallback, Rasa's and ours.
FALLBACK_ACTIONS = frozenset(
    {Actions.TWO_STAGE_FALLBACK, Actions.DEFAULT_FALLBACK, Actions.ASK_AFFIRMATION, Actions.ASK_REPHRASE}
)
# Intents that steer the conversation rather than ask about something.
NOT_TOPICS = frozenset(
    {
        Intents.GREET,
        Intents.GOODBYE,
        Intents.THANKS,
        Intents.AFFIRM,
        Intents.DENY,
        Intents.STEP_HELP,
        Intents.SKIP_STEP,
        Intents.GO_BACK,
        Intents.STOP,
        Intents.QUIZ_ANSWER,
        Intents.DELETE,
        Intents.OUT_OF_SCOPE,
        Intents.FALLBACK,
    }
)


@dataclass
class Insights:
    """The report's figures; examples are already masked."""

    first: float | None = None
    last: float | None = None
    senders: int = 0
    conversations_per_day: Counter = field(default_factory=Counter)
    messages_per_day: Counter = field(default_factory=Counter)
    typed: int = 0
    ledetraade_answers: int = 0
    topics: Counter = field(default_factory=Counter)
    off_topic: int = 0
    fallback: int = 0
    off_topic_examples: Counter = field(default_factory=Counter)
    fallback_examples: Counter = field(default_factory=Counter)
    # When each example was last seen, to list the newest first.
    example_seen: dict = field(default_factory=dict)
    ledetraade_started: int = 0
    ledetraade_completed: int = 0
    ledetraade_stopped: int = 0
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
    def ledetraade_unfinished(self) -> int:
        """Walk-throughs neither completed nor stopped: left, or started again from step 1."""
        return max(0, self.ledetraade_started - self.ledetraade_completed - self.ledetraade_stopped)

    @property
    def empty(self) -> bool:
        return self.messages == 0 and self.ledetraade_started == 0 and self.quiz_started == 0

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
    def ledetraade_answer(self) -> bool:
        """Taken by a running form (the form ran first), not answered as a question."""
        return bool(
            self.active_loop
            and self.active_loop != Actions.TWO_STAGE_FALLBACK
            and self.actions
            and self.actions[0] == self.active_loop
        )

    @property
    def fallback(self) -> bool:
        return self.intent == Intents.FALLBACK or any(a in FALLBACK_ACTIONS for a in self.actions)


def _day(timestamp: float, tz: tzinfo | None) -> date:
    return datetime.fromtimestamp(timestamp, tz).date()


def days_of(insights: Insights, tz: tzinfo | None) -> list[date]:
    """Every day from the first message to the last, days without messages too."""
    if insights.first is None or insights.last is None:
        return []
    first, last = _day(insights.first, tz), _day(insights.last, tz)
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def _replay(events: Sequence[StoredEvent], insights: Insights, tz: tzinfo | None, mask: Callable[[str], str]) -> None:
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
            if name and current is not None and name != Actions.LISTEN:
                current.actions.append(name)
            insights.ledetraade_started += name == Actions.LEDETRAADE_START
            insights.ledetraade_completed += name == Actions.LEDETRAADE_SUMMARY
            insights.ledetraade_stopped += name == Actions.LEDETRAADE_STOP
            insights.quiz_started += name == Actions.QUIZ_START
        elif kind == "active_loop":
            active_loop = event.name
        elif kind == "slot" and event.name == Slots.QUIZ:
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
        if message.ledetraade_answer:
            insights.ledetraade_answers += 1
            continue
        if message.fallback:
            insights.fallback += message.typed
            examples = insights.fallback_examples
        elif message.intent == Intents.OUT_OF_SCOPE:
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


def analyse(
    events: Iterable[StoredEvent],
    texts: ReportTexts,
    tz: tzinfo | None = None,
    vocabulary: frozenset[str] | None = None,
    include_demo: bool = False,
) -> Insights:
    """The figures of a stream of events grouped by sender (as read_events yields them).

    `tz` decides which day a message belongs to (default: this machine's local time).
    Trainers' `make demo` runs are counted apart unless `include_demo`.
    """
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
