"""Several questions in one message (bot/flows/questions.py): split cautiously, each answered in order."""

from __future__ import annotations

import dataclasses

import pytest
import yaml

from bot.flows.questions import WORDS_FILE, QuestionWords, QuestionWordsError, load_words, split_questions


@pytest.mark.parametrize(
    "text, questions",
    [
        (
            "Hvad er samskabelse, og hvilke ledelsesformer passer?",
            ["Hvad er samskabelse?", "hvilke ledelsesformer passer?"],
        ),
        ("hvad er samskabelse og hvordan kommer vi i gang?", ["hvad er samskabelse?", "hvordan kommer vi i gang?"]),
        (
            "Kan vi bruge samskabelse, og hvordan kommer vi i gang?",
            ["Kan vi bruge samskabelse?", "hvordan kommer vi i gang?"],
        ),
        ("Hvad er samskabelse? Hvordan kommer vi i gang?", ["Hvad er samskabelse?", "Hvordan kommer vi i gang?"]),
        ("  Hvad er samskabelse?   Hvem skal være med?  ", ["Hvad er samskabelse?", "Hvem skal være med?"]),
        (
            "What is co-creation and which leadership forms fit?",
            ["What is co-creation?", "which leadership forms fit?"],
        ),
        ("Hvad er en konvener samt hvilke roller findes der?", ["Hvad er en konvener?", "hvilke roller findes der?"]),
        (
            "Hvad er samskabelse og hvilke ledelsesformer findes, og hvordan kommer vi i gang?",
            ["Hvad er samskabelse?", "hvilke ledelsesformer findes?", "hvordan kommer vi i gang?"],
        ),
        # Announced questions lose the announcement; sentences before the first question stay with it.
        (
            "Jeg har to spørgsmål: Hvad er samskabelse? Og hvilke ledelsesformer passer?",
            ["Hvad er samskabelse?", "Og hvilke ledelsesformer passer?"],
        ),
        (
            "Torfing nævner et dilemma for hver form. Hvad er dilemmaet ved borgernær ledelse, "
            "og hvad er det ved frivilligledelse?",
            [
                "Torfing nævner et dilemma for hver form. Hvad er dilemmaet ved borgernær ledelse?",
                "hvad er det ved frivilligledelse?",
            ],
        ),
        (
            "Vi laver en ny park med borgerne. Er det samskabelse? Hvilken ledelsesform passer?",
            ["Vi laver en ny park med borgerne. Er det samskabelse?", "Hvilken ledelsesform passer?"],
        ),
        # Typed without a question mark, and joined by "hvornår".
        (
            "hvad er samskabelse ifølge torfing og hvornår er det ikke samskabelse",
            ["hvad er samskabelse ifølge torfing?", "hvornår er det ikke samskabelse?"],
        ),
        # More than max_questions (3): the rest joined into the last.
        (
            "Hvad er samskabelse? Hvad er samproduktion? Hvad er borgerinddragelse? Hvad er frivilligledelse?",
            ["Hvad er samskabelse?", "Hvad er samproduktion?", "Hvad er borgerinddragelse? Hvad er frivilligledelse?"],
        ),
    ],
)
def test_several_questions_are_split_in_order(text, questions):
    assert split_questions(text) == questions


@pytest.mark.parametrize(
    "text",
    [
        "Hvad er samskabelse?",
        "hvad er samskabelse",  # no question mark: left alone
        "Hvad er forskellen på samskabelse og samproduktion?",
        "Hvad er forskellen på samskabelse og samproduktion? Og hvorfor?",
        "Vi er en kommune med mange frivillige. Hvordan leder vi dem?",  # a case description, then a question
        "Vi har mange frivillige, og hvordan leder vi dem?",  # not a question before the joiner
        "Hvordan leder jeg et projekt, som kommunen planlægger og er med til at udføre?",  # coordinated verbs
        "Hvad er samskabelse, og hvorfor?",  # too short to be a question of its own
        "Hvad er de fem ledetråde, og hvordan bruger jeg dem?",  # the second leans on the first ("dem")
        "Hvad er de seks råd, og hvordan bruger vi disse i praksis?",
        "Hvem stod bag Fyr dit Fyr, og hvor mange var med?",  # "hvor" asks more about the same thing
        "Hvad er samskabelse og hvem?",
        "Hvad er samskabelse? Og hvorfor?",
        "Vi har et projekt. Hvad er samskabelse? Vi vil gerne i gang.",  # a statement after the questions
        "Mit spørgsmål er dette: hvad er samskabelse og samproduktion?",  # one question after the colon
        "hvad er samskabelse og hvordan",
        "Hvad siger Torfing om bl.a. borgerinddragelse, og hvordan gør vi?",  # "bl.a." ends no question
        "/ask_definition",
        '/ask_examples{"begreb":"succesprojekter"}',
        "/ask_more? /ask_definition?",
        "",
    ],
)
def test_what_is_not_split(text):
    assert split_questions(text) == [text]


