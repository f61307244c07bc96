"""Routing intents (and entities) to rule-base entries, and building replies."""

from __future__ import annotations

import json
import re

import pytest

from bot.flows.answers import payload

PAYLOAD = re.compile(r"^/(\w+)(\{.*\})?$")


@pytest.mark.parametrize(
    "intent, entities, expected",
    [
        ("ask_definition", [], "definition"),
        ("ask_definition", [{"entity": "begreb", "value": "offentlig værdi"}], "definition_lederweb"),
        ("ask_not_cocreation", [], "not_cocreation"),
        ("ask_not_cocreation", [{"entity": "begreb", "value": "samproduktion"}], "not_samproduktion"),
        ("ask_not_cocreation", [{"entity": "begreb", "value": "høringer"}], "not_hoering"),
        ("ask_not_cocreation", [{"entity": "begreb", "value": "på tværs"}], "cross_sector"),
        ("ask_leadership_forms", [{"entity": "ledelsesform", "value": "borgernær"}], "borgernaer_ledelse"),
        ("ask_leadership_forms", [{"entity": "aktoer", "value": "frivillige"}], "leading_volunteers"),
        ("ask_leadership_forms", [{"entity": "begreb", "value": "konvener"}], "innovation_roles"),
        (
            "ask_leadership_forms",
            [{"entity": "ledelsesform", "value": "frivilligledelse"}, {"entity": "begreb", "value": "dilemmaer"}],
            "leadership_dilemmas",
        ),
        ("ask_public_sector_roles", [{"entity": "aktoer", "value": "politikerne"}], "role_table"),
        ("ask_phase_model", [{"entity": "fase", "value": "erkendelsesfasen"}], "phase_erkendelse"),
        ("ask_examples", [{"entity": "begreb", "value": "12"}], "projects_12"),
        ("ask_citizen_participation", [{"entity": "begreb", "value": "Arnsteins"}], "arnstein"),
        ("ask_recipe", [{"entity": "fase", "value": "afklaring"}], "recipe"),
    ],
)
def test_resolve_entry(advisor, intent, entities, expected):
    assert advisor.resolve_entry(intent, entities) == expected


def test_unknown_intent_has_no_entry(advisor):
    assert advisor.resolve_entry("ask_weather") is None


def test_entry_reply_names_source_and_offers_more_and_related(advisor, kb):
    reply = advisor.answer("ask_definition")
    assert reply.entry_id == "definition"
    (message,) = reply.messages
    assert message.text.startswith(kb.entries["definition"].text)
    assert message.text.endswith("Kilde: " + kb.sources["torfing_2017"].name)
    titles = [b.title for b in message.buttons]
    assert titles[0] == "Vil du vide mere?"
    assert message.buttons[0].payload == '/ask_more{"entry":"definition"}'
    assert titles[1:] == [kb.entries[r].title for r in kb.entries["definition"].related]


def test_every_entry_reply_has_a_source_line(advisor, kb):
    for entry_id, entry in kb.entries.items():
        text = advisor.entry_reply(entry_id).messages[-1].text
        assert text.splitlines()[-1] == "Kilde: " + "; ".join(kb.sources[s].name for s in entry.sources), entry_id


def test_related_buttons_lead_back_to_their_entry(advisor, kb):
    """Clicking a follow-up button must show exactly the entry it is titled after."""
    for entry in kb.entries.values():
        for button in advisor.entry_reply(entry.id).messages[0].buttons:
            intent, raw = PAYLOAD.match(button.payload).groups()
            entities = [{"entity": k, "value": v} for k, v in json.loads(raw or "{}").items()]
            if intent == "ask_more" or (button.title, intent) in entry.action_buttons:
                continue
            target = advisor.resolve_entry(intent, entities)
            assert kb.entries[target].title == button.title, (entry.id, button)


def test_more_shows_every_more_part_then_source(advisor, kb):
    entry = kb.entries["definition"]
    reply = advisor.answer("ask_more", [{"entity": "entry", "value": "definition"}])
    assert [m.text for m in reply.messages[:-1]] == list(entry.more[:-1])
    assert reply.messages[-1].text.startswith(entry.more[-1])
    assert "Kilde:" in reply.messages[-1].text


def test_more_uses_last_entry_when_no_entity(advisor, kb):
    reply = advisor.answer("ask_more", [], last_entry="chief_advice")
    assert reply.entry_id == "chief_advice"
    assert reply.messages[0].text == kb.entries["chief_advice"].more[0]


def test_more_without_more_text_offers_related(advisor, kb):
    entry = next(e for e in kb.entries.values() if not e.more)
    reply = advisor.answer("ask_more", [], last_entry=entry.id)
    assert entry.title in reply.messages[0].text
    assert len(reply.messages[0].buttons) == len(entry.related)


def test_more_without_context_asks_what(advisor, kb):
    reply = advisor.answer("ask_more", [], last_entry=None)
    assert reply.messages[0].text == kb.message("more_unknown").text
    assert [b.title for b in reply.messages[0].buttons] == [m.title for m in kb.menu]


