"""Ranking passages (bot/nlp/retrieval.py): normalised BM25 over lemmas plus the encoder's cosine."""

from __future__ import annotations

import math

import numpy as np
import pytest

from bot.nlp.retrieval import BM25_B, BM25_K1, Bm25, Hit, PassageIndex, content_terms

STOP = frozenset({"hvad", "er", "og", "i"})
DOCS = [
    ["samskabelse", "leder", "kommune", "borger"],
    ["samskabelse", "frivillig", "forening"],
    ["samskabelse", "fyr", "kommune", "hjoerring"],
    ["samskabelse", "leder", "netvaerk"],
]


def test_content_terms_drop_stop_words_punctuation_and_bare_numbers():
    lemmas = ["Hvad", "er", "Samskabelse", "?", "12", "", "  ", "–", "Co-creation", "nr5", " Fyr "]
    assert content_terms(lemmas, STOP) == ["samskabelse", "co-creation", "nr5", "fyr"]


def test_content_terms_keep_repeats_and_order():
    assert content_terms(["fyr", "dit", "fyr"], STOP) == ["fyr", "dit", "fyr"]


def test_a_rare_term_ranks_the_passage_holding_it_first():
    scores = Bm25(DOCS).scores(["samskabelse", "fyr"])
    assert int(np.argmax(scores)) == 2
    # "samskabelse" stands in every passage: alone it ranks nothing above anything of equal length.
    common = Bm25(DOCS).scores(["samskabelse"])
    assert common[0] == pytest.approx(common[2]) and common[1] > common[0]  # the shorter passage a little higher


def test_a_term_no_passage_holds_scores_nothing():
    assert Bm25(DOCS).scores(["vejr"]).tolist() == [0.0, 0.0, 0.0, 0.0]
    assert Bm25(DOCS).scores([]).tolist() == [0.0, 0.0, 0.0, 0.0]


def test_a_single_term_score_is_okapi_bm25_divided_by_its_ceiling():
    """Worked by hand: two passages of length 1 and 2 (average 1.5); the query term once in the first.
    BM25 / (idf x (k1 + 1)) = tf / (tf + k1 x (1 - b + b x len/avg)) = 1 / (1 + 1.2 x 0.75) = 1 / 1.9."""
    assert (BM25_K1, BM25_B) == (1.2, 0.75)
    scores = Bm25([["a"], ["b", "c"]]).scores(["a"])
    assert scores[0] == pytest.approx(1 / 1.9, rel=1e-6)
    assert scores[1] == 0.0


def test_idf_stays_positive_for_a_term_in_every_passage():
    bm25 = Bm25(DOCS)
    assert bm25.idf["samskabelse"] == pytest.approx(math.log(1 + 0.5 / 4.5))
    assert bm25.idf["fyr"] == pytest.approx(math.log(1 + 3.5 / 1.5))
    assert 0 < bm25.idf["samskabelse"] < bm25.idf["leder"] < bm25.idf["fyr"]


def test_scores_are_normalised_to_0_1_and_saturate_towards_1():
    rng = np.random.default_rng(7)
    vocabulary = [f"w{i}" for i in range(30)]
    docs = [list(rng.choice(vocabulary, size=rng.integers(1, 25))) for _ in range(40)]
    bm25 = Bm25(docs)
    for _ in range(50):
        scores = bm25.scores(list(rng.choice(vocabulary, size=rng.integers(1, 6))))
        assert scores.min() >= 0.0 and scores.max() < 1.0
    # One term repeated: more occurrences score higher and approach, but never reach, 1.
    many = Bm25([["x"] * n for n in (1, 5, 50)] + [["y"]])
    repeated = many.scores(["x"])[:3]
    assert repeated[0] < repeated[1] < repeated[2] < 1.0 and repeated[2] > 0.7


def test_a_longer_passage_with_the_same_term_scores_lower():
    scores = Bm25([["fyr", "kommune"], ["fyr", "kommune", "a", "b", "c", "d"], ["z"]]).scores(["fyr"])
    assert scores[0] > scores[1] > 0


def test_a_repeated_query_word_counts_once():
    bm25 = Bm25(DOCS)
    np.testing.assert_array_equal(bm25.scores(["fyr", "fyr", "leder"]), bm25.scores(["fyr", "leder"]))


def test_unknown_words_lower_the_score():
    """Worked by hand: two one-word passages, both idf = ln 2; the known word matches fully in the first.
    Known alone: 1 / (k1 + 1) = 1 / 2.2. With one unknown word the ceiling grows by half a best term:
    1 / (2.2 x 1.5)."""
    bm25 = Bm25([["a"], ["b"]])
    alone = bm25.scores(["a"])[0]
    with_unknown = bm25.scores(["a", "vejr"])[0]
    with_two = bm25.scores(["a", "vejr", "morgen"])[0]
    assert alone == pytest.approx(1 / 2.2, rel=1e-6)
    assert with_unknown == pytest.approx(1 / (2.2 * 1.5), rel=1e-6)
    assert alone > with_unknown > with_two > 0
    assert bm25.scores(["vejr", "morgen"]).tolist() == [0.0, 0.0]  # only unknown words: nothing


