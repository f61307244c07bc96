"""Items named by their place ("råd nr. 5", "det øverste trin"): bot/flows/ordinals.py and its use in the answer."""

from __future__ import annotations

import pytest

from bot.flows.ordinals import OrdinalWordsError, item_at, load_words, named_place
from bot.passages import text_items


@pytest.mark.parametrize(
    "text, place",
    [
        ("hvad var nu resonans' råd nr 5?", 5),
        ("Hvad siger råd nr. 2?", 2),
        ("trin 4 paa samskabelsestrappen?", 4),
        ("Hvad er det laveste trin på samskabelsestrappen?", 1),
        ("hvad er det oeverste trin", -1),
        ("Hvad er det sidste spørgsmål i Torfings opskrift?", -1),
        ("Hvad handler første fase om?", 1),
        ("Hvad er de fem ledetråde?", None),  # a count, not a place
        ("Hvad skete der i 2017?", None),  # a number no place word names
        ("Er der en anden måde at gøre det på?", None),  # "anden" means "other" here
        ("", None),
    ],
)
def test_named_place(text, place):
    assert named_place(text) == place


def test_item_at_counts_from_one_and_minus_one_is_the_last(advisor):
    items = text_items(advisor.passages.values(), "staircase")
    assert len(items) == 5
    assert item_at(1, items) is items[0]
    assert item_at(-1, items) is items[-1]
    assert item_at(6, items) is None and item_at(None, items) is None and item_at(1, []) is None


def test_only_items_of_the_entrys_own_text_are_counted(advisor):
    # projects_12 lists six projects in its text and six more in a "more" part.
    items = text_items(advisor.passages.values(), "projects_12")
    assert [p.id for p in items] == [f"projects_12#item{n}" for n in range(1, 7)]


def test_a_question_naming_a_place_gets_that_item(advisor, kb):
    reply = advisor.answer("ask_staircase", text="Hvad er det øverste trin på trappen?")
    item = text_items(advisor.passages.values(), "staircase")[-1]
    assert reply.messages[0].text == advisor.passage_reply(item).messages[0].text
    assert reply.entry_id == "staircase"


def test_a_place_the_list_does_not_have_keeps_the_whole_entry(advisor, kb):
    reply = advisor.answer("ask_staircase", text="Hvad er trin 9 på trappen?")
    assert reply.messages[0].text.startswith(kb.entries["staircase"].text)


@pytest.mark.parametrize(
    "content, key",
    [
        ("- a\n- b\n", "places"),
        ("places: {}\nnumber_words: [nr]\n", "places"),
        ("places: {første: 0}\nnumber_words: [nr]\n", "places"),
        ("places: {første: 1}\nnumber_words: [nr, no]\n", "number_words"),  # YAML reads "no" as false
        ("places: {første: 1}\n", "number_words"),
    ],
)
def test_a_wrong_file_names_itself_and_the_key(tmp_path, content, key):
    path = tmp_path / "ordinals.yml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(OrdinalWordsError) as error:
        load_words(path)
    assert str(path) in str(error.value) and (key in str(error.value) or "mapping" in str(error.value))
