"""bench/cases.py: first replies, criteria, questions and the confusion table on labelled cases, per part."""

from __future__ import annotations

from bench.cases import QUESTION, measure
from bot.assistant import load_assistant
from bot.cases.bank import Case
from bot.cases.reading_result import Reading
from bot.cases.reading_settings import load_settings

# One letter per criterion, in the order the criteria are listed.
P, E, D, I = "public_private", "equal_partnership", "define_together", "design_implement_together"  # noqa: E741


class FixedReader:
    """A reader that reads each case as given (by its text), so the measure's counting is pinned exactly."""

    def __init__(self, readings: dict[str, Reading]) -> None:
        self.readings = readings
        self.settings = load_settings()  # read_case takes the question frame off with them

    def read(self, text, clauses, text_vector, clause_vectors) -> Reading:
        return self.readings[" ".join(clauses)]


def _embed(texts):
    import numpy as np

    return np.zeros((len(texts), 4), dtype=np.float32)


def test_measure_counts_first_replies_questions_and_confusions():
    rules = load_assistant().guide.rules.assessment
    all_yes = {P: True, E: True, D: True, I: True}
    # (case id, text, labelled verdict, labels, reading the reader gives)
    spec = [
        ("a", "Sag a", "Ja", all_yes, Reading(all_yes)),  # right
        ("b", "Sag b", "Ja", all_yes, Reading(all_yes, "hoering")),  # all four → Nej
        ("c", "Sag c", "Nej", {P: False, E: False, D: False, I: False}, Reading(all_yes)),  # Nej → Ja
        (
            "d",
            "Sag d",
            "Delvist",
            {P: True, E: None, D: True, I: True},
            Reading({P: True, E: None, D: True, I: True}),
        ),  # question on an open one: right
        ("e", "Sag e", "Ja", all_yes, Reading({P: True, E: True, D: None, I: True})),  # question on a settled one
        (
            "f",
            "Sag f",
            "Delvist",
            {P: True, E: True, D: True, I: False},
            Reading({P: True, E: True, D: True, I: False}),
        ),  # right
    ]
    cases = [Case(cid, text, verdict, labels, None, "criteria") for cid, text, verdict, labels, _ in spec]
    reader = FixedReader({text: reading for _, text, _, _, reading in spec})
    result = measure(rules, cases, _embed, reader)
    right = {"a", "d", "f"}
    for part, dev in (("development", True), ("heldout", False)):
        chosen = [c for c in cases if c.development == dev]
        if not chosen:
            assert part not in result
            continue
        r = result[part]
        ids = {c.id for c in chosen}
        assert r["cases"] == len(chosen)
        assert r["verdict_right"] == round(len(ids & right) / len(chosen), 4)
        settled = ids - {"d"}
        if settled:
            assert r["decided_without_question"] == round(len(settled - {"e"}) / len(settled), 4)
        assert r["all_four_judged_nej"] == len(ids & {"b"})
        assert r["nej_judged_ja"] == len(ids & {"c"})
        assert sum(sum(row.values()) for row in r["confusion"].values()) == len(chosen)
        readings = {cid: spec_reading for cid, _, _, _, spec_reading in spec}
        for criterion in (P, E, D, I):
            expected = sum(readings[c.id].criteria[criterion] == c.criteria[criterion] for c in chosen)
            assert r["per_criterion"][criterion] == round(expected / len(chosen), 4)
        if "e" in ids:
            assert r["confusion"]["Ja"][QUESTION] >= 1
        assert r["right_after_answers"] == round(len(ids & (right | {"e"})) / len(chosen), 4)  # "e" is asked D
        assert r["nej_judged_ja_after_answers"] == len(ids & {"c"})


