"""'Er det samskabelse?': the YAML verdict rules applied to a case's reading and the leader's answers.

How a text is read (bot/cases/reading.py) is tested in tests/bot/cases/test_reading.py
and on the case bank; here the reading is given, so every rule is pinned.
"""

from __future__ import annotations

import dataclasses

import pytest

from bot.cases.reading_result import Reading
from bot.flows.assessment import assess, explain

# One letter per criterion, in the order the criteria are listed.
P, E, D, I = "public_private", "equal_partnership", "define_together", "design_implement_together"  # noqa: E741


def _reading(p=None, e=None, d=None, i=None, pattern=None, evidence=None) -> Reading:
    return Reading({P: p, E: e, D: d, I: i}, pattern, evidence or {})


# (reading, answers, expected verdict)
VERDICTS = [
    (_reading(True, True, True, True), {}, "Ja"),
    (_reading(True, True, True, True, pattern="hoering"), {}, "Nej"),
    (_reading(True, True, True, True, pattern="udlicitering"), {}, "Nej"),
    (_reading(True, False, False, False, pattern="forprogrammeret"), {}, "Nej"),
    (_reading(True, False, True, False, pattern="selvbestemmelse"), {}, "Nej"),
    (_reading(True, False, False, False, pattern="borgerinddragelse"), {}, "Nej"),  # Lederweb: not co-creation
    (_reading(True, True, True, False, pattern="samproduktion"), {}, "Delvist"),
    (_reading(True, False, False, False, pattern="samproduktion"), {}, "Delvist"),
    (_reading(False, True, True, True), {}, "Nej"),  # no citizens, associations or businesses
    (_reading(True, True, True, False), {}, "Delvist"),
    (_reading(True, None, True, False), {}, "Delvist"),  # settled without asking about equality
    (_reading(True, False, False, False), {}, "Nej"),
    (_reading(True, True, True, None), {I: True}, "Ja"),
    (_reading(True, True, True, None), {I: False}, "Delvist"),
    (_reading(True, True, True, True), {P: False}, "Nej"),  # the leader's answer beats the reading
    (_reading(None, None, None, None), {P: True, E: True}, "Delvist"),  # out of questions: the default
]


@pytest.mark.parametrize("reading, answers, verdict", VERDICTS)
def test_verdict_rules(guides, reading, answers, verdict):
    result = assess(guides.assessment, "En sag", reading, answers, asked=len(answers))
    assert result.verdict == verdict, result


def test_a_question_only_for_a_criterion_the_case_leaves_open(guides):
    result = assess(guides.assessment, "En sag", _reading(True, True, None, True))
    assert result.verdict is None and result.next_question == D


def test_at_most_two_questions_then_the_default(guides):
    rules = guides.assessment
    assert rules.max_questions == 2
    assert assess(rules, "En sag", _reading(True), asked=1).verdict is None
    assert assess(rules, "En sag", _reading(True), asked=2).verdict == rules.default


def test_no_reading_means_every_criterion_unknown(guides):
    result = assess(guides.assessment, "En sag", None)
    assert result.verdict is None and result.next_question == P


def test_the_deciding_words_are_shown_beside_each_criterion_and_the_pattern(guides):
    rules = guides.assessment
    reading = _reading(
        True,
        False,
        False,
        False,
        pattern="hoering",
        evidence={P: "borgere og foreninger", E: "de må kommentere", "pattern": "sendt i høring"},
    )
    lines = explain(rules, assess(rules, "En sag", reading))
    assert lines[0].startswith("✓") and "«borgere og foreninger»" in lines[0]
    assert lines[1].startswith("✗") and "«de må kommentere»" in lines[1]
    assert any("«sendt i høring»" in line for line in lines[4:])


def test_an_answered_criterion_drops_the_words_that_no_longer_decide(guides):
    rules = guides.assessment
    reading = _reading(True, True, True, False, evidence={I: "forvaltningen alene"})
    result = assess(rules, "En sag", reading, {I: True})
    assert I not in result.evidence


@pytest.mark.parametrize(
    "text, verdict, step",
    [
        ("Frivillige besøgsvenner hjælper ældre borgere", "Delvist", 2),
        ("Borgerne er med til at klare deres egen genoptræning", "Delvist", 1),
        ("Politikerne og en gruppe unge skriver ungepolitikken sammen", "Ja", 5),
        ("Vi løser et komplekst problem med klimatilpasning sammen med grundejerne", "Ja", 4),
        ("Brugerne er med til at udforme servicen på jobcentret", "Ja", 3),
    ],
)
def test_staircase_step_fits_the_verdict(guides, text, verdict, step):
    reading = (
        _reading(True, True, True, True)
        if verdict == "Ja"
        else _reading(True, True, True, False, pattern="samproduktion")
    )
    assert assess(guides.assessment, text, reading).step == step


