"""bot/cases/problem_owner.py: whether a case says the public side set the problem alone, with the real words.

A mistake in those words is named with file and key: tests/bot/cases/test_reading.py."""

from __future__ import annotations

import pytest


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
        # a negation across a comma denies something else
        ("Vi havde ikke tid, så forvaltningen definerede selv, hvad problemet var.", None),
        # the problem named right after the deciding; deciders above the municipality or at its top
        (
            "Sundhedsudvalget har defineret problemet: for mange genindlæggelser.",
            "Sundhedsudvalget har defineret problemet: for mange genindlæggelser",
        ),
        ("Vores direktør formulerede udfordringen, og så gik vi i gang med foreningen.", None),
        ("Planafdelingen lagde problemet fast, inden borgerne kom med.", None),
        # the problem as the subject, given from above, or defined inside
        ("Problemet kom fra Socialstyrelsen, men løsningen har vi lavet med de frivillige.", None),
        ("Udfordringen blev defineret af byrådet alene.", None),
        ("Opgaven var givet på forhånd.", "Opgaven var givet på forhånd"),
        ("vi fik problemet serveret fra forvaltningen", None),
        ("Vi definerede problemet internt i ledergruppen.", None),
        ("Problemet havde vi allerede defineret på et personalemøde.", None),
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
        "Det var ikke os i forvaltningen der bestemte hvad problemet var.",  # as leaders type it, no commas
        "Hverken byrådet eller forvaltningen havde defineret, hvad problemet var, da vi begyndte.",
        "Byrådet besluttede at afsætte penge til en ny legeplads.",
        "Borgerne og kommunen har sammen defineret problemet.",
        # others named beside the decider, a board outside the public sector, or the problem found together
        "Forvaltningen og beboerne definerede problemet.",
        "Problemet blev defineret af kommunen og borgerne.",
        "Sammen med spejderne har skolechefen defineret problemet.",
        "Bestyrelsen i grundejerforeningen definerede problemet.",
        "Direktionen definerede problemet sammen med de pårørende.",
        "Problemet kom fra borgerne selv.",
    ],
)
def test_a_problem_defined_with_others_or_not_at_all_is_not(settings, text):
    assert settings.problem_set_alone(text) is None
