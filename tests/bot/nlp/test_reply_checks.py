"""The answer-quality question format (bot/nlp/reply_checks.py): reading it, and judging a reply."""

from __future__ import annotations

import pytest

from bot.nlp.reply_checks import QuestionFileError, Topic, first_word, holds, load_topics


def topic(groups=(("trin 5", "øverste"),), verdict=None) -> Topic:
    return Topic("t", tuple(tuple(g) for g in groups), verdict, ("spørgsmål",))


@pytest.mark.parametrize(
    "texts, ok",
    [
        (["Det øverste trin er borgerinitieret samskabelse."], True),
        (["Første del.", "Trin 5 handler om …"], True),  # the parts of one turn count together
        (["TRIN 5 HANDLER OM"], True),  # lower-cased before comparing
        (["Trin 4 handler om noget andet."], False),
        ([], False),
    ],
)
def test_one_alternative_of_each_group_must_be_there(texts, ok):
    assert holds(topic(), texts) is ok


def test_every_group_must_be_met():
    two = topic(groups=(("strategisk",), ("slip", "kontrol")))
    assert holds(two, ["Vær strategisk, og giv slip."])
    assert not holds(two, ["Vær strategisk."])


@pytest.mark.parametrize(
    "texts, ok",
    [
        (["Ja – det ligner samskabelse."], True),
        (["«Ja», fordi …"], True),
        (["Delvist: …"], False),
        (["Nej.", "Ja"], False),
        ([], False),
    ],
)
def test_verdict_is_the_first_word_of_the_first_reply(texts, ok):
    assert holds(topic(groups=(), verdict="ja"), texts) is ok
    assert first_word("  123 «Nej»!") == "nej"


def test_the_shared_files_read(tmp_path):
    path = tmp_path / "q.yml"
    path.write_text(
        "a:\n  all:\n  - - x\n    - y\n  cases:\n  - Hvad?\nb:\n  verdict: Ja\n  cases:\n  - Er det?\n",
        encoding="utf-8",
    )
    a, b = load_topics(path)
    assert a == Topic("a", (("x", "y"),), None, ("Hvad?",))
    assert b.verdict == "ja" and b.groups == ()


@pytest.mark.parametrize(
    "text, complaint",
    [
        ("a: 1\n", "topic 'a': expected a mapping"),
        ("a:\n  all: [[x]]\n", "topic 'a': 'cases'"),
        ("a:\n  all: [x]\n  cases: [q]\n", "topic 'a': 'all'"),
        ("a:\n  cases: [q]\n", "topic 'a': needs 'all' or 'verdict'"),
        ("- a\n", "expected topics"),
        ("a: [\n", "q.yml"),
    ],
)
def test_a_broken_file_is_named_with_its_topic(tmp_path, text, complaint):
    path = tmp_path / "q.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(QuestionFileError, match=complaint.replace("[", r"\[").replace("(", r"\(")):
        load_topics(path)
