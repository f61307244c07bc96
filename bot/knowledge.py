"""The curated rule base: loading and validating data/knowledge/*.yml.

Every problem is reported with the file and the entry it belongs to, so a
content editor can find it; all problems are collected before failing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping

import yaml

from bot.names import ChannelMessages, declared
from bot.vocabulary import Vocabulary
from bot.yaml_reading import safe_load

MAX_TEXT = 600
MAX_TITLE = 40
MAX_RELATED = 3

SOURCES_FILE = "sources.yml"
# The entity a leader names a source with ("ifølge Lederweb"); its canonical values are source ids.
SOURCE_ENTITY = "kilde"
ROUTES_FILE = "routes.yml"
CONVERSATION_FILE = "conversation.yml"

ENTRY_KEYS = {"id", "title", "text", "more", "source", "also_sources", "related", "action_buttons"}
MESSAGE_KEYS = {"id", "text", "intent", "buttons"}


@dataclass(frozen=True)
class Problem:
    file: str
    entry: str | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}: entry '{self.entry}'" if self.entry else self.file
        return f"{where}: {self.message}"


class KnowledgeError(Exception):
    """The rule base has content errors; str() lists them all."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = list(problems)
        lines = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(f"Rule base has {len(self.problems)} error(s):\n{lines}")


@dataclass(frozen=True)
class Source:
    id: str
    name: str
    file: str


@dataclass(frozen=True)
class Entry:
    id: str
    title: str
    text: str
    source: str
    more: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    file: str = ""
    # Buttons that start a guided flow, as (title, intent).
    action_buttons: tuple[tuple[str, str], ...] = ()
    # Further sources the text draws on ("Lederweb nævner desuden …"): the reply names them all.
    also_sources: tuple[str, ...] = ()

    @property
    def sources(self) -> tuple[str, ...]:
        return (self.source, *self.also_sources)


@dataclass(frozen=True)
class Condition:
    entity: str
    value: str
    entry: str


@dataclass(frozen=True)
class Route:
    intent: str
    entry: str
    when: tuple[Condition, ...] = ()


@dataclass(frozen=True)
class Message:
    id: str
    text: str
    intents: tuple[str, ...] = ()
    buttons: str | None = None


@dataclass(frozen=True)
class MenuItem:
    title: str
    intent: str


@dataclass
class KnowledgeBase:
    sources: dict[str, Source] = field(default_factory=dict)
    entries: dict[str, Entry] = field(default_factory=dict)
    routes: dict[str, Route] = field(default_factory=dict)
    messages: dict[str, Message] = field(default_factory=dict)
    menu: list[MenuItem] = field(default_factory=list)

    def message(self, message_id: str) -> Message:
        return self.messages[message_id]

    def message_for_intent(self, intent: str) -> Message | None:
        for msg in self.messages.values():
            if intent in msg.intents:
                return msg
        return None


class _Collector:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, file: str, entry: str | None, message: str) -> None:
        self.problems.append(Problem(file, entry, message))


def _read_yaml(path: Path, label: str, errors: _Collector) -> Any:
    try:
        return safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        errors.add(label, None, f"invalid YAML{where}: {getattr(exc, 'problem', exc)}")
    except OSError as exc:
        errors.add(label, None, f"cannot read: {exc}")
    return None


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _check_length(errors: _Collector, file: str, eid: str, what: str, text: str, limit: int) -> None:
    if len(text) > limit:
        errors.add(file, eid, f"{what} is {len(text)} characters (at most {limit})")


def _parse_sources(data: Any, label: str, errors: _Collector) -> dict[str, Source]:
    sources: dict[str, Source] = {}
    items = data.get("sources") if isinstance(data, Mapping) else None
    if not isinstance(items, list) or not items:
        errors.add(label, None, "needs a non-empty list 'sources'")
        return sources
    for item in items:
        sid = _text(item.get("id")) if isinstance(item, Mapping) else ""
        if not sid:
            errors.add(label, None, "a source has no id")
            continue
        if sid in sources:
            errors.add(label, sid, "duplicate source id")
        name = _text(item.get("name"))
        if not name:
            errors.add(label, sid, "source has no name")
        sources[sid] = Source(sid, name, _text(item.get("file")))
    return sources


