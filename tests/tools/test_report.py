"""Insight report (`make report`): figures from events written in Rasa's schema, checked by hand."""

from __future__ import annotations

import contextlib
import io
import sqlite3
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
import yaml
from report_store import (
    DAY1,
    DAY2,
    EXPECTED,
    PERSONAL,
    UTC,
    Store,
    fill,
)

from bot import paths
from bot.privacy import labels as privacy_labels
from tools.cli import main as cli_main
from tools.report.build import write_report
from tools.report.charts import CHART_FILES
from tools.report.events import read_events
from tools.report.insights import analyse
from tools.report.markdown import topic_titles
from tools.report.masking import mask_personal_data
from tools.report.texts import ReportError, ReportTexts
from tools.servers import free_port


@pytest.fixture(scope="module")
def texts() -> ReportTexts:
    return ReportTexts.load()


@pytest.fixture()
def store(tmp_path) -> Store:
    store = Store(tmp_path / "tracker.db")
    fill(store)
    store.close()
    return store


def day(timestamp: float):
    return datetime.fromtimestamp(timestamp, UTC).date()


def test_figures_follow_what_happened_in_each_conversation(store, texts):
    insights = analyse(read_events(store.url, texts), texts, tz=UTC)
    assert dict(insights.conversations_per_day) == {day(ts): n for ts, n in EXPECTED["conversations"].items()}
    assert dict(insights.messages_per_day) == {day(ts): n for ts, n in EXPECTED["messages"].items()}
    assert insights.senders == EXPECTED["senders"]
    assert insights.typed == EXPECTED["typed"]
    assert insights.ledetraade_answers == EXPECTED["ledetraade_answers"]
    assert insights.off_topic == EXPECTED["off_topic"]
    assert insights.fallback == EXPECTED["fallback"]
    assert dict(insights.topics) == EXPECTED["topics"]
    assert (insights.ledetraade_started, insights.ledetraade_completed, insights.ledetraade_stopped) == EXPECTED["walk"]
    assert (insights.quiz_started, insights.quiz_finished, insights.quiz_stopped) == EXPECTED["quiz"]
    assert dict(insights.quiz_scores) == EXPECTED["scores"]


def test_examples_of_what_was_not_understood_are_masked(store, texts):
    insights = analyse(read_events(store.url, texts), texts, tz=UTC)
    shown = [text for text, _ in insights.newest_examples(insights.fallback_examples, 10)]
    assert shown[0] == "blorp fnug"  # newest first
    assert "hvad er de fem?" in shown
    name_example = next(text for text in shown if "hedder" in text)
    everything = "\n".join(shown + list(insights.off_topic_examples))
    for value in PERSONAL:
        assert value not in everything, value
    for label in (texts("names.label"), privacy_labels()["email"], privacy_labels()["phone"], privacy_labels()["cpr"]):
        assert label in name_example, label
    # Walk-through answers (free text, here with a name) never become examples.
    assert "foreningerne" not in everything and "Strikkeklubben" not in everything
    assert list(insights.off_topic_examples) == ["Hvordan bliver vejret i morgen?"]


def row(*cells) -> str:
    return "| " + " | ".join(str(c) for c in cells) + " |"


