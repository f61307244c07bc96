"""`make demo` (python -m tools.demo) against the real assistant, Enter presses fed on stdin.

Every step's printed replies are compared with what the rule base says
(fixtures kb and guides), so the demo shows the assistant's real answers.
(Named test_demo_run.py: tests/tools/test_demo.py has the script checks, and
pytest cannot collect two test modules called test_demo.)
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from bot import paths
from tools import demo_script
from tools.servers import free_port

pytestmark = pytest.mark.server


def flat(text: str) -> str:
    """Whitespace collapsed, since the demo wraps long lines to the terminal's width."""
    return " ".join(text.split())


def run_demo(*args: str, keys: str = "", env: dict | None = None, timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "tools.demo", *args],
        cwd=paths.ROOT,
        input=keys,
        text=True,
        capture_output=True,
        timeout=timeout,
        env={**os.environ, "PYTHONIOENCODING": "utf-8", **(env or {})},
    )


def sections(output: str) -> dict[int, str]:
    """The printed output per step ("Trin N af M" up to the next step), whitespace collapsed."""
    parts = re.split(r"^Trin (\d+) af \d+$", output, flags=re.M)
    return {int(number): flat(body) for number, body in zip(parts[1::2], parts[2::2])}


def sender_of(output: str) -> str:
    return re.search(r"samtale-id: (\S+)", output).group(1)


def expected_per_step(kb, guides) -> dict[int, list[str]]:
    """What the shipped script's steps must show, taken from the rule base."""
    ledetraade, quiz = guides.ledetraade, guides.quiz
    hearing = next(p for p in guides.assessment.patterns if p.id == "hoering")
    definition, volunteers = kb.entries["definition"], kb.entries["frivilligledelse"]

    def step(number: int) -> str:
        return ledetraade.texts["step"].format(number=number, question=ledetraade.steps[number - 1].question)

    first, second = quiz.cards[0], quiz.cards[1]
    verdict = (
        quiz.texts["right"].format(answer=first.answer)
        if first.answer == "Ja"
        else quiz.texts["wrong"].format(answer=first.answer, given="Ja")
    )
    return {
        1: [kb.message("greet").text] + [f"[{m.title}]" for m in kb.menu],
        2: [definition.text, f"Kilde: {kb.sources[definition.source].name}", "[Vil du vide mere?]"],
        3: ["Rådgiveren: Nej", hearing.explanation],
        4: [f"Anbefaling: {volunteers.title}.", volunteers.text],
        5: [ledetraade.texts["start"], step(1)] + [f"[{b.title}]" for b in ledetraade.buttons],
        6: [step(2)],
        7: [
            "trykker på [Giv et eksempel]",
            ledetraade.texts["help"].format(hint=ledetraade.steps[1].hint, example=ledetraade.steps[1].example),
            step(2),
        ],
        8: [step(3)],
        9: ["trykker på [Stop]", ledetraade.texts["stopped"]],
        10: [quiz.texts["intro"].format(total=len(quiz.cards)), first.scenario, "[Ja]", "[Nej]", "[Delvist]"],
        11: ["trykker på [Ja]", verdict, first.explanation, kb.sources[first.source].name, second.scenario],
    }


def check_whole_demo(output: str, kb, guides) -> None:
    script = demo_script.load_script()
    found = sections(output)
    expected = expected_per_step(kb, guides)
    assert sorted(found) == [s.number for s in script.steps] == sorted(expected)
    for step in script.steps:
        shown = found[step.number]
        assert (f"Leder: {step.say}" if step.say else f"Leder: trykker på [{step.click}]") in shown
        for text in expected[step.number]:
            assert flat(text) in shown, f"step {step.number}: {text!r} not in {shown!r}"
        assert "(Assistenten svarede ikke" not in shown and "(Uventet svar" not in shown
        assert "findes ikke i assistentens svar" not in shown
    assert "Demoen er slut." in output


def test_the_whole_demo_step_by_step_with_enter(servers, kb, guides):
    script = demo_script.load_script()
    result = run_demo("--url", servers.rest_url, keys="\n" * len(script.steps))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    check_whole_demo(result.stdout, kb, guides)
    # It waited for Enter before each step's message.
    assert result.stdout.count("Enter: send") == len(script.steps)


