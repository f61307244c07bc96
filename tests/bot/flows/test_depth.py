"""Which passage answers (bot/flows/depth.py): the routed entry, a narrower part of it, or another entry's passage."""

from __future__ import annotations

import dataclasses

import pytest
import yaml

from bot.flows.depth import (
    SETTINGS_FILE,
    RetrievalSettings,
    RetrievalSettingsError,
    Scored,
    answers_instead,
    choose,
    close_passage,
    load_settings,
    nothing_close,
    scored_passages,
    weak_rejection,
)
from bot.passages import ENTRY, ITEM, MORE, Passage

# Numbers exact in binary, so that a score on a boundary is on it.
S = RetrievalSettings(
    lexical_weight=0.25,
    top=8,
    close=0.75,
    fallback_margin=0.0625,
    min_query_terms=2,
    weak_flows=frozenset({"ask_is_it_cocreation"}),
    weak_flow_confidence=0.375,
    weak_offtopic_confidence=0.5,
    far=0.5,
    narrow_margin=0.0625,
    distinct_margin=0.125,
    min_list_items=3,
    switch_margin=0.125,
    unsure_confidence=0.25,
    backing_guesses=2,
    min_item_words=1,
)

# a: the routed entry, with a "more" part and a list of three; b: another entry with a list of three;
# c: an entry whose list has only two items (already the right depth as a whole).
PASSAGES = {
    p.id: p
    for p in [
        Passage("a", "a", ENTRY, "Hele a"),
        Passage("a#more1", "a", MORE, "Mere om a"),
        Passage("a#item1", "a", ITEM, "• a1", "A:", 3),
        Passage("a#item2", "a", ITEM, "• a2", "A:", 3),
        Passage("a#item3", "a", ITEM, "• a3", "A:", 3),
        Passage("b", "b", ENTRY, "Hele b"),
        Passage("b#item1", "b", ITEM, "• b1", "B:", 3),
        Passage("b#item2", "b", ITEM, "• b2", "B:", 3),
        Passage("b#item3", "b", ITEM, "• b3", "B:", 3),
        Passage("c", "c", ENTRY, "Hele c"),
        Passage("c#item1", "c", ITEM, "• c1", "C:", 2),
        Passage("c#item2", "c", ITEM, "• c2", "C:", 2),
        # d: points in the text explained in a "more" part (bot/passages.py merges each point with its line).
        Passage("d", "d", ENTRY, "Hele d"),
        Passage("d#more1", "d", MORE, "Nærmere:\n1. d1: forklaring\n2. d2: forklaring"),
        Passage("d#item1", "d", ITEM, "1. d1: forklaring", "D:", 3),
        Passage("d#item2", "d", ITEM, "2. d2: forklaring", "D:", 3),
        Passage("d#item3", "d", ITEM, "3. d3", "D:", 3),
    ]
}


def _scored(scores: dict[str, float]) -> list[Scored]:
    return scored_passages([{"id": pid, "score": score} for pid, score in scores.items()], PASSAGES)


