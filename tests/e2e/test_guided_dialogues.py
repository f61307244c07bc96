"""End to end over REST: assessment, leadership-form advice, phase guide, ledetråde walk-through."""

from __future__ import annotations

import pytest
from chat import buttons, payloads, sender, texts  # noqa: F401

pytestmark = pytest.mark.server


# -- Er det samskabelse? ---------------------------------------------------
def test_hearing_case_is_judged_at_once(servers, guides):
    replies = servers.send(sender(), "Vi sender en næsten færdig plan i høring – er det samskabelse?")
    text = replies[0]["text"]
    assert text.startswith("Nej")
    assert guides.assessment.patterns[0].explanation in text  # the hearing pattern
    assert "Kilde: Jacob Torfing" in text


VAGUE_CASE = "Vi har et projekt med nogle frivillige om trafiksikkerhed. Er det samskabelse?"


def _questions(guides) -> set[str]:
    """The assessment's follow-up questions, as the assistant asks them."""
    rules = guides.assessment
    return {rules.texts["question_intro"].format(question=c.question) for c in rules.criteria}


def _vague_case(servers, guides, user: str) -> str:
    """Describes a case that says nothing of how the parties work together; the reply is a follow-up question."""
    first = servers.send(user, VAGUE_CASE)
    assert first[0]["text"] in _questions(guides), "the case leaves how they work together open: a question was due"
    assert payloads(first[0]) == ["/affirm", "/deny"]
    return first[0]["text"]


def test_a_vague_case_gets_at_most_two_questions_then_a_verdict(servers, guides):
    user = sender()
    _vague_case(servers, guides, user)
    asked, reply = 1, servers.send(user, "ja")
    while reply[0]["text"] in _questions(guides):
        assert payloads(reply[0]) == ["/affirm", "/deny"]
        asked += 1
        reply = servers.send(user, "ja")
    assert asked <= guides.assessment.max_questions
    assert reply[0]["text"].split()[0] in ("Ja", "Nej", "Delvist")


# Warm words about working together, but every party named is public (the one-sector check doubts a partner).
PUBLIC_ONLY_CASE = (
    "I et år har vi arbejdet tæt og ligeværdigt om bedre overgange fra børnehave til skole. Vi blev sammen enige "
    "om, hvor det halter, og har i fællesskab lavet en ny overleveringsmodel. Parterne er dagtilbuddene, skolerne "
    "og sundhedsplejen. Tæller det som samskabelse?"
)


def test_a_case_of_public_parties_only_is_asked_about_partners_not_told_delvist(servers, guides):
    rules = guides.assessment
    user = sender()
    first = servers.send(user, PUBLIC_ONLY_CASE)[0]
    asked = rules.texts["question_intro"].format(question=rules.criterion("public_private").question)
    assert first["text"] == asked and payloads(first) == ["/affirm", "/deny"]
    verdict = servers.send(user, "nej")[0]["text"]
    assert verdict.startswith("Nej"), verdict


@pytest.mark.parametrize(
    "message",
    [
        "Vi er en gruppe ledere i kommunen, der sammen med tre foreninger og beboerne har fundet ud af, hvad der "
        "mangler i bydelen, og nu bygger vi et aktivitetshus sammen. Kan det kaldes samskabelse?",
        "Vores jobcenter, to virksomheder og de ledige selv har formuleret problemet sammen og kører nu et nyt "
        "forløb i fællesskab som ligeværdige partnere. Tæller det som samskabelse?",
    ],
)
def test_a_described_case_asking_about_cocreation_reaches_the_assessment(servers, guides, message):
    first = servers.send(sender(), message)[0]["text"]
    assert first.split()[0] in ("Ja", "Nej", "Delvist") or first in _questions(guides), first
    assert "ledelsesform" not in first.split("\n")[0].lower()


def test_menu_button_asks_for_a_case(servers, guides):
    replies = servers.send(sender(), "/ask_is_it_cocreation")
    assert replies[0]["text"] == guides.assessment.texts["need_case"]


# -- Hvilken ledelsesform passer? -----------------------------------------
def test_recommendation_uses_what_the_message_says(servers, kb):
    replies = servers.send(
        sender(), "Vi vil have frivillige til at hjælpe på plejecentret – hvilken ledelsesform passer?"
    )
    assert replies[0]["text"].startswith(f"Anbefaling: {kb.entries['frivilligledelse'].title}.")
    assert any(t.startswith(kb.entries["frivilligledelse"].text) for t in texts(replies))


