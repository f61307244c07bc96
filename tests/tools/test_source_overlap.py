"""The source-overlap check: copied runs and near-copied sentences are found, named by file
and entry; canonical phrases and kept sentences are allowed; a missing sources folder is skipped out loud."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot import paths
from tools import source_overlap
from tools.cli import main
from tools.source_overlap import SourceOverlapError, check, content_texts, load_settings, report_lines, validate

# One source sentence of 21 words; none of the filler words below occur in it.
SOURCE = (
    "Samskabelse kræver at kommunen og borgerne sammen definerer problemet og derefter designer "
    "og gennemfører en ny og bedre løsning i fællesskab."
)
SOURCE_WORDS = SOURCE.rstrip(".").split()
OTHER_SOURCE = "Lederen skal turde slippe kontrollen, når frivillige og foreninger tager over."
FILLERS = ["helt", "klart", "nok", "vist", "jo", "altså", "typisk", "ofte", "gerne", "faktisk", "vel", "dog"]


def settings_text(**overrides) -> str:
    data = {"min_run": 12, "min_share": 0.6, "enforce": False, "canonical_phrases": [], "kept": []}
    data.update(overrides)
    return yaml.safe_dump(data, allow_unicode=True)


def make_project(
    tmp_path: Path, texts: list[str], *, more: list[str] | None = None, quiz: str | None = None, **settings
) -> dict:
    """Seeds, a small rule base (advice.yml, optionally guided/quiz.yml) and a settings file under tmp_path."""
    seeds = tmp_path / "seeds"
    seeds.mkdir(parents=True)
    (seeds / "000_a.txt").write_text(f"Titel\n\n{SOURCE}\n", encoding="utf-8")
    (seeds / "001_b.txt").write_text(OTHER_SOURCE + "\n", encoding="utf-8")
    (seeds / "README.md").write_text(SOURCE, encoding="utf-8")  # not a source text: ignored
    knowledge = tmp_path / "knowledge"
    (knowledge / "guided").mkdir(parents=True)
    (knowledge / "sources.yml").write_text(
        yaml.safe_dump(
            {
                "sources": [  # metadata: never compared
                    {"id": "kilde_a", "file": "000_a.txt", "name": SOURCE},
                    {"id": "kilde_b", "file": "001_b.txt", "name": "B"},
                ],
                "note": SOURCE,
            },
            allow_unicode=True,
        ),
        encoding="utf-8",
    )
    entries = [
        {"id": f"entry_{n}", "title": "T", "text": text, "source": "kilde_a", "related": ["x"]}
        for n, text in enumerate(texts)
    ]
    if more is not None:
        entries.append({"id": "recipe", "title": "T", "text": "Kort tekst.", "more": more, "source": "kilde_a"})
    (knowledge / "advice.yml").write_text(yaml.safe_dump({"entries": entries}, allow_unicode=True), encoding="utf-8")
    if quiz is not None:
        (knowledge / "guided" / "quiz.yml").write_text(
            yaml.safe_dump(
                {
                    "cards": [
                        {
                            "id": "havn",
                            "scenario": "En kort sag.",
                            "answer": "Ja",
                            "explanation": quiz,
                            "source": "kilde_a",
                            "criteria": ["public_private"],
                        }
                    ]
                },
                allow_unicode=True,
            ),
            encoding="utf-8",
        )
    settings_file = tmp_path / "source_overlap.yml"
    settings_file.write_text(settings_text(**settings), encoding="utf-8")
    return {"seeds": seeds, "knowledge_dir": knowledge, "settings_file": settings_file, "root": tmp_path}


def interleave(shared: list[str], fillers: int) -> str:
    """The shared words in order, with `fillers` filler words spread between them (no long run survives)."""
    out, extra = [], list(FILLERS[:fillers])
    for n, word in enumerate(shared):
        out.append(word)
        if extra and n % max(1, len(shared) // (fillers + 1)) == 0 and n < len(shared) - 1:
            out.append(extra.pop())
    out += extra
    return " ".join(out) + "."


# -- runs ---------------------------------------------------------------------
def test_a_copied_run_of_12_words_is_found_naming_file_entry_and_source(tmp_path):
    run = " ".join(SOURCE_WORDS[:12])
    project = make_project(tmp_path, [], more=["Første del.", f"Vi mener, at {run}, siger mange ledere hver dag."])
    report = check(**project)
    assert len(report.findings) == 1
    finding = report.findings[0]
    assert (finding.kind, finding.file, finding.entry, finding.source) == (
        "run",
        "knowledge/advice.yml",
        "recipe.more[1]",
        "kilde_a",
    )
    assert finding.shared == 12 and " ".join(finding.shared_words) == run.lower()
    line = str(finding)
    assert line.startswith("knowledge/advice.yml: recipe.more[1]: ") and "12 consecutive words" in line
    assert "kilde_a" in line


def test_an_11_word_run_is_not_a_finding(tmp_path):
    run = " ".join(SOURCE_WORDS[:11])
    project = make_project(tmp_path, [f"Vi mener, at {run}, siger mange ledere hver dag."])
    assert check(**project).findings == []


def test_guided_texts_are_checked_and_named_by_card_id_but_ids_and_cues_are_not(tmp_path):
    run = " ".join(SOURCE_WORDS[:14])
    project = make_project(tmp_path, [], quiz=f"Kilden siger: {run}.")
    (project["knowledge_dir"] / "guided" / "phases.yml").write_text(
        yaml.safe_dump({"phases": [{"id": "afklaring", "entry": "x", "cues": [run]}]}, allow_unicode=True),
        encoding="utf-8",
    )
    findings = check(**project).findings
    assert [(f.file, f.entry) for f in findings] == [("knowledge/guided/quiz.yml", "havn.explanation")]
    entries = {(t.file, t.entry) for t in content_texts(project["knowledge_dir"], project["root"])}
    assert ("knowledge/guided/phases.yml", "afklaring.cues[0]") not in entries
    assert not any(t.file == "knowledge/sources.yml" for t in content_texts(project["knowledge_dir"], project["root"]))


# -- sentences in order ---------------------------------------------------------
def test_a_sentence_sharing_12_words_in_order_with_words_inserted_is_found(tmp_path):
    sentence = interleave(SOURCE_WORDS[:12], 7)  # 12 of 19 words: 63 %
    project = make_project(tmp_path, [sentence])
    findings = check(**project).findings
    assert len(findings) == 1
    finding = findings[0]
    assert (finding.kind, finding.entry, finding.shared, finding.sentence_length) == (
        "sentence",
        "entry_0.text",
        12,
        19,
    )
    assert "shares 12 of its 19 words (63 %)" in str(finding)


def test_a_sentence_sharing_12_words_in_order_but_under_60_percent_is_not_found(tmp_path):
    sentence = interleave(SOURCE_WORDS[:12], 9)  # 12 of 21 words: 57 %
    assert check(**make_project(tmp_path / "a", [sentence])).findings == []
    # 16 of 22 words occur in the source sentence, but only 12 of them in order (55 %).
    sentence = "Bedre løsning i fællesskab: " + interleave(SOURCE_WORDS[:12], 6)
    assert check(**make_project(tmp_path / "b", [sentence])).findings == []


def test_a_sentence_sharing_only_11_words_in_order_is_not_found(tmp_path):
    # 12 of 14 words occur in the source sentence, 11 of them in order: fewer than 12.
    sentence = "Fællesskab: " + interleave(SOURCE_WORDS[:11], 2)
    assert check(**make_project(tmp_path, [sentence])).findings == []


# -- allowed ---------------------------------------------------------------------
def test_a_run_inside_a_canonical_phrase_is_allowed(tmp_path):
    phrase = " ".join(SOURCE_WORDS[:15])
    text = f"Kilden kalder det: «{phrase}»."
    assert len(check(**make_project(tmp_path / "plain", [text])).findings) == 1
    assert check(**make_project(tmp_path / "canonical", [text], canonical_phrases=[phrase])).findings == []


def test_canonical_words_do_not_count_towards_a_run(tmp_path):
    phrase = " ".join(SOURCE_WORDS[:6])
    run = " ".join(SOURCE_WORDS[:17])  # 6 canonical + 11 more copied words
    assert check(**make_project(tmp_path / "a", [run + "."], canonical_phrases=[phrase])).findings == []
    run = " ".join(SOURCE_WORDS[:18])  # 6 canonical + 12 more: a copy
    findings = check(**make_project(tmp_path / "b", [run + "."], canonical_phrases=[phrase])).findings
    assert [f.shared for f in findings] == [12]


def test_kept_sentence_suppresses_the_finding_and_is_listed(tmp_path):
    sentence = interleave(SOURCE_WORDS[:12], 7)
    kept = {
        "file": "knowledge/advice.yml",
        "entry": "entry_0",
        "sentence_start": " ".join(sentence.split()[:3]),
        "reason": "Kildens faste vending.",
    }
    report = check(**make_project(tmp_path / "kept", [sentence], kept=[kept], enforce=True))
    assert report.findings == [] and len(report.kept) == 1 and not report.failed
    assert any("kept:" in line and "Kildens faste vending." in line for line in report_lines(report, True))
    other_entry = dict(kept, entry="entry_1")
    report = check(**make_project(tmp_path / "other", [sentence], kept=[other_entry], enforce=True))
    assert len(report.findings) == 1 and report.failed
    assert any("matches no finding" in line for line in report_lines(report))


# -- normalisation ------------------------------------------------------------------
@pytest.mark.parametrize(
    "disguise",
    [
        lambda s: s.replace(" ", "\u00a0"),  # non-breaking spaces
        lambda s: s.upper(),  # case
        lambda s: s.replace("kommunen", "ｋｏｍｍｕｎｅｎ"),  # fullwidth letters
        lambda s: s.replace("borgerne", "bor\u00adgerne"),  # soft hyphen
        lambda s: s.replace(" og ", " **og** ", 1),  # Markdown
    ],
    ids=["nbsp", "upper", "fullwidth", "soft-hyphen", "markdown"],
)
def test_typography_does_not_hide_a_copy(tmp_path, disguise):
    text = disguise(" ".join(SOURCE_WORDS[:13]))
    findings = check(**make_project(tmp_path, [f"Vi skriver: {text}."])).findings
    assert [f.kind for f in findings] == ["run"] and findings[0].shared == 13


# -- sources folder ---------------------------------------------------------------
def test_a_missing_sources_folder_is_skipped_with_a_clear_message(tmp_path):
    project = make_project(tmp_path, [" ".join(SOURCE_WORDS)])
    project["seeds"] = tmp_path / "nowhere"
    outcome = validate(**project)
    assert outcome.ok
    assert outcome.lines == [
        f"Source overlap: sources not found at {tmp_path / 'nowhere'}; the overlap check "
        f"was skipped (set SAMSKABELSE_SEEDS_DIR to the folder with the five source texts "
        f"to run it)."
    ]


def test_the_seeds_folder_comes_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("SAMSKABELSE_SEEDS_DIR", str(tmp_path / "elsewhere"))
    assert source_overlap.seeds_dir() == tmp_path / "elsewhere"
    monkeypatch.delenv("SAMSKABELSE_SEEDS_DIR")
    assert source_overlap.seeds_dir() == paths.ROOT.parent / "shared" / "seeds"


@pytest.mark.parametrize(
    "breakage, complaint",
    [
        (lambda seeds: [p.unlink() for p in seeds.glob("*.txt")], "no source texts"),
        (lambda seeds: (seeds / "000_a.txt").write_bytes(b"\xff\xfe ikke utf-8 \xff"), "cannot read the source text"),
        (lambda seeds: (seeds / "000_a.txt").write_text("  \n", encoding="utf-8"), "the source text is empty"),
        (lambda seeds: (seeds / "001_b.txt").unlink(), "001_b.txt"),  # named in sources.yml
    ],
    ids=["empty", "not-utf8", "blank", "named-file-missing"],
)
def test_a_sources_folder_that_exists_but_is_incomplete_fails(tmp_path, breakage, complaint):
    project = make_project(tmp_path, ["Kort tekst."])
    breakage(project["seeds"])
    with pytest.raises(SourceOverlapError, match=complaint):
        validate(**project)


# -- settings ------------------------------------------------------------------------
@pytest.mark.parametrize(
    "settings, key",
    [
        ({"min_run": "tolv"}, "min_run"),
        ({"min_run": True}, "min_run"),
        ({"min_share": 1.5}, "min_share"),
        ({"enforce": "yes"}, "enforce"),
        ({"canonical_phrases": "Hvad vil vi opnå?"}, "canonical_phrases"),
        ({"canonical_phrases": ["", "x"]}, "canonical_phrases"),
        ({"kept": [{"file": "a.yml", "entry": "e", "sentence_start": "Det"}]}, "kept"),
        ({"kept": [{"file": "a.yml", "entry": "e", "sentence_start": "Det", "reason": "r", "extra": 1}]}, "kept"),
        ({"kept": "ingen"}, "kept"),
    ],
    ids=[
        "min_run-text",
        "min_run-bool",
        "min_share",
        "enforce",
        "phrases-text",
        "phrases-empty",
        "kept-no-reason",
        "kept-extra-key",
        "kept-text",
    ],
)
def test_a_bad_settings_file_names_file_and_key(tmp_path, settings, key):
    path = tmp_path / "source_overlap.yml"
    path.write_text(settings_text(**settings), encoding="utf-8")
    with pytest.raises(SourceOverlapError) as error:
        load_settings(path)
    assert str(error.value).startswith(f"{path}: '{key}' ")


def test_a_missing_or_unknown_settings_key_is_named(tmp_path):
    path = tmp_path / "source_overlap.yml"
    path.write_text("min_run: 12\nmin_share: 0.6\nenforce: false\nkept: []\n", encoding="utf-8")
    with pytest.raises(SourceOverlapError, match=r"'canonical_phrases' is missing"):
        load_settings(path)
    path.write_text(settings_text(min_runs=3), encoding="utf-8")
    with pytest.raises(SourceOverlapError, match=r"unknown key\(s\) 'min_runs'"):
        load_settings(path)


def test_the_project_settings_file_is_valid():
    settings = load_settings()
    assert settings.min_run == 12 and settings.min_share == 0.6


# -- enforcement ------------------------------------------------------------------------
def test_enforce_true_makes_validate_fail_naming_file_and_entry(tmp_path):
    text = f"Vi mener, at {' '.join(SOURCE_WORDS[:12])}."
    outcome = validate(**make_project(tmp_path / "on", [text], enforce=True))
    assert not outcome.ok
    assert any(line.startswith("  - knowledge/advice.yml: entry_0.text: ") for line in outcome.lines)
    outcome = validate(**make_project(tmp_path / "off", [text], enforce=False))
    assert outcome.ok and outcome.lines[0].startswith("Source overlap: 1 finding(s)")
    assert "not enforced yet" in outcome.lines[0]


def test_clean_content_is_ok(tmp_path):
    outcome = validate(
        **make_project(tmp_path, ["Vi skriver det med vores egne ord, kort og klart til lederen."], enforce=True)
    )
    assert outcome.ok and outcome.lines[0].startswith("Source overlap OK: ")


# -- wiring into `python -m tools validate` and `python -m tools source-overlap` --------------------------
def _copy_of_real_content(tmp_path: Path) -> tuple[Path, str, str]:
    """A seeds folder whose only text is a real content string, so the real rule base copies it."""
    text = next(t for t in content_texts() if len(source_overlap.words(t.text)) >= 20)
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    names = {
        item["file"]
        for item in yaml.safe_load((paths.KNOWLEDGE_DIR / "sources.yml").read_text(encoding="utf-8"))["sources"]
    }
    for name in names:
        (seeds / name).write_text("Intet til fælles her.\n", encoding="utf-8")
    (seeds / sorted(names)[0]).write_text(text.text, encoding="utf-8")
    return seeds, text.file, text.entry


def test_cli_validate_fails_with_enforce_true_and_names_file_and_entry(tmp_path, monkeypatch, capsys):
    seeds, file, entry = _copy_of_real_content(tmp_path)
    settings = tmp_path / "source_overlap.yml"
    settings.write_text(settings_text(enforce=True), encoding="utf-8")
    monkeypatch.setenv("SAMSKABELSE_SEEDS_DIR", str(seeds))
    monkeypatch.setattr(source_overlap.reading, "SETTINGS_FILE", settings)
    assert main(["validate"]) == 1
    assert f"{file}: {entry}: " in capsys.readouterr().err
    settings.write_text(settings_text(enforce=False), encoding="utf-8")
    assert main(["validate"]) == 0
    assert f"{file}: {entry}: " in capsys.readouterr().out


def test_cli_validate_skips_without_sources_and_source_overlap_command_fails(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("SAMSKABELSE_SEEDS_DIR", str(tmp_path / "nowhere"))
    assert main(["validate"]) == 0
    assert "the overlap check was skipped" in capsys.readouterr().out
    assert main(["source-overlap"]) == 1
    assert f"sources not found at {tmp_path / 'nowhere'}" in capsys.readouterr().err


def test_cli_source_overlap_lists_findings(tmp_path, capsys):
    seeds, file, entry = _copy_of_real_content(tmp_path)
    assert main(["source-overlap", "--seeds", str(seeds)]) == 1
    assert f"{file}: {entry}: " in capsys.readouterr().out


@pytest.mark.skipif(not source_overlap.DEFAULT_SEEDS_DIR.is_dir(), reason="../shared/seeds is not here")
def test_the_real_content_copies_no_source_and_the_check_is_enforced():
    report = check(source_overlap.DEFAULT_SEEDS_DIR)
    assert report.sources == 5 and report.texts > 100
    assert report.findings == [], report_lines(report)
    assert source_overlap.load_settings().enforce