def test_greeting_has_two_lines_and_the_main_menu(advisor):
    (message,) = advisor.answer("greet").messages
    assert len(message.text.splitlines()) == 2
    assert [b.title for b in message.buttons] == [
        "Hvad er samskabelse?",
        "Hvilken ledelsesform passer?",
        "De fem ledetråde",
        "Er det samskabelse?",
        "Quiz: Er det samskabelse?",
    ]
    assert [b.payload for b in message.buttons] == [
        "/ask_definition",
        "/ask_which_form",
        "/ask_ledetraade",
        "/ask_is_it_cocreation",
        "/quiz",
    ]


def test_sources_lists_all_five(advisor, kb):
    text = advisor.answer("ask_sources").messages[0].text
    for source in kb.sources.values():
        assert source.name in text
    assert text.endswith(kb.message("sources_behind").text)  # who Væksthus for Ledelse is (KL, Danske Regioner …)
    assert "Danske Regioner" in kb.message("sources_behind").text


def test_out_of_scope_says_so_and_offers_menu(advisor):
    (message,) = advisor.answer("out_of_scope").messages
    assert "ikke hjælpe" in message.text
    assert len(message.buttons) == 5


def test_unknown_intent_gives_up_with_menu(advisor, kb):
    (message,) = advisor.answer("some_new_intent").messages
    assert message.text == kb.message("fallback_give_up").text
    assert message.buttons


def test_suggestions_take_the_two_best_topics(advisor, kb):
    ranking = [
        {"name": "nlu_fallback", "confidence": 0.9},
        {"name": "greet", "confidence": 0.3},
        {"name": "ask_staircase", "confidence": 0.2},
        {"name": "out_of_scope", "confidence": 0.15},
        {"name": "ask_recipe", "confidence": 0.1},
        {"name": "ask_gains", "confidence": 0.05},
    ]
    (message,) = advisor.suggestion_reply(ranking).messages
    assert message.text == kb.message("fallback_affirm").text
    assert [b.payload for b in message.buttons] == ["/ask_staircase", "/ask_recipe", "/out_of_scope"]
    assert message.buttons[0].title == kb.entries["staircase"].title
    assert message.buttons[-1].title == "Ingen af dem"


def test_suggestions_keep_the_entities(advisor, kb):
    ranking = [{"name": "ask_leadership_forms", "confidence": 0.4}, {"name": "ask_paths", "confidence": 0.3}]
    entities = [{"entity": "ledelsesform", "value": "borgernær ledelse"}]
    (message,) = advisor.suggestion_reply(ranking, entities).messages
    assert message.buttons[0].payload == '/ask_leadership_forms{"ledelsesform":"borgernaer_ledelse"}'
    assert message.buttons[0].title == kb.entries["borgernaer_ledelse"].title


def test_no_topic_in_ranking_asks_to_rephrase(advisor, kb):
    reply = advisor.suggestion_reply([{"name": "greet", "confidence": 0.3}])
    assert reply.messages[0].text == kb.message("fallback_rephrase").text


def test_payload_format():
    assert payload("ask_x") == "/ask_x"
    assert payload("ask_x", {"fase": "afklaring"}) == '/ask_x{"fase":"afklaring"}'


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Ja, slet den", True),
        ("ja slet den!", True),
        ("JA, SLET DEN", True),
        ("Nej, behold den", False),
        ("nej behold den.", False),
        ("ja", None),
        ("slet min samtale", None),
        ("", None),
    ],
)
def test_a_typed_delete_button_title_answers_like_the_button(advisor, kb, text, expected):
    titles = [b.title for b in advisor.delete_confirm_reply().messages[0].buttons]
    assert titles == [kb.message("delete_yes_button").text, kb.message("delete_no_button").text]
    assert advisor.typed_delete_choice(text) is expected


@pytest.mark.parametrize(
    "intent, text, expected",
    [
        ("affirm", "ja", True),
        ("deny", "nej", False),
        ("delete_conversation", "Ja, slet den", True),
        ("affirm", "Nej, behold den", False),  # the typed title wins over a wrong guess
        ("quiz_answer", "delvist", None),
    ],
)
def test_delete_choice(advisor, intent, text, expected):
    assert advisor.delete_choice(intent, text) is expected


def test_confirmed_deletion_tells_the_client(advisor, kb):
    done, signal = advisor.delete_answer_reply(True).messages
    assert done.text == kb.message("delete_done").text
    assert signal.custom == {"conversation_deleted": True}
    (kept,) = advisor.delete_answer_reply(False).messages
    assert kept.text == kb.message("delete_kept").text and kept.custom is None


# -- entries named by the leader ---------------------------------------------------------------
def _entity(name, value):
    return {"entity": name, "value": value}