def test_auto_mode_is_a_fresh_conversation_each_run(servers, kb, guides):
    runs = [run_demo("--url", servers.rest_url, "--auto", "--delay", "0") for _ in range(2)]
    for result in runs:
        assert result.returncode == 0, result.stderr
        # The second run starts the walk-through and the quiz from the beginning too.
        check_whole_demo(result.stdout, kb, guides)
        assert "Enter: send" not in result.stdout
    assert sender_of(runs[0].stdout) != sender_of(runs[1].stdout)


def test_q_stops_early(servers, kb):
    result = run_demo("--url", servers.rest_url, keys="\n\nq\n")
    assert result.returncode == 0, result.stderr
    found = sections(result.stdout)
    assert flat(kb.message("greet").text) in found[1]
    assert flat(kb.entries["definition"].text) in found[2]
    assert sorted(found) == [1, 2, 3]  # step 3 was shown, but not sent
    assert "Rådgiveren:" not in found[3]
    assert result.stdout.rstrip().endswith("Demoen er stoppet.")


def test_the_rest_secret_is_honoured(servers, tmp_path, kb):
    """With REST_SHARED_SECRET set, the demo sends it; a wrong one shows the channel's 401 text, no crash."""
    from tools.servers import Servers

    script = tmp_path / "demo.yml"
    script.write_text('steps:\n  - say: "Hvad er samskabelse?"\n', encoding="utf-8")
    with Servers(
        workdir=tmp_path / "secured", env={"REST_SHARED_SECRET": "kursus-hemmelighed-0123456789abcdef"}
    ) as secured:
        right = run_demo(
            "--url",
            secured.rest_url,
            "--script",
            str(script),
            "--auto",
            "--delay",
            "0",
            env={"REST_SHARED_SECRET": "kursus-hemmelighed-0123456789abcdef"},
        )
        wrong = run_demo(
            "--url",
            secured.rest_url,
            "--script",
            str(script),
            "--auto",
            "--delay",
            "0",
            env={"REST_SHARED_SECRET": "forkert"},
        )
    assert right.returncode == 0 and flat(kb.entries["definition"].text) in flat(right.stdout)
    assert wrong.returncode == 0, wrong.stderr
    assert "(Assistenten afviste beskeden (HTTP 401):" in flat(wrong.stdout)
    assert flat(kb.entries["definition"].text) not in flat(wrong.stdout)


def _up(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2):
            return True
    except urllib.error.HTTPError:
        return True
    except (urllib.error.URLError, OSError):
        return False


def test_starts_the_assistant_when_none_runs_and_stops_it_on_ctrl_c(kb, tmp_path):
    """Without --url and nothing on RASA_PORT, the demo starts both servers, and Ctrl-C stops them again."""
    script = tmp_path / "demo.yml"
    script.write_text('steps:\n  - say: "Hvad er samskabelse?"\n  - say: "Hej"\n', encoding="utf-8")
    port = free_port()  # where `make run` would be: nothing listens
    proc = subprocess.Popen(
        [sys.executable, "-m", "tools.demo", "--script", str(script)],
        cwd=paths.ROOT,
        text=True,
        env={**os.environ, "PYTHONIOENCODING": "utf-8", "RASA_PORT": str(port)},
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdin and proc.stdout
    seen = ""

    def read_until(marker: str, count: int = 1, timeout: float = 300) -> None:
        """Reads the demo's output until `marker` was printed `count` times (the prompt has no newline)."""
        nonlocal seen
        deadline = time.monotonic() + timeout
        while seen.count(marker) < count and time.monotonic() < deadline and proc.poll() is None:
            seen += proc.stdout.read(1)
        assert seen.count(marker) >= count, seen + (proc.stderr.read() if proc.poll() is not None else "")

    try:
        read_until("Enter: send")  # step 1, once the servers are up
        assert f"Der kører ingen assistent på http://127.0.0.1:{port}" in seen and "Starter assistenten" in seen
        started = re.search(r"Assistent: (http://127\.0\.0\.1:\d+)/webhooks/rest/webhook", seen).group(1)
        assert _up(started + "/")
        proc.stdin.write("\n")
        proc.stdin.flush()
        read_until("Enter: send", count=2)  # step 1 answered, step 2 waits
        assert flat(kb.entries["definition"].text) in flat(seen)
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:  # a failed check: let the demo stop its servers before it goes
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
    assert proc.returncode == 0, err
    assert "Traceback" not in err
    assert "Stopper den assistent, demoen startede" in out and "Demoen er stoppet." in out
    assert not _up(started + "/")
