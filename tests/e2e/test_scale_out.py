"""Scale-out profile for real: two Rasa replicas sharing PostgreSQL (tracker store) and Redis (lock store)."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from typing import Iterator

import pytest
from chat import sender, texts
from services import Postgres, Redis

from tools.servers import Servers

pytestmark = pytest.mark.server


@pytest.fixture(scope="module")
def cluster(tmp_path_factory) -> Iterator[tuple[Servers, Postgres]]:
    workdir = tmp_path_factory.mktemp("scale")
    with Postgres(workdir) as pg, Redis() as redis:
        stores = (
            "tracker_store:\n  type: store.tracker_store.PrivacySQLTrackerStore\n  dialect: postgresql\n"
            f"  url: 127.0.0.1\n  port: {pg.port}\n  db: rasa\n  username: rasa\n  password: ''\n"
            f"lock_store:\n  type: store.lock_store.AtomicRedisLockStore\n"
            f"  url: 127.0.0.1\n  port: {redis.port}\n  db: 1\n"
        )
        with Servers(workdir=workdir, stores=stores, replicas=2) as assistant:
            yield assistant, pg


def step(guides, number: int) -> str:
    ledetraade = guides.ledetraade
    return ledetraade.texts["step"].format(number=number, question=ledetraade.steps[number - 1].question)


def test_one_conversation_alternating_between_replicas_keeps_its_state(cluster, guides):
    assistant, _ = cluster
    user = sender("scale")
    assert texts(assistant.send(user, "gennemgå de fem ledetråde med mig", replica=0))[-1] == step(guides, 1)
    answers = ["Mindre ensomhed", "Foreningerne", "Kaffemøder", "Strikkeklubben", "Boligforeningen"]
    for number, answer in enumerate(answers, start=1):
        reply = assistant.send(user, answer, replica=number % 2)
        if number < 5:
            assert texts(reply) == [step(guides, number + 1)]
    summary = "\n".join(texts(reply))
    for answer in answers:
        assert answer in summary


def test_concurrent_messages_for_one_sender_are_all_answered_in_order(cluster):
    assistant, pg = cluster
    user = sender("burst")
    questions = [
        "Hvad er samskabelse?",
        "Hvad er samskabelsestrappen?",
        "Hvad er frivilligledelse?",
        "Hvad er de fem ledetråde?",
        "Hvad er mobiliseringsledelse?",
        "Hvilke gevinster er der?",
    ] * 2
    with ThreadPoolExecutor(max_workers=len(questions)) as pool:
        replies = list(pool.map(lambda i: assistant.send(user, questions[i], replica=i % 2), range(len(questions))))
    assert all(r and r[0]["text"] for r in replies)
    rows = pg.query(f"SELECT type_name, data FROM events WHERE sender_id = 'rest:{user}' ORDER BY id")
    kinds = [kind for kind, _ in rows]
    assert kinds.count("user") == len(questions)
    # Each message was handled whole before the next one: user, then its answer, never two users in a row.
    assert all(not (a == "user" and b == "user") for a, b in zip(kinds, kinds[1:]))
    said = sorted(json.loads(data)["text"] for kind, data in rows if kind == "user")
    assert said == sorted(questions)
