"""The rule base cut into passages (bot/passages.py): whole entries, "more" parts and single list items."""

from __future__ import annotations

import pytest

from bot.knowledge import Entry, KnowledgeBase
from bot.passages import ENTRY, ITEM, MORE, Passage, all_passages, entry_id_of, entry_passages, index_text, is_item_line

TOOLS = Entry(
    id="tools",
    title="Værktøjer",
    source="s",
    text="Her er tre værktøjer:\n• Kortlægning\n• Dialogmøde\n\nOg to metoder:\n1. Interview\n2) Workshop\n",
    more=(
        "De sidste råd:\n- Start småt\n– Evaluer sammen\n",
        "• Et punkt uden indledning\nAfslutning uden punkt.",
        "Kun tekst, ingen liste.",
    ),
)


def _by_id(passages):
    return {p.id: p for p in passages}


def test_an_entry_is_one_passage_each_more_part_another_and_each_list_item_another():
    passages = entry_passages(TOOLS)
    assert [p.id for p in passages] == [
        "tools",
        "tools#more1",
        "tools#more2",
        "tools#more3",
        "tools#item1",
        "tools#item2",
        "tools#item3",
        "tools#item4",  # the entry's own text
        "tools#item5",
        "tools#item6",
        "tools#item7",  # the "more" parts, in reading order
    ]
    assert [p.kind for p in passages] == [ENTRY, MORE, MORE, MORE] + [ITEM] * 7
    assert all(p.entry_id == "tools" for p in passages)


def test_an_item_knows_how_long_its_own_list_is():
    passages = entry_passages(TOOLS)
    # Two lists of two in the text, one of two and a lone point in the "more" parts: an entry with
    # "to spørgsmål" and "fem fokuspunkter" holds two lists, not one of seven.
    assert [p.list_size for p in passages] == [0, 0, 0, 0] + [2, 2, 2, 2, 2, 2, 1]


def test_passage_texts_are_the_entrys_own_words():
    found = _by_id(entry_passages(TOOLS))
    assert found["tools"].text == TOOLS.text
    assert [found[f"tools#more{n}"].text for n in (1, 2, 3)] == list(TOOLS.more)
    assert [found[f"tools#item{n}"].text for n in range(1, 8)] == [
        "• Kortlægning",
        "• Dialogmøde",
        "1. Interview",
        "2) Workshop",
        "- Start småt",
        "– Evaluer sammen",
        "• Et punkt uden indledning",
    ]


def test_an_item_is_led_by_the_last_line_before_it_in_its_own_part():
    found = _by_id(entry_passages(TOOLS))
    leads = [found[f"tools#item{n}"].lead for n in range(1, 8)]
    assert leads == [
        "Her er tre værktøjer:",
        "Her er tre værktøjer:",
        "Og to metoder:",
        "Og to metoder:",
        "De sidste råd:",
        "De sidste råd:",
        "",
    ]  # first line of its part: the lead of the part before does not carry over
    assert found["tools"].lead == "" and found["tools#more1"].lead == ""


ADVICE = Entry(
    id="advice",
    title="Råd",
    source="s",
    text="Tre råd:\n1. Start småt.\n2. Giv det tid. Det tager tid.\n3. Del erfaringerne.\n",
    more=(
        "Rådene nærmere:\n1. Start småt: Prøv først i det små.\n2. Giv det tid: Det er intet hurtigt fix.\n",
        "• Del: et punkt uden titel i teksten",
    ),
)


def test_a_point_explained_in_a_more_part_is_one_item_with_its_explanation():
    found = _by_id(entry_passages(ADVICE))
    assert [found[f"advice#item{n}"].text for n in (1, 2, 3, 4)] == [
        "1. Start småt: Prøv først i det små.",
        "2. Giv det tid: Det er intet hurtigt fix.",
        "3. Del erfaringerne.",  # no line explains it: its own words
        "• Del: et punkt uden titel i teksten",
    ]  # explains no point of the text: an item of its own
    assert "advice#item5" not in found
    assert all(found[f"advice#item{n}"].in_text for n in (1, 2, 3)) and not found["advice#item4"].in_text
    assert found["advice#item1"].lead == "Tre råd:"  # counted and led as the point it explains
    assert found["advice#more1"].text == ADVICE.more[0]  # the part itself stays whole


def test_an_entry_without_lists_or_more_is_one_passage():
    plain = Entry(id="plain", title="Enkel", source="s", text="Bare tekst.\nEn linje mere.")
    assert entry_passages(plain) == [Passage("plain", "plain", ENTRY, plain.text)]


