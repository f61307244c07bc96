"""Cross-validation of the case reader on the case bank's development part, the way its settings are chosen.

data/nlp/case_reading.yml is tuned on the development part only; the held-out
part is only measured (bench/cases.py). Here each fold's reader is fitted on
the other folds of the development part and reads the fold it did not see;
the split is stratified by verdict and repeated with several seeds, since one
run's difference of a point means nothing. Each fold-run's first replies are
judged as bench/cases.py judges them. With --save, every reading is kept with
its heads' probabilities, so a change to the verdict rules
(bot/flows/assessment.py) can be compared on the same readings without
refitting.

    python -m bench.case_cv [--seeds 1,2,3] [--folds 5] [--set partner_weight=0.5 ...] [--save FILE]
"""

from __future__ import annotations

import argparse
import dataclasses
import pickle
import random
import statistics
from collections import defaultdict
from pathlib import Path
from typing import Any, Sequence

from bench.cases import cached_embed, judge
from bot.cases.bank import Case
from bot.cases.phase_clauses import with_phase_clauses
from bot.cases.reading import CaseReader, prepare_case
from bot.cases.reading_settings import ReadingSettings, load_settings
from bot.cases.statements import load_statements


def stratified_folds(cases: Sequence[Case], folds: int, seed: int) -> list[list[Case]]:
    """The cases dealt into `folds` parts, each verdict spread evenly, in an order fixed by `seed`."""
    by_verdict: dict[str, list[Case]] = defaultdict(list)
    for case in sorted(cases, key=lambda c: c.id):
        by_verdict[case.verdict].append(case)
    parts: list[list[Case]] = [[] for _ in range(folds)]
    rng, dealt = random.Random(seed), 0
    for verdict in sorted(by_verdict):
        group = by_verdict[verdict]
        rng.shuffle(group)
        for case in group:
            parts[dealt % folds].append(case)
            dealt += 1
    return parts


def overridden(settings: ReadingSettings, pairs: Sequence[str]) -> ReadingSettings:
    """The settings with numeric `key=value` changes (only keys ReadingSettings has)."""
    names = {f.name for f in dataclasses.fields(settings)}
    changes: dict[str, float] = {}
    for pair in pairs:
        key, _, value = pair.partition("=")
        if key not in names:
            raise SystemExit(f"unknown setting '{key}' (known: {', '.join(sorted(names))})")
        changes[key] = float(value)
    return dataclasses.replace(settings, **changes)


def cross_read(
    rules: Any,
    cases: Sequence[Case],
    settings: ReadingSettings,
    embed,
    seeds: Sequence[int],
    folds: int,
    probes: Sequence[Case] = (),
) -> list[dict[str, Any]]:
    """Per seed and development case: the reading and the heads' probabilities of a reader that never saw it (its
    one-sector check fitted on every fold with the probe sets too)."""
    statements = load_statements([c.id for c in rules.criteria], [p.id for p in rules.patterns])
    development = [case for case in with_phase_clauses(cases, settings) if case.development]
    records = []
    for seed in seeds:
        parts = stratified_folds(development, folds, seed)
        for index, unseen in enumerate(parts):
            seen = [case for k, part in enumerate(parts) if k != index for case in part]
            reader = CaseReader.fit(settings, statements, seen, embed, probes)
            for case in unseen:
                prepared = prepare_case(reader, case.text, embed)
                records.append(
                    {
                        "seed": seed,
                        "fold": index,
                        "case": case,
                        "reading": reader.read(*prepared),
                        "probabilities": reader.probabilities(*prepared),
                    }
                )
    return records


def summary(rules: Any, records: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Per seed: the judged figures; and the mean first-reply accuracy over seeds."""
    per_seed = {
        seed: judge(rules, [(r["case"], r["reading"]) for r in records if r["seed"] == seed])
        for seed in sorted({r["seed"] for r in records})
    }
    return {
        "mean_verdict_right": round(statistics.mean(s["verdict_right"] for s in per_seed.values()), 4),
        "per_seed": per_seed,
    }


def main(argv: Sequence[str] | None = None) -> None:
    from bot.assistant import load_assistant
    from bot.cases.bank import PROBES_FILE, load_checked
    from featurizers.encoder_features import DEFAULT_CACHE

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", default="1,2,3")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="the encoder's vector cache")
    parser.add_argument("--save", type=Path, help="keep the readings and probabilities here (pickle)")
    args = parser.parse_args(argv)
    assistant = load_assistant()
    rules = assistant.guide.rules.assessment
    settings = overridden(load_settings(), args.set)
    seeds = [int(s) for s in args.seeds.split(",")]
    probes = load_checked(assistant, PROBES_FILE)
    records = cross_read(rules, load_checked(assistant), settings, cached_embed(args.cache), seeds, args.folds, probes)
    if args.save:
        args.save.write_bytes(pickle.dumps(records))
    result = summary(rules, records)
    for seed, figures in result["per_seed"].items():
        print(
            f"seed {seed}: right {figures['verdict_right']:.4f}, after answers {figures['right_after_answers']:.4f}, "
            f"criteria {figures['criteria_right']:.4f}, "
            f"decided {figures['decided_without_question']:.4f}, all four → Nej {figures['all_four_judged_nej']}, "
            f"Nej → Ja {figures['nej_judged_ja']}"
        )
    print(f"mean first reply right over seeds {seeds}: {result['mean_verdict_right']:.4f}")


if __name__ == "__main__":
    main()