def test_markdown_report_with_charts(store, texts, kb, tmp_path):
    out = tmp_path / "report"
    result = write_report(store.url, out, texts=texts, tz=UTC)
    md = result.path.read_text(encoding="utf-8")
    t = texts
    assert md.startswith(f"# {t('title')}")
    assert row(t("overview.conversations"), 6) in md
    assert row(t("overview.messages"), 46) in md
    assert row(t("overview.typed"), 14) in md
    assert row(t("overview.senders"), 5) in md
    assert row("2026-03-03", 2, 23) in md
    # Topics under the rule base's titles, most asked first.
    title = lambda intent: kb.entries[kb.routes[intent].entry].title  # noqa: E731
    menu = {item.intent: item.title for item in kb.menu}
    assert row(1, menu["quiz"], 4, t("formats.percent", value="40,0")) in md
    assert row(2, title("ask_staircase"), 2, t("formats.percent", value="20,0")) in md
    assert row(3, texts.raw("topic_titles")["start_ledetraade"], 2, t("formats.percent", value="20,0")) in md
    assert title("ask_leader_tasks") in md and title("ask_definition") in md
    # 1 of 14 typed messages off topic, 3 of 14 not understood.
    assert row(t("understanding.off_topic"), 1, t("formats.percent", value="7,1")) in md
    assert row(t("understanding.fallback"), 3, t("formats.percent", value="21,4")) in md
    assert row(t("understanding.understood"), 10, t("formats.percent", value="71,4")) in md
    assert row(t("ledetraade.started"), 2) in md and row(t("ledetraade.completed"), 1) in md
    assert row(t("ledetraade.stopped"), 1) in md
    assert row(t("quiz.started"), 4) in md and row(t("quiz.finished"), 2) in md
    assert row(t("quiz.stopped"), 1) in md and row(t("quiz.unfinished"), 1) in md
    assert row(t("quiz.average"), t("formats.percent", value="55,0")) in md  # 11 of 20
    assert row(t("formats.score", score=7, total=10), 1) in md and row(t("formats.score", score=4, total=10), 1) in md
    for value in PERSONAL:
        assert value not in md, value
    # Every chart is referenced and is a real PNG.
    assert sorted(p.name for p in result.charts) == sorted(CHART_FILES.values())
    for chart in result.charts:
        assert f"]({chart.name})" in md
        assert_png(chart)


def assert_png(path: Path) -> None:
    from matplotlib.image import imread

    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", path
    height, width = imread(str(path)).shape[:2]
    assert width > 100 and height > 100, path


def test_charts_without_data_are_left_out_and_old_ones_removed(tmp_path, texts):
    out = tmp_path / "report"
    out.mkdir()
    (out / CHART_FILES["quiz"]).write_bytes(b"stale")
    store = Store(tmp_path / "t.db")
    store.at("x", DAY1).session()
    store.turn("Hvad er samskabelse?", "ask_definition", "action_answer")
    store.close()
    result = write_report(store.url, out, texts=texts, tz=UTC)
    md = result.path.read_text(encoding="utf-8")
    assert {p.name for p in result.charts} == {CHART_FILES[k] for k in ("per_day", "topics", "understanding")}
    assert not (out / CHART_FILES["quiz"]).exists()
    assert texts("quiz.none") in md and texts("ledetraade.none") in md


@pytest.mark.parametrize("make_table", [False, True])
def test_an_empty_store_gives_a_clear_report(tmp_path, texts, make_table):
    db = tmp_path / "empty.db"
    with sqlite3.connect(db) as conn:
        if make_table:
            conn.execute(
                "CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id TEXT, type_name TEXT, "
                "timestamp FLOAT, intent_name TEXT, action_name TEXT, data TEXT)"
            )
    out = tmp_path / "report"
    result = run_cli("--db", f"sqlite:///{db}", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert texts("messages.empty_written", path=out / "report.md") in result.stdout
    md = (out / "report.md").read_text(encoding="utf-8")
    assert texts("empty") in md
    assert not list(out.glob("*.png"))


def run_command(*args: str) -> subprocess.CompletedProcess:
    """`python -m tools report …` as an operator runs it, listing every module it imports on stderr."""
    return subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "tools", "report", *args],
        cwd=paths.ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def imported_modules(importtime: str) -> list[str]:
    """Module names from `-X importtime` lines ("import time: self | cumulative | name")."""
    return [line.split("|")[-1].strip() for line in importtime.splitlines() if line.startswith("import time:")]


