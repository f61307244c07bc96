"""Telling English from Danish (bot/language.py), so an English question hears why the answer is Danish."""
from __future__ import annotations

import pytest

from bot.evaluation import heldout_examples, training_examples
from bot.language import LanguageWordsError, is_english, load_words


@pytest.mark.parametrize("text", ["What is co-creation?", "How do I lead volunteers in my municipality?",
                                  "Which leadership form fits our project?", "What's the difference between "
                                  "co-production and co-creation?", "Can you set an alarm for 7?"])
def test_english(text):
    assert is_english(text)


@pytest.mark.parametrize("text", ["Hvad er samskabelse?", "hvad er co-creation på dansk", "hvordan leder jeg frivillige",
                                  "hello", "ok", "/ask_definition", "What er samskabelse?", "Hvad betyder public value?",
                                  "Kan man bruge co-creation om borgermøder i vores kommune?"])
def test_not_english(text):
    assert not is_english(text)


def test_danish_questions_are_never_taken_for_english():
    """Every in-domain training and held-out question (all Danish) stays Danish; only the English
    off-topic lines among the training data may be English."""
    english = [(i, t) for i, t in training_examples() + heldout_examples() if is_english(t)]
    assert all(intent == "out_of_scope" or "public" in text for intent, text in english), english


@pytest.mark.parametrize("text, complaint", [
    ("english: [the]\ndanish: [og]\n", "'min_words'"),
    ("english: []\ndanish: [og]\nmin_words: 2\n", "'english'"),
    ("english: [the, og]\ndanish: [og]\nmin_words: 2\n", "in both lists: og"),
])
def test_a_broken_word_list_is_named(tmp_path, text, complaint):
    path = tmp_path / "english.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LanguageWordsError, match=complaint):
        load_words(path)
