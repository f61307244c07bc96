"""bot/nlp/offtopic.py: the off-topic sentences' fixed split into a training half and a held-out half."""

from __future__ import annotations

from bot.nlp.offtopic import split


def test_offtopic_split_is_stable_and_disjoint():
    sentences = [f"sætning nummer {i}" for i in range(400)] + ["sætning nummer 1"]
    train, heldout = split(sentences)
    assert split(sentences) == (train, heldout)
    assert not set(train) & set(heldout)
    assert len(train) + len(heldout) == 400
    assert 120 < len(train) < 280


def test_sentences_about_the_assistant_are_never_trained_on():
    sentences = [f"sætning nummer {i}" for i in range(50)] + ["Hallo"]
    train, heldout = split(sentences, keep_out=frozenset({"hallo"}))
    assert "Hallo" in heldout and "Hallo" not in train