def run_cli(*args: str) -> subprocess.CompletedProcess:
    """The same command line run in this process, where the report's imports are already loaded."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = cli_main(["report", *args])
        except SystemExit as exc:
            code = exc.code
    return subprocess.CompletedProcess(args, code, out.getvalue(), err.getvalue())


def test_command_writes_the_report_without_importing_rasa(store, texts, tmp_path):
    out = tmp_path / "out"
    result = run_command("--db", store.url, "--out", str(out), "--top", "2")
    assert result.returncode == 0, result.stderr
    modules = imported_modules(result.stderr)
    assert "tools.report.build" in modules and "matplotlib" in modules  # the listing is complete
    assert not [m for m in modules if m == "rasa" or m.startswith(("rasa.", "rasa_sdk"))]
    assert texts("messages.written", path=out / "report.md") in result.stdout
    md = (out / "report.md").read_text(encoding="utf-8")
    assert texts("topics.intro", top=2) in md
    section = md.split(f"## {texts('topics.heading')}")[1].split("\n## ")[0]
    ranks = [line.split("|")[1].strip() for line in section.splitlines() if line.startswith("| ")][1:]
    assert ranks == ["1", "2"]


def test_a_missing_sqlite_file_is_an_error_and_is_not_created(tmp_path, texts):
    db = tmp_path / "nowhere" / "tracker.db"
    result = run_cli("--db", f"sqlite:///{db}", "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    assert texts("messages.missing_database", database=str(db)) in result.stderr
    assert not db.exists() and not (tmp_path / "out" / "report.md").exists()


def test_an_unreachable_database_is_a_danish_error_without_the_password(tmp_path, texts):
    url = f"postgresql://rasa:hemmeligt@127.0.0.1:{free_port()}/rasa"
    result = run_cli("--db", url, "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    first_words = texts.raw("messages.unreachable").split("{database}")[0].strip()
    assert result.stderr.startswith(first_words), result.stderr
    assert "127.0.0.1" in result.stderr and "hemmeligt" not in result.stderr
    assert "Traceback" not in result.stderr


def test_a_bad_address_is_a_danish_error(texts):
    with pytest.raises(ReportError) as caught:
        list(read_events("nosuchdialect://x/y", texts))
    assert str(caught.value).startswith(texts.raw("messages.bad_address").split("{database}")[0].strip())


@pytest.mark.parametrize(
    "text, hidden, kept",
    [
        ("Jeg hedder Lone Hansen og vil vide noget", ["Lone", "Hansen"], ["Jeg hedder", "og vil vide noget"]),
        ("Mette Frederiksen spørger: hvad er de fem?", ["Mette", "Frederiksen"], ["spørger: hvad er de fem?"]),
        ("hej jeg hedder lone og er leder", ["lone"], ["hej jeg hedder", "og er leder"]),
        ("Kan Per hjælpe mig?", ["Per"], ["Kan", "hjælpe mig?"]),
        ("mvh Bo", ["Bo"], ["mvh"]),
        (
            "skriv til a.b@kommune.dk eller 12 34 56 78, cpr 0101901234",
            ["a.b@kommune.dk", "12 34 56 78", "0101901234"],
            ["skriv til"],
        ),
        ("Hvordan bliver vejret i morgen?", [], ["Hvordan bliver vejret i morgen?"]),
        ("HVAD ER SAMSKABELSE", [], ["HVAD ER SAMSKABELSE"]),
        ("spørg [Lone] om det", ["Lone"], ["spørg [", "] om det"]),
    ],
)
def test_masking_hides_names_and_contact_data(texts, text, hidden, kept):
    masked = mask_personal_data(text, texts)
    for value in hidden:
        assert value not in masked, masked
    for value in kept:
        assert value in masked, masked
    assert (texts("names.label") in masked or any(label in masked for label in privacy_labels().values())) == bool(
        hidden
    )


@pytest.mark.parametrize(
    "text, label",
    [
        ("cpr 010190\u00a01234 hvad nu", "cpr"),
        ("cpr 010190\u202f-\u202f1234 hvad nu", "cpr"),
        ("cpr 010190\n1234 hvad nu", "cpr"),
        ("cpr 0101\u200b90-1234 hvad nu", "cpr"),
        ("ring 23\u200945\u200967\u200988 hvad nu", "phone"),
        ("skriv lone\u200b@aarhus.dk hvad nu", "email"),
    ],
    ids=["nbsp", "narrow-nbsp-around-hyphen", "line-break", "zero-width-space", "thin-spaces", "zero-width-email"],
)
def test_report_masks_contact_data_hidden_by_unicode(texts, text, label):
    """The report prints the normalised, whitespace-collapsed text, so it must mask exactly that text."""
    masked = mask_personal_data(text, texts)
    assert privacy_labels()[label] in masked, masked
    assert not any(char.isdigit() for char in masked), masked
    assert "lone" not in masked and "\u200b" not in masked and "\u00a0" not in masked, masked
    assert masked.endswith(" hvad nu"), masked


def test_topic_titles_come_from_the_rule_base_then_the_report_texts(texts, kb, knowledge_copy):
    titles = topic_titles(texts)
    for intent, route in kb.routes.items():
        assert titles[intent] == kb.entries[route.entry].title
    assert titles["ask_which_form"] == next(m.title for m in kb.menu if m.intent == "ask_which_form")
    assert titles["start_ledetraade"] == texts.raw("topic_titles")["start_ledetraade"]
    # A rule base that does not load costs its titles, not the report.
    (knowledge_copy / "routes.yml").write_text("routes: [", encoding="utf-8")
    assert topic_titles(texts, knowledge_copy) == {str(k): v for k, v in texts.raw("topic_titles").items()}


def test_texts_are_read_from_the_yaml_file(store, tmp_path):
    data = yaml.safe_load((paths.ROOT / "data" / "report.yml").read_text(encoding="utf-8"))
    data["quiz"]["heading"] = "Quiz-overskrift fra en kopi"
    data["formats"]["decimal_separator"] = "·"
    copy = tmp_path / "report.yml"
    copy.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    texts = ReportTexts.load(copy)
    md = write_report(store.url, tmp_path / "out", texts=texts, tz=UTC).path.read_text(encoding="utf-8")
    assert "## Quiz-overskrift fra en kopi" in md and "55·0" in md
    del data["quiz"]["heading"]
    copy.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(KeyError, match="quiz.heading"):
        write_report(store.url, tmp_path / "out2", texts=ReportTexts.load(copy), tz=UTC)


def test_demo_conversations_are_left_out_unless_asked_for(tmp_path, texts):
    from tools.rest_client import new_sender

    store = Store(tmp_path / "tracker.db")
    # As the REST channel stores them: with its prefix.
    store.at("rest:leder-1", 1_700_000_000.0).session()
    store.turn("Hvad er samskabelse?", "ask_definition", "action_answer")
    for _ in range(2):  # two trainers' showcases, each a fresh demo sender
        store.at(f"rest:{new_sender()}", 1_700_000_500.0).session()
        store.turn("Hvad er samskabelse?", "ask_definition", "action_answer")
        store.turn("quiz", "quiz", "action_quiz_start")
    store.close()
    real = analyse(read_events(store.url, texts), texts, tz=UTC)
    assert (real.senders, real.messages, real.demo_senders) == (1, 1, 2)
    assert dict(real.topics) == {"ask_definition": 1}
    everything = analyse(read_events(store.url, texts), texts, tz=UTC, include_demo=True)
    assert (everything.senders, everything.messages, everything.demo_senders) == (3, 5, 0)
    out = tmp_path / "out"
    assert run_cli("--db", store.url, "--out", str(out)).returncode == 0
    assert texts.counted("demo_left_out", count=2) in (out / "report.md").read_text(encoding="utf-8")
    assert run_cli("--db", store.url, "--out", str(out), "--include-demo").returncode == 0
    assert texts.counted("demo_left_out", count=2) not in (out / "report.md").read_text(encoding="utf-8")


def test_one_demo_conversation_is_singular_and_two_are_plural(tmp_path, texts):
    from tools.rest_client import new_sender

    for count, expected in (
        (1, "1 demosamtale fra `make demo` er ikke talt med"),
        (2, "2 demosamtaler fra `make demo` er ikke talt med"),
    ):
        store = Store(tmp_path / f"tracker-{count}.db")
        store.at("rest:leder-1", 1_700_000_000.0).session()
        store.turn("Hvad er samskabelse?", "ask_definition", "action_answer")
        for _ in range(count):
            store.at(f"rest:{new_sender()}", 1_700_000_500.0).session()
            store.turn("Hej", "greet", "action_answer")
        store.close()
        md = write_report(store.url, tmp_path / f"out-{count}", texts=texts, tz=UTC).path.read_text(encoding="utf-8")
        flat = " ".join(md.split())
        assert expected in flat
        assert ("tage den med" if count == 1 else "tage dem med") in flat


def test_counted_texts_pick_singular_or_plural(texts, tmp_path):
    assert texts.counted("formats.example_repeated", text="`hej`", count=1) == "`hej` (1 gang)"
    assert texts.counted("formats.example_repeated", text="`hej`", count=3) == "`hej` (3 gange)"
    assert texts.counted("formats.count_times", count=1) == "1 gang"
    assert texts.counted("formats.count_times", count=0) == "0 gange"
    # A text written as {one, other} in the YAML decides itself.
    source = tmp_path / "report.yml"
    source.write_text('x:\n  one: "{count} samtale"\n  other: "{count} samtaler"\n', encoding="utf-8")
    own = ReportTexts.load(source)
    assert [own.counted("x", count=n) for n in (0, 1, 2)] == ["0 samtaler", "1 samtale", "2 samtaler"]


def test_ledetraades_neither_completed_nor_stopped_are_not_finished(tmp_path, texts):
    """Started three times: one completed, one started again from step 1 (the earlier one left), one left.

    The table and the chart show "ikke afsluttet" as started minus completed minus stopped (here 2), so
    the outcomes add up to the walk-throughs started.
    """
    store = Store(tmp_path / "tracker.db")
    store.at("lea", DAY1).session()
    store.turn("/start_ledetraade", "start_ledetraade", "action_ledetraade_start")
    store.turn("/start_ledetraade", "start_ledetraade", "action_ledetraade_start")  # started again
    store.turn("svar", "out_of_scope", "ledetraade_form", "action_ledetraade_summary")
    store.at("mik", DAY2).session()
    store.turn("/start_ledetraade", "start_ledetraade", "action_ledetraade_start")  # left halfway
    store.close()
    result = write_report(store.url, tmp_path / "out", texts=texts, tz=UTC)
    insights = result.insights
    assert (insights.ledetraade_started, insights.ledetraade_completed, insights.ledetraade_stopped) == (3, 1, 0)
    assert insights.ledetraade_unfinished == 2
    md = result.path.read_text(encoding="utf-8")
    ledetraade = md.split(f"## {texts('ledetraade.heading')}")[1].split("## ")[0]
    assert row(texts("ledetraade.started"), 3) in ledetraade and row(texts("ledetraade.completed"), 1) in ledetraade
    assert row(texts("ledetraade.stopped"), 0) in ledetraade
    assert row("Ikke afsluttet (forladt eller startet forfra)", 2) in ledetraade
    assert CHART_FILES["ledetraade"] in {p.name for p in result.charts}


def test_ledetraade_chart_has_the_not_finished_bar(tmp_path, texts, monkeypatch):
    """The chart gets the same four bars as the table, with the same counts."""
    from tools.report import charts as report_charts

    drawn = {}

    def record(names, counts, title, ylabel, path):
        drawn.update(names=list(names), counts=list(counts))

    monkeypatch.setattr(report_charts, "counts_chart", record)
    store = Store(tmp_path / "tracker.db")
    store.at("lea", DAY1).session()
    store.turn("/start_ledetraade", "start_ledetraade", "action_ledetraade_start")
    store.turn("/start_ledetraade", "start_ledetraade", "action_ledetraade_start")
    store.turn("stop", "stop", "action_deactivate_loop", "action_ledetraade_stop")
    store.close()
    write_report(store.url, tmp_path / "out", texts=texts, tz=UTC)
    assert drawn["names"] == [
        texts("ledetraade.started"),
        texts("ledetraade.completed"),
        texts("ledetraade.stopped"),
        "Ikke afsluttet (forladt eller startet forfra)",
    ]
    assert drawn["counts"] == [2, 0, 1, 1]
