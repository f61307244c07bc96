"""`WORKERS=2 make run`: two Sanic workers share the SQLite store and the file lock store."""

from __future__ import annotations

import json
import os
import sqlite3
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from chat import sender, texts

from tools.servers import Servers

pytestmark = pytest.mark.server


def test_two_workers_answer_everyone_and_keep_each_conversation_whole(tmp_path):
    db = tmp_path / "tracker.db"
    questions = [
        "Hvad er samskabelse?",
        "Hvad er samskabelsestrappen?",
        "Hvad er frivilligledelse?",
        "Hvad er de fem ledetråde?",
        "Hvad er mobiliseringsledelse?",
        "Hvilke gevinster er der?",
    ] * 2
    users = [sender("worker") for _ in range(3)]
    jobs = [(user, question) for question in questions for user in users]
    with Servers(workdir=tmp_path, tracker_db=db, workers=2) as assistant:
        rasa = assistant._procs[1][0].pid
        workers = [
            int(pid) for task in Path(f"/proc/{rasa}/task").iterdir() for pid in (task / "children").read_text().split()
        ]
        assert len(workers) == 2, assistant._procs[1][1].read_text()[-3000:]
        with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
            replies = list(pool.map(lambda job: assistant.send(*job), jobs))
        assert all(r and r[0]["text"] and all(m["recipient_id"] == job[0] for m in r) for r, job in zip(replies, jobs))
        # The same question gets the same answer whichever worker took it.
        by_question: dict[str, set[str]] = {}
        for (_, question), reply in zip(jobs, replies):
            by_question.setdefault(question, set()).add(texts(reply)[0])
        assert all(len(answers) == 1 for answers in by_question.values()), by_question
    # Stopping the server stops its workers too (none left behind holding the port and the model).
    assert not [
        pid
        for pid in workers
        if os.path.exists(f"/proc/{pid}") and Path(f"/proc/{pid}/stat").read_text().split(")")[1].split()[0] != "Z"
    ]
    with sqlite3.connect(db) as conn:
        for user in users:
            rows = conn.execute(
                "SELECT type_name, data FROM events WHERE sender_id = ? ORDER BY id", (f"rest:{user}",)
            ).fetchall()
            kinds = [kind for kind, _ in rows]
            assert kinds.count("user") == len(questions)
            assert kinds.count("session_started") == 1
            # Each message was handled whole before the next: never two user messages in a row.
            assert all(not (a == "user" and b == "user") for a, b in zip(kinds, kinds[1:]))
            said = sorted(json.loads(data)["text"] for kind, data in rows if kind == "user")
            assert said == sorted(questions)
