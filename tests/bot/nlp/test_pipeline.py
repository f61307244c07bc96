"""The project's own Danish spaCy pipeline: lemmas, folding and domain entities."""

from __future__ import annotations

import pytest

from bot.nlp.evaluation import training_examples
from bot.nlp.pipeline import PipelineError, check_base, save_pipeline

TRAINING_TEXTS = [text for _, text in training_examples()]


@pytest.fixture(scope="module")
def nlp(vocabulary, tmp_path_factory):
    """Built as `make nlp` builds it: lemma table pruned to the training texts."""
    import spacy

    target = tmp_path_factory.mktemp("spacy") / "da"
    save_pipeline(vocabulary, target, lemma_texts=TRAINING_TEXTS)
    return spacy.load(target)  # as Rasa's SpacyNLP does, via the entry point


def test_lemma_table_keeps_inflections_of_training_lemmas_only(nlp, vocabulary):
    table = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_lookup")
    assert 1000 < len(table) < 60_000  # the full Danish table has 553 000 forms
    # "kommune" is in the training texts; an inflection never written there still maps to it.
    assert "kommunernes" not in " ".join(TRAINING_TEXTS).lower()
    assert nlp("kommunernes")[0].lemma_ == "kommune"
    # A word far from the domain keeps its own form.
    assert nlp("cykelhjelmene")[0].lemma_ == "cykelhjelmene"


def ents(nlp, text):
    return [(e.label_, e.ent_id_) for e in nlp(text).ents]


def test_pipeline_components(nlp):
    assert nlp.lang == "da"
    assert nlp.pipe_names == ["lemmatizer", "da_lemma_fold", "entity_ruler"]


def test_lookup_lemmas_are_folded(nlp):
    lemmas = [t.lemma_ for t in nlp("Kommunerne inddrager de frivillige på tværs")]
    assert "frivillig" in lemmas
    assert "paa" in lemmas and "tvaers" in lemmas


def test_domain_lemma_override(nlp):
    assert nlp("lederne")[0].lemma_ == "leder"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Hvad er borgernær ledelse?", ("ledelsesform", "borgernaer_ledelse")),
        ("hvad er borgernaer ledelse", ("ledelsesform", "borgernaer_ledelse")),
        ("HVAD ER FRIVILLIGLEDELSE", ("ledelsesform", "frivilligledelse")),
        ("ledelse af samarbejdsdrevet innovation", ("ledelsesform", "samarbejdsdrevet_innovation")),
        ("vi har en frivilligkoordinator", ("aktoer", "frivillig")),
        ("Hvordan får vi virksomhederne med?", ("aktoer", "virksomhed")),
        ("politikerne vil gerne", ("aktoer", "politiker")),
        ("fokus i afklaringsfasen", ("fase", "afklaring")),
        ("er samproduktion det samme?", ("begreb", "samproduktion")),
        ("for-programmerede processer", ("begreb", "forprogrammeret")),
        ("hvad gør en katalysator", ("begreb", "innovationsroller")),
    ],
)
def test_domain_entities(nlp, text, expected):
    assert expected in ents(nlp, text)


def test_no_entities_in_off_topic_text(nlp):
    assert ents(nlp, "sluk lyset i køkkenet") == []


def test_missing_danish_model_names_the_install_command():
    with pytest.raises(PipelineError) as info:
        check_base("da_core_news_sm_not_installed")
    assert "spacy download da_core_news_sm_not_installed" in str(info.value)
    assert "pip install" in str(info.value)