def test_an_empty_collection_scores_nothing():
    assert Bm25([]).scores(["a"]).shape == (0,)
    assert Bm25([[], []]).scores(["a"]).tolist() == [0.0, 0.0]


# -- PassageIndex with hand-made vectors ---------------------------------------

IDS = ["a", "b", "c"]
TERMS = [["x"], ["fyr"], ["y"]]
# Not unit length on purpose: the index normalises them.
VECTORS = np.array([[2.0, 0.0], [0.0, 3.0], [1.0, 1.0]])


def test_with_no_lexical_weight_the_cosine_ranks():
    hits = PassageIndex(IDS, TERMS, VECTORS, lexical_weight=0.0).rank(["fyr"], np.array([5.0, 0.0]))
    assert [h.passage_id for h in hits] == ["a", "c", "b"]
    assert [h.dense for h in hits] == pytest.approx([1.0, math.sqrt(0.5), 0.0], abs=1e-6)
    assert [h.score for h in hits] == pytest.approx([h.dense for h in hits])
    assert hits[2].lexical == pytest.approx(1 / 2.2, rel=1e-6)  # measured, though weighed 0


def test_score_is_cosine_plus_weighted_bm25():
    index = PassageIndex(IDS, TERMS, VECTORS, lexical_weight=3.0)
    hits = index.rank(["fyr"], np.array([1.0, 0.0]))
    # b: cosine 0 + 3 x 1/2.2 = 1.36 beats a's cosine 1: the rare name outweighs the meaning.
    assert [h.passage_id for h in hits] == ["b", "a", "c"]
    for hit in hits:
        assert hit.score == pytest.approx(hit.dense + 3.0 * hit.lexical, abs=1e-6)
    assert hits[0].score == pytest.approx(3.0 / 2.2, abs=1e-6)


def test_top_limits_the_hits_and_ties_keep_the_passage_order():
    index = PassageIndex(["p1", "p2", "p3", "p4"], [["x"]] * 4, np.ones((4, 3)), lexical_weight=0.2)
    assert [h.passage_id for h in index.rank(["x"], np.ones(3), top=2)] == ["p1", "p2"]
    assert len(index.rank(["x"], np.ones(3), top=10)) == 4


def test_the_whole_entry_of_each_part_among_the_top_follows_it():
    ids = ["e", "e#item1", "e#item2", "f", "g#item1"]
    vectors = np.array([[0.2, 1.0], [1.0, 0.1], [0.9, 0.2], [0.8, 0.3], [0.7, 0.3]])
    index = PassageIndex(ids, [["x"]] * 5, vectors, lexical_weight=0.0)
    whole_of = lambda pid: pid.split("#")[0]  # noqa: E731
    hits = index.rank([], np.array([1.0, 0.0]), top=2, whole_of=whole_of)
    # e ranks last of all, but its parts are near: it follows them so the depth can be judged;
    # "g" has no whole passage in the index, and f no part among the top.
    assert [h.passage_id for h in hits] == ["e#item1", "e#item2", "e"]
    assert [h.passage_id for h in index.rank([], np.array([1.0, 0.0]), top=2)] == ["e#item1", "e#item2"]
    assert [h.passage_id for h in index.rank([], np.array([1.0, 0.0]), top=5, whole_of=whole_of)][-1] == "e"


def test_zero_vectors_give_zero_cosine_not_nan():
    index = PassageIndex(["zero", "one"], [["x"], ["y"]], np.array([[0.0, 0.0], [1.0, 0.0]]), lexical_weight=0.2)
    hits = index.rank([], np.array([1.0, 0.0]))
    assert [(h.passage_id, h.dense) for h in hits] == [("one", pytest.approx(1.0)), ("zero", 0.0)]
    assert all(h.score == 0.0 for h in index.rank([], np.zeros(2)))


def test_rows_must_match():
    with pytest.raises(ValueError, match="one row per passage"):
        PassageIndex(["a", "b"], [["x"]], np.ones((2, 2)), lexical_weight=0.2)
    with pytest.raises(ValueError, match="one row per passage"):
        PassageIndex(["a", "b"], [["x"], ["y"]], np.ones((3, 2)), lexical_weight=0.2)


def test_an_empty_index_finds_nothing():
    assert PassageIndex([], [], np.zeros((0, 4)), lexical_weight=0.2).rank(["x"], np.ones(4)) == []


def test_hits_as_parse_data_are_rounded():
    assert Hit("a#item1", 0.912345, 0.8256789, 0.43064).as_dict() == {
        "id": "a#item1",
        "score": 0.9123,
        "dense": 0.8257,
        "lexical": 0.4306,
    }
