"""From a recognised intent (and entities) to the reply, all text from the rule base."""

from __future__ import annotations

import json
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Iterable, Mapping, Sequence

from bot.flows.depth import RetrievalSettings, choose, load_settings, narrowest, nothing_close, scored_passages
from bot.flows.ordinals import item_at, named_place
from bot.knowledge import SOURCE_ENTITY, Entry, KnowledgeBase
from bot.names import Intents
from bot.passages import ITEM, MORE, Passage, all_passages, text_items
from bot.text import fold_words
from bot.vocabulary import Vocabulary, canonical_entities

MORE_ENTITY = "entry"
MAX_SUGGESTIONS = 2
# A message that names several entries of one route ("samproduktion og borgerinddragelse") gets at most this many.
MAX_NAMED_ENTRIES = 2
# Sent after a confirmed deletion besides the text, so a web chat can forget its stored transcript.
CONVERSATION_DELETED = MappingProxyType({"conversation_deleted": True})


@dataclass(frozen=True)
class Button:
    title: str
    payload: str


@dataclass(frozen=True)
class BotMessage:
    text: str
    buttons: tuple[Button, ...] = ()
    # A machine-readable message for the client instead of text (Rasa's custom JSON).
    custom: Mapping[str, Any] | None = None


@dataclass(frozen=True)
class Reply:
    messages: tuple[BotMessage, ...]
    entry_id: str | None = None


def payload(intent: str, entities: Mapping[str, str] | None = None) -> str:
    """A Rasa button payload that sets intent and entities without NLU."""
    if not entities:
        return f"/{intent}"
    return f"/{intent}{json.dumps(dict(entities), ensure_ascii=False, separators=(',', ':'))}"


