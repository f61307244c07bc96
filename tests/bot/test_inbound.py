"""What the channels accept (bot/inbound.py) and the never-silent wrapper (channels/replies.py)."""

from __future__ import annotations

import asyncio

import pytest

from bot import inbound
from bot.names import ChannelMessages, declared


@pytest.mark.parametrize(
    "raw, cleaned",
    [
        ("Hvad er samskabelse?", "Hvad er samskabelse?"),
        ("hej\x00 med\x07 dig\x1b[31m\x7f\x9b", "hej med dig[31m"),
        ("linje 1\r\nlinje 2\rlinje 3\tslut", "linje 1\nlinje 2\nlinje 3\tslut"),
        ("\ud800samskabelse\udfff", "samskabelse"),
        ("borgerna\u0308r", "borgernär"),  # decomposed umlaut becomes one character (NFC)
        ("😀 hej", "😀 hej"),
    ],
)
def test_clean_drops_control_characters_and_lone_surrogates(raw, cleaned):
    assert inbound.clean(raw) == cleaned


@pytest.mark.parametrize(
    "text, problem",
    [
        ("Hvad er samskabelse?", None),
        ("", ChannelMessages.EMPTY),
        (" \t\n ", ChannelMessages.EMPTY),
        ("\x00\x01", ChannelMessages.EMPTY),
        ("x" * inbound.MAX_MESSAGE_CHARS, None),
        ("x" * (inbound.MAX_MESSAGE_CHARS + 1), ChannelMessages.TOO_LONG),
        (None, ChannelMessages.UNREADABLE),
        (42, ChannelMessages.UNREADABLE),
        (["hej"], ChannelMessages.UNREADABLE),
        (b"hej", ChannelMessages.UNREADABLE),
    ],
)
def test_problem_names_the_message_to_answer_with(text, problem):
    assert inbound.problem(text) == problem


@pytest.mark.parametrize(
    "sender, ok",
    [
        ("leder-1", True),
        ("", False),
        ("   ", False),
        (7, False),
        (None, False),
        ("x" * inbound.MAX_SENDER_CHARS, True),
        ("x" * (inbound.MAX_SENDER_CHARS + 1), False),
    ],
)
def test_valid_sender(sender, ok):
    assert inbound.valid_sender(sender) is ok


def test_every_channel_text_is_required_and_danish(kb):
    for message_id in declared(ChannelMessages).values():
        text = inbound.text(message_id)
        assert text and "{" not in text
    assert "5.000" in inbound.text(ChannelMessages.TOO_LONG)
    assert [b.title for b in inbound.message(ChannelMessages.EMPTY).buttons] == [m.title for m in kb.menu]


def test_missing_channel_text_is_named(knowledge_copy, vocabulary):
    import yaml

    from bot.knowledge import KnowledgeError, load_knowledge

    path = knowledge_copy / "conversation.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["messages"] = [m for m in data["messages"] if m["id"] != ChannelMessages.TECHNICAL_ERROR]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(knowledge_copy, vocabulary)
    missing = ChannelMessages.TECHNICAL_ERROR
    assert f"conversation.yml: entry '{missing}': required message is missing" in str(info.value)


# -- channels/replies.py ----------------------------------------------------------------------
def _run(on_new_message) -> list[dict]:
    from rasa.core.channels.channel import CollectingOutputChannel, UserMessage

    from channels.replies import never_silent

    collector = CollectingOutputChannel()
    asyncio.run(never_silent(on_new_message)(UserMessage("Hej", collector, "leder")))
    return collector.messages


def test_a_turn_without_bot_messages_gets_the_apology():
    async def silent(message):
        return None

    assert [m["text"] for m in _run(silent)] == [inbound.text(ChannelMessages.TECHNICAL_ERROR)]


def test_a_failing_turn_gets_the_apology():
    async def failing(message):
        raise RuntimeError("action server unreachable")

    replies = _run(failing)
    assert [m["text"] for m in replies] == [inbound.text(ChannelMessages.TECHNICAL_ERROR)]
    assert replies[0]["recipient_id"] == "leder"


def test_an_answered_turn_gets_no_apology():
    async def answering(message):
        await message.output_channel.send_response(message.sender_id, {"text": "Svar"})
        await message.output_channel.send_response(
            message.sender_id, {"text": "Mere", "buttons": [{"title": "Ja", "payload": "/affirm"}]}
        )

    replies = _run(answering)
    assert [m["text"] for m in replies] == ["Svar", "Mere"]
    assert replies[1]["buttons"] == [{"title": "Ja", "payload": "/affirm"}]
