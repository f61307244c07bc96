"""Telling English from Danish (bot/nlp/language.py), so an English question hears why the answer is Danish."""

from __future__ import annotations

import pytest

from bot import paths
from bot.nlp.evaluation import heldout_examples, read_nlu_examples
from bot.nlp.language import LanguageWordsError, is_english, load_words


@pytest.mark.parametrize(
    "text",
    [
        "What is co-creation?",
        "How do I lead volunteers in my municipality?",
        "Which leadership form fits our project?",
        "What's the difference between co-production and co-creation?",
        "Can you set an alarm for 7?",
        "what are the five ledetråde?",
        "What are the three phases according to Væksthus for Ledelse?",
        "advice for top management on co-creation?",
    ],
)
def test_english(text):
    assert is_english(text)


@pytest.mark.parametrize(
    "text",
    [
        "Hvad er samskabelse?",
        "hvad er co-creation på dansk",
        "hvordan leder jeg frivillige",
        "hello",
        "ok",
        "/ask_definition",
        "What er samskabelse?",
        "Hvad betyder public value?",
        "Kan man bruge co-creation om borgermøder i vores kommune?",
    ],
)
def test_not_english(text):
    assert not is_english(text)


ENGLISH_TRAINING = paths.ROOT / "data" / "nlu" / "english.yml"


def test_danish_questions_are_never_taken_for_english():
    """Every Danish in-domain training and held-out question stays Danish; only the English
    off-topic lines among the training data may be English."""
    danish = [
        ex
        for f in sorted(ENGLISH_TRAINING.parent.glob("*.yml"))
        if f != ENGLISH_TRAINING
        for ex in read_nlu_examples(f)
    ]
    english = [(i, t) for i, t in danish + heldout_examples() if is_english(t)]
    assert all(intent == "out_of_scope" or "public" in text for intent, text in english), english


def test_most_english_training_questions_are_taken_for_english():
    """The English examples (data/nlu/english.yml) get the English note. Not all: a message with æ, ø
    or å ("what is borgernær ledelse?") counts as Danish, on purpose."""
    examples = read_nlu_examples(ENGLISH_TRAINING)
    found = [t for _, t in examples if is_english(t)]
    assert len(examples) >= 100 and len(found) >= 0.85 * len(examples)
    assert all(
        is_english(t)
        for _, t in examples
        if not any(ch in t.lower() for ch in "æøå")
        and len(t.split()) >= 4
        and not any(w in t.lower().split() for w in ("er", "og", "det"))
    )


@pytest.mark.parametrize(
    "text, complaint",
    [
        ("english: [the]\ndanish: [og]\n", "'min_words'"),
        ("english: []\ndanish: [og]\nmin_words: 2\n", "'english'"),
        ("english: [the, og]\ndanish: [og]\nmin_words: 2\n", "in both lists: og"),
    ],
)
def test_a_broken_word_list_is_named(tmp_path, text, complaint):
    path = tmp_path / "english.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LanguageWordsError, match=complaint):
        load_words(path)
