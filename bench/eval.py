"""`make eval`: the development questions end to end over REST, and the project's own held-out files beside them.

python -m bench.eval [--dir DIR] [--model PATH] [--out DIR] [--parts dev,own,retrieval,cases,heldout] [--own-dir DIR]
Writes results/eval/latest.json and latest.md and prints the summary.
SAMSKABELSE_EVAL_DIR (or --dir) says where the question files are
(default ../shared/eval beside the checkout).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.answers import ask_fresh, measure_file, split_by_topic
from bot import paths
from bot.nlp.reply_checks import QuestionFileError

EVAL_DIR_ENV = "SAMSKABELSE_EVAL_DIR"
DEFAULT_EVAL_DIR = paths.ROOT.parent / "shared" / "eval"
PATTERN = "dev_questions*.yml"
# The project's own leader questions, in the same format, written from the sources before any error was
# looked at; split by topic into a development and a held-out part (bench/answers.py).
OWN_DIR = paths.HELDOUT_DIR / "answers"
OWN_PATTERN = "leader_questions*.yml"
# What a run measures; the test of the chain asks for the cheap parts only (each part has its own tests).
PARTS = ("dev", "own", "retrieval", "cases", "heldout")


def eval_dir(given: str | None = None) -> Path:
    return Path(given or os.environ.get(EVAL_DIR_ENV, "").strip() or DEFAULT_EVAL_DIR)


def markdown(result: dict[str, Any]) -> str:
    lines = [
        "# Svar, som lederne ser dem (`make eval`)",
        "",
        f"Model: `{result['model']}`; {result['date']}.",
        "",
        "| fil | spørgsmål | andel med det forventede indhold |",
        "|---|---:|---:|",
    ]
    for f in result["files"]:
        lines.append(f"| {f['file']} | {f['cases']} | {f['share']:.3f} |")
    if result.get("own"):
        lines += own_lines(result["own"])
    held = result.get("heldout")
    if held:
        lines += [
            "",
            "Projektets egne tilbageholdte filer (intent, ikke svarindhold): "
            f"nøjagtighed {held['heldout_accuracy']:.3f} på {held['heldout_questions']} spørgsmål, "
            f"off-topic afvist {held['off_topic_rejection']:.3f} af {held['off_topic_sentences']}, "
            f"rigtige spørgsmål afvist {held['in_domain_rejected']:.3f}.",
        ]
    if result.get("retrieval"):
        lines += retrieval_lines(result["retrieval"])
    if result.get("cases"):
        lines += case_bank_lines(result["cases"])
    for f in result["files"]:
        lines += ["", f"## {f['file']}", "", "| emne | andel |", "|---|---:|"]
        lines += [f"| {name} | {share:.2f} |" for name, share in sorted(f["topics"].items())]
        if f["misses"]:
            lines += ["", "Forkerte svar:", ""]
            lines += [f"- `{m['topic']}` «{m['case']}» → {m['reply']}" for m in f["misses"]]
    return "\n".join(lines) + "\n"


def own_lines(own: list[dict[str, Any]]) -> list[str]:
    lines = [
        "",
        "Projektets egne lederspørgsmål (heldout/answers; samme format, skrevet ud fra kilderne, delt efter emne):",
        "",
        "| fil | del | emner | spørgsmål | andel med det forventede indhold |",
        "|---|---|---:|---:|---:|",
    ]
    for f in own:
        lines += [
            f"| {f['file']} | {part} | {f[part]['topics']} | {f[part]['cases']} | {f[part]['share']:.3f} |"
            for part in ("development", "heldout")
        ]
    for f in own:
        if f["development"]["misses"]:
            lines += ["", f"Forkerte svar, {f['file']}, udviklingsdelen:", ""]
            lines += [f"- `{m['topic']}` «{m['case']}» → {m['reply']}" for m in f["development"]["misses"]]
    return lines


def measure_table(assistant: Any) -> dict[str, Any]:
    """The project's own retrieval table (bench/retrieval.py) against the same servers."""
    from bench import retrieval
    from bot.assistant import load_assistant

    return retrieval.measure(lambda text: ask_fresh(assistant, text), load_assistant().advisor, retrieval.load_table())


def judge_case_bank() -> dict[str, Any]:
    """The assessment on the case bank (bench/cases.py), fitted on the development part, measured on both and on
    the cases written apart from the bank."""
    from bench import cases
    from bot.assistant import load_assistant
    from bot.cases.bank import APART_FILES, PROBES_FILE, load_checked
    from featurizers.encoder_features import DEFAULT_CACHE

    assistant = load_assistant()
    rules, embed = assistant.guide.rules.assessment, cases.cached_embed(DEFAULT_CACHE)
    apart = {part: load_checked(assistant, path) for part, path in APART_FILES.items()}
    probes = load_checked(assistant, PROBES_FILE)
    return cases.measure(rules, load_checked(assistant), embed, apart=apart, probes=probes)


