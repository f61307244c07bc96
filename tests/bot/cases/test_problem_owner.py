"""bot/cases/problem_owner.py: whether a case says the public side set the problem alone, with the real words."""

from __future__ import annotations

import pytest
import yaml

from bot.cases.reading_settings import SETTINGS_FILE, load_settings
from bot.cases.statements import CaseReadingError


@pytest.fixture(scope="module")
def settings():
    return load_settings()


@pytest.mark.parametrize(
    "text, words",
    [
        (
            "Byrådet besluttede, at problemet er for mange faldulykker. Derefter har vi sammen med Ældre Sagen lavet "
            "et træningshold.",
            "Byrådet besluttede, at problemet er for mange faldulykker",
        ),
        ("Teknisk udvalg har på forhånd fastlagt, hvad problemet er, og så byggede vi sammen.", None),
        ("Vejafdelingen havde selv defineret at problemet var hurtig kørsel gennem byen.", None),
        ("Børne- og skoleudvalget afgjorde på forhånd, at udfordringen er for lidt bevægelse.", None),
        ("Vi havde allerede bestemt, at problemet i parken var for lidt lys. Beboerne har så tegnet lamperne.", None),
        ("det var kommunen der besluttede at problemet er for lidt aktivitet for unge", None),
        ("Byrådet fastlagde i en politik, at problemet er manglende integration på arbejdsmarkedet.", None),
    ],
)
def test_a_problem_set_alone_is_found_with_its_sentence(settings, text, words):
    found = settings.problem_set_alone(text)
    assert found is not None
    assert words is None or found == words


@pytest.mark.parametrize(
    "text",
    [
        # the others are joined to the deciding, before or right after it
        "Sammen med foreningerne og borgerne har forvaltningen defineret, hvad problemet er.",
        "Forvaltningen har defineret, hvad problemet er, sammen med de pårørende.",
        "Sammen med Alzheimerforeningen og pårørende har vi defineret, at problemet er den sene diagnose.",
        # a "vi" may hold the partners; only "vi … selv / alene / på forhånd" is the public side alone
        "Vi satte os med beboerne. Vi besluttede, at problemet var de mørke stier.",
        # negated, or no problem named
        "Byrådet har ikke besluttet, hvad problemet er – det finder vi ud af med borgerne.",
        "Byrådet besluttede at afsætte penge til en ny legeplads.",
        "Borgerne og kommunen har sammen defineret problemet.",
    ],
)
def test_a_problem_defined_with_others_or_not_at_all_is_not(settings, text):
    assert settings.problem_set_alone(text) is None


@pytest.mark.parametrize(
    "change, message",
    [
        ({"problem_owner": "byraadet"}, "'problem_owner' must be a mapping with the patterns"),
        ({"problem_owner": {"deciders": "x"}}, "'problem_owner' must be a mapping with the patterns"),
        ({"problem_owner.decided": "Besluttede"}, "'problem_owner.decided' must be folded"),
        ({"problem_owner.shared_before": "(sammen"}, "'problem_owner.shared_before'"),
        ({"problem_owner.deciders": "(byraad"}, "'problem_owner.deciders'"),
        ({"problem_owner.set_alone": "<deciders> x"}, "must use <deciders> and <decided>"),
    ],
)
def test_a_problem_owner_mistake_names_the_file_and_key(tmp_path, change, message):
    data = yaml.safe_load(SETTINGS_FILE.read_text(encoding="utf-8"))
    for key, value in change.items():
        if "." in key:
            block, sub = key.split(".")
            data[block][sub] = value
        else:
            data[key] = value
    path = tmp_path / "case_reading.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(CaseReadingError) as error:
        load_settings(path)
    assert str(path) in str(error.value) and message in str(error.value)
