"""Canonical entity ids from what leaders type, with and without æøå."""

from __future__ import annotations

import pytest

from bot.text import fold, fold_words, spell_out
from bot.vocabulary import VocabularyError, canonical_entities, parse_vocabulary


@pytest.mark.parametrize(
    "entity, text, expected",
    [
        ("ledelsesform", "borgernær ledelse", "borgernaer_ledelse"),
        ("ledelsesform", "borgernaer", "borgernaer_ledelse"),
        ("ledelsesform", "FRIVILLIGLEDELSE", "frivilligledelse"),
        ("ledelsesform", "samarbejdsdrevne", "samarbejdsdrevet_innovation"),
        ("aktoer", "frivillige", "frivillig"),
        ("aktoer", "frivilligkoordinator", "frivillig"),
        ("aktoer", "borgerne", "borger"),
        ("aktoer", "embedsmændene", "embedsmand"),
        ("kilde", "Lederwebs", "lederweb"),
        ("kilde", "Torfings", "torfing_2017"),
        ("fase", "afklaringsfasen", "afklaring"),
        ("begreb", "høring", "hoering"),
        ("begreb", "hoeringer", "hoering"),
        ("begreb", "på tværs", "tvaergaaende_samarbejde"),
        ("begreb", "bestemme selv", "selvbestemmelse"),
        ("begreb", "samproduktion", "samproduktion"),
        ("begreb", "samproduktion", "samproduktion"),
    ],
)
def test_canonical(vocabulary, entity, text, expected):
    assert vocabulary.canonical(entity, text) == expected


def test_borger_does_not_swallow_borgernaer_or_borgerinddragelse(vocabulary):
    assert vocabulary.canonical("aktoer", "borgernær") is None
    assert vocabulary.canonical("aktoer", "borgerinddragelse") is None
    assert vocabulary.canonical("aktoer", "frivilligledelse") is None


def test_canonical_id_maps_to_itself(vocabulary):
    assert vocabulary.canonical("fase", "erkendelse") == "erkendelse"


def test_unknown_text_gives_none(vocabulary):
    assert vocabulary.canonical("fase", "kaffepause") is None


def test_canonical_entities_drops_unknown_and_duplicates(vocabulary):
    found = canonical_entities(
        vocabulary,
        [
            {"entity": "aktoer", "value": "frivillige"},
            {"entity": "aktoer", "value": "frivilligt"},
            {"entity": "aktoer", "value": "katte"},
            {"entity": "ukendt", "value": "x"},
            {"entity": "fase", "value": None},
        ],
    )
    assert found == [("aktoer", "frivillig")]


def test_ruler_patterns_match_folded_lemmas(vocabulary):
    patterns = vocabulary.ruler_patterns()
    assert {"label", "pattern", "id"} <= set(patterns[0])
    labels = {p["label"] for p in patterns}
    assert labels == {"aktoer", "ledelsesform", "fase", "begreb", "formaal", "kilde", "projekt"}


def test_fold():
    assert fold("Borgernær Ledelse på Åen") == "borgernaer ledelse paa aaen"
    assert fold_words("Hvad er «høring»?") == ["hvad", "er", "hoering"]
    assert spell_out("Kirkens Korshær på Ærø") == "Kirkens Korshaer paa Aeroe"  # the case is kept
    assert spell_out("Kirkens Korshær").lower() == fold("Kirkens Korshær")


def test_bad_vocabulary_is_rejected():
    with pytest.raises(VocabularyError):
        parse_vocabulary({"entities": {"fase": {"x": "not a list"}}})
    with pytest.raises(VocabularyError):
        parse_vocabulary({"entities": {"fase": {"x": ["(unclosed"]}}})
    with pytest.raises(VocabularyError):
        parse_vocabulary({})