def case_bank_lines(parts: dict[str, Any]) -> list[str]:
    lines = [
        "",
        "## «Er det samskabelse?» på sagsbanken (data/cases/bank.yml; læseren er tilpasset udviklingsdelen) "
        "og på sagerne skrevet uden for den (heldout/cases/written_apart.yml, delen written_apart)",
        "",
        "| del | sager | rette første svar | rette efter svar** | rette kriterier | rette mønstre "
        "| afgjort uden spørgsmål* | alle fire → Nej | Nej → Ja | Nej → Ja efter svar** |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {part} | {r['cases']} | {r['verdict_right']:.3f} | {r['right_after_answers']:.3f} | "
        f"{r['criteria_right']:.3f} | {r['pattern_right']:.3f} | {r['decided_without_question']:.3f} | "
        f"{r['all_four_judged_nej']} | {r['nej_judged_ja']} | {r['nej_judged_ja_after_answers']} |"
        for part, r in parts.items()
    ]
    lines += [
        "",
        "\\* blandt sager, hvis tekst afgør alle fire kendetegn.",
        "\\*\\* når lederen svarer på hvert spørgsmål, som sagens mærkning siger.",
        "",
    ]
    names = list(next(iter(parts.values()))["per_criterion"]) if parts else []
    lines += [
        "Rette læsninger pr. kendetegn:",
        "",
        "| del | " + " | ".join(names) + " |",
        "|---|" + "---:|" * len(names),
    ]
    lines += [
        f"| {part} | " + " | ".join(f"{r['per_criterion'][n]:.3f}" for n in names) + " |" for part, r in parts.items()
    ]
    lines.append("")
    for part, r in parts.items():
        replies = ["Ja", "Nej", "Delvist", "spørgsmål"]
        lines += [
            f"Forvekslingstabel, {part} (rækker: mærkning, kolonner: første svar):",
            "",
            "| mærkning | " + " | ".join(replies) + " |",
            "|---|" + "---:|" * len(replies),
        ]
        lines += [
            f"| {gold} | " + " | ".join(str(row.get(reply, 0)) for reply in replies) + " |"
            for gold, row in r["confusion"].items()
        ]
        lines.append("")
    return lines


def retrieval_lines(table: dict[str, Any]) -> list[str]:
    lines = [
        "",
        "## Svar i den rette dybde (projektets egen tabel, heldout/nlu/retrieval.yml)",
        "",
        "| del | slags | spørgsmål | rette passage | passagen findes i svaret |",
        "|---|---|---:|---:|---:|",
    ]
    for part, sections in table.items():
        for section, r in sections.items():
            lines.append(f"| {part} | {section} | {r['questions']} | {r['right_depth']:.3f} | {r['holds']:.3f} |")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.eval", description=__doc__.splitlines()[0])
    parser.add_argument("--dir", default=None, help=f"question files (default: ${EVAL_DIR_ENV} or ../shared/eval)")
    parser.add_argument("--model", default=str(paths.MODEL_FILE))
    parser.add_argument("--out", default=str(paths.ROOT / "results" / "eval"))
    parser.add_argument(
        "--parts",
        default=",".join(PARTS),
        help=f"comma-separated parts to measure, of {', '.join(PARTS)} (default: all)",
    )
    parser.add_argument("--own-dir", default=str(OWN_DIR), help=f"the project's own {OWN_PATTERN} files")
    args = parser.parse_args(argv)
    parts = {part.strip() for part in args.parts.split(",") if part.strip()}
    if not parts or parts - set(PARTS):
        parser.error(f"--parts takes a comma-separated list of {', '.join(PARTS)}")

    directory = eval_dir(args.dir)
    files = sorted(directory.glob(PATTERN))
    if "dev" in parts and not files:
        print(f"No question files ({PATTERN}) in {directory}: set {EVAL_DIR_ENV} or --dir.", file=sys.stderr)
        return 1
    from tools.servers import Servers

    model = Path(args.model)
    result: dict[str, Any] = {"model": model.name, "date": time.strftime("%Y-%m-%d %H:%M"), "files": []}
    try:
        with (
            tempfile.TemporaryDirectory(prefix="samskabelse-eval-") as work,
            Servers(model=model, workdir=Path(work)) as assistant,
        ):
            if "dev" in parts:
                for path in files:
                    result["files"].append(measure_file(assistant, path))
            if "own" in parts:
                result["own"] = [
                    split_by_topic(measure_file(assistant, path), path)
                    for path in sorted(Path(args.own_dir).glob(OWN_PATTERN))
                ]
            if "retrieval" in parts:
                result["retrieval"] = measure_table(assistant)
    except QuestionFileError as exc:
        print(exc, file=sys.stderr)
        return 1
    if "cases" in parts:
        result["cases"] = judge_case_bank()
    if "heldout" in parts:
        from bench.quality import heldout_quality
        from bot.nlp import evaluation as ev

        held = heldout_quality(model, ev.heldout_examples(), ev.off_topic_sentences())
        result["heldout"] = {k: v for k, v in held.items() if k not in ("errors", "off_topic_accepted")}
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "latest.json").write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    (out / "latest.md").write_text(markdown(result), encoding="utf-8")
    for f in result["files"]:
        print(f"{f['file']}: {f['share']:.3f} of {f['cases']} replies hold the expected content")
    for f in result.get("own", []):
        print(
            f"{f['file']} (own): development {f['development']['share']:.3f} of {f['development']['cases']}, "
            f"held-out {f['heldout']['share']:.3f} of {f['heldout']['cases']}"
        )
    for part, sections in result.get("retrieval", {}).items():
        summary = ", ".join(f"{name} {r['right_depth']:.3f}/{r['holds']:.3f}" for name, r in sections.items())
        print(f"retrieval table, {part} (right depth/holds it): {summary}")
    for part, r in result.get("cases", {}).items():
        print(
            f"case bank, {part}: first reply right {r['verdict_right']:.3f} of {r['cases']}, "
            f"right after answers {r['right_after_answers']:.3f}, "
            f"criteria right {r['criteria_right']:.3f}, decided without a question "
            f"{r['decided_without_question']:.3f}, all four met judged Nej {r['all_four_judged_nej']}, "
            f"Nej judged Ja {r['nej_judged_ja']}"
        )
    if "heldout" in result:
        h = result["heldout"]
        print(
            f"own held-out: intent accuracy {h['heldout_accuracy']:.3f}, off-topic rejected "
            f"{h['off_topic_rejection']:.3f}, in-domain rejected {h['in_domain_rejected']:.3f}"
        )
    print(f"Written: {out / 'latest.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