def test_recommendation_asks_only_for_what_is_missing(servers, kb, guides):
    user = sender()
    *intro, question = servers.send(user, "/ask_which_form")  # REST splits the intro at its blank line
    intro_text = "\n".join(m["text"] for m in intro)
    assert all(kb.entries[f.entry].title in intro_text for f in guides.recommendation.forms)
    assert question["text"] == guides.recommendation.questions["actors"].text
    click = payloads(question)[2]  # Virksomheder og foreninger
    answer = servers.send(user, click)
    assert answer[0]["text"].startswith(f"Anbefaling: {kb.entries['samarbejdsdrevet_innovation'].title}.")
    all_text = "\n".join(texts(answer))
    assert kb.entries["innovation_roles"].text in all_text  # konvener, facilitator, katalysator


# -- Hvor er vi i processen? ----------------------------------------------
def test_phase_from_description(servers, kb):
    replies = servers.send(sender(), "Vi er ved at evaluere vores samskabelsesprojekt – hvad skal jeg fokusere på nu?")
    assert "«Erkendelse»" in replies[0]["text"]
    assert kb.entries["phase_erkendelse"].text in replies[0]["text"]


def test_phase_asks_when_unclear(servers, guides):
    replies = servers.send(sender(), "hvor er vi i processen?")
    assert replies[0]["text"] == guides.phases.texts["ask"].format(phases="Afklaring, Samskabelse og Erkendelse")
    assert payloads(replies[0]) == [
        '/ask_phase_model{"fase":"afklaring"}',
        '/ask_phase_model{"fase":"samskabelsesfase"}',
        '/ask_phase_model{"fase":"erkendelse"}',
    ]


# -- De fem ledetråde ------------------------------------------------------
def step_text(guides, number):
    ledetraade = guides.ledetraade
    return ledetraade.texts["step"].format(number=number, question=ledetraade.steps[number - 1].question)


def test_ledetraade_with_help_side_question_back_skip_and_summary(servers, guides, kb):
    user = sender()
    ledetraade = guides.ledetraade
    start = servers.send(user, "gennemgå de fem ledetråde med mig")
    assert texts(start) == [ledetraade.texts["start"], step_text(guides, 1)]

    assert texts(servers.send(user, "Flere ældre skal have et fællesskab, de selv bærer")) == [step_text(guides, 2)]

    helped = servers.send(user, "/ask_step_help")
    assert texts(helped) == [
        ledetraade.texts["help"].format(hint=ledetraade.steps[1].hint, example=ledetraade.steps[1].example),
        step_text(guides, 2),
    ]

    # Typed, a request for an example gets the current step's example, not the general examples.
    typed = servers.send(user, "giv et eksempel")
    assert texts(typed) == [
        ledetraade.texts["help"].format(hint=ledetraade.steps[1].hint, example=ledetraade.steps[1].example),
        step_text(guides, 2),
    ]

    # A side question is answered, then the walk-through resumes at the same step.
    side = servers.send(user, "Hvad er samskabelsestrappen?")
    assert side[0]["text"].startswith(kb.entries["staircase"].text)
    assert texts(side)[-1] == step_text(guides, 2)

    assert texts(servers.send(user, "Idrætsforeningen og biblioteket")) == [step_text(guides, 3)]
    # Back to step 2, answer it again.
    assert texts(servers.send(user, "tilbage")) == [step_text(guides, 2)]
    assert texts(servers.send(user, "Boligforeningen og biblioteket")) == [step_text(guides, 3)]
    assert texts(servers.send(user, "spring over")) == [step_text(guides, 4)]
    assert texts(servers.send(user, "En gågruppe i boligforeningen")) == [step_text(guides, 5)]
    summary = servers.send(user, "En aftale med idrætsforeningen")
    all_text = "\n".join(texts(summary))
    for answer in (
        "Flere ældre skal have et fællesskab, de selv bærer",
        "Boligforeningen og biblioteket",
        ledetraade.texts["skipped"],
        "En gågruppe i boligforeningen",
        "En aftale med idrætsforeningen",
    ):
        assert answer in all_text
    assert "Idrætsforeningen og biblioteket" not in all_text  # replaced after "tilbage"
    assert "# Vores fem ledetråde" in all_text


def test_ledetraade_stop(servers, guides):
    user = sender()
    servers.send(user, "gennemgå de fem ledetråde med mig")
    servers.send(user, "Bedre trivsel for børnene")
    stopped = servers.send(user, "stop")
    assert texts(stopped) == [guides.ledetraade.texts["stopped"]]
    # After stopping, normal questions work and no step is asked.
    after = servers.send(user, "Hvad er samskabelse?")
    assert len(after) == 1 and "Ledetråd" not in after[0]["text"]


