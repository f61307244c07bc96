"""A tracker store filled by hand for the report tests: events written as Rasa's SQL tracker store writes them,
and the figures those events must give (EXPECTED), counted by hand."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timezone
from pathlib import Path

UTC = timezone.utc
DAY1, DAY2, DAY3 = (datetime(2026, 3, d, 12, 0, tzinfo=UTC).timestamp() for d in (2, 3, 4))
CARDS = [f"card_{n}" for n in range(10)]
NAME_MESSAGE = "Jeg hedder Lone Hansen, lone.hansen@aarhus.dk – hvad er de fem?"
PERSONAL = ["Lone", "Hansen", "lone.hansen@aarhus.dk", "Kirsten", "010190-1234", "12345678"]


class Store:
    """Writes events the way Rasa's SQL tracker store does: same table, same columns, same JSON."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.url = f"sqlite:///{path}"
        self.conn = sqlite3.connect(path)
        self.conn.execute(
            "CREATE TABLE events (id INTEGER NOT NULL PRIMARY KEY, sender_id VARCHAR(255) NOT NULL, "
            "type_name VARCHAR(255) NOT NULL, timestamp FLOAT, intent_name VARCHAR(255), "
            "action_name VARCHAR(255), data TEXT)"
        )
        self.sender = ""
        self.clock = 0.0
        self.ids = 0

    def at(self, sender: str, timestamp: float) -> "Store":
        self.sender, self.clock = sender, timestamp
        return self

    def _row(self, data: dict, intent: str | None = None) -> None:
        self.clock += 1
        data = {**data, "timestamp": self.clock}
        self.conn.execute(
            "INSERT INTO events (sender_id, type_name, timestamp, intent_name, action_name, data) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (self.sender, data["event"], self.clock, intent, data.get("name"), json.dumps(data)),
        )

    def session(self, carried: dict | None = None) -> None:
        self.action("action_session_start")
        self._row({"event": "session_started"})
        for name, value in (carried or {}).items():
            self.slot(name, value)
        self.action("action_listen")

    def user(self, text: str, intent: str, message_id: str | None = None) -> str:
        self.ids += 1
        message_id = message_id or f"m{self.ids}"
        self._row(
            {
                "event": "user",
                "text": text,
                "input_channel": "rest",
                "message_id": message_id,
                "parse_data": {"intent": {"name": intent, "confidence": 0.9}, "entities": [], "text": text},
                "metadata": {},
            },
            intent,
        )
        self._row({"event": "user_featurization", "use_text_for_featurization": False})
        return message_id

    def action(self, name: str) -> None:
        self._row({"event": "action", "name": name, "policy": "RulePolicy", "confidence": 1.0})

    def bot(self) -> None:
        self._row({"event": "bot", "text": "…", "data": {}})

    def slot(self, name: str, value) -> None:
        self._row({"event": "slot", "name": name, "value": value})

    def loop(self, name: str | None) -> None:
        self._row({"event": "active_loop", "name": name})

    def rewind(self) -> None:
        self._row({"event": "rewind"})

    def turn(self, text: str, intent: str, *actions: str) -> str:
        """A message answered by the given actions, then action_listen."""
        message_id = self.user(text, intent)
        for action in actions:
            self.action(action)
            self.bot()
        self.action("action_listen")
        return message_id

    def close(self) -> None:
        self.conn.commit()
        self.conn.close()


def quiz_state(index: int, score: int, status: str) -> dict:
    return {"order": CARDS, "index": index, "score": score, "status": status}


def run_quiz(store: Store, results: list[bool]) -> None:
    """'/quiz', then one clicked answer per result (True: right); finished after the tenth card."""
    store.user("/quiz", "quiz")
    store.action("action_quiz_start")
    store.slot("quiz", quiz_state(0, 0, "asking"))
    store.action("action_listen")
    score = 0
    for index, right in enumerate(results, start=1):
        score += right
        store.user('/quiz_answer{"quiz_verdict":"Ja"}', "quiz_answer")
        store.action("action_quiz_answer")
        store.slot("quiz", quiz_state(index, score, "finished" if index == len(CARDS) else "asking"))
        store.action("action_listen")


