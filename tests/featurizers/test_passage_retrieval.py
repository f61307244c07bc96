"""PassageRetrieval: the rule base's passages ranked for every message inside the NLU, stored in the model."""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import pytest
import spacy
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.utils.spacy_utils import SpacyModel
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot import paths
from bot.flows.depth import PARSE_KEY, load_settings
from bot.names import Intents
from bot.nlp.encoder import get_encoder
from bot.nlp.retrieval import PassageIndex
from bot.passages import all_passages, entry_id_of, index_text
from featurizers.encoder_intents import QUERY_VECTOR
from featurizers.passage_retrieval import PassageRetrieval

pytestmark = pytest.mark.model  # needs a passage-retrieval component it trains

FYR = "Hvilken kommune stod bag Fyr dit Fyr?"
OFF_TOPIC = "hvordan bliver vejret i morgen"


@pytest.fixture(scope="module")
def model() -> SpacyModel:
    """The project's spaCy pipeline, as SpacyNLP hands it to the components (built by `make nlp`)."""
    path = paths.SPACY_PIPELINE_DIR
    return SpacyModel(model=spacy.load(path), model_name=str(path))


@pytest.fixture(scope="module")
def trained(tmp_path_factory, model):
    """Trained once for the module, in real model storage, with the project's vector cache (filled by make train)."""
    root = tmp_path_factory.mktemp("retrieval")
    (root / "models").mkdir()
    storage, resource = LocalModelStorage(root / "models"), Resource("retrieval")
    context = ExecutionContext(GraphSchema({}), "retrieval")
    config = PassageRetrieval.get_default_config()
    component = PassageRetrieval.create(config, storage, resource, context)
    assert component.train(TrainingData([Message(data={TEXT: "hej", INTENT: "greet"})]), model) == resource
    loaded = PassageRetrieval.load(config, storage, resource, context)
    return component, loaded, storage, resource


def _parse(component, model, text, intent=None, **data):
    message = Message(data={TEXT: text, **data})
    if intent is not None:
        message.set(INTENT, intent, add_to_output=True)
    (out,) = component.process([message], model)
    return out


def test_training_stores_vectors_terms_and_entry_intents_and_loading_restores_them(trained, assistant, model):
    component, loaded, storage, resource = trained
    advisor = assistant.advisor
    passages = all_passages(advisor.kb)
    with storage.read_from(resource) as directory:
        assert sorted(p.name for p in directory.iterdir()) == ["passages.json", "vectors.npy"]
        vectors = np.load(directory / "vectors.npy")
        data = json.loads((directory / "passages.json").read_text(encoding="utf-8"))
    assert data["ids"] == [p.id for p in passages]
    assert vectors.shape == (len(passages), get_encoder().dim) and vectors.dtype == np.float32
    assert data["entry_intents"] == {e: advisor.entry_intent(e) for e in advisor.kb.entries}
    assert loaded.entry_intents == data["entry_intents"]
    # A stored vector is the encoder's "passage: " embedding of the passage's index text.
    item5 = data["ids"].index("projects_12#item5")
    expected = get_encoder().passages([index_text(passages[item5], advisor.kb)])[0]
    np.testing.assert_allclose(vectors[item5], expected, atol=1e-5)
    # Terms are lemmas: the item about Hjørring is found by "fyr", its neighbour is not.
    assert "fyr" in data["terms"][item5]
    assert "fyr" not in data["terms"][data["ids"].index("projects_12#item4")]
    # The loaded component ranks as the trained one did.
    assert loaded.index.ids == component.index.ids
    np.testing.assert_allclose(loaded.index.vectors, component.index.vectors, atol=1e-6)
    assert _parse(loaded, model, FYR).get(PARSE_KEY) == _parse(component, model, FYR).get(PARSE_KEY)


def test_a_question_naming_fyr_dit_fyr_ranks_the_hjoerring_item_first(trained, model):
    _, loaded, _, _ = trained
    hits = _parse(loaded, model, FYR).get(PARSE_KEY)
    assert hits[0]["id"] == "projects_12#item5", hits
    top = load_settings().top
    assert len(hits) >= top and [h["score"] for h in hits] == sorted((h["score"] for h in hits), reverse=True)
    # After the top come the whole entries of the parts among them that are not there already.
    wholes = {entry_id_of(h["id"]) for h in hits[:top]} - {h["id"] for h in hits[:top]}
    assert [h["id"] for h in hits[top:]] == [
        w for w in dict.fromkeys(entry_id_of(h["id"]) for h in hits[:top]) if w in wholes
    ]
    assert set(hits[0]) == {"id", "score", "dense", "lexical"} and hits[0]["lexical"] > hits[1]["lexical"]


