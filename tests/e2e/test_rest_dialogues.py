"""End to end: real action server + Rasa server, talking over the REST channel."""

from __future__ import annotations

import pytest
from chat import buttons, payloads, sender, texts  # noqa: F401

pytestmark = pytest.mark.server


def test_greeting_introduces_and_offers_menu(servers, kb):
    replies = servers.send(sender(), "Hej")
    assert texts(replies) == [kb.message("greet").text]
    assert [t for t, _ in buttons(replies[0])] == [m.title for m in kb.menu]


@pytest.mark.parametrize(
    "question, entry_id",
    [
        ("Hvad er samskabelse?", "definition"),
        ("Hvad er frivilligledelse?", "frivilligledelse"),
        ("hvad gaar borgernaer ledelse ud paa", "borgernaer_ledelse"),
        ("Er samproduktion det samme som samskabelse?", "not_samproduktion"),
        ("Hvad skal jeg som chef fokusere på i afklaringsfasen?", "phase_afklaring"),
        ("HVAD ER SAMSKABELSESTRAPPEN", "staircase"),
        ("hvilke råd giver Væksthus for Ledelse til chefer om samskabelse", "chief_advice"),
    ],
)
def test_questions_are_answered_from_the_rule_base_with_source(servers, kb, question, entry_id):
    entry = kb.entries[entry_id]
    replies = servers.send(sender(), question)
    assert len(replies) == 1
    text = replies[0]["text"]
    assert text.startswith(entry.text)
    # Every source the entry draws on is named ("Kilde: Lederweb …; Jacob Torfing …").
    assert text.endswith("Kilde: " + "; ".join(kb.sources[s].name for s in entry.sources))
    related_titles = [kb.entries[r].title for r in entry.related]
    assert [t for t, _ in buttons(replies[0])][-len(related_titles) :] == related_titles


def test_more_button_and_follow_up_button(servers, kb):
    user = sender()
    first = servers.send(user, "Hvad er samskabelse egentlig?")
    more_title, more_payload = buttons(first[0])[0]
    assert more_title == "Vil du vide mere?"
    more = servers.send(user, more_payload)
    assert texts(more)[0] == kb.entries["definition"].more[0]
    assert "Kilde:" in texts(more)[-1]
    # A follow-up button shows the entry it is titled after.
    title, payload = buttons(more[-1])[0]
    followed = servers.send(user, payload)
    target = next(e for e in kb.entries.values() if e.title == title)
    assert followed[0]["text"].startswith(target.text)


def test_typed_tell_me_more_uses_the_last_topic(servers, kb):
    user = sender()
    servers.send(user, "Hvad er de fem ledetråde?")
    replies = servers.send(user, "fortæl mere")
    assert texts(replies)[0].startswith(kb.entries["ledetraade"].more[0])


def test_sources_question(servers, kb):
    replies = servers.send(sender(), "hvor har du det fra?")
    for source in kb.sources.values():
        assert source.name in replies[0]["text"]


@pytest.mark.parametrize("message", ["Hvordan bliver vejret i morgen?", "sluk lyset i stuen", "Hvornår får jeg løn?"])
def test_off_topic_gets_a_friendly_no_and_the_menu(servers, kb, message):
    replies = servers.send(sender(), message)
    assert texts(replies) == [kb.message("out_of_scope").text]
    assert len(buttons(replies[0])) == len(kb.menu)


def test_thanks_and_goodbye(servers, kb):
    user = sender()
    assert texts(servers.send(user, "tusind tak for hjælpen")) == [kb.message("thanks").text]
    assert texts(servers.send(user, "farvel")) == [kb.message("goodbye").text]


def test_unclear_question_suggests_two_topics_and_a_click_answers(servers, kb):
    """Two-stage fallback, first stage: 'Mente du …?' with the two likeliest topics."""
    user = sender()
    replies = servers.send(user, FALLBACK_QUESTION)
    assert texts(replies) == [kb.message("fallback_affirm").text]
    suggestions = buttons(replies[0])
    assert len(suggestions) == 3 and suggestions[-1][0] == kb.message("fallback_none").text
    title, payload = suggestions[0]
    answer = servers.send(user, payload)
    target = next(e for e in kb.entries.values() if e.title == title)
    assert answer[0]["text"].startswith(target.text)


def test_declining_suggestions_twice_gives_up_with_menu(servers, kb):
    user = sender()
    assert texts(servers.send(user, FALLBACK_QUESTION)) == [kb.message("fallback_affirm").text]
    assert texts(servers.send(user, "/out_of_scope")) == [kb.message("fallback_rephrase").text]
    assert texts(servers.send(user, FALLBACK_QUESTION)) == [kb.message("fallback_affirm").text]
    final = servers.send(user, "/out_of_scope")
    assert texts(final) == [kb.message("fallback_give_up").text]
    assert len(buttons(final[0])) == len(kb.menu)
    # The conversation goes on normally afterwards.
    assert servers.send(user, "Hvad er samskabelse?")[0]["text"].startswith(kb.entries["definition"].text)


# A vague question the trained model is unsure about (it fits several numbered lists).
FALLBACK_QUESTION = "hvad er de fem?"


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"[1, 2]",
        b'{"message": "hej"}',
        b'{"sender": "", "message": "hej"}',
        b'{"sender": "x"}',
        b'{"sender": "x", "message": 42}',
    ],
)
def test_malformed_requests_get_a_clear_400(servers, body):
    import json
    import urllib.error
    import urllib.request

    request = urllib.request.Request(servers.rest_url, data=body, headers={"Content-Type": "application/json"})
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(request, timeout=10)
    assert info.value.code == 400
    assert json.loads(info.value.read())["error"]


def test_empty_message_gets_a_danish_answer(servers, kb):
    replies = servers.send(sender(), "   ")
    assert replies and replies[0]["text"]


@pytest.mark.parametrize(
    "request_", ["slet mine alarmer", "slet alle mine påmindelser for i dag", "slet sangen fra min playliste"]
)
def test_an_off_topic_delete_request_does_not_open_the_deletion_question(servers, kb, request_):
    """Finding: "delete my alarms"-style requests opened «Vil du slette hele din samtale?»."""
    replies = texts(servers.send(sender(), request_))
    assert kb.message("delete_confirm").text not in replies
    assert replies[0] == kb.message("out_of_scope").text
    # The real request still asks.
    assert texts(servers.send(sender(), "slet min samtale")) == [kb.message("delete_confirm").text]


def test_an_english_question_hears_why_the_answer_is_danish_then_the_answer(servers, kb):
    replies = texts(servers.send(sender(), "What is co-creation?"))
    assert replies[0] == kb.message("english_note").text
    assert replies[1].startswith(kb.entries["definition"].text)


def test_an_english_off_topic_request_is_still_rejected(servers, kb):
    replies = texts(servers.send(sender(), "Can you set an alarm for 7 tomorrow?"))
    assert replies[:2] == [kb.message("english_note").text, kb.message("out_of_scope").text]


def test_a_danish_question_gets_no_english_line(servers, kb):
    assert kb.message("english_note").text not in texts(servers.send(sender(), "Hvad er samskabelse?"))
