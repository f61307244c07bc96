"""The rule-base loader and validator, including every kind of content error."""

from __future__ import annotations

from pathlib import Path

import pytest
from yaml_edits import edit_yaml as _edit

from bot.knowledge import MAX_TEXT, KnowledgeError, load_knowledge

SEEDS_README = Path(__file__).resolve().parents[2].parent / "shared" / "seeds" / "README.md"


def _errors(directory: Path, vocabulary) -> str:
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(directory, vocabulary)
    return str(info.value)


def test_real_rule_base_loads(kb):
    assert len(kb.entries) >= 40
    assert len(kb.sources) == 5
    for entry in kb.entries.values():
        assert entry.source in kb.sources
        assert 0 < len(entry.text) <= MAX_TEXT


REQUIRED_TOPICS = [
    "definition",
    "not_cocreation",
    "not_samproduktion",
    "not_borgerinddragelse",
    "not_selvbestemmelse",
    "not_hoering",
    "not_forprogrammeret",
    "not_udlicitering",
    "cross_sector",
    "public_sector_views",
    "role_table",
    "mobilization_leadership",
    "soft_power",
    "leader_tasks",
    "ledetraade",
    "recipe",
    "staircase",
    "four_paths",
    "citizen_participation",
    "arnstein",
    "gains",
    "leadership_forms",
    "borgernaer_ledelse",
    "frivilligledelse",
    "samarbejdsdrevet_innovation",
    "innovation_roles",
    "leading_volunteers",
    "leadership_dilemmas",
    "phase_model",
    "phase_afklaring",
    "phase_samskabelse",
    "phase_erkendelse",
    "chief_advice",
    "six_advice",
    "principles",
    "examples",
    "projects_12",
    "unpredictability",
    "time_frame",
    "when_to_use",
]


@pytest.mark.parametrize("entry_id", REQUIRED_TOPICS)
def test_every_topic_of_the_sources_is_covered(kb, entry_id):
    assert entry_id in kb.entries


def test_ledetraade_are_quoted_verbatim(kb):
    text = kb.entries["ledetraade"].text
    for question in [
        "Hvad vil vi opnå?",
        "Hvem kan hjælpe os ude og hjemme?",
        "Hvordan kan relevante aktører mobiliseres?",
        "Er der lignende aktiviteter i gang andre steder, som vi kan understøtte?",
        "Hvilke alliancer kan vi med fordel indgå?",
    ]:
        assert question in text


@pytest.mark.skipif(not SEEDS_README.exists(), reason="shared/seeds not beside the repo")
def test_source_names_are_the_short_names_of_the_seeds(kb):
    readme = SEEDS_README.read_text(encoding="utf-8")
    for source in kb.sources.values():
        assert source.file in readme


def test_missing_source_is_named(knowledge_copy, vocabulary):
    _edit(knowledge_copy / "models.yml", lambda d: d["entries"][0].pop("source"))
    message = _errors(knowledge_copy, vocabulary)
    assert "models.yml: entry 'recipe': missing source" in message


def test_unknown_source_is_named(knowledge_copy, vocabulary):
    _edit(knowledge_copy / "models.yml", lambda d: d["entries"][0].update(source="wikipedia"))
    assert "entry 'recipe': unknown source 'wikipedia'" in _errors(knowledge_copy, vocabulary)


def test_unknown_related_id_is_named(knowledge_copy, vocabulary):
    _edit(knowledge_copy / "models.yml", lambda d: d["entries"][0].update(related=["no_such_entry"]))
    assert "models.yml: entry 'recipe': unknown related id 'no_such_entry'" in _errors(knowledge_copy, vocabulary)


def test_duplicate_id_names_both_files(knowledge_copy, vocabulary):
    _edit(knowledge_copy / "models.yml", lambda d: d["entries"][1].update(id="definition"))
    message = _errors(knowledge_copy, vocabulary)
    assert "models.yml: entry 'definition': duplicate id (also in" in message
    assert "definitions.yml" in message