class Advisor:
    """Answers from the rule base; the Rasa actions only translate to and from this."""

    def __init__(self, kb: KnowledgeBase, vocabulary: Vocabulary, retrieval: RetrievalSettings | None = None) -> None:
        self.kb = kb
        self.vocabulary = vocabulary
        self.retrieval = retrieval or load_settings()
        self.passages = {p.id: p for p in all_passages(kb)}
        self._entry_payloads = self._reverse_routes()

    def _reverse_routes(self) -> dict[str, str]:
        found: dict[str, str] = {}
        for route in self.kb.routes.values():
            found.setdefault(route.entry, payload(route.intent))
        for route in self.kb.routes.values():
            for cond in route.when:
                if cond.value != "*":
                    found.setdefault(cond.entry, payload(route.intent, {cond.entity: cond.value}))
        return found

    # -- routing -------------------------------------------------------
    def resolve_entry(self, intent: str, entities: Iterable[Mapping[str, Any]] = ()) -> str | None:
        route = self.kb.routes.get(intent)
        if route is None:
            return None
        found = canonical_entities(self.vocabulary, entities)
        for cond in route.when:
            for name, value in found:
                if name == cond.entity and (cond.value == "*" or cond.value == value):
                    return cond.entry
        return route.entry

    def named_entries(self, intent: str, entities: Iterable[Mapping[str, Any]] = ()) -> list[str]:
        """Every entry the message's entities pick out under its intent's route, once each, in route order."""
        route = self.kb.routes.get(intent)
        if route is None:
            return []
        found = canonical_entities(self.vocabulary, entities)
        named = [
            cond.entry
            for cond in route.when
            if any(name == cond.entity and (cond.value == "*" or cond.value == value) for name, value in found)
        ]
        return list(dict.fromkeys(named))

    def alike_entries(self, intent: str, entities: Iterable[Mapping[str, Any]] = ()) -> list[str]:
        """Entries named by two values of one entity ("samproduktion og borgerinddragelse"), in route order.

        Values of different entities qualify each other instead ("dilemmaerne i frivilligledelse" is one
        entry): then the route's first match answers alone, and this is empty.
        """
        route = self.kb.routes.get(intent)
        if route is None:
            return []
        found = canonical_entities(self.vocabulary, entities)
        for entity in dict.fromkeys(name for name, _ in found):
            values = {value for name, value in found if name == entity}
            named = list(dict.fromkeys(c.entry for c in route.when if c.entity == entity and c.value in values))
            if len(named) > 1:
                return named
        return []

    def entry_by_source(self, intent: str, entry_id: str, entities: Iterable[Mapping[str, Any]] = ()) -> str:
        """The entry from the source the message names ("ifølge Lederweb"), among those the route can lead to.

        Tried in order: the routed entry, then the route's other entries. Without one named source, or
        when none of them is from it, the routed entry stands (a related entry would change the topic).
        """
        source = self.named_source(entities)
        route = self.kb.routes.get(intent)
        if source is None or route is None or self.kb.entries[entry_id].source == source:
            return entry_id
        candidates = [entry_id, *(c.entry for c in route.when)]
        return next((e for e in candidates if e in self.kb.entries and self.kb.entries[e].source == source), entry_id)

    def item_named(self, intent: str, entry_id: str, entities: Iterable[Mapping[str, Any]] = ()) -> Passage | None:
        """The one list item of the entry that the message names, when the route names things inside it.

        A route condition with value "*" says the entity names something the entry holds (any of the
        12 projects leads to projects_12): "Hvem stod bag Naturlandet?" gets the item that says
        Naturlandet, found by the same vocabulary, whatever the ranking thinks.
        """
        route = self.kb.routes.get(intent)
        inside = {c.entity for c in route.when if c.value == "*" and c.entry == entry_id} if route else set()
        items = [p for p in self.passages.values() if p.entry_id == entry_id and p.kind == ITEM]
        for name, value in canonical_entities(self.vocabulary, entities):
            if name in inside:
                found = [p for p in items if self.vocabulary.canonical(name, p.text) == value]
                if len(found) == 1:
                    return found[0]
        return None

    def named_source(self, entities: Iterable[Mapping[str, Any]] = ()) -> str | None:
        """The one source the message names ("ifølge Lederweb"), if it names exactly one."""
        named = {value for name, value in canonical_entities(self.vocabulary, entities) if name == SOURCE_ENTITY}
        return next(iter(named)) if len(named) == 1 else None

    def entries_reply(self, entry_ids: Sequence[str]) -> Reply:
        """Several whole entries, one after the other (the last one is remembered for "mere")."""
        messages = [m for entry_id in entry_ids for m in self.entry_reply(entry_id).messages]
        return Reply(tuple(messages), entry_ids[-1])

    def named_entry(self, intent: str, entities: Iterable[Mapping[str, Any]] = ()) -> str | None:
        """The entry a message's entities pick out beyond its intent's default entry, if any."""
        route = self.kb.routes.get(intent)
        entry = self.resolve_entry(intent, entities)
        return entry if route is not None and entry != route.entry else None

    def entry_intent(self, entry_id: str) -> str | None:
        """The intent whose route leads to the entry (with an entity, for some), if any."""
        found = self._entry_payloads.get(entry_id)
        return found[1:].split("{", 1)[0] if found else None

    def entry_payload(self, entry_id: str) -> str:
        return self._entry_payloads[entry_id]

    def is_topic_intent(self, intent: str) -> bool:
        return intent in self.kb.routes

    # -- replies -------------------------------------------------------
    def answer(
        self,
        intent: str,
        entities: Iterable[Mapping[str, Any]] = (),
        last_entry: str | None = None,
        retrieval: Sequence[Mapping[str, Any]] = (),
        confidence: float = 1.0,
        text: str = "",
    ) -> Reply:
        """The reply for a recognised intent; unknown intents get the give-up message.

        `retrieval` is the NLU's ranking of passages (parse data "retrieval"): a question that asks
        for one detail of the routed entry, or that the intent is unsure of, is answered with the
        passage that holds it (bot/flows/depth.py); one that names an item by its place ("råd nr. 5",
        `text`) gets that item (bot/flows/ordinals.py).
        """
        entities = list(entities)
        if intent == Intents.MORE:
            explicit = [e.get("value") for e in entities if e.get("entity") == MORE_ENTITY]
            target = explicit[0] if explicit and isinstance(explicit[0], str) else last_entry
            return self.more_reply(target)
        entry_id = self.resolve_entry(intent, entities)
        if entry_id is not None:
            named = self.named_entries(intent, entities)
            alike = self.alike_entries(intent, entities)
            if len(alike) > 1:  # "Forklar samproduktion og borgerinddragelse": both, in the rule base's order
                return self.entries_reply(alike[:MAX_NAMED_ENTRIES])
            scored = scored_passages(retrieval, self.passages)
            if not named:
                entry_id = self.entry_by_source(intent, entry_id, entities)
            # The leader named the entry, or its source ("Torfings definition"): only the depth inside
            # it is chosen, never another entry.
            if named or self.kb.entries[entry_id].source == self.named_source(entities):
                passage = self.item_named(intent, entry_id, entities) or narrowest(scored, entry_id, self.retrieval)
            else:
                passage = choose(scored, entry_id, confidence, self.retrieval)
            answered = passage.entry_id if passage is not None else entry_id
            placed = item_at(named_place(text), text_items(self.passages.values(), answered))
            passage = placed or passage
            return self.passage_reply(passage) if passage is not None else self.entry_reply(entry_id)
        if intent == Intents.SOURCES:
            return self.sources_reply()
        message = self.kb.message_for_intent(intent)
        if message is not None:
            return Reply((self._message(message.id),))
        return self.give_up_reply()

    def entry_reply(self, entry_id: str) -> Reply:
        entry = self.kb.entries[entry_id]
        return Reply((BotMessage(self._with_source(entry.text, entry), self._entry_buttons(entry)),), entry.id)

    def passage_reply(self, passage: Passage) -> Reply:
        """One passage with its source and a button to the whole entry (the whole entry as usual)."""
        entry = self.kb.entries[passage.entry_id]
        if passage.kind not in (ITEM, MORE):
            return self.entry_reply(entry.id)
        # A part read alone says which entry it is from, as the whole entry would by its title.
        text = self.kb.message("passage_item").text.format(title=entry.title, item=passage.text)
        whole = self._entry_payloads.get(entry.id)
        title = self.kb.message("passage_whole_button").text.format(title=entry.title)
        buttons = (Button(title, whole),) if whole else ()
        return Reply((BotMessage(self._with_source(text, entry), buttons),), entry.id)

    def nothing_close(self, retrieval: Sequence[Mapping[str, Any]]) -> bool:
        """True when no passage of the rule base is near the message (the NLU's ranking says so)."""
        return nothing_close(scored_passages(retrieval, self.passages), self.retrieval)

    def more_reply(self, entry_id: str | None) -> Reply:
        entry = self.kb.entries.get(entry_id) if entry_id else None
        if entry is None:
            return Reply((self._message("more_unknown"),))
        if not entry.more:
            text = self.kb.message("more_none").text.format(title=entry.title)
            return Reply((BotMessage(text, self._related_buttons(entry)),), entry.id)
        parts = [BotMessage(text) for text in entry.more[:-1]]
        parts.append(BotMessage(self._with_source(entry.more[-1], entry), self._related_buttons(entry)))
        return Reply(tuple(parts), entry.id)

    def sources_reply(self) -> Reply:
        intro = self.kb.message("sources").text
        lines = "\n".join(f"• {s.name}" for s in self.kb.sources.values())
        behind = self.kb.message("sources_behind").text
        return Reply((BotMessage(f"{intro}\n{lines}\n\n{behind}", self.menu_buttons()),))

    def suggestion_reply(
        self,
        ranking: Sequence[Mapping[str, Any]],
        entities: Iterable[Mapping[str, Any]] = (),
        retrieval: Sequence[Mapping[str, Any]] | None = None,
    ) -> Reply:
        """'Mente du …?' with buttons for the most likely topics (two-stage fallback).

        When the NLU's passage ranking shows nothing near the message, it says so plainly instead.
        """
        if retrieval is not None and self.nothing_close(retrieval):
            return Reply((self._message("nothing_close"),))
        entities = list(entities)
        buttons = []
        for item in ranking:
            intent = item.get("name")
            if not isinstance(intent, str) or not self.is_topic_intent(intent):
                continue
            entry_id = self.resolve_entry(intent, entities)
            kept = {n: v for n, v in canonical_entities(self.vocabulary, entities)}
            buttons.append(Button(self.kb.entries[entry_id].title, payload(intent, kept)))
            if len(buttons) == MAX_SUGGESTIONS:
                break
        if not buttons:
            return self.rephrase_reply()
        buttons.append(Button(self.kb.message("fallback_none").text, payload(Intents.OUT_OF_SCOPE)))
        return Reply((BotMessage(self.kb.message("fallback_affirm").text, tuple(buttons)),))

    def rephrase_reply(self) -> Reply:
        return Reply((self._message("fallback_rephrase"),))

    def give_up_reply(self) -> Reply:
        return Reply((self._message("fallback_give_up"),))

    def delete_confirm_reply(self) -> Reply:
        """'Slet min samtale': ask before deleting."""
        buttons = (
            Button(self.kb.message("delete_yes_button").text, payload(Intents.AFFIRM)),
            Button(self.kb.message("delete_no_button").text, payload(Intents.DENY)),
        )
        return Reply((BotMessage(self.kb.message("delete_confirm").text, buttons),))

    def typed_delete_choice(self, text: str) -> bool | None:
        """A confirmation button's title typed instead of clicked («ja, slet den»): True, False, else None."""
        typed = fold_words(text or "")
        if typed and typed == fold_words(self.kb.message("delete_yes_button").text):
            return True
        if typed and typed == fold_words(self.kb.message("delete_no_button").text):
            return False
        return None

    def delete_choice(self, intent: str, text: str) -> bool | None:
        """The answer to «Vil du slette hele din samtale?»: a typed button title, else Ja/Nej; None if neither."""
        typed = self.typed_delete_choice(text)
        if typed is not None:
            return typed
        return {Intents.AFFIRM: True, Intents.DENY: False}.get(intent)

    def delete_answer_reply(self, confirmed: bool) -> Reply:
        if confirmed:
            return Reply((self._message("delete_done"), BotMessage("", custom=CONVERSATION_DELETED)))
        return Reply((self._message("delete_kept"),))

    def menu_buttons(self) -> tuple[Button, ...]:
        return tuple(Button(item.title, payload(item.intent)) for item in self.kb.menu)

    # -- helpers -------------------------------------------------------
    def _message(self, message_id: str) -> BotMessage:
        msg = self.kb.message(message_id)
        return BotMessage(msg.text, self.menu_buttons() if msg.buttons == "menu" else ())

    def _with_source(self, text: str, entry: Entry) -> str:
        line = self.kb.message("source_line").text.format(
            source="; ".join(self.kb.sources[s].name for s in entry.sources)
        )
        return f"{text}\n\n{line}"

    def _related_buttons(self, entry: Entry) -> tuple[Button, ...]:
        return tuple(Button(self.kb.entries[r].title, self.entry_payload(r)) for r in entry.related)

    def _entry_buttons(self, entry: Entry) -> tuple[Button, ...]:
        buttons = []
        buttons.extend(Button(title, payload(intent)) for title, intent in entry.action_buttons)
        if entry.more:
            buttons.append(Button(self.kb.message("more_button").text, payload(Intents.MORE, {MORE_ENTITY: entry.id})))
        return tuple(buttons) + self._related_buttons(entry)