def fill(store: Store) -> None:
    """Five users over three days; the expected figures are worked out by hand in EXPECTED."""
    # Day 1, anna: a typed topic, a clicked topic, a greeting.
    store.at("anna", DAY1).session()
    store.turn("Hvad er samskabelse?", "ask_definition", "action_answer")
    store.turn("/ask_staircase", "ask_staircase", "action_answer")
    store.turn("Hej", "greet", "action_answer")
    # Day 1, bo: off topic; a name and e-mail not understood, then a suggestion clicked
    # (Rasa stores the click twice: again after the rewind); then "hvad er de fem?" not
    # understood, "Ingen af dem" clicked, and a second try not understood either.
    store.at("bo", DAY1).session()
    store.turn("Hvordan bliver vejret i morgen?", "out_of_scope", "action_answer")
    store.user(NAME_MESSAGE + " Ring 12345678, cpr 010190-1234", "nlu_fallback")
    store.action("action_two_stage_fallback")
    store.loop("action_two_stage_fallback")
    store.bot()
    store.action("action_listen")
    click = store.user("/ask_leader_tasks", "ask_leader_tasks")
    store.action("action_two_stage_fallback")
    store.loop(None)
    store.rewind()
    store.action("action_listen")
    store.user("/ask_leader_tasks", "ask_leader_tasks", message_id=click)
    store.action("action_answer")
    store.action("action_listen")
    store.user("hvad er de fem?", "nlu_fallback")
    store.action("action_two_stage_fallback")
    store.loop("action_two_stage_fallback")
    store.action("action_listen")
    store.turn("/out_of_scope", "out_of_scope", "action_two_stage_fallback")
    store.user("blorp fnug", "nlu_fallback")
    store.action("action_two_stage_fallback")
    store.loop(None)
    store.action("action_default_fallback")
    store.rewind()
    store.action("action_listen")
    # Day 2, carl: the five ledetråde with a side question; answers NLU took for off topic or
    # unclear are answers all the same. Then a second walk-through, stopped.
    store.at("carl", DAY2).session()
    store.user("gennemgå de fem ledetråde med mig", "start_ledetraade")
    store.action("action_ledetraade_start")
    store.action("ledetraade_form")
    store.loop("ledetraade_form")
    store.action("action_listen")
    answers = [
        ("Mindre ensomhed", "out_of_scope"),
        ("Kirsten fra foreningerne", "nlu_fallback"),
        ("Kaffemøder", "out_of_scope"),
        ("Strikkeklubben", "ask_gains"),
        ("Boligforeningen", "out_of_scope"),
    ]
    for number, (text, intent) in enumerate(answers, start=1):
        if number == 3:
            store.turn("Hvad er samskabelsestrappen?", "ask_staircase", "action_answer", "ledetraade_form")
        store.user(text, intent)
        store.action("ledetraade_form")
        store.slot(f"lt_{number}", text)
        if number == 5:
            store.loop(None)
            store.action("action_ledetraade_summary")
        store.action("action_listen")
    store.user("/start_ledetraade", "start_ledetraade")
    store.action("action_ledetraade_start")
    store.action("ledetraade_form")
    store.loop("ledetraade_form")
    store.action("action_listen")
    store.user("/stop", "stop")
    store.action("action_deactivate_loop")
    store.loop(None)
    store.action("action_ledetraade_stop")
    store.action("action_listen")
    # Day 2, dora: a quiz finished with 7 of 10; a second one, answered once by typing and stopped.
    store.at("dora", DAY2).session()
    run_quiz(store, [True] * 7 + [False] * 3)
    store.user("/quiz", "quiz")
    store.action("action_quiz_start")
    store.slot("quiz", quiz_state(0, 0, "asking"))
    store.action("action_listen")
    store.user("ja", "affirm")
    store.action("action_yes_no")
    store.slot("quiz", quiz_state(1, 1, "asking"))
    store.action("action_listen")
    store.user("/stop", "stop")
    store.action("action_stop")
    store.slot("quiz", quiz_state(1, 1, "stopped"))
    store.action("action_listen")
    # Day 3, dora again: a new session carries the stopped quiz over; a third quiz left after two cards.
    store.at("dora", DAY3).session(carried={"quiz": quiz_state(1, 1, "stopped")})
    run_quiz(store, [True, False])
    # Day 3, eve: a quiz finished with 4 of 10, then a new session that carries the finished
    # quiz over and has no message (no conversation, no second finished quiz).
    store.at("eve", DAY3).session()
    run_quiz(store, [True, False] * 4 + [False, False])
    store.at("eve", DAY3 + 3600).session(carried={"quiz": quiz_state(10, 4, "finished")})


# Worked out by hand from fill():
#   messages  anna 3 (day 1); bo 6 (day 1: weather, name, click, "hvad er de fem?", /out_of_scope, blorp);
#             carl 9 (day 2: start, 5 answers, side question, /start_ledetraade, /stop);
#             dora 14 (day 2: /quiz + 10, /quiz, ja, /stop) and 3 (day 3: /quiz + 2); eve 11 (day 3)
#   typed     anna 2, bo 4, carl 7, dora 1 ("ja") = 14; off topic 1 (weather); not understood 3 (bo's)
#   topics    quiz 4, ask_staircase 2, start_ledetraade 2, ask_definition 1, ask_leader_tasks 1
EXPECTED = {
    "conversations": {DAY1: 2, DAY2: 2, DAY3: 2},
    "messages": {DAY1: 9, DAY2: 23, DAY3: 14},
    "senders": 5,
    "typed": 14,
    "ledetraade_answers": 5,
    "off_topic": 1,
    "fallback": 3,
    "topics": {"quiz": 4, "ask_staircase": 2, "start_ledetraade": 2, "ask_definition": 1, "ask_leader_tasks": 1},
    "walk": (2, 1, 1),
    "quiz": (4, 2, 1),
    "scores": {(7, 10): 1, (4, 10): 1},
}