def test_all_four_met_is_co_creation_even_when_the_work_is_done_together(guides):
    """The harbour cleanup (Lederweb's example of co-creation) read as all four met and as samproduktion: the
    criteria say the problem was defined and the solution designed together, which samproduktion is not."""
    words = {P: "søspejderne og kommunen", "pattern": "står sammen for oprydningen"}
    result = assess(guides.assessment, "En sag", _reading(True, True, True, True, "samproduktion", words))
    assert result.verdict == "Ja" and result.patterns == [] and result.evidence == {P: "søspejderne og kommunen"}
    assert "samproduktion" not in "\n".join(explain(guides.assessment, result)).lower()


@pytest.mark.parametrize(
    "text",
    [
        "Politikerne og en gruppe unge skriver ungepolitikken sammen",
        "Vi løser et komplekst problem med klimatilpasning sammen med grundejerne",
        "Frivillige besøgsvenner hjælper ældre borgere",
    ],
)
def test_a_nej_never_stands_beside_a_step_on_the_staircase(guides, text):
    result = assess(guides.assessment, text, _reading(True, False, False, False, pattern="hoering"))
    assert result.verdict == "Nej" and result.step is None


# -- the reader's verdict of the whole case ----------------------------------------
def test_the_whole_case_verdict_settles_what_the_criteria_leave_open(guides):
    words = {P: "borgerne", D: "sammen kortlagt"}
    reading = Reading({P: True, E: None, D: True, I: True}, None, words, "Ja", firm=True)
    result = assess(guides.assessment, "En sag", reading)
    assert result.verdict == "Ja" and all(v is True for v in result.criteria.values())
    assert result.evidence == {P: "borgerne", D: "sammen kortlagt"}  # the changed line has no deciding words
    partly = Reading({P: True, E: None, D: True, I: False}, None, words, "Delvist")
    assert assess(guides.assessment, "En sag", partly).verdict == "Delvist"  # any verdict, when fairly sure


def test_an_unsure_whole_case_ja_asks_about_the_open_line_instead(guides):
    """Fokusgrupper, then the staff design alone, read as "Ja" by a hair: a question, not a "Ja" by mistake."""
    reading = Reading({P: True, E: None, D: True, I: True}, None, {P: "med unge"}, "Ja", firm=False)
    result = assess(guides.assessment, "En sag", reading)
    assert result.verdict is None and result.next_question == E
    assert assess(guides.assessment, "En sag", reading, {E: False}, asked=1).verdict == "Delvist"


def test_a_firm_whole_case_verdict_stands_and_the_lines_follow_it(guides):
    rules = guides.assessment
    reading = Reading(
        {P: True, E: True, D: True, I: True}, None, {E: "ligeværdige", D: "vi definerede"}, "Delvist", firm=True
    )
    result = assess(rules, "En sag", reading)
    assert result.verdict == "Delvist"
    assert list(result.criteria.values()).count(False) == 1  # the fewest changes ...
    changed = next(cid for cid, value in result.criteria.items() if value is False)
    assert changed not in (E, D)  # ... and lines with deciding words are kept where possible
    assert changed not in result.evidence


def test_an_unsure_whole_case_verdict_does_not_overrule_the_criteria(guides):
    reading = Reading({P: True, E: True, D: True, I: True}, None, {}, "Nej", firm=False)
    assert assess(guides.assessment, "En sag", reading).verdict == "Ja"


def test_the_leaders_answers_are_never_overruled(guides):
    reading = Reading({P: True, E: True, D: True, I: None}, None, {}, "Nej", firm=True)
    assert assess(guides.assessment, "En sag", reading, {I: True}, asked=1).verdict == "Ja"


def test_a_nej_by_the_whole_case_drops_nothing_it_needs(guides):
    reading = Reading({P: True, E: False, D: False, I: False}, "hoering", {"pattern": "i høring"}, "Nej", firm=True)
    result = assess(guides.assessment, "En sag", reading)
    assert result.verdict == "Nej" and result.patterns == ["hoering"] and result.evidence == {"pattern": "i høring"}