def test_ledetraade_delete_question_no_keeps_the_answers(servers, guides, kb):
    """«slet min samtale» and «nej» in the middle are no answers: the summary has the real ones."""
    user = sender()
    servers.send(user, "gennemgå de fem ledetråde med mig")
    servers.send(user, "Mindre ensomhed blandt ældre")
    assert texts(servers.send(user, "slet min samtale")) == [kb.message("delete_confirm").text]
    assert texts(servers.send(user, "/deny")) == [kb.message("delete_kept").text, step_text(guides, 2)]
    for number, answer in enumerate(("Foreningerne", "Kaffemøder", "Strikkeklubben"), start=3):
        assert texts(servers.send(user, answer)) == [step_text(guides, number)]
    summary = "\n".join(texts(servers.send(user, "Boligforeningen")))
    for answer in ("Mindre ensomhed blandt ældre", "Foreningerne", "Kaffemøder", "Strikkeklubben", "Boligforeningen"):
        assert answer in summary
    assert "slet min samtale" not in summary and "→ nej" not in summary


def test_ledetraade_summary_echoes_nothing_active(servers, guides):
    """Slack mentions, links, HTML and Markdown in the answers come back as plain text, in summary and Markdown."""
    user = sender()
    servers.send(user, "gennemgå de fem ledetråde med mig")
    answers = [
        "<!channel> Mindre ensomhed <!here> <!everyone>",
        "Foreningerne <@U123> og <#C123|x>",
        "Kaffemøder, læs [mere](http://evil.example) og <https://evil.example|klik>",
        "Strikkeklubben ![x](http://evil.example/x.png) <img src=x onerror=alert(1)>",
        "# Boligforeningen <script>alert(1)</script>",
    ]
    for number, answer in enumerate(answers[:-1], start=2):
        assert texts(servers.send(user, answer)) == [step_text(guides, number)]
    ledetraade = guides.ledetraade
    replies = texts(servers.send(user, answers[-1]))
    summary = replies[0]
    # Rasa sends each paragraph of a text as a message of its own: the Markdown block is the tail.
    start = next(i for i, text in enumerate(replies) if text.startswith(ledetraade.texts["markdown_intro"]))
    markdown = "\n\n".join(replies[start:])
    for text in (summary, markdown):
        assert "<" not in text and ">" not in text
        assert "](" not in text
        for word in ("Mindre ensomhed", "Foreningerne", "Kaffemøder", "Strikkeklubben", "Boligforeningen"):
            assert word in text
    assert "‹!channel› Mindre ensomhed" in summary
    headings = [line for line in markdown.splitlines() if line.startswith("#")]
    assert headings == [ledetraade.texts["markdown_title"]] + [
        f"## {s.number}. {s.question}" for s in ledetraade.steps
    ] + [f"## {ledetraade.texts['next_steps_intro'].rstrip(':')}"]


def test_an_open_assessment_question_lapses_when_the_conversation_moves_on(servers, guides):
    user = sender()
    _vague_case(servers, guides, user)
    servers.send(user, "Hvad er samskabelse?")
    late = servers.send(user, "ja")
    assert late[0]["text"] == guides.assessment.texts["no_pending"]  # not a verdict on the old case


def test_an_assessment_question_kept_through_a_declined_deletion_still_takes_the_answer(servers, guides):
    user = sender()
    question = _vague_case(servers, guides, user)
    servers.send(user, "slet min samtale")
    kept = servers.send(user, "nej")
    assert kept[-1]["text"] == question  # asked again
    answer = servers.send(user, "ja")
    assert answer[0]["text"].split()[0] in ("Ja", "Nej", "Delvist") or answer[0]["text"] in _questions(guides)


HEARING_CASE = (
    "Forvaltningen har skrevet en næsten færdig plan for den nye cykelsti, og nu sender vi den i høring, "
    "så borgerne kan kommentere den. Er det samskabelse?"
)


def test_a_case_asked_about_in_the_ledetraade_is_judged_and_the_ledetraade_resumes(servers, guides):
    user = sender()
    servers.send(user, "gennemgå de fem ledetråde med mig")
    side = servers.send(user, HEARING_CASE)
    assert side[0]["text"].startswith("Nej")
    assert texts(side)[-1] == step_text(guides, 1)