def test_two_values_of_one_entity_get_both_entries_in_route_order(advisor, kb):
    reply = advisor.answer(
        "ask_not_cocreation", [_entity("begreb", "borgerinddragelse"), _entity("begreb", "samproduktion")]
    )
    texts = [m.text for m in reply.messages]
    first = texts.index(next(t for t in texts if t.startswith(kb.entries["not_samproduktion"].text)))
    second = texts.index(next(t for t in texts if t.startswith(kb.entries["not_borgerinddragelse"].text)))
    assert first < second  # the route's order, not the message's
    assert reply.entry_id == "not_borgerinddragelse"  # "mere" continues with the last one


def test_values_of_different_entities_qualify_each_other(advisor):
    reply = advisor.answer(
        "ask_leadership_forms", [_entity("ledelsesform", "frivilligledelse"), _entity("begreb", "dilemmaer")]
    )
    assert reply.entry_id == "leadership_dilemmas" and len(reply.messages) == 1


@pytest.mark.parametrize(
    "intent, entities, expected",
    [
        ("ask_definition", [_entity("kilde", "Lederweb")], "definition_lederweb"),
        ("ask_definition", [_entity("kilde", "Torfings")], "definition"),  # already Torfing's
        ("ask_gains", [_entity("kilde", "lederwebs")], "gains_lederweb"),
        ("ask_not_cocreation", [_entity("kilde", "Lederweb")], "not_cocreation_lederweb"),
        ("ask_recipe", [_entity("kilde", "Lederweb")], "recipe"),  # no entry of that source
        ("ask_definition", [_entity("kilde", "Lederweb"), _entity("kilde", "Torfing")], "definition"),  # two: unclear
    ],
)
def test_a_named_source_picks_that_sources_entry(advisor, intent, entities, expected):
    assert advisor.answer(intent, entities).entry_id == expected


def test_an_entry_the_leader_named_is_not_traded_for_a_nearer_passage_of_another(advisor):
    hits = [{"id": "phase_model#more1", "score": 0.95}, {"id": "phase_afklaring#item4", "score": 0.92}]
    reply = advisor.answer("ask_phase_model", [_entity("fase", "samskabelsesfasen")], retrieval=hits, confidence=0.9)
    assert reply.entry_id == "phase_samskabelse"
    unnamed = advisor.answer("ask_phase_model", [], retrieval=hits, confidence=0.9)
    assert unnamed.entry_id == "phase_model"  # without a name the nearer passage may answer


def test_an_entry_picked_by_its_named_source_is_not_traded_for_a_nearer_passage_of_another(advisor):
    # "Hvad er Torfings definition af samskabelse?": the four criteria items score above the definition.
    hits = [
        {"id": "criteria#item2", "score": 1.02},
        {"id": "criteria#item1", "score": 1.01},
        {"id": "definition", "score": 0.95},
    ]
    reply = advisor.answer("ask_definition", [_entity("kilde", "Torfings")], retrieval=hits, confidence=0.9)
    assert reply.entry_id == "definition"
    unnamed = advisor.answer("ask_definition", [], retrieval=hits, confidence=0.9)
    assert unnamed.entry_id != "definition"  # without a source named the nearer passage may answer


def test_a_named_project_is_answered_from_the_12_projects_not_from_other_examples(advisor):
    # "Har du et eksempel på samskabelse i psykiatrien?": Lederweb's three examples score higher.
    hits = [
        {"id": "examples#item2", "score": 0.94},
        {"id": "examples#item3", "score": 0.93},
        {"id": "projects_12#item11", "score": 0.91},
        {"id": "projects_12", "score": 0.86},
    ]
    reply = advisor.answer("ask_examples", [_entity("projekt", "psykiatrien")], retrieval=hits, confidence=0.97)
    assert reply.entry_id == "projects_12"
    assert "Næstved" in reply.messages[0].text and "Dokk 1" not in reply.messages[0].text  # the one project
    assert advisor.answer("ask_examples", [], retrieval=hits, confidence=0.97).entry_id == "examples"


def test_a_named_project_gets_its_own_item_whatever_the_ranking(advisor):
    # "Var der et af de 12 projekter om psykiatri?": the broad words rank the list above the item.
    hits = [{"id": "projects_12", "score": 0.95}, {"id": "projects_12#item1", "score": 0.94}]
    entities = [_entity("begreb", "succesprojekter"), _entity("projekt", "psykiatri")]
    reply = advisor.answer("ask_examples", entities, retrieval=hits, confidence=0.9)
    assert reply.entry_id == "projects_12"
    text = reply.messages[0].text
    assert "Næstved" in text and "Dokk 1" not in text
    # Without the project named the whole list answers.
    assert "Dokk 1" in advisor.answer("ask_examples", entities[:1], retrieval=hits, confidence=0.9).messages[0].text


def test_an_entry_that_draws_on_two_sources_names_both(advisor, kb):
    entry = kb.entries["not_cocreation"]
    assert entry.also_sources == ("lederweb",)  # Lederweb's three exclusions sit beside Torfing's (audit row 1)
    text = advisor.entry_reply("not_cocreation").messages[0].text
    assert text.endswith(f"{kb.sources['torfing_2017'].name}; {kb.sources['lederweb'].name}")