def test_a_firm_nej_against_four_lines_in_the_cases_own_words_asks_about_the_least_sure(guides):
    """A vote between finished designs told warmly: every line reads "ja" in its own words, the whole case "Nej"."""
    words = {P: "foreningerne og borgerne", E: "ligeværdige", D: "defineret sammen", I: "gennemfører sammen"}
    sure = {P: 1.0, E: 0.59, D: 0.75, I: 0.53}
    reading = Reading({P: True, E: True, D: True, I: True}, None, words, "Nej", firm=True, sureness=sure)
    result = assess(guides.assessment, "En sag", reading)
    assert result.verdict is None and result.next_question == I  # neither "Ja" nor "Nej": the leader is asked
    assert result.evidence == {k: v for k, v in words.items() if k != I}  # the partners named stay
    assert assess(guides.assessment, "En sag", reading, {I: False}, asked=1).verdict == "Delvist"
    unsure = Reading({P: True, E: True, D: True, I: True}, None, words, "Nej", firm=False, sureness=sure)
    assert assess(guides.assessment, "En sag", unsure).verdict == "Ja"  # only a firm whole-case verdict


def test_a_firm_delvist_cannot_strike_out_what_the_case_says_in_its_own_words(guides):
    words = {P: "foreningerne og borgerne", E: "ligeværdige", D: "defineret sammen", I: "gennemfører sammen"}
    reading = Reading({P: True, E: True, D: True, I: True}, None, words, "Delvist", firm=True)
    result = assess(guides.assessment, "En sag", reading)
    assert result.verdict == "Ja" and result.evidence == words


def test_where_the_whole_case_changes_a_line_the_least_sure_line_gives_way(guides):
    words = {P: "foreningerne og borgerne"}
    for least in (E, D, I):
        sure = {P: 1.0, E: 0.9, D: 0.9, I: 0.9, least: 0.6}
        reading = Reading({P: True, E: True, D: True, I: True}, None, words, "Delvist", firm=True, sureness=sure)
        result = assess(guides.assessment, "En sag", reading)
        assert result.verdict == "Delvist"
        assert [cid for cid, value in result.criteria.items() if value is not True] == [least]


def test_a_firm_delvist_does_not_strike_a_line_when_every_line_is_surely_ja(guides):
    """ "Kommunen og boldklubben fandt problemet sammen, lagde planen sammen og gennemførte den som ligeværdige":
    short, so the whole reads as vague; every line reads "ja" surely, and none is struck out."""
    rules = guides.assessment
    words = {P: "kommunen og boldklubben"}
    sure = {P: 1.0, E: 0.99, D: rules.lines_sure_for_ja, I: 0.95}
    reading = Reading({P: True, E: True, D: True, I: True}, None, words, "Delvist", firm=True, sureness=sure)
    assert assess(rules, "En sag", reading).verdict == "Ja"
    less = {**sure, D: rules.lines_sure_for_ja - 0.01}
    reading = Reading({P: True, E: True, D: True, I: True}, None, words, "Delvist", firm=True, sureness=less)
    assert assess(rules, "En sag", reading).verdict == "Delvist"


def test_a_ja_that_names_no_partner_outside_the_public_sector_is_asked_about(guides):
    """ "Nabokommunen og regionen … på lige fod" read as all four met: the text can't carry the first criterion."""
    words = {P: "nabokommunen og regionen", E: "på lige fod"}
    reading = Reading({P: True, E: True, D: True, I: True}, None, words, "Ja", firm=True, names_partner=False)
    result = assess(guides.assessment, "En sag", reading)
    assert result.verdict is None and result.next_question == P
    assert P not in result.evidence and result.evidence[E] == "på lige fod"
    assert assess(guides.assessment, "En sag", reading, {P: True}, asked=1).verdict == "Ja"  # the leader settles it
    assert assess(guides.assessment, "En sag", reading, {P: False}, asked=1).verdict == "Nej"


