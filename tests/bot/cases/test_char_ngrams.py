"""bot/cases/char_ngrams.py: the case reader's wording features, read without scikit-learn exactly as fitted with it."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
import yaml
from sklearn.feature_extraction.text import TfidfVectorizer

from bot.cases.char_ngrams import Negation, NgramWeights, letter_ngrams, ngrams, word_pairs
from bot.cases.reading_settings import SETTINGS_FILE, load_settings
from bot.cases.statements import CaseReadingError
from bot.text import fold

NEGATION = Negation(frozenset({"ikke", "ingen"}), frozenset({"kun"}), frozenset({"men"}), 3)

TEXTS = [
    "Vi har sammen defineret problemet og udvikler løsningen på lige fod.",
    "Forvaltningen har alene lavet planen; borgerne kan kommentere den.",
    "Vi definerede problemt sammen med foraeldrene, men løsningen laver vi selv.",
    "Kommunen og foreningerne driver huset i fællesskab.",
    "Er det samskabelse, når en arbejdsgruppe kun har medarbejdere?",
]


def test_pieces_are_those_of_scikit_learns_char_wb_on_the_folded_text():
    reference = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), preprocessor=fold).build_analyzer()
    for text in TEXTS + ["å i ø", "Ja"]:
        assert letter_ngrams(text) == reference(text)


def test_word_pairs_see_negation_across_words_and_stop_at_nothing_else():
    assert word_pairs("Foreningerne er IKKE med, desværre") == [
        "w:foreningerne_er",
        "w:er_ikke",
        "w:ikke_med",
        "w:med_,",
        "w:,_desvaerre",
    ]
    assert word_pairs("alene") == [] and word_pairs("") == []
    assert ngrams("ikke med") == letter_ngrams("ikke med") + ["w:ikke_med"]


def test_spelling_without_danish_letters_gives_the_same_pieces():
    assert ngrams("ligeværdige på lige fod") == ngrams("LIGEVAERDIGE paa lige fod")


def test_transform_is_the_fitted_vectorizers():
    weights = NgramWeights.fit(TEXTS)
    reference = TfidfVectorizer(analyzer=ngrams, min_df=2, sublinear_tf=True).fit(TEXTS)
    assert weights.vocabulary == reference.vocabulary_
    new = ["Vi har sammen defineret det hele på lige fod", "noget helt andet om vejret"]
    np.testing.assert_allclose(weights.transform(new), reference.transform(new).toarray(), atol=1e-6)


def test_a_text_with_no_known_piece_is_all_zeros():
    weights = NgramWeights.fit(TEXTS)
    assert not weights.transform(["xyzzy qwq"]).any()
    assert weights.transform([]).shape == (0, weights.width)


def test_the_words_a_negation_reaches_are_marked_up_to_its_reach():
    assert NEGATION.negated_words("Vi har IKKE defineret problemet sammen med borgerne") == [
        "n:defineret",
        "n:problemet",
        "n:sammen",
    ]
    # commas and dashes are passed over; "ingen, der styrer alene" negates "styrer alene"
    assert NEGATION.negated_words("Der er ingen, der styrer") == ["n:der", "n:styrer"]
    assert NEGATION.negated_words("Løsningen er ikke lavet i fællesskab") == ["n:lavet", "n:i", "n:faellesskab"]


def test_a_negation_stops_at_a_sentence_mark_or_an_ending_word_and_not_only_negates_nothing():
    assert NEGATION.negated_words("ikke. Sammen") == []
    assert NEGATION.negated_words("ikke sammen men alene") == ["n:sammen"]
    assert NEGATION.negated_words("Det er ikke kun kommunen, der bestemmer") == []
    assert NEGATION.negated_words("Vi definerede problemet sammen") == [] and NEGATION.negated_words("") == []


def test_negated_words_come_after_the_pieces_and_pairs_and_only_with_a_negation():
    text = "vi lavede det ikke sammen"
    assert ngrams(text) == letter_ngrams(text) + word_pairs(text)
    assert ngrams(text, NEGATION) == ngrams(text) + ["n:sammen"]


def test_weights_fitted_with_a_negation_read_it_as_the_fitted_vectorizer():
    texts = TEXTS + ["Vi har ikke defineret problemet sammen", "Løsningen er ikke lavet sammen med dem"]
    weights = NgramWeights.fit(texts, NEGATION)
    reference = TfidfVectorizer(analyzer=lambda t: ngrams(t, NEGATION), min_df=2, sublinear_tf=True).fit(texts)
    assert weights.vocabulary == reference.vocabulary_ and "n:sammen" in weights.vocabulary
    new = ["vi gjorde det ikke sammen", "vi gjorde det sammen"]
    np.testing.assert_allclose(weights.transform(new), reference.transform(new).toarray(), atol=1e-6)
    assert not np.allclose(weights.transform(new[:1]), dataclasses.replace(weights, negation=None).transform(new[:1]))


def test_the_real_settings_read_negations():
    negation = load_settings().negation
    assert negation is not None
    assert "n:sammen" in negation.negated_words("Problemet har vi ikke defineret sammen med forældrene")
    assert negation.negated_words("Borgerne er ikke kun høringspart, de er med") == []


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda d: d.update(negation=["ikke"]), "'negation' must be a mapping"),
        (lambda d: d["negation"].update(words=[]), "'negation.words' must be a non-empty list"),
        (lambda d: d["negation"].update(words=["Ikke"]), "'negation.words': 'Ikke' must be one folded word"),
        (lambda d: d["negation"].update(not_after=["ikke kun"]), "'negation.not_after': 'ikke kun'"),
        (lambda d: d["negation"].update(ends=["mæn"]), "'negation.ends': 'mæn' must be one folded word"),
        (lambda d: d["negation"].update(reach=0), "'negation.reach' must be a whole number from 1 to 20"),
        (lambda d: d["negation"].update(reach=True), "'negation.reach' must be a whole number"),
    ],
)
def test_a_negation_mistake_names_the_file_and_key(tmp_path, change, message):
    data = yaml.safe_load(SETTINGS_FILE.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "case_reading.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(CaseReadingError) as raised:
        load_settings(path)
    assert str(path) in str(raised.value) and message in str(raised.value)