CASES = [
    # (why, scores, routed entry, intent confidence, expected passage id or None)
    ("no hits", {}, "a", 0.9, None),
    ("no hits, unclear", {}, None, 0.1, None),
    # -- an unclear message (no routed entry): the best passage if it is close and ahead of other entries
    ("unclear, best is close", {"b#item1": 0.875, "a": 0.625}, None, 0.1, "b#item1"),
    ("unclear, best exactly close", {"a#more1": 0.75, "b": 0.5}, None, 0.1, "a#more1"),
    ("unclear, nothing close", {"b#item1": 0.7, "a": 0.625}, None, 0.1, None),
    ("unclear, another entry as near", {"b#item1": 0.875, "a#item2": 0.84375}, None, 0.1, None),
    (
        "unclear, ahead of another entry by exactly the margin",
        {"b#item1": 0.875, "a#item2": 0.8125},
        None,
        0.1,
        "b#item1",
    ),
    (
        "unclear, only its own entry's items near it, all alike: the whole entry",
        {"b#item1": 0.875, "b#item2": 0.875, "a": 0.5},
        None,
        0.1,
        "b",
    ),
    ("unclear, one item of the entry stands out", {"b#item1": 0.875, "b#item2": 0.75, "a": 0.5}, None, 0.1, "b#item1"),
    ("unclear, alone among the hits", {"a#more1": 0.8}, None, 0.1, "a#more1"),
    ("unclear, one item of a short list is its whole entry", {"c#item2": 0.875, "a": 0.625}, None, 0.1, "c"),
    # -- narrowing inside the routed entry
    ("the whole entry is best", {"a": 0.875, "a#item1": 0.75, "a#more1": 0.625}, "a", 0.9, None),
    ("one item stands out", {"a#item1": 0.875, "a": 0.75, "a#item2": 0.625}, "a", 0.9, "a#item1"),
    (
        "items about the same: a question about the whole list",
        {"a#item1": 0.875, "a#item2": 0.8125, "a": 0.75},
        "a",
        0.9,
        None,
    ),
    ("item distinct by exactly the margin", {"a#item1": 0.875, "a#item2": 0.75, "a": 0.625}, "a", 0.9, "a#item1"),
    ("item hardly above the whole entry", {"a#item1": 0.875, "a": 0.84375, "a#item2": 0.5}, "a", 0.9, None),
    (
        "item above the whole entry by exactly the margin",
        {"a#item1": 0.875, "a": 0.8125, "a#item2": 0.5},
        "a",
        0.9,
        "a#item1",
    ),
    ("a more part stands out", {"a#more1": 0.875, "a#item1": 0.625, "a": 0.625}, "a", 0.9, "a#more1"),
    ("a more part and an item alike", {"a#more1": 0.875, "a#item1": 0.8125, "a": 0.625}, "a", 0.9, None),
    ("a lone part without the whole entry among the hits", {"a#item1": 0.625, "b": 0.5}, "a", 0.9, "a#item1"),
    ("a short list's item does not narrow", {"c#item1": 0.875, "c": 0.5, "c#item2": 0.5}, "c", 0.9, None),
    ("a part that holds the item is no rival", {"d#item1": 0.875, "d#more1": 0.875, "d": 0.625}, "d", 0.9, "d#item1"),
    ("... nor the item a part holds", {"d#more1": 0.875, "d#item2": 0.875, "d": 0.625}, "d", 0.9, "d#more1"),
    ("... but another item is", {"d#item1": 0.875, "d#item3": 0.84375, "d": 0.625}, "d", 0.9, None),
    ("no part is near the question: the whole entry", {"a#item1": 0.4375, "a": 0.25, "a#item2": 0.125}, "a", 0.9, None),
    ("a part exactly at far narrows", {"a#item1": 0.5, "a": 0.25, "a#item2": 0.125}, "a", 0.9, "a#item1"),
    # -- switching to another entry
    ("another entry clearly better and close", {"b#item1": 0.875, "a": 0.75}, "a", 0.9, "b#item1"),
    ("another entry better, not by the margin", {"b#item1": 0.8125, "a": 0.75}, "a", 0.9, None),
    ("... but the intent is unsure", {"b#item1": 0.8125, "a": 0.75}, "a", 0.125, "b#item1"),
    ("confidence exactly at unsure_confidence is sure", {"b#item1": 0.8125, "a": 0.75}, "a", 0.25, None),
    ("unsure, but the other passage is not close", {"b#item1": 0.7, "a": 0.5}, "a", 0.125, None),
    ("clearly better but not close", {"b#item1": 0.7, "a": 0.5}, "a", 0.9, None),
    ("the routed entry not among the hits, best close", {"b": 0.8}, "a", 0.9, "b"),
    ("the routed entry not among the hits, nothing close", {"b": 0.7}, "a", 0.9, None),
    (
        "switching to an entry whose items are all alike gives the whole entry",
        {"b#item1": 0.875, "b#item2": 0.875, "b#item3": 0.86, "a": 0.75},
        "a",
        0.9,
        "b",
    ),
    ("switching to one item of a short list gives its whole entry", {"c#item1": 0.875, "a": 0.5}, "a", 0.9, "c"),
    (
        "not switching, the routed entry still narrows",
        {"b#item1": 0.8125, "a#item1": 0.75, "a": 0.5, "a#item2": 0.5},
        "a",
        0.9,
        "a#item1",
    ),
]


@pytest.mark.parametrize("why, scores, routed, confidence, expected", CASES, ids=[c[0] for c in CASES])
def test_choose(why, scores, routed, confidence, expected):
    chosen = choose(_scored(scores), routed, confidence, S)
    assert (chosen.id if chosen else None) == expected
    if chosen is not None:
        assert chosen.entry_id == chosen.id.split("#")[0] and chosen.kind == PASSAGES[chosen.id].kind


def test_the_order_of_the_hits_does_not_matter():
    hits = [{"id": "a", "score": 0.75}, {"id": "a#item2", "score": 0.625}, {"id": "a#item1", "score": 0.875}]
    assert choose(scored_passages(hits, PASSAGES), "a", 0.9, S).id == "a#item1"
    assert choose(scored_passages(hits[::-1], PASSAGES), "a", 0.9, S).id == "a#item1"