@pytest.mark.parametrize(
    "line, expected",
    [
        ("• Dokk 1 – Aarhus Kommune", True),
        ("- Start småt", True),
        ("– Evaluer sammen", True),
        ("1. Der er både offentlige og private parter med", True),
        ("12) Sidste punkt", True),
        ("   • indrykket punkt", True),
        ("Den 3. februar 2017 blev en bevægelse grundlagt", False),  # a number inside the line
        ("2019. Et årstal er ingen nummerering", False),
        ("123. for mange cifre", False),
        ("•uden mellemrum", False),
        ("- ", False),
        ("", False),
        ("Kilde: Torfing", False),
        ("Væksthus for Ledelse har undersøgt 12 succesfulde samskabelsesprojekter (2019). De første seks:", False),
    ],
)
def test_item_lines(line, expected):
    assert is_item_line(line) is expected


@pytest.mark.parametrize(
    "passage_id, entry_id",
    [
        ("projects_12#item5", "projects_12"),
        ("projects_12#more1", "projects_12"),
        ("projects_12", "projects_12"),
        ("a#b#c", "a"),
    ],
)
def test_entry_id_of(passage_id, entry_id):
    assert entry_id_of(passage_id) == entry_id


def test_only_the_whole_entry_is_not_a_part():
    assert [p.is_part for p in entry_passages(TOOLS)[:2]] == [False, True]
    assert all(p.is_part for p in entry_passages(TOOLS) if p.kind == ITEM)


def test_index_text_is_title_lead_and_text():
    kb = KnowledgeBase(entries={"tools": TOOLS})
    found = _by_id(entry_passages(TOOLS))
    assert index_text(found["tools#item3"], kb) == "Værktøjer\nOg to metoder:\n1. Interview"
    assert index_text(found["tools#item7"], kb) == "Værktøjer\n• Et punkt uden indledning"  # no empty lead line
    assert index_text(found["tools#more1"], kb) == "Værktøjer\n" + TOOLS.more[0]
    assert index_text(found["tools"], kb) == "Værktøjer\n" + TOOLS.text


# -- the real rule base ------------------------------------------------------


@pytest.fixture(scope="module")
def passages(kb):
    return all_passages(kb)


def test_every_passage_id_is_unique_and_names_its_entry(kb, passages):
    ids = [p.id for p in passages]
    assert len(ids) == len(set(ids))
    for p in passages:
        assert entry_id_of(p.id) == p.entry_id and p.entry_id in kb.entries


def test_every_entry_and_more_part_is_a_passage_in_the_rule_bases_order(kb, passages):
    wholes = [p.entry_id for p in passages if p.kind == ENTRY]
    assert wholes == list(kb.entries)
    for entry in kb.entries.values():
        mores = [p.text for p in passages if p.entry_id == entry.id and p.kind == MORE]
        assert mores == list(entry.more), entry.id


def test_every_item_is_a_line_of_its_entry(kb, passages):
    """Content stays in data/knowledge: an item is one line of the entry's text or of a "more" part."""
    for p in passages:
        if p.kind == ITEM:
            entry = kb.entries[p.entry_id]
            lines = [line.strip() for text in (entry.text, *entry.more) for line in text.splitlines()]
            assert p.text in lines and (not p.lead or p.lead in lines), p.id


def test_the_twelve_projects_are_twelve_items(passages):
    items = [p for p in passages if p.entry_id == "projects_12" and p.kind == ITEM]
    assert len(items) == 12  # six in the text, six in the first "more" part
    by_id = _by_id(items)
    assert "Fyr dit Fyr" in by_id["projects_12#item5"].text and "Hjørring" in by_id["projects_12#item5"].text
    assert by_id["projects_12#item5"].lead.endswith("De første seks:")
    assert "Naturlandet" in by_id["projects_12#item8"].text
    assert by_id["projects_12#item8"].lead == "De sidste seks:"
    assert {p.list_size for p in items} == {6}  # two lists of six: "De første seks" and "De sidste seks"


def test_criteria_items_run_through_the_text_and_then_the_more_part(passages):
    by_id = _by_id(p for p in passages if p.entry_id == "criteria")
    assert by_id["criteria#item1"].text.startswith("1. Der er både offentlige og private parter")
    assert by_id["criteria#item4"].text.startswith("4. ")
    assert by_id["criteria#item5"].lead == "Torfing nævner tre ting, der ikke er samskabelse:"
    assert "criteria#item7" in by_id and "criteria#item8" not in by_id