def test_a_non_text_message_is_passed_on():
    assert split_questions(None) == [None]


def _words(**changes) -> QuestionWords:
    return dataclasses.replace(load_words(), **changes)


def test_max_questions_and_min_words_come_from_the_word_list():
    text = "Hvad er samskabelse? Hvad er samproduktion? Hvad er borgerinddragelse?"
    assert split_questions(text, _words(max_questions=2)) == [
        "Hvad er samskabelse?",
        "Hvad er samproduktion? Hvad er borgerinddragelse?",
    ]
    assert split_questions(text, _words(max_questions=1)) == [text]
    assert split_questions("Hvad er samskabelse, og hvorfor?", _words(min_words=1)) == [
        "Hvad er samskabelse?",
        "hvorfor?",
    ]
    assert split_questions("Hvad er samskabelse og hvilke former?", _words(min_words=4)) == [
        "Hvad er samskabelse og hvilke former?"
    ]


def test_the_joiners_and_question_words_come_from_the_word_list():
    text = "Hvad er samskabelse plus hvilke ledelsesformer passer?"
    assert split_questions(text) == [text]
    assert split_questions(text, _words(joiners=frozenset({"plus"}))) == [
        "Hvad er samskabelse?",
        "hvilke ledelsesformer passer?",
    ]
    without = _words(question_starts=frozenset({"hvordan", "kan"}))
    assert split_questions("Hvad er samskabelse, og hvilke ledelsesformer passer?", without) == [
        "Hvad er samskabelse, og hvilke ledelsesformer passer?"
    ]


def test_an_indirect_question_after_og_is_not_split_off():
    text = "Hvordan ved vi, hvad der virker og hvad der ikke virker?"
    assert split_questions(text) == [text]  # today: ['Hvordan ved vi, hvad der virker?', 'hvad der ikke virker?']


# -- data/nlp/questions.yml -----------------------------------------------------------


def test_the_project_word_list_loads():
    words = load_words()
    assert words.max_questions >= 2 and words.min_words >= 1
    assert {"hvad", "hvilke", "hvordan"} <= words.joined_question_words <= words.question_starts
    assert {"kan", "er"} <= words.question_starts and "og" in words.joiners and "dem" in words.referring_words
    assert "er" not in words.joined_question_words  # a verb after "og" must never start a new question
    every = words.question_starts | words.joined_question_words | words.referring_words | words.joiners
    assert all(w == w.lower().strip() for w in every)


VALID = yaml.safe_load(WORDS_FILE.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "changes, complaint",
    [
        ({"max_questions": None}, "'max_questions' must be a whole number"),
        ({"max_questions": 0}, "'max_questions'"),
        ({"max_questions": True}, "'max_questions'"),
        ({"min_words": 2.5}, "'min_words'"),
        ({"lead_in_max_words": 0}, "'lead_in_max_words'"),
        ({"lead_in_words": None}, "'lead_in_words'"),
        ({"question_starts": []}, "'question_starts' must be a non-empty list"),
        ({"joined_question_words": "hvad"}, "'joined_question_words'"),
        ({"referring_words": None}, "'referring_words'"),
        ({"joiners": ["og", 3]}, "'joiners'"),
        ({"joiners": ["og", "  "]}, "'joiners'"),
    ],
)
def test_a_broken_word_list_is_named(tmp_path, changes, complaint):
    data = {k: v for k, v in {**VALID, **changes}.items() if v is not None}
    path = tmp_path / "questions.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(QuestionWordsError, match=complaint) as info:
        load_words(path)
    assert str(path) in str(info.value)


@pytest.mark.parametrize("text", ["max_questions: [3\n", ""])
def test_an_unreadable_or_empty_word_list_is_named(tmp_path, text):
    path = tmp_path / "questions.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(QuestionWordsError) as info:
        load_words(path)
    assert str(path) in str(info.value)


def test_a_missing_word_list_is_named(tmp_path):
    with pytest.raises(QuestionWordsError, match="missing.yml"):
        load_words(tmp_path / "missing.yml")


def test_a_word_list_that_is_no_mapping_is_named(tmp_path):
    path = tmp_path / "questions.yml"
    path.write_text("- hvad\n- hvordan\n", encoding="utf-8")
    with pytest.raises(QuestionWordsError, match="questions.yml"):
        load_words(path)