def test_scored_passages_keep_only_this_rule_bases_passages_best_first():
    hits = [
        {"id": "a", "score": 0.5},
        {"id": "gone#item3", "score": 0.99},
        {"id": "b#item1", "score": 1},
        {"id": "a#item1", "score": "0.9"},
        {"score": 0.9},
        {"id": None, "score": 0.9},
        {"id": "b"},
    ]
    found = scored_passages(hits, PASSAGES)
    assert [(s.passage.id, s.score) for s in found] == [("b#item1", 1.0), ("a", 0.5)]
    assert isinstance(found[0].score, float)


@pytest.mark.parametrize(
    "scores, expected",
    [
        ({}, True),
        ({"a": 0.4375}, True),
        ({"a": 0.5}, False),  # exactly far: something is near
        ({"a": 0.625, "b": 0.25}, False),
        ({"b": 0.25, "a": 0.625}, False),
    ],
)
def test_nothing_close(scores, expected):
    assert nothing_close(_scored(scores), S) is expected


@pytest.mark.parametrize(
    "ranked, expected",
    [
        ([], None),
        ([("a#item1", 0.875)], "a#item1"),
        ([("a#item1", 0.7)], None),
        ([("a#item1", 0.875), ("a#item2", 0.875), ("a", 0.875), ("b", 0.8125)], "a#item1"),  # only other entries count
        ([("a#item1", 0.875), ("b", 0.84375)], None),
        ([("a#item1", 0.875), ("a", 0.87), ("b#item2", 0.8125)], "a#item1"),
    ],
)
def test_close_passage_for_an_unclear_message(ranked, expected):
    assert close_passage(ranked, S) == expected


# -- data/nlp/retrieval.yml ---------------------------------------------------------


def test_the_project_settings_load():
    settings = load_settings()
    assert isinstance(settings.top, int) and settings.top >= 1
    assert 0 <= settings.far <= settings.close
    assert set(yaml.safe_load(SETTINGS_FILE.read_text(encoding="utf-8"))) == {
        f.name for f in dataclasses.fields(RetrievalSettings)
    }


VALID = {k: sorted(v) if isinstance(v, frozenset) else v for k, v in dataclasses.asdict(S).items()}


def _without(key):
    return {k: v for k, v in VALID.items() if k != key}


@pytest.mark.parametrize(
    "data, complaint",
    [
        (_without("close"), "'close' must be a number from 0 to 2"),
        (_without("top"), "'top' must be a whole number of at least 1"),
        ({**VALID, "top": 2.5}, "'top'"),
        ({**VALID, "top": 0}, "'top'"),
        ({**VALID, "top": True}, "'top'"),
        ({**VALID, "close": "høj"}, "'close'"),
        ({**VALID, "switch_margin": -0.1}, "'switch_margin'"),
        ({**VALID, "lexical_weight": 2.5}, "'lexical_weight'"),
        ({**VALID, "unsure_confidence": False}, "'unsure_confidence'"),
        ({**VALID, "weak_flows": "ask_is_it_cocreation"}, "'weak_flows'"),
        ({**VALID, "weak_flows": [""]}, "'weak_flows'"),
        ({**VALID, "closeness": 0.9}, "unknown setting.*closeness"),
        ({**VALID, "far": 0.8, "close": 0.75}, "'far' must not be above 'close'"),
        (["close", "far"], "must be a mapping"),
    ],
)
def test_a_broken_settings_file_is_named(tmp_path, data, complaint):
    path = tmp_path / "retrieval.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(RetrievalSettingsError, match=complaint) as info:
        load_settings(path)
    assert str(path) in str(info.value)


def test_far_equal_to_close_is_allowed(tmp_path):
    path = tmp_path / "retrieval.yml"
    path.write_text(yaml.safe_dump({**VALID, "far": 0.75}), encoding="utf-8")
    assert load_settings(path) == dataclasses.replace(S, far=0.75)


def test_a_whole_number_is_a_number(tmp_path):
    path = tmp_path / "retrieval.yml"
    path.write_text(yaml.safe_dump({**VALID, "close": 1, "lexical_weight": 0}), encoding="utf-8")
    assert load_settings(path).close == 1


@pytest.mark.parametrize("text", ["close: [0.9\n", ""])
def test_unreadable_or_empty_settings_are_named(tmp_path, text):
    path = tmp_path / "retrieval.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RetrievalSettingsError) as info:
        load_settings(path)
    assert str(path) in str(info.value)


def test_a_missing_settings_file_is_named(tmp_path):
    with pytest.raises(RetrievalSettingsError, match="missing.yml"):
        load_settings(tmp_path / "missing.yml")