def test_empty_text_is_named(knowledge_copy, vocabulary):
    _edit(knowledge_copy / "advice.yml", lambda d: d["entries"][0].update(text="   "))
    assert "advice.yml: entry 'six_advice': empty text" in _errors(knowledge_copy, vocabulary)


def test_too_long_text_is_named(knowledge_copy, vocabulary):
    _edit(knowledge_copy / "advice.yml", lambda d: d["entries"][0].update(text="x" * (MAX_TEXT + 1)))
    assert f"entry 'six_advice': text is {MAX_TEXT + 1} characters" in _errors(knowledge_copy, vocabulary)


def test_bad_yaml_names_file_and_line(knowledge_copy, vocabulary):
    (knowledge_copy / "advice.yml").write_text("entries:\n  - id: a\n    text: [unclosed\n", encoding="utf-8")
    message = _errors(knowledge_copy, vocabulary)
    assert "advice.yml: invalid YAML" in message
    assert "line" in message


def test_missing_id_is_reported(knowledge_copy, vocabulary):
    _edit(knowledge_copy / "advice.yml", lambda d: d["entries"][0].pop("id"))
    assert "advice.yml: entry '#1': entry has no id" in _errors(knowledge_copy, vocabulary)


def test_route_to_unknown_entry_is_named(knowledge_copy, vocabulary):
    _edit(knowledge_copy / "routes.yml", lambda d: d["routes"]["ask_recipe"].update(entry="opskrift"))
    message = _errors(knowledge_copy, vocabulary)
    assert "routes.yml: entry 'ask_recipe': unknown entry 'opskrift'" in message


def test_route_with_unknown_entity_value_is_named(knowledge_copy, vocabulary):
    def change(d):
        d["routes"]["ask_phase_model"]["when"][0]["value"] = "planlaegning"

    _edit(knowledge_copy / "routes.yml", change)
    assert "unknown value 'planlaegning' for entity 'fase'" in _errors(knowledge_copy, vocabulary)


def test_unreachable_entry_is_named(knowledge_copy, vocabulary):
    def change(d):
        d["entries"].append({"id": "orphan", "title": "Forældreløs", "text": "Tekst", "source": "resonans"})

    _edit(knowledge_copy / "advice.yml", change)
    assert "advice.yml: entry 'orphan': no route reaches this entry" in _errors(knowledge_copy, vocabulary)


def test_all_errors_are_reported_together(knowledge_copy, vocabulary):
    def change(d):
        d["entries"][0].pop("source")
        d["entries"][1].update(text="")

    _edit(knowledge_copy / "advice.yml", change)
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(knowledge_copy, vocabulary)
    assert len(info.value.problems) == 2


def test_missing_required_message_is_named(knowledge_copy, vocabulary):
    _edit(
        knowledge_copy / "conversation.yml",
        lambda d: d.update(messages=[m for m in d["messages"] if m["id"] != "greet"]),
    )
    assert "conversation.yml: entry 'greet': required message is missing" in _errors(knowledge_copy, vocabulary)


def test_an_unknown_further_source_is_named(knowledge_copy, vocabulary):
    _edit(knowledge_copy / "advice.yml", lambda d: d["entries"][0].update(also_sources=["wikipedia"]))
    assert "advice.yml: entry 'six_advice': unknown source 'wikipedia'" in _errors(knowledge_copy, vocabulary)


def test_further_sources_must_be_a_list(knowledge_copy, vocabulary):
    _edit(knowledge_copy / "advice.yml", lambda d: d["entries"][0].update(also_sources="lederweb"))
    assert "entry 'six_advice': 'also_sources' must be a list of source ids" in _errors(knowledge_copy, vocabulary)


def test_a_named_source_value_that_is_no_source_id_is_named(knowledge_copy, vocabulary):
    _edit(knowledge_copy / "sources.yml", lambda d: d["sources"].pop(2))  # torfing_2017 gone, the vocabulary names it
    assert "the vocabulary's 'kilde' value 'torfing_2017' is no source id" in _errors(knowledge_copy, vocabulary)