def test_a_ja_that_names_no_public_actor_is_asked_about(guides):
    """ "Røde Kors og idrætsforeningen … på lige fod" read as all four met: no public actor takes part, so the
    first criterion is asked about instead of a "Ja"; a verdict that does not rest on it is unchanged."""
    words = {P: "Røde Kors og idrætsforeningen", E: "på lige fod"}
    reading = Reading({P: True, E: True, D: True, I: True}, None, words, "Ja", firm=True, names_public=False)
    result = assess(guides.assessment, "En sag", reading)
    assert result.verdict is None and result.next_question == P
    assert assess(guides.assessment, "En sag", reading, {P: False}, asked=1).verdict == "Nej"
    assert assess(guides.assessment, "En sag", reading, {P: True}, asked=1).verdict == "Ja"
    partly = Reading({P: True, E: True, D: True, I: False}, None, {}, None, names_public=False)
    assert assess(guides.assessment, "En sag", partly).verdict == "Delvist"
    assert Reading.from_dict(reading.as_dict()).names_public is False  # kept in the slot
    assert Reading.from_dict({"criteria": {}}).names_public is True  # a reading from before: unchanged


def test_naming_no_partner_changes_no_verdict_that_does_not_rest_on_one(guides):
    for values, verdict in (
        ((True, True, True, False), "Delvist"),
        ((False, False, False, False), "Nej"),
        ((True, None, None, True), None),
    ):  # a question, but not about the partners
        reading = Reading(dict(zip((P, E, D, I), values)), None, {}, None, names_partner=False)
        result = assess(guides.assessment, "En sag", reading)
        assert result.verdict == verdict and result.criteria[P] == values[0] and result.next_question != P


def test_a_nej_on_the_partners_stands_only_when_the_case_says_someone_stays_out(guides):
    """ "Kommunen har ingen særstatus" read as no partnership of public and private: the case names partners
    taking part and no one staying out, so the first criterion is met, with those words, and the rest decide."""
    words = {P: "kommunen har ingen særstatus", E: "på lige fod"}
    named = "foreningen, beboerne og kommunen laver det sammen"
    reading = Reading({P: False, E: True, D: True, I: True}, None, words, None, partner_words=named)
    result = assess(guides.assessment, "En sag", reading)
    assert result.verdict == "Ja" and result.criteria[P] is True
    assert result.evidence == {P: named, E: "på lige fod"}
    assert assess(guides.assessment, "En sag", reading, {P: False}, asked=1).verdict == "Nej"  # the leader wins
    partly = Reading({P: False, E: True, D: True, I: False}, None, {}, None, partner_words=named)
    assert assess(guides.assessment, "En sag", partly).verdict == "Delvist"
    for stays_out in (
        Reading({P: False, E: True, D: True, I: True}, None, words, None, partner_words=None),
        Reading({P: False, E: True, D: True, I: True}, None, words, None),  # a reading from before: unchanged
    ):
        assert assess(guides.assessment, "En sag", stays_out).verdict == "Nej"


def test_a_firm_nej_cannot_strike_out_the_partners_the_case_names(guides):
    named = "foreningen, beboerne og kommunen laver det sammen"
    reading = Reading({P: False, E: False, D: True, I: False}, None, {D: "sammen fundet problemet"}, "Nej", True)
    assert assess(guides.assessment, "En sag", reading).verdict == "Nej"
    named_reading = dataclasses.replace(reading, partner_words=named)
    result = assess(guides.assessment, "En sag", named_reading)
    assert result.verdict == "Delvist" and result.criteria[P] is True and result.evidence[P] == named


def test_a_case_saying_no_public_body_takes_part_is_no_cocreation_whatever_the_whole_reads(guides):
    """Associations and a shop working together on equal terms, "kommunen er ikke med": all four read "ja" and
    the whole read firmly "Ja", but with no public actor there is no partnership across the sectors."""
    words = "Kommunen er ikke med"
    all_yes = {P: True, E: True, D: True, I: True}
    for reading in (
        Reading(all_yes, None, {P: "de laver det sammen"}, "Ja", True, one_sector=words),
        Reading({P: None, E: True, D: True, I: True}, None, {}, "Ja", True, one_sector=words),
        Reading(all_yes, None, {}, None, one_sector=words),
    ):
        result = assess(guides.assessment, "En sag", reading)
        assert result.verdict == "Nej" and result.criteria[P] is False and result.evidence[P] == words
        assert "Kommunen er ikke med" in " ".join(explain(guides.assessment, result))
        answered = assess(guides.assessment, "En sag", reading, {P: True}, asked=1)
        assert answered.verdict == "Ja"  # the leader's answer wins
    assert assess(guides.assessment, "En sag", Reading(all_yes, None, {}, "Ja", True)).verdict == "Ja"


def test_only_the_criterion_marked_in_the_rules_needs_a_named_partner(guides):
    assert [c.id for c in guides.assessment.criteria if c.needs_named_partner] == [P]


