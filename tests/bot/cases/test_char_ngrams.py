"""bot/cases/char_ngrams.py: the case reader's wording features, read without scikit-learn exactly as fitted with it."""

from __future__ import annotations

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from bot.cases.char_ngrams import NgramWeights, letter_ngrams, ngrams, word_pairs
from bot.text import fold

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