def _parse_entries(data: Any, label: str, errors: _Collector) -> list[Entry]:
    items = data.get("entries") if isinstance(data, Mapping) else None
    if isinstance(data, Mapping):
        for key in data:
            if key != "entries":
                errors.add(label, None, f"unknown top-level key '{key}' (expected 'entries')")
    if not isinstance(items, list):
        errors.add(label, None, "needs a list 'entries'")
        return []
    entries = []
    for index, item in enumerate(items, start=1):
        if not isinstance(item, Mapping):
            errors.add(label, f"#{index}", "entry is not a mapping")
            continue
        eid = _text(item.get("id"))
        if not eid:
            errors.add(label, f"#{index}", "entry has no id")
            continue
        for key in item:
            if key not in ENTRY_KEYS:
                errors.add(label, eid, f"unknown key '{key}'")
        title, text, source = _text(item.get("title")), _text(item.get("text")), _text(item.get("source"))
        if not title:
            errors.add(label, eid, "missing title")
        _check_length(errors, label, eid, "title", title, MAX_TITLE)
        if not text:
            errors.add(label, eid, "empty text")
        _check_length(errors, label, eid, "text", text, MAX_TEXT)
        if not source:
            errors.add(label, eid, "missing source")
        also_raw = item.get("also_sources") or []
        if not (isinstance(also_raw, list) and all(isinstance(a, str) and a.strip() for a in also_raw)):
            errors.add(label, eid, "'also_sources' must be a list of source ids")
            also_raw = []
        also_sources = tuple(a.strip() for a in also_raw if a.strip() != source)
        more_raw = item.get("more") or []
        if not isinstance(more_raw, list):
            errors.add(label, eid, "'more' must be a list of texts")
            more_raw = []
        more = tuple(_text(m) for m in more_raw)
        for n, part in enumerate(more, start=1):
            if not part:
                errors.add(label, eid, f"'more' item {n} is empty")
            _check_length(errors, label, eid, f"'more' item {n}", part, MAX_TEXT)
        related_raw = item.get("related") or []
        if not isinstance(related_raw, list):
            errors.add(label, eid, "'related' must be a list of entry ids")
            related_raw = []
        related = tuple(_text(r) for r in related_raw)
        if len(related) > MAX_RELATED:
            errors.add(label, eid, f"at most {MAX_RELATED} related entries (buttons)")
        action_buttons = []
        for button in item.get("action_buttons") or []:
            if not isinstance(button, Mapping) or not _text(button.get("title")) or not _text(button.get("intent")):
                errors.add(label, eid, "each action button needs a title and an intent")
                continue
            action_buttons.append((_text(button["title"]), _text(button["intent"])))
        entries.append(Entry(eid, title, text, source, more, related, label, tuple(action_buttons), also_sources))
    return entries


def _parse_routes(data: Any, label: str, errors: _Collector) -> dict[str, Route]:
    routes: dict[str, Route] = {}
    items = data.get("routes") if isinstance(data, Mapping) else None
    if not isinstance(items, Mapping):
        errors.add(label, None, "needs a mapping 'routes' (intent -> entry)")
        return routes
    for intent, spec in items.items():
        if not isinstance(spec, Mapping) or not _text(spec.get("entry")):
            errors.add(label, str(intent), "route needs an 'entry'")
            continue
        conditions = []
        for cond in spec.get("when") or []:
            if not isinstance(cond, Mapping) or not all(_text(cond.get(k)) for k in ("entity", "value", "entry")):
                errors.add(label, str(intent), "each 'when' item needs entity, value and entry")
                continue
            conditions.append(Condition(_text(cond["entity"]), _text(cond["value"]), _text(cond["entry"])))
        routes[str(intent)] = Route(str(intent), _text(spec["entry"]), tuple(conditions))
    return routes


def _parse_conversation(data: Any, label: str, errors: _Collector) -> tuple[dict[str, Message], list[MenuItem]]:
    messages: dict[str, Message] = {}
    menu: list[MenuItem] = []
    if not isinstance(data, Mapping) or not isinstance(data.get("messages"), list):
        errors.add(label, None, "needs a list 'messages'")
        return messages, menu
    for index, item in enumerate(data["messages"], start=1):
        mid = _text(item.get("id")) if isinstance(item, Mapping) else ""
        if not mid:
            errors.add(label, f"#{index}", "message has no id")
            continue
        if mid in messages:
            errors.add(label, mid, "duplicate message id")
        for key in item:
            if key not in MESSAGE_KEYS:
                errors.add(label, mid, f"unknown key '{key}'")
        text = _text(item.get("text"))
        if not text:
            errors.add(label, mid, "empty text")
        _check_length(errors, label, mid, "text", text, MAX_TEXT)
        buttons = _text(item.get("buttons")) or None
        if buttons not in (None, "menu"):
            errors.add(label, mid, "buttons must be 'menu' or left out")
        raw_intents = item.get("intent") or []
        intents = tuple(_text(i) for i in (raw_intents if isinstance(raw_intents, list) else [raw_intents]))
        messages[mid] = Message(mid, text, intents, buttons)
    for item in data.get("menu") or []:
        if not isinstance(item, Mapping) or not _text(item.get("title")) or not _text(item.get("intent")):
            errors.add(label, "menu", "each menu item needs a title and an intent")
            continue
        title = _text(item["title"])
        _check_length(errors, label, "menu", f"title '{title}'", title, MAX_TITLE)
        menu.append(MenuItem(title, _text(item["intent"])))
    if not menu:
        errors.add(label, "menu", "needs at least one menu item")
    return messages, menu