def test_right_after_answers_plays_the_leader_answering_as_the_labels_say():
    """A question on a settled line is wrong as a first reply; answered as the labels say, the verdict follows
    them – a "Nej" case asked about its unmet line ends "Nej", and one answered into a "Ja" would count as a
    crossing."""
    rules = load_assistant().guide.rules.assessment
    open_p = {P: None, E: True, D: True, I: True}
    cases = [
        Case("x1", "Sag x1", "Nej", {P: False, E: True, D: True, I: True}, None, "criteria"),
        Case("x2", "Sag x2", "Ja", {P: True, E: True, D: True, I: True}, None, "criteria"),
        Case("x3", "Sag x3", "Nej", {P: True, E: True, D: True, I: True}, None, "criteria"),  # labels disagree
    ]
    reader = FixedReader({c.text: Reading(open_p) for c in cases})
    r = measure(rules, [], _embed, reader, apart={"apart": cases})["apart"]
    assert r["verdict_right"] == 0.0 and r["confusion"] == {"Ja": {QUESTION: 1}, "Nej": {QUESTION: 2}}
    assert r["right_after_answers"] == round(2 / 3, 4)
    assert r["nej_judged_ja"] == 0 and r["nej_judged_ja_after_answers"] == 1


def test_the_earlier_held_out_cases_are_also_measured_alone():
    from bench.cases import EARLIER_LASTS, earlier_part
    from bot.cases.bank import DEVELOPMENT_SHARE
    from bot.splits import in_development

    rules = load_assistant().guide.rules.assessment
    held = [f"c{n}" for n in range(1, 5000) if not in_development(f"c{n}", DEVELOPMENT_SHARE)]
    first, second = EARLIER_LASTS
    early = [i for i in held if int(i[1:]) <= first][:2]
    late = [i for i in held if first < int(i[1:]) <= second][:1]
    latest = [i for i in held if int(i[1:]) > second][:1]
    all_yes = {P: True, E: True, D: True, I: True}
    all_no = {P: False, E: False, D: False, I: False}
    # two early cases (one read right, one wrong), one later case read right, one latest case read wrong
    cases = [
        Case(early[0], "Sag a", "Ja", all_yes, None, "criteria"),
        Case(early[1], "Sag b", "Nej", all_no, None, "criteria"),
        Case(late[0], "Sag c", "Ja", all_yes, None, "criteria"),
        Case(latest[0], "Sag d", "Nej", all_no, None, "criteria"),
    ]
    reader = FixedReader({text: Reading(all_yes) for text in ("Sag a", "Sag b", "Sag c", "Sag d")})
    result = measure(rules, cases, _embed, reader)
    assert result["heldout"]["cases"] == 4 and result["heldout"]["verdict_right"] == 0.5
    assert result[earlier_part(first)]["cases"] == 2 and result[earlier_part(first)]["verdict_right"] == 0.5
    assert result[earlier_part(second)]["cases"] == 3
    assert result[earlier_part(second)]["verdict_right"] == round(2 / 3, 4)
    only_early = measure(rules, cases[:2], _embed, reader)
    assert earlier_part(first) not in only_early and earlier_part(second) not in only_early  # nothing to set apart


def test_cases_written_apart_are_parts_of_their_own():
    rules = load_assistant().guide.rules.assessment
    all_yes = {P: True, E: True, D: True, I: True}
    all_no = {P: False, E: False, D: False, I: False}
    bank = [Case("c1", "Sag a", "Ja", all_yes, None, "criteria")]
    apart = [
        Case("CA01", "Sag b", "Nej", all_no, None, "criteria"),  # read "Ja": Nej → Ja
        Case("CA02", "Sag c", "Ja", all_yes, None, "criteria"),  # right
    ]
    reader = FixedReader({text: Reading(all_yes) for text in ("Sag a", "Sag b", "Sag c", "Sag d")})
    read = [Case("CD01", "Sag d", "Ja", all_yes, None, "criteria")]
    result = measure(rules, bank, _embed, reader, apart={"written_apart": apart, "written_apart_read": read})
    assert result["written_apart"]["cases"] == 2 and result["written_apart"]["verdict_right"] == 0.5
    assert result["written_apart"]["nej_judged_ja"] == 1
    assert result["written_apart_read"]["cases"] == 1 and result["written_apart_read"]["verdict_right"] == 1.0
    assert sum(result.get(part, {}).get("cases", 0) for part in ("development", "heldout")) == 1  # the bank's own
    assert "written_apart" not in measure(rules, bank, _embed, reader)