def test_a_firm_ja_against_criteria_read_as_nej_asks_about_them(guides):
    """The two readings point opposite ways: a question, not "Nej" to a leader in a real partnership."""
    words = {P: "ingen fra kommunen bestemmer", E: "ligeværdige"}
    reading = Reading({P: False, E: True, D: True, I: True}, None, words, "Ja", firm=True)
    result = assess(guides.assessment, "En sag", reading)
    assert result.verdict is None and result.next_question == P and P not in result.evidence
    assert assess(guides.assessment, "En sag", reading, {P: False}, asked=1).verdict == "Nej"
    unsure = Reading({P: False, E: True, D: True, I: True}, None, words, "Ja", firm=False)
    assert assess(guides.assessment, "En sag", unsure).verdict == "Nej"  # an unsure Ja leaves the criteria


def test_a_firm_ja_never_turns_a_line_read_nej_into_ja(guides):
    """A user panel giving feedback, told in warm words: the whole reads "Ja", the line on shaping and carrying
    out the solution reads "nej". The assistant asks about that line instead of saying "Ja"."""
    reading = Reading({P: True, E: True, D: True, I: False}, None, {P: "et brugerpanel med fem ledige"}, "Ja", True)
    result = assess(guides.assessment, "En sag", reading)
    assert result.verdict is None and result.next_question == I and result.criteria[I] is None
    assert assess(guides.assessment, "En sag", reading, {I: False}, asked=1).verdict == "Delvist"
    assert assess(guides.assessment, "En sag", reading, {I: True}, asked=1).verdict == "Ja"
    # an open line is still filled by a firm "Ja" of the whole
    open_line = dataclasses.replace(reading, criteria={P: True, E: True, D: True, I: None})
    assert assess(guides.assessment, "En sag", open_line).verdict == "Ja"


def test_a_firm_ja_of_the_whole_case_cannot_strike_out_the_pattern_read(guides):
    """A reading panel that rates the books "in a close partnership": every line and the whole read as
    co-creation, the pattern as borgerinddragelse – which co-creation is not."""
    words = {P: "et læsepanel af borgere", E: "tæt forhold", "pattern": "bedømmer de bøger"}
    reading = Reading({P: True, E: True, D: True, I: True}, "borgerinddragelse", words, "Ja", firm=True)
    result = assess(guides.assessment, "En sag", reading)
    assert result.verdict == "Nej" and result.patterns == ["borgerinddragelse"]
    assert result.evidence["pattern"] == "bedømmer de bøger"
    plain = Reading({P: True, E: True, D: True, I: True}, None, words, "Ja", firm=True)
    assert assess(guides.assessment, "En sag", plain).verdict == "Ja"


def test_a_problem_set_alone_is_not_defined_together_whatever_the_whole_case_says(guides):
    """ "Byrådet besluttede, at problemet er …; derefter har vi sammen med …": warm words read every line as met."""
    said = "Byrådet besluttede, at problemet er for mange faldulykker"
    words = {P: "Ældre Sagen", E: "som ligeværdige parter"}
    for verdict, firm in ((None, False), ("Ja", True), ("Ja", False)):
        reading = Reading({P: True, E: True, D: True, I: True}, None, words, verdict, firm, problem_alone=said)
        result = assess(guides.assessment, "En sag", reading)
        assert result.verdict == "Delvist" and result.criteria[D] is False and result.evidence[D] == said
    assert assess(guides.assessment, "En sag", reading, {D: True}, asked=1).verdict == "Ja"  # the leader knows


def test_only_a_criterion_flagged_in_the_rules_is_settled_by_a_problem_set_alone(guides):
    flagged = [c.id for c in guides.assessment.criteria if c.no_when_problem_set_alone]
    assert flagged == [D]


@pytest.mark.parametrize(
    "criterion, said",
    [(E, "Men det er kommunen, der har det sidste ord"), (I, "men anlæg og drift står kommunen for alene")],
)
def test_a_criterion_said_not_met_is_not_met_whatever_the_whole_case_says(guides, criterion, said):
    """ "… har sammen defineret og lavet løsningen. Men kommunen har det sidste ord": every line reads as met."""
    words = {P: "foreningen", E: "sammen"}
    for verdict, firm in ((None, False), ("Ja", True), ("Ja", False)):
        reading = Reading(
            {P: True, E: True, D: True, I: True}, None, words, verdict, firm, said_not_met={criterion: said}
        )
        result = assess(guides.assessment, "En sag", reading)
        assert result.verdict == "Delvist" and result.criteria[criterion] is False
        assert result.evidence[criterion] == said
    assert assess(guides.assessment, "En sag", reading, {criterion: True}, asked=1).verdict == "Ja"  # they know
    unknown = Reading({P: True, E: True, D: True, I: True}, None, words, said_not_met={"budget": said})
    assert assess(guides.assessment, "En sag", unknown).verdict == "Ja"  # no criterion of the rules