def test_an_unclear_message_with_a_close_passage_gets_that_entrys_intent(trained, model, assistant):
    _, loaded, _, _ = trained
    settings = load_settings()
    out = _parse(
        loaded,
        model,
        "hvem stod bag naturlandet lolland-falster",
        intent={"name": Intents.FALLBACK, "confidence": 0.12},
    )
    hits = out.get(PARSE_KEY)
    assert hits[0]["id"] == "projects_12#item8" and hits[0]["score"] >= settings.close, hits
    assert out.get(INTENT) == {"name": assistant.advisor.entry_intent("projects_12"), "confidence": 0.12}
    assert out.get(INTENT)["name"] == "ask_examples"
    # The action then answers with the passage itself (bot/flows/depth.py).
    reply = assistant.advisor.answer("ask_examples", [], retrieval=hits, confidence=0.12)
    assert reply == assistant.advisor.passage_reply(assistant.advisor.passages["projects_12#item8"])


def test_an_off_topic_message_stays_unclear(trained, model, assistant):
    _, loaded, _, _ = trained
    out = _parse(loaded, model, OFF_TOPIC, intent={"name": Intents.FALLBACK, "confidence": 0.2})
    assert out.get(INTENT) == {"name": Intents.FALLBACK, "confidence": 0.2}
    hits = out.get(PARSE_KEY)
    assert hits and hits[0]["score"] < load_settings().close  # ranked all the same, just far
    assert assistant.advisor.nothing_close(hits)  # and the assistant says so plainly


@pytest.mark.parametrize("confidence, promoted", [(0.3, True), (0.5, False)])
def test_a_weak_guess_at_a_flow_with_a_close_passage_is_answered_as_a_question(
    trained, model, assistant, confidence, promoted
):
    """ "Hvem stod bag Naturlandet?" is no case to judge, if the classifier only weakly thought so."""
    _, loaded, _, _ = trained
    flow = sorted(load_settings().weak_flows)[0]
    out = _parse(
        loaded, model, "hvem stod bag naturlandet lolland-falster", intent={"name": flow, "confidence": confidence}
    )
    expected = assistant.advisor.entry_intent("projects_12") if promoted else flow
    assert out.get(INTENT) == {"name": expected, "confidence": confidence}


def test_a_recognised_intent_is_never_changed(trained, model):
    _, loaded, _, _ = trained
    out = _parse(
        loaded, model, "hvem stod bag naturlandet lolland-falster", intent={"name": "ask_definition", "confidence": 0.4}
    )
    assert out.get(INTENT) == {"name": "ask_definition", "confidence": 0.4}
    assert out.get(PARSE_KEY)[0]["id"] == "projects_12#item8"


@pytest.mark.parametrize(
    "data",
    [{}, {TEXT: ""}, {TEXT: "   "}, {TEXT: "/ask_definition"}, {TEXT: '/ask_examples{"begreb":"succesprojekter"}'}],
)
def test_messages_without_text_are_untouched(trained, model, data):
    _, loaded, _, _ = trained
    message = Message(data=dict(data))
    message.set(INTENT, {"name": Intents.FALLBACK, "confidence": 0.1}, add_to_output=True)
    (out,) = loaded.process([message], model)
    assert out.get(PARSE_KEY) is None
    assert out.get(INTENT) == {"name": Intents.FALLBACK, "confidence": 0.1}


def test_the_encoders_query_vector_is_reused(trained, model):
    """EncoderIntentBlend leaves the query's vector on the message; it is not embedded twice."""
    _, loaded, _, _ = trained
    out = _parse(loaded, model, FYR, **{QUERY_VECTOR: np.zeros(get_encoder().dim, dtype=np.float32)})
    assert all(h["dense"] == 0.0 for h in out.get(PARSE_KEY))
    assert out.get(PARSE_KEY)[0]["id"] == "projects_12#item5"  # the lemmas alone still find it