# -- answers_instead: an unclear message or a weak guess at a flow ------------------------------

CLOSE = [("a#item1", 0.875), ("b", 0.75)]  # clearly ahead of the other entry


@pytest.mark.parametrize(
    "intent, confidence, ranked, expected",
    [
        ("nlu_fallback", 0.25, CLOSE, "a#item1"),
        ("nlu_fallback", 0.25, [("a#item1", 0.875), ("b", 0.84375)], None),  # not clearly ahead of b
        ("nlu_fallback", 0.25, [("a#item1", 0.625)], None),  # not close
        ("ask_is_it_cocreation", 0.25, CLOSE, "a#item1"),  # weak guess at a flow
        ("ask_is_it_cocreation", 0.375, CLOSE, None),  # at the bar: the flow stands
        ("ask_which_phase", 0.25, CLOSE, None),  # not one of weak_flows here
        ("ask_definition", 0.125, CLOSE, None),  # a topic: bot/depth.choose decides
        ("out_of_scope", 0.25, CLOSE, None),  # off-topic stays off-topic
    ],
)
def test_answers_instead(intent, confidence, ranked, expected):
    assert answers_instead(intent, confidence, ranked, S) == expected


@pytest.mark.parametrize("terms, expected", [(None, "a#item1"), (2, "a#item1"), (1, None), (0, None)])
def test_a_message_of_one_content_word_is_not_answered_on_a_guess(terms, expected):
    assert close_passage(CLOSE, S, terms) == expected
    assert answers_instead("nlu_fallback", 0.25, CLOSE, S, terms) == expected


@pytest.mark.parametrize(
    "guessed, expected",
    [
        (frozenset(), None),  # b is nearly as close: unclear which entry is meant
        (frozenset({"a"}), "a#item1"),  # the classifier's guesses back the passage's entry
        (frozenset({"b"}), None),  # they back the other entry: still unclear
        (frozenset({"a", "b"}), "a#item1"),
    ],
)
def test_a_close_passage_the_classifier_also_guesses_needs_no_margin(guessed, expected):
    near = [("a#item1", 0.875), ("b", 0.84375)]
    assert answers_instead("nlu_fallback", 0.25, near, S, 3, guessed) == expected
    assert answers_instead("nlu_fallback", 0.25, [("a#item1", 0.7), ("b", 0.6)], S, 3, guessed) is None  # not close
    assert answers_instead("nlu_fallback", 0.25, near, S, 1, guessed) is None  # one word says too little


def test_an_item_too_short_to_stand_alone_is_answered_by_its_whole_entry():
    words3 = dataclasses.replace(S, min_item_words=3)
    short = {
        **PASSAGES,
        "e": Passage("e", "e", ENTRY, "Hele e"),
        "e#item1": Passage("e#item1", "e", ITEM, "• foreninger", "E:", 3),
        "e#item2": Passage("e#item2", "e", ITEM, "2. Ligeværdigt samarbejde.", "E:", 3),
        "e#item3": Passage("e#item3", "e", ITEM, "• borgere og virksomheder", "E:", 3),
    }

    def scored(scores):
        return scored_passages([{"id": pid, "score": score} for pid, score in scores.items()], short)

    # one word, or a number and two words: too short; three words: an answer of its own
    assert choose(scored({"e#item1": 0.875, "e": 0.625, "e#item3": 0.5}), "e", 0.9, words3) is None
    assert choose(scored({"e#item2": 0.875, "e": 0.625, "e#item3": 0.5}), "e", 0.9, words3) is None
    assert choose(scored({"e#item3": 0.875, "e": 0.625, "e#item2": 0.5}), "e", 0.9, words3).id == "e#item3"
    # the same when switching to the entry, or answering an unclear message with it
    assert choose(scored({"e#item1": 0.875, "a": 0.5}), "a", 0.9, words3).id == "e"
    assert choose(scored({"e#item1": 0.875, "a": 0.5}), None, 0.1, words3).id == "e"


@pytest.mark.parametrize(
    "intent, confidence, top, weak",
    [
        ("out_of_scope", 0.35, 0.8, True),  # half-thought off-topic, a passage close: unclear
        ("out_of_scope", 0.35, 0.7, False),  # nothing close: off-topic it is
        ("out_of_scope", 0.9, 0.8, False),  # sure it is off-topic
        ("ask_definition", 0.35, 0.8, False),  # not a rejection at all
    ],
)
def test_a_weak_rejection_needs_a_weak_off_topic_guess_and_a_close_passage(intent, confidence, top, weak):
    assert weak_rejection(intent, confidence, [("a#item1", top)], S) is weak
    assert weak_rejection(intent, confidence, [], S) is False