@pytest.mark.parametrize(
    "criterion, said",
    [
        (E, "Jeg er i tvivl om, borgerne føler sig som ligeværdige partnere"),
        (I, "Hvem der skal drive det, er ikke afklaret"),
    ],
)
def test_a_line_the_leader_says_they_dont_know_stays_open_and_is_not_asked_about(guides, criterion, said):
    """ "… har sammen defineret og lavet løsningen. Jeg er i tvivl om, de føler sig ligeværdige": not a "Ja", and
    asking the leader again tells them nothing new; the line is shown with their words."""
    words = {P: "foreningen", D: "sammen"}
    for verdict, firm in ((None, False), ("Ja", True), ("Ja", False)):
        reading = Reading(
            {P: True, E: True, D: True, I: True}, None, words, verdict, firm, said_unknown={criterion: said}
        )
        result = assess(guides.assessment, "En sag", reading)
        assert result.verdict == "Delvist" and result.next_question is None and result.criteria[criterion] is None
        assert result.evidence[criterion] == said
        assert any(said in line for line in explain(guides.assessment, result))
    assert assess(guides.assessment, "En sag", reading, {criterion: True}, asked=1).verdict == "Ja"  # they answered


def test_with_a_line_the_leader_doesnt_know_only_a_question_that_can_change_the_verdict_is_asked(guides):
    open_design = {I: "Hvem der skal drive det, er ikke afklaret"}
    unsure = Reading({P: True, E: None, D: True, I: True}, None, {}, said_unknown=open_design)
    assert assess(guides.assessment, "En sag", unsure).verdict == "Delvist"  # "Delvist" whatever the answer
    no_problem = Reading({P: True, E: False, D: None, I: True}, None, {}, said_unknown=open_design)
    result = assess(guides.assessment, "En sag", no_problem)
    assert result.verdict is None and result.next_question == D  # "Nej" or "Delvist" hangs on the answer


def test_a_line_said_not_met_stays_nej_though_the_leader_is_unsure_of_it(guides):
    reading = Reading(
        {P: True, E: True, D: True, I: True},
        None,
        {},
        said_not_met={E: "men kommunen har det sidste ord"},
        said_unknown={E: "jeg er i tvivl om ligeværdigheden"},
    )
    result = assess(guides.assessment, "En sag", reading)
    assert result.verdict == "Delvist" and result.criteria[E] is False
    assert result.evidence[E] == "men kommunen har det sidste ord"


def test_a_firm_nej_of_the_whole_case_does_not_strike_out_samproduktion(guides):
    """Volunteers carrying out the municipality's plan read "Nej" as a whole; the pattern read in it says "Delvist"."""
    words = {P: "de pårørende", "pattern": "hjælper med at servere efter vores vagtplan"}
    reading = Reading({P: True, E: False, D: False, I: False}, "samproduktion", words, "Nej", firm=True)
    result = assess(guides.assessment, "En sag", reading)
    assert result.verdict == "Delvist" and result.patterns == ["samproduktion"]
    plain = Reading({P: True, E: False, D: False, I: False}, None, {}, "Nej", firm=True)
    assert assess(guides.assessment, "En sag", plain).verdict == "Nej"


def test_partners_said_to_be_own_staff_make_it_nej_though_they_are_named_and_every_line_reads_met(guides):
    """ "Ildsjælene har defineret problemet og bygget det sammen med os … De er i øvrigt ansat hos os": the case
    names partners taking part, the whole reads as co-creation, yet no one outside the public sector took part."""
    said = "De er i øvrigt ansat hos os"
    for verdict, firm in ((None, False), ("Ja", True)):
        reading = Reading(
            {P: True, E: True, D: True, I: True},
            None,
            {P: "ildsjælene"},
            verdict,
            firm,
            partner_words="ildsjælene har sammen med os defineret problemet",
            said_not_met={P: said},
        )
        result = assess(guides.assessment, "En sag", reading)
        assert result.verdict == "Nej" and result.criteria[P] is False and result.evidence[P] == said
