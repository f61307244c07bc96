"""Answers at the right depth (bot/flows/answers.py): one passage with its source and a button to the whole entry."""

from __future__ import annotations

import dataclasses
import json
import re

import pytest

from bot.flows.answers import Advisor, BotMessage, Button, Reply
from bot.flows.depth import load_settings
from bot.passages import ENTRY, ITEM, MORE

PAYLOAD = re.compile(r"^/(\w+)(\{.*\})?$")
ENTITY = [{"entity": "begreb", "value": "succesprojekter"}]  # ask_examples + this entity -> projects_12

# Numbers exact in binary, so that the cases below are clear of every boundary.
S = dataclasses.replace(
    load_settings(),
    close=0.75,
    fallback_margin=0.0625,
    far=0.5,
    narrow_margin=0.0625,
    distinct_margin=0.125,
    min_list_items=3,
    switch_margin=0.125,
    unsure_confidence=0.25,
)


@pytest.fixture(scope="module")
def exact(kb, vocabulary) -> Advisor:
    """The real rule base with the numbers above."""
    return Advisor(kb, vocabulary, retrieval=S)


def _hits(**scores: float) -> list[dict]:
    """Parse data as the NLU gives it: {"id": passage id, "score": …}; keyword names use "__" for "#"."""
    return [
        {"id": name.replace("__", "#"), "score": score, "dense": score, "lexical": 0.0}
        for name, score in scores.items()
    ]


def _source(kb, entry_id: str) -> str:
    names = "; ".join(kb.sources[sid].name for sid in kb.entries[entry_id].sources)
    return kb.message("source_line").text.format(source=names)


def _entities(payload: str) -> list[dict]:
    intent, raw = PAYLOAD.match(payload).groups()
    return [{"entity": k, "value": v} for k, v in json.loads(raw or "{}").items()]


# -- passage_reply -------------------------------------------------------------


def test_a_list_item_is_shown_under_its_entrys_title_with_source_and_whole_answer_button(advisor, kb):
    passage = advisor.passages["projects_12#item5"]
    entry = kb.entries["projects_12"]
    reply = advisor.passage_reply(passage)
    assert reply.entry_id == "projects_12"
    (message,) = reply.messages
    item = kb.message("passage_item").text.format(title=entry.title, item=passage.text)
    assert message.text == f"{item}\n\n{_source(kb, 'projects_12')}"
    assert "Fyr dit Fyr" in message.text and entry.title in message.text
    assert "Dokk 1" not in message.text  # not the whole list
    button_title = kb.message("passage_whole_button").text.format(title=entry.title)
    assert message.buttons == (Button(button_title, advisor.entry_payload("projects_12")),)


def test_a_more_part_is_shown_under_its_entrys_title_with_source_and_whole_answer_button(advisor, kb):
    # Read alone, "Lad dig ikke slå ud af myten …" must say it is about leading volunteers.
    passage = advisor.passages["projects_12#more2"]
    (message,) = advisor.passage_reply(passage).messages
    part = kb.message("passage_item").text.format(
        title=kb.entries["projects_12"].title, item=kb.entries["projects_12"].more[1]
    )
    assert message.text == f"{part}\n\n{_source(kb, 'projects_12')}"
    assert message.text.startswith("Fra «De 12 succesfulde projekter»:")
    assert [b.payload for b in message.buttons] == [advisor.entry_payload("projects_12")]


def test_a_whole_entry_passage_is_the_usual_entry_reply(advisor):
    assert advisor.passage_reply(advisor.passages["criteria"]) == advisor.entry_reply("criteria")


def test_every_parts_whole_answer_button_leads_back_to_its_entry(advisor):
    parts = [p for p in advisor.passages.values() if p.kind in (ITEM, MORE)]
    assert len(parts) > 100
    for passage in parts:
        (message,) = advisor.passage_reply(passage).messages
        (button,) = message.buttons
        intent = PAYLOAD.match(button.payload).group(1)
        assert advisor.resolve_entry(intent, _entities(button.payload)) == passage.entry_id, passage.id
        assert message.text.endswith(_source(advisor.kb, passage.entry_id))


# -- answer with the NLU's passage ranking ----------------------------------------


def test_a_detail_of_the_routed_entry_is_answered_with_its_item(exact):
    hits = _hits(projects_12__item5=0.875, projects_12=0.75, projects_12__item4=0.625, examples=0.625)
    reply = exact.answer("ask_examples", ENTITY, retrieval=hits, confidence=0.9)
    assert reply == exact.passage_reply(exact.passages["projects_12#item5"])


def test_without_a_ranking_the_whole_entry_answers(exact):
    assert exact.answer("ask_examples", ENTITY) == exact.entry_reply("projects_12")
    assert exact.answer("ask_examples", ENTITY, retrieval=[], confidence=0.1) == exact.entry_reply("projects_12")


def test_a_question_about_the_whole_list_gets_the_whole_entry(exact):
    hits = _hits(projects_12__item5=0.875, projects_12__item4=0.84375, projects_12=0.75)
    assert exact.answer("ask_examples", ENTITY, retrieval=hits, confidence=0.9) == exact.entry_reply("projects_12")