def test_the_tokenizers_lemmas_are_the_query_terms(trained, model, tmp_path):
    """In the pipeline SpacyTokenizer has run: its tokens (lemmas of the same spaCy pipeline) are used."""
    from rasa.nlu.tokenizers.spacy_tokenizer import SpacyTokenizer
    from rasa.nlu.utils.spacy_utils import SpacyNLP

    _, loaded, _, _ = trained
    storage = LocalModelStorage(tmp_path)
    context = ExecutionContext(GraphSchema({}), "spacy")
    nlp = SpacyNLP.create(
        {**SpacyNLP.get_default_config(), "model": str(paths.SPACY_PIPELINE_DIR), "case_sensitive": False},
        storage,
        Resource("nlp"),
        context,
    )
    tokenizer = SpacyTokenizer.create(SpacyTokenizer.get_default_config(), storage, Resource("tok"), context)
    message = Message(data={TEXT: FYR})
    tokenizer.process(nlp.process([message], model))
    assert [t.lemma for t in message.get(TOKENS_NAMES[TEXT])][:3] == ["hvilken", "kommune", "staa"]
    with_tokens = loaded._query_terms(message, model)
    assert with_tokens == loaded._query_terms(Message(data={TEXT: FYR}), model)
    assert "staa" in with_tokens and "stod" not in with_tokens


def test_without_a_trained_index_messages_pass_through(tmp_path, model):
    (tmp_path / "m").mkdir()
    storage, context = LocalModelStorage(tmp_path / "m"), ExecutionContext(GraphSchema({}), "r")
    empty = PassageRetrieval.load(PassageRetrieval.get_default_config(), storage, Resource("never"), context)
    assert empty.index is None
    message = Message(data={TEXT: FYR})
    message.set(INTENT, {"name": Intents.FALLBACK, "confidence": 0.1}, add_to_output=True)
    (out,) = empty.process([message], model)
    assert out.get(PARSE_KEY) is None and out.get(INTENT)["name"] == Intents.FALLBACK


# -- the promotion rule with a hand-made index (no encoder) -------------------------------


def _hand_made(tmp_path, b_vector, **settings):
    """Two entries' passages; the query vector [1, 0] is a#item1 exactly; b sits at a chosen cosine."""
    s = dataclasses.replace(
        load_settings(),
        **{
            "lexical_weight": 0.0,
            "close": 0.75,
            "fallback_margin": 0.0625,
            "far": 0.5,
            "min_query_terms": 1,
            **settings,
        },
    )
    index = PassageIndex(["a#item1", "b"], [["x"], ["y"]], np.array([[1.0, 0.0], b_vector]), s.lexical_weight)
    return PassageRetrieval({}, LocalModelStorage(tmp_path), Resource("r"), s, index, {"a": "ask_a", "b": "ask_b"})


@pytest.mark.parametrize(
    "b_vector, intent, expected",
    [
        ([0.0, 1.0], {"name": Intents.FALLBACK, "confidence": 0.2}, {"name": "ask_a", "confidence": 0.2}),
        ([0.0, 1.0], {"name": Intents.FALLBACK}, {"name": "ask_a", "confidence": 0.0}),
        ([0.0, 1.0], {"name": "greet", "confidence": 0.9}, {"name": "greet", "confidence": 0.9}),
        (
            [1.0, 0.1],
            {"name": Intents.FALLBACK, "confidence": 0.2},
            {"name": Intents.FALLBACK, "confidence": 0.2},
        ),  # b as near
    ],
)
def test_only_an_unclear_message_clearly_near_one_entry_is_promoted(tmp_path, model, b_vector, intent, expected):
    component = _hand_made(tmp_path, b_vector)
    out = _parse(component, model, "zzz", intent=intent, **{QUERY_VECTOR: np.array([1.0, 0.0])})
    assert out.get(PARSE_KEY)[0]["id"] == "a#item1"
    assert out.get(INTENT) == expected


