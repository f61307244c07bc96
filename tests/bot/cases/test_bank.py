"""The case bank for "Er det samskabelse?" (data/cases/bank.yml, bot/cases/bank.py)."""

from __future__ import annotations

from collections import Counter

import pytest

from bot.assistant import load_assistant
from bot.cases.bank import BANK_FILE, VERDICTS, CaseBankError, load_bank, load_checked

CRITERIA = ["public_private", "equal_partnership", "define_together", "design_implement_together"]
ALL_YES = "{public_private: ja, equal_partnership: ja, define_together: ja, design_implement_together: ja}"


@pytest.fixture(scope="module")
def assistant():
    return load_assistant()


@pytest.fixture(scope="module")
def bank(assistant):
    return load_checked(assistant)


def test_the_bank_is_large_and_checked_against_the_rules_and_the_rule_base(bank, assistant):
    rules = assistant.guide.rules.assessment
    assert [c.id for c in rules.criteria] == CRITERIA
    assert len(bank) >= 200
    verdicts = Counter(case.verdict for case in bank)
    assert set(verdicts) == set(VERDICTS) and min(verdicts.values()) >= 30, verdicts


def test_every_pattern_and_every_criterion_label_occurs(bank, assistant):
    patterns = Counter(case.pattern for case in bank)
    for pattern in assistant.guide.rules.assessment.patterns:
        assert patterns[pattern.id] >= 3, pattern.id
    for criterion in CRITERIA:
        labels = Counter(case.criteria[criterion] for case in bank)
        assert labels[True] >= 10 and labels[False] >= 10, (criterion, labels)
        # Who takes part is always said in a case; how they work together often is not.
        assert criterion == "public_private" or labels[None] >= 3, (criterion, labels)


def test_the_split_is_fixed_by_hash_and_holds_back_at_least_40_percent(bank):
    development = [case for case in bank if case.development]
    assert 0.45 <= len(development) / len(bank) <= 0.6
    held_out = Counter(case.verdict for case in bank if not case.development)
    assert all(held_out[v] >= 10 for v in VERDICTS), held_out


def _write(tmp_path, cases: str):
    path = tmp_path / "bank.yml"
    path.write_text("cases:\n" + cases, encoding="utf-8")
    return path


GOOD = f"""  - id: c1
    text: "Vi har sammen med foreningerne fundet problemet og løser det sammen som ligeværdige."
    verdict: Ja
    criteria: {ALL_YES}
    pattern: null
    passage: criteria
"""


def test_a_good_case_loads(tmp_path, assistant):
    (case,) = load_bank(_write(tmp_path, GOOD), CRITERIA, ["hoering"], assistant.advisor.passages)
    assert case.verdict == "Ja" and all(case.criteria.values()) and case.pattern is None


@pytest.mark.parametrize(
    "change, complaint",
    [
        (("verdict: Ja", "verdict: Måske"), "verdict must be one of"),
        (("define_together: ja", "define_together: maaske"), "criterion 'define_together'"),
        (("pattern: null", "pattern: hoeringer"), "unknown pattern 'hoeringer'"),
        (("passage: criteria", "passage: criteria#item99"), "passage 'criteria#item99'"),
        (("define_together: ja", "define_together: nej"), "verdict Ja needs every criterion 'ja'"),
        (('text: "Vi har', 'text: ""\n    x: "'), "needs a text"),
        (("id: c1", "id: ''"), "needs an id"),
    ],
)
def test_each_mistake_names_the_file_and_the_case(tmp_path, assistant, change, complaint):
    path = _write(tmp_path, GOOD.replace(*change))
    with pytest.raises(CaseBankError) as error:
        load_bank(path, CRITERIA, ["hoering"], assistant.advisor.passages)
    assert complaint in str(error.value) and str(path) in str(error.value)


def test_duplicate_ids_and_texts_are_named(tmp_path, assistant):
    twice = GOOD + GOOD.replace("id: c1", "id: c2")
    with pytest.raises(CaseBankError, match="same text as case 'c1'"):
        load_bank(_write(tmp_path, twice), CRITERIA, [], assistant.advisor.passages)
    with pytest.raises(CaseBankError, match="'c1': duplicate id"):
        load_bank(_write(tmp_path, GOOD + GOOD.replace("Vi har", "Nu har")), CRITERIA, [], assistant.advisor.passages)


def test_the_project_file_is_where_the_loader_looks():
    assert BANK_FILE.exists()


def test_the_cases_written_apart_load_checked_and_share_no_text_with_the_bank_or_each_other(assistant):
    from bot.cases.bank import APART_FILES, PROBES_FILE

    seen = {" ".join(c.text.lower().split()): c.id for c in load_checked(assistant)}
    ids = set(seen.values())
    for path in [*APART_FILES.values(), PROBES_FILE]:
        apart = load_checked(assistant, path)
        assert len(apart) >= 400 and {c.verdict for c in apart} == set(VERDICTS)
        texts = {" ".join(c.text.lower().split()): c.id for c in apart}
        assert not set(texts) & set(seen) and not set(texts.values()) & ids, path
        seen.update(texts)
        ids |= set(texts.values())
