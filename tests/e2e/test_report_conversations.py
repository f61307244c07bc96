"""`make report` on a store filled by real conversations over REST, in SQLite and in PostgreSQL.

The conversations are checked as they happen (each reply is the one the rule
base gives), so the figures the report must show follow from what was sent:
a topic question, an off-topic message, a message with a name and an e-mail
that is not understood, the five ledetråde walked through, one quiz answered
card by card to its score and one stopped.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from chat import buttons, sender, texts
from services import Postgres

from bot import paths
from bot.privacy import labels as privacy_labels
from tools.report.charts import CHART_FILES
from tools.report.markdown import topic_titles
from tools.report.texts import ReportTexts
from tools.servers import Servers

pytestmark = pytest.mark.server

NAME_MESSAGE = "Jeg er Lone Hansen, skriv til lone.hansen@aarhus.dk – hvad er de fem?"
LEDETRAADE_ANSWERS = [
    "Mindre ensomhed",
    "Kirsten Nielsen fra foreningerne",
    "Kaffemøder",
    "Strikkeklubben",
    "Boligforeningen",
]
PERSONAL = ["Lone", "Hansen", "lone.hansen@aarhus.dk", "Kirsten", "Nielsen"]


@dataclass
class Sent:
    """What the test sent and what the replies showed happened."""

    senders: set[str] = field(default_factory=set)
    messages: int = 0
    typed: int = 0
    topics: dict[str, int] = field(default_factory=dict)
    quiz_score: tuple[int, int] | None = None
    # How the assistant took the unclear message with personal data: "fallback" or "off_topic".
    unclear_as: str = "fallback"

    def send(self, assistant: Servers, user: str, message: str) -> list[dict]:
        self.senders.add(user)
        self.messages += 1
        self.typed += not message.startswith("/")
        return assistant.send(user, message)

    def asked(self, intent: str) -> None:
        self.topics[intent] = self.topics.get(intent, 0) + 1


def step(guides, number: int) -> str:
    ledetraade = guides.ledetraade
    return ledetraade.texts["step"].format(number=number, question=ledetraade.steps[number - 1].question)


def converse(assistant: Servers, advisor, kb, guides) -> Sent:
    sent = Sent()
    # A topic question.
    reply = sent.send(assistant, sender("report"), "Hvad er samskabelse?")
    assert texts(reply)[0] == advisor.answer("ask_definition").messages[0].text
    sent.asked("ask_definition")
    # Off topic.
    reply = sent.send(assistant, sender("report"), "Hvordan bliver vejret i morgen?")
    assert texts(reply)[0] == kb.message("out_of_scope").text
    # Unclear, with a name and an e-mail address in it: NLU may take it as not understood or as off-topic
    # (which one depends on the model); the report must show it, masked, where the reply said.
    reply = sent.send(assistant, sender("report"), NAME_MESSAGE)
    not_understood = (kb.message("fallback_affirm").text, kb.message("fallback_rephrase").text)
    assert texts(reply)[0] in not_understood + (kb.message("out_of_scope").text,), reply
    sent.unclear_as = "fallback" if texts(reply)[0] in not_understood else "off_topic"
    # The five ledetråde, started and completed (the answers are taken as answers, whatever NLU thinks of them).
    user = sender("report")
    assert texts(sent.send(assistant, user, "gennemgå de fem ledetråde med mig"))[-1] == step(guides, 1)
    sent.asked("start_ledetraade")
    for number, answer in enumerate(LEDETRAADE_ANSWERS, start=1):
        reply = sent.send(assistant, user, answer)
        if number < 5:
            assert texts(reply) == [step(guides, number + 1)]
    assert all(answer in "\n".join(texts(reply)) for answer in LEDETRAADE_ANSWERS)
    # The quiz, answered card by card with the answer buttons: right on odd cards, wrong on even ones.
    quiz = guides.quiz
    user = sender("report")
    question = sent.send(assistant, user, "/quiz")[-1]
    sent.asked("quiz")
    right = 0
    for number in range(1, len(quiz.cards) + 1):
        card = next(c for c in quiz.cards if c.scenario in question["text"])
        given = card.answer if number % 2 else next(v for v in ("Ja", "Nej", "Delvist") if v != card.answer)
        right += given == card.answer
        payload = next(p for _, p in buttons(question) if f'"quiz_verdict":"{given}"' in p)
        question = sent.send(assistant, user, payload)[-1]
    assert quiz.texts["score"].format(score=right, total=len(quiz.cards)) in question["text"]
    sent.quiz_score = (right, len(quiz.cards))
    # A second quiz, one card answered, then stopped with its stop button.
    user = sender("report")
    question = sent.send(assistant, user, "/quiz")[-1]
    sent.asked("quiz")
    card = next(c for c in quiz.cards if c.scenario in question["text"])
    payload = next(p for _, p in buttons(question) if f'"quiz_verdict":"{card.answer}"' in p)
    question = sent.send(assistant, user, payload)[-1]
    stop = next(p for title, p in buttons(question) if title == quiz.texts["stop_button"])
    stopped = sent.send(assistant, user, stop)
    assert stopped[0]["text"].startswith(quiz.texts["stopped"].format(score=1, answered=1, total=len(quiz.cards)))
    return sent


def row(*cells) -> str:
    return "| " + " | ".join(str(c) for c in cells) + " |"


def percent(texts: ReportTexts, part: int, whole: int) -> str:
    value = f"{100 * part / whole:.1f}".replace(".", texts("formats.decimal_separator"))
    return texts("formats.percent", value=value)


def section(md: str, heading: str) -> str:
    return md.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]


def table_rows(text: str) -> list[list[str]]:
    rows = [
        [c.strip() for c in line.strip().strip("|").split("|")] for line in text.splitlines() if line.startswith("| ")
    ]
    return rows[1:]  # without the header


def check_report(db_url: str, out: Path, sent: Sent) -> None:
    t = ReportTexts.load()
    result = subprocess.run(
        [sys.executable, "-m", "tools", "report", "--db", db_url, "--out", str(out)],
        cwd=paths.ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert t("messages.written", path=out / "report.md") in result.stdout
    md = (out / "report.md").read_text(encoding="utf-8")

    assert row(t("overview.conversations"), len(sent.senders)) in md
    assert row(t("overview.senders"), len(sent.senders)) in md
    assert row(t("overview.messages"), sent.messages) in md
    assert row(t("overview.typed"), sent.typed) in md
    per_day = table_rows(section(md, t("per_day.heading")))
    assert sum(int(r[1]) for r in per_day) == len(sent.senders)
    assert sum(int(r[2]) for r in per_day) == sent.messages

    titles = topic_titles(t)
    topics = table_rows(section(md, t("topics.heading")))
    total = sum(sent.topics.values())
    expected = sorted(sent.topics.items(), key=lambda item: (-item[1], item[0]))
    assert topics == [
        [str(rank), titles[intent], str(count), percent(t, count, total)]
        for rank, (intent, count) in enumerate(expected, start=1)
    ]

    understanding = section(md, t("understanding.heading"))
    off_topic = 1 + (sent.unclear_as == "off_topic")
    fallback = int(sent.unclear_as == "fallback")
    assert row(t("understanding.off_topic"), off_topic, percent(t, off_topic, sent.typed)) in understanding
    assert row(t("understanding.fallback"), fallback, percent(t, fallback, sent.typed)) in understanding
    examples = {
        kind: understanding.split(t(f"understanding.examples_{kind}"))[1].split("###")[0]
        for kind in ("fallback", "off_topic")
        if t(f"understanding.examples_{kind}") in understanding
    }
    masked = [
        line for line in examples[sent.unclear_as].splitlines() if line.startswith("- ") and "hvad er de fem?" in line
    ]
    assert len(masked) == 1
    assert t("names.label") in masked[0] and privacy_labels()["email"] in masked[0]
    assert "Hvordan bliver vejret i morgen?" in examples["off_topic"]

    ledetraade = section(md, t("ledetraade.heading"))
    assert row(t("ledetraade.started"), 1) in ledetraade and row(t("ledetraade.completed"), 1) in ledetraade
    assert row(t("ledetraade.stopped"), 0) in ledetraade

    quiz = section(md, t("quiz.heading"))
    score, cards = sent.quiz_score
    assert row(t("quiz.started"), 2) in quiz and row(t("quiz.finished"), 1) in quiz
    assert row(t("quiz.stopped"), 1) in quiz and row(t("quiz.unfinished"), 0) in quiz
    assert row(t("formats.score", score=score, total=cards), 1) in quiz
    assert row(t("quiz.average"), percent(t, score, cards)) in quiz

    for value in PERSONAL:
        assert value not in md, value
    for name in CHART_FILES.values():
        png = out / name
        assert f"]({name})" in md
        data = png.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n", name
        from matplotlib.image import imread

        assert min(imread(str(png)).shape[:2]) > 100, name


def test_report_from_real_conversations_in_sqlite(tmp_path, advisor, kb, guides):
    db = tmp_path / "tracker.db"
    with Servers(workdir=tmp_path / "server", tracker_db=db) as assistant:
        sent = converse(assistant, advisor, kb, guides)
        # While the assistant runs, as the owner would.
        check_report(f"sqlite:///{db}", tmp_path / "report", sent)


def test_report_from_real_conversations_in_postgresql(tmp_path, advisor, kb, guides):
    with Postgres(tmp_path) as pg:
        stores = (
            "tracker_store:\n  type: store.tracker_store.PrivacySQLTrackerStore\n  dialect: postgresql\n"
            f"  url: 127.0.0.1\n  port: {pg.port}\n  db: rasa\n  username: rasa\n  password: ''\n"
        )
        with Servers(workdir=tmp_path / "server", stores=stores) as assistant:
            sent = converse(assistant, advisor, kb, guides)
        check_report(f"postgresql://rasa@127.0.0.1:{pg.port}/rasa", tmp_path / "report", sent)