def test_a_message_of_too_few_content_words_is_not_promoted(tmp_path, model):
    """ "zzz" is one content word: with min_query_terms 2 it is too little to answer on a guess."""
    component = _hand_made(tmp_path, [0.0, 1.0], min_query_terms=2)
    out = _parse(
        component,
        model,
        "zzz",
        intent={"name": Intents.FALLBACK, "confidence": 0.2},
        **{QUERY_VECTOR: np.array([1.0, 0.0])},
    )
    assert out.get(INTENT) == {"name": Intents.FALLBACK, "confidence": 0.2}
    out = _parse(
        component,
        model,
        "zzz yyy",
        intent={"name": Intents.FALLBACK, "confidence": 0.2},
        **{QUERY_VECTOR: np.array([1.0, 0.0])},
    )
    assert out.get(INTENT) == {"name": "ask_a", "confidence": 0.2}


def test_nothing_close_is_not_promoted(tmp_path, model):
    component = _hand_made(tmp_path, [0.0, 1.0], close=1.5)  # the cosine 1 of a#item1 is below it
    out = _parse(
        component,
        model,
        "zzz",
        intent={"name": Intents.FALLBACK, "confidence": 0.2},
        **{QUERY_VECTOR: np.array([1.0, 0.0])},
    )
    assert out.get(INTENT) == {"name": Intents.FALLBACK, "confidence": 0.2}


def test_an_entry_without_an_intent_is_not_promoted(tmp_path, model):
    component = _hand_made(tmp_path, [0.0, 1.0])
    component.entry_intents = {"b": "ask_b"}
    out = _parse(
        component,
        model,
        "zzz",
        intent={"name": Intents.FALLBACK, "confidence": 0.2},
        **{QUERY_VECTOR: np.array([1.0, 0.0])},
    )
    assert out.get(INTENT)["name"] == Intents.FALLBACK
    assert entry_id_of(out.get(PARSE_KEY)[0]["id"]) == "a"


def test_stop_words_with_danish_letters_are_no_content_terms(trained, model):
    _, loaded, _, _ = trained
    assert loaded._query_terms(Message(data={TEXT: "Hvad er samskabelse?"}), model) == ["samskabelse"]


@pytest.mark.parametrize(
    "ranking, promoted",
    [
        ([], False),  # no guesses: the margin applies
        (["nlu_fallback", "ask_examples", "ask_definition"], True),  # the classifier also guessed it
        (["ask_definition", "ask_examples"], True),
        (["nlu_fallback", "ask_definition", "ask_gains", "ask_examples"], False),  # third guess: too far down
    ],
)
def test_a_close_passage_backed_by_the_classifiers_guesses_needs_no_margin(trained, model, ranking, promoted):
    _, loaded, _, _ = trained
    strict = dataclasses.replace(loaded.settings, fallback_margin=1.0, backing_guesses=2)
    original, loaded.settings = loaded.settings, strict  # no passage is ever clearly ahead by 1.0
    try:
        out = _parse(
            loaded,
            model,
            "hvem stod bag naturlandet lolland-falster",
            intent={"name": Intents.FALLBACK, "confidence": 0.12},
            intent_ranking=[{"name": n, "confidence": 0.1} for n in ranking],
        )
    finally:
        loaded.settings = original
    assert out.get(INTENT)["name"] == ("ask_examples" if promoted else Intents.FALLBACK)


@pytest.mark.parametrize(
    "intent, close, expected",
    [
        ({"name": "out_of_scope", "confidence": 0.35}, 0.75, {"name": Intents.FALLBACK, "confidence": 0.35}),  # unclear
        ({"name": "out_of_scope", "confidence": 0.35}, 1.5, {"name": "out_of_scope", "confidence": 0.35}),  # far
        ({"name": "out_of_scope", "confidence": 0.95}, 0.75, {"name": "out_of_scope", "confidence": 0.95}),  # sure
    ],
)
def test_a_weak_off_topic_guess_near_a_passage_becomes_unclear(tmp_path, model, intent, close, expected):
    """ "hvad er de fem?": a half-sure out_of_scope beside close passages asks which topic, it does not reject;
    one content word is too little to answer on a guess, so it stays unclear rather than promoted."""
    component = _hand_made(tmp_path, [0.0, 1.0], close=close, min_query_terms=2)
    out = _parse(component, model, "zzz", intent=intent, **{QUERY_VECTOR: np.array([1.0, 0.0])})
    assert out.get(INTENT) == expected