def test_an_unsure_intent_gives_way_to_a_close_passage_of_another_entry(exact):
    hits = _hits(projects_12__item5=0.875, definition=0.8125, definition__item1=0.75)
    unsure = exact.answer("ask_definition", retrieval=hits, confidence=0.125)
    assert unsure == exact.passage_reply(exact.passages["projects_12#item5"])
    sure = exact.answer("ask_definition", retrieval=hits, confidence=0.9)  # 0.875 < 0.8125 + switch_margin
    assert sure == exact.entry_reply("definition")


def test_one_item_of_a_short_list_is_answered_with_its_whole_entry(exact, kb):
    assert sum(p.entry_id == "when_to_use" and p.kind == ITEM for p in exact.passages.values()) < S.min_list_items
    hits = _hits(when_to_use__item1=0.875, when_to_use=0.625, when_to_use__item2=0.5)
    assert exact.answer("ask_when_to_use", retrieval=hits, confidence=0.9) == exact.entry_reply("when_to_use")
    switched = exact.answer("ask_definition", retrieval=hits, confidence=0.125)
    assert switched == exact.entry_reply("when_to_use")


def test_a_ranking_from_other_content_is_ignored(exact):
    hits = _hits(gone__item3=0.99, projects_12__item99=0.98)
    assert exact.answer("ask_examples", ENTITY, retrieval=hits, confidence=0.1) == exact.entry_reply("projects_12")


def test_ask_more_and_conversation_intents_do_not_use_the_ranking(exact, kb):
    hits = _hits(projects_12__item5=0.875, projects_12=0.5)
    assert exact.answer("ask_more", last_entry="criteria", retrieval=hits, confidence=0.1) == exact.more_reply(
        "criteria"
    )
    greet = exact.answer("greet", retrieval=hits, confidence=0.1)
    assert greet == exact.answer("greet")
    assert greet.messages[0].text == kb.message_for_intent("greet").text


def test_a_promoted_fallback_is_answered_with_the_close_passage(advisor):
    """End to end with the project's numbers: the NLU turned nlu_fallback into the intent of the close
    passage's entry, keeping the fallback's low confidence; the action answers with that passage."""
    s = advisor.retrieval
    best = s.close + 0.05
    hits = _hits(projects_12__item5=best, projects_12=best - 0.1, projects_12__item4=best - 0.1, examples=best - 0.1)
    intent = advisor.entry_intent("projects_12")
    confidence = s.unsure_confidence / 2  # below the FallbackClassifier's threshold
    reply = advisor.answer(intent, [], retrieval=hits, confidence=confidence)
    assert reply == advisor.passage_reply(advisor.passages["projects_12#item5"])


# -- "Mente du …?" or nothing close ------------------------------------------------

RANKING = [{"name": "ask_definition", "confidence": 0.2}, {"name": "ask_examples", "confidence": 0.1}]


def test_nothing_close_is_said_plainly(exact, kb):
    reply = exact.suggestion_reply(RANKING, retrieval=_hits(definition=0.4375, examples=0.25))
    assert reply == Reply((BotMessage(kb.message("nothing_close").text, exact.menu_buttons()),))
    assert exact.suggestion_reply(RANKING, retrieval=[]) == reply  # a ranking with nothing at all


@pytest.mark.parametrize("retrieval", [None, _hits(definition=0.5), _hits(examples=0.625, definition=0.25)])
def test_with_something_near_or_no_ranking_the_suggestions_stay(exact, kb, retrieval):
    reply = exact.suggestion_reply(RANKING, retrieval=retrieval)
    (message,) = reply.messages
    assert message.text == kb.message("fallback_affirm").text
    assert [b.title for b in message.buttons] == [
        kb.entries["definition"].title,
        kb.entries["examples"].title,
        kb.message("fallback_none").text,
    ]


def test_advisor_nothing_close_follows_far(exact):
    assert exact.nothing_close(_hits(definition=0.4375))
    assert not exact.nothing_close(_hits(definition=0.5))
    assert exact.nothing_close([])


# -- entry_intent ------------------------------------------------------------------


@pytest.mark.parametrize(
    "entry_id, intent",
    [
        ("definition", "ask_definition"),
        ("criteria", "ask_definition"),
        ("projects_12", "ask_examples"),
        ("examples", "ask_examples"),
        ("innovation_roles", "ask_leadership_forms"),
        ("role_table", "ask_public_sector_roles"),
        ("no_such_entry", None),
    ],
)
def test_entry_intent(advisor, entry_id, intent):
    assert advisor.entry_intent(entry_id) == intent


def test_every_entry_has_an_intent_that_reaches_it(advisor, kb):
    for entry_id in kb.entries:
        intent = advisor.entry_intent(entry_id)
        assert intent in kb.routes, entry_id
        assert advisor.answer(intent, _entities(advisor.entry_payload(entry_id))).entry_id == entry_id


def test_the_advisor_keeps_the_project_numbers_by_default(advisor):
    assert advisor.retrieval == load_settings()
    assert set(advisor.passages) >= {"projects_12", "projects_12#item5", "projects_12#more1"}
    assert advisor.passages["projects_12"].kind == ENTRY