REQUIRED_MESSAGES = (
    "greet",
    "capabilities",
    "thanks",
    "goodbye",
    "sources",
    "sources_behind",
    "out_of_scope",
    "fallback_affirm",
    "fallback_none",
    "fallback_rephrase",
    "fallback_give_up",
    "more_button",
    "more_none",
    "more_unknown",
    "source_line",
    "passage_item",
    "passage_whole_button",
    "nothing_close",
    "delete_confirm",
    "delete_yes_button",
    "delete_no_button",
    "delete_done",
    "delete_kept",
) + tuple(declared(ChannelMessages).values())  # what the input channels answer themselves


def load_knowledge(directory: Path, vocabulary: Vocabulary | None = None) -> KnowledgeBase:
    """Load and validate the rule base; raise KnowledgeError listing every problem."""
    directory = Path(directory)
    errors = _Collector()
    kb = KnowledgeBase()
    if not directory.is_dir():
        raise KnowledgeError([Problem(str(directory), None, "rule-base folder not found")])

    def label(path: Path) -> str:
        return str(path)

    files = sorted(directory.glob("*.yml"))
    names = {p.name for p in files}
    for required in (SOURCES_FILE, ROUTES_FILE, CONVERSATION_FILE):
        if required not in names:
            errors.add(str(directory / required), None, "file is missing")

    all_entries: list[Entry] = []
    for path in files:
        data = _read_yaml(path, label(path), errors)
        if data is None and path.name not in (SOURCES_FILE, ROUTES_FILE, CONVERSATION_FILE):
            if not any(p.file == label(path) for p in errors.problems):
                errors.add(label(path), None, "file is empty")
            continue
        if path.name == SOURCES_FILE:
            kb.sources = _parse_sources(data, label(path), errors)
        elif path.name == ROUTES_FILE:
            kb.routes = _parse_routes(data, label(path), errors)
        elif path.name == CONVERSATION_FILE:
            kb.messages, kb.menu = _parse_conversation(data, label(path), errors)
        else:
            all_entries.extend(_parse_entries(data, label(path), errors))

    for entry in all_entries:
        if entry.id in kb.entries:
            first = kb.entries[entry.id]
            errors.add(entry.file, entry.id, f"duplicate id (also in {first.file})")
            continue
        kb.entries[entry.id] = entry

    _cross_check(kb, errors, directory, vocabulary)
    if errors.problems:
        raise KnowledgeError(errors.problems)
    return kb


def _cross_check(kb: KnowledgeBase, errors: _Collector, directory: Path, vocabulary: Vocabulary | None) -> None:
    routes_label = str(directory / ROUTES_FILE)
    conv_label = str(directory / CONVERSATION_FILE)
    for entry in kb.entries.values():
        for sid in entry.sources:
            if sid and kb.sources and sid not in kb.sources:
                errors.add(entry.file, entry.id, f"unknown source '{sid}' (see {SOURCES_FILE})")
        for rel in entry.related:
            if rel == entry.id:
                errors.add(entry.file, entry.id, "an entry cannot be related to itself")
            elif rel not in kb.entries:
                errors.add(entry.file, entry.id, f"unknown related id '{rel}'")
    reachable: set[str] = set()
    for route in kb.routes.values():
        for target in [route.entry] + [c.entry for c in route.when]:
            if target not in kb.entries:
                errors.add(routes_label, route.intent, f"unknown entry '{target}'")
        reachable.add(route.entry)
        for cond in route.when:
            if vocabulary is not None:
                if cond.entity not in vocabulary.entity_names:
                    errors.add(routes_label, route.intent, f"unknown entity '{cond.entity}'")
                elif cond.value != "*" and cond.value not in vocabulary.values(cond.entity):
                    errors.add(routes_label, route.intent, f"unknown value '{cond.value}' for entity '{cond.entity}'")
            if cond.value != "*":
                reachable.add(cond.entry)
    if vocabulary is not None and kb.sources and SOURCE_ENTITY in vocabulary.entity_names:
        for value in vocabulary.values(SOURCE_ENTITY):
            if value not in kb.sources:
                errors.add(
                    routes_label,
                    SOURCE_ENTITY,
                    f"the vocabulary's '{SOURCE_ENTITY}' value '{value}' is no source id (see {SOURCES_FILE})",
                )
    if kb.routes:
        for entry in kb.entries.values():
            if entry.id not in reachable:
                errors.add(entry.file, entry.id, f"no route reaches this entry (add it to {ROUTES_FILE})")
    for mid in REQUIRED_MESSAGES:
        if kb.messages and mid not in kb.messages:
            errors.add(conv_label, mid, "required message is missing")
    for msg in kb.messages.values():
        for intent in msg.intents:
            if intent in kb.routes:
                errors.add(conv_label, msg.id, f"intent '{intent}' is also routed to an entry")
