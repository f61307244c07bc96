"""Command line for content editors and the Makefile: validate, build the NLP pipeline, ask.

Usage: python -m tools <command>; see `python -m tools --help`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot import paths
from bot.yaml_reading import safe_load


def _load(knowledge_dir: Path, vocabulary_file: Path):
    from bot.knowledge import load_knowledge
    from bot.vocabulary import load_vocabulary

    vocabulary = load_vocabulary(vocabulary_file)
    return load_knowledge(knowledge_dir, vocabulary), vocabulary


def _check_weak_flows(domain_file: Path) -> None:
    """Every intent data/nlp/retrieval.yml names as a flow must be one of the domain's."""

    from bot.flows.depth import SETTINGS_FILE, RetrievalSettingsError, load_settings

    intents = {
        i if isinstance(i, str) else next(iter(i))
        for i in (safe_load(domain_file.read_text(encoding="utf-8")) or {}).get("intents") or []
    }
    unknown = sorted(load_settings().weak_flows - intents)
    if unknown:
        raise RetrievalSettingsError(
            f"{SETTINGS_FILE}: 'weak_flows' names intents the domain lacks: {', '.join(unknown)}"
        )


def cmd_validate(args: argparse.Namespace) -> int:
    from bot.assistant import check_rules, load_assistant
    from bot.cases.bank import APART_FILES, PROBES_FILE, CaseBankError, load_checked
    from bot.cases.phase_clauses import with_phase_clauses
    from bot.cases.reading_settings import load_settings as reading_settings
    from bot.cases.statements import CaseReadingError, load_statements
    from bot.flows import ordinals, questions
    from bot.flows.depth import RetrievalSettingsError
    from bot.knowledge import KnowledgeError
    from bot.nlp import command_guard, language
    from bot.nlp.config_check import PipelineConfigError, check_config_file
    from bot.vocabulary import VocabularyError
    from tools.source_overlap import SourceOverlapError
    from tools.source_overlap import validate as validate_source_overlap

    try:
        assistant = load_assistant(Path(args.knowledge), Path(args.vocabulary))
        kb = assistant.advisor.kb
        cases = load_checked(assistant)
        apart = {part: load_checked(assistant, path) for part, path in APART_FILES.items()}
        apart["probe_sets"] = load_checked(assistant, PROBES_FILE)
        rules = assistant.guide.rules.assessment
        load_statements([c.id for c in rules.criteria], [p.id for p in rules.patterns])
        with_phase_clauses(cases, reading_settings())
        reading_settings().check_criteria([c.id for c in rules.criteria])
        check_config_file(Path(args.config))
        command_guard.load_settings()
        language.load_words()
        questions.load_words()
        ordinals.load_words()
        _check_weak_flows(Path(args.config).parent / "domain.yml")
        check_rules(kb, Path(args.config).parent / "data" / "rules")
        # Content in our own words (data/source_overlap.yml; fails only with enforce: true).
        overlap = validate_source_overlap(knowledge_dir=Path(args.knowledge))
    except (
        KnowledgeError,
        VocabularyError,
        PipelineConfigError,
        command_guard.GuardSettingsError,
        language.LanguageWordsError,
        questions.QuestionWordsError,
        RetrievalSettingsError,
        ordinals.OrdinalWordsError,
        CaseBankError,
        CaseReadingError,
        SourceOverlapError,
    ) as exc:
        print(exc, file=sys.stderr)
        return 1
    print(
        f"Rule base OK: {len(kb.entries)} entries, {len(kb.routes)} routes, {len(kb.sources)} sources, "
        f"guided rules OK; {len(cases)} cases in the case bank and {sum(map(len, apart.values()))} written apart "
        "from it OK; "
        f"{Path(args.config).name} OK."
    )
    print("\n".join(overlap.lines), file=sys.stdout if overlap.ok else sys.stderr)
    return 0 if overlap.ok else 1


def cmd_source_overlap(args: argparse.Namespace) -> int:
    """Every place the content copies a source (kept ones too), for editors; 1 when one is not kept."""
    from tools.source_overlap import SourceOverlapError, check, report_lines, skipped_line

    try:
        report = check(Path(args.seeds) if args.seeds else None, Path(args.knowledge))
    except SourceOverlapError as exc:
        print(exc, file=sys.stderr)
        return 1
    if report.skipped:
        print(skipped_line(report.seeds_dir), file=sys.stderr)
        return 1
    print("\n".join(report_lines(report, show_kept=True)))
    return 1 if report.findings else 0


def cmd_build_nlp(args: argparse.Namespace) -> int:
    from bot.assistant import load_assistant
    from bot.nlp.evaluation import training_examples
    from bot.nlp.pipeline import PipelineError, save_pipeline
    from bot.vocabulary import load_vocabulary

    base = args.base or paths.spacy_base()
    texts = [text for _, text in training_examples(Path(args.nlu))]
    # The rule base's own words too: passage retrieval matches lemmas (bot/nlp/retrieval.py).
    texts += [part for entry in load_assistant().advisor.kb.entries.values() for part in (entry.text, *entry.more)]
    try:
        target = save_pipeline(load_vocabulary(Path(args.vocabulary)), Path(args.target), base, texts)
    except PipelineError as exc:
        print(exc, file=sys.stderr)
        return 1
    if Path(args.target).resolve() == paths.SPACY_PIPELINE_DIR.resolve() and base == paths.spacy_base():
        from bot.nlp.training_state import mark_nlp_built

        mark_nlp_built()  # the pipeline `make` serves: `needs-nlp` is quiet until its inputs change
    print(f"Danish spaCy pipeline ({base}) written to {target}")
    return 0


def cmd_check_nlp(args: argparse.Namespace) -> int:
    from bot.nlp.pipeline import PipelineError, check_base

    try:
        check_base(args.base or paths.spacy_base())
    except PipelineError as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


def cmd_needs_training(args: argparse.Namespace) -> int:
    from bot.nlp.training_state import needs_training

    return 0 if needs_training() else 1


def cmd_needs_nlp(args: argparse.Namespace) -> int:
    from bot.nlp.training_state import needs_nlp

    return 0 if needs_nlp() else 1


def cmd_mark_trained(args: argparse.Namespace) -> int:
    from bot.nlp.training_state import mark_trained

    mark_trained()
    return 0


def cmd_split_offtopic(args: argparse.Namespace) -> int:
    from bot.nlp.offtopic import write_split

    n_train, n_held = write_split(
        Path(args.source), Path(args.nlu_file), Path(args.heldout_file), Path(args.keep_out_file)
    )
    print(f"{n_train} training sentences, {n_held} held out")
    return 0


def cmd_credentials(args: argparse.Namespace) -> int:
    from bot.server_secrets import SecretError
    from tools.credentials import write_credentials

    try:
        enabled = write_credentials(Path(args.template), Path(args.target))
    except SecretError as exc:
        print(f"Stopper: {exc}", file=sys.stderr)
        return 1
    print("Kanaler: " + ", ".join(name.rsplit(".", 1)[-1] for name in enabled))
    return 0


def cmd_purge(args: argparse.Namespace) -> int:
    from bot.retention import default_db_url, purge, retention_days

    days = args.days if args.days is not None else retention_days()
    deleted = purge(args.db or default_db_url(), days)
    conversations = "samtale" if deleted == 1 else "samtaler"
    print(
        f"Slettede {deleted} {conversations}, der har været uberørt i mere end {days:g} "
        f"{'dag' if days == 1 else 'dage'}."
    )
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    """Insight report for the bot's owner; a database that cannot be read is a Danish error and exit 1."""
    from bot.retention import default_db_url
    from tools.report.build import write_report
    from tools.report.texts import ReportError, ReportTexts

    texts = ReportTexts.load()
    try:
        result = write_report(
            args.db or default_db_url(),
            Path(args.out),
            top=args.top,
            examples=args.examples,
            texts=texts,
            include_demo=args.include_demo,
        )
    except ReportError as exc:
        print(exc, file=sys.stderr)
        return 1
    key = "messages.empty_written" if result.insights.empty else "messages.written"
    print(texts(key, path=result.path))
    return 0


def cmd_ask(args: argparse.Namespace) -> int:
    """Answer an intent straight from the rule base (for content editors)."""
    from bot.flows.answers import Advisor

    kb, vocabulary = _load(Path(args.knowledge), Path(args.vocabulary))
    entities = [{"entity": e.split("=", 1)[0], "value": e.split("=", 1)[1]} for e in args.entity]
    reply = Advisor(kb, vocabulary).answer(args.intent, entities)
    for message in reply.messages:
        print(message.text)
        for button in message.buttons:
            print(f"  [{button.title}] {button.payload}")
        print()
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools", description=__doc__)
    parser.add_argument("--knowledge", default=str(paths.KNOWLEDGE_DIR))
    parser.add_argument("--vocabulary", default=str(paths.VOCABULARY_FILE))
    parser.add_argument("--config", default=str(paths.ROOT / "config.yml"), help="Rasa config checked by validate")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("validate", help="check the rule base").set_defaults(func=cmd_validate)
    p = sub.add_parser("build-nlp", help="build the Danish spaCy pipeline")
    p.add_argument("--base", default=None, help="'blank' or an installed model, e.g. da_core_news_sm")
    p.add_argument("--target", default=str(paths.SPACY_PIPELINE_DIR))
    p.add_argument("--nlu", default=str(paths.ROOT / "data" / "nlu"), help="training texts whose lemmas are kept")
    p.set_defaults(func=cmd_build_nlp)
    p = sub.add_parser("check-nlp", help="fail if the selected spaCy base is not installed")
    p.add_argument("--base", default=None)
    p.set_defaults(func=cmd_check_nlp)
    sub.add_parser("needs-nlp", help="exit 0 if the spaCy pipeline must be built").set_defaults(func=cmd_needs_nlp)
    sub.add_parser("needs-training", help="exit 0 if training inputs changed").set_defaults(func=cmd_needs_training)
    sub.add_parser("mark-trained", help="record the training inputs' hash").set_defaults(func=cmd_mark_trained)
    p = sub.add_parser("split-offtopic", help="split the shared off-topic sentences")
    # The shared sentences live outside this repository (e.g. ../shared/data/off_topic/home_assistant_da.txt).
    p.add_argument("--source", required=True, help="the shared off-topic sentences, one per line")
    p.add_argument("--nlu-file", default=str(paths.ROOT / "data" / "nlu" / "out_of_scope_home_assistant.yml"))
    p.add_argument("--heldout-file", default=str(paths.HELDOUT_DIR / "nlu" / "off_topic_home_assistant_heldout.txt"))
    p.add_argument("--keep-out-file", default=str(paths.ROOT / "data" / "nlp" / "off_topic_overlap.yml"))
    p.set_defaults(func=cmd_split_offtopic)
    p = sub.add_parser("credentials", help="write the credentials file for the channels whose variables are set")
    p.add_argument("--template", default=str(paths.ROOT / "credentials.yml"))
    p.add_argument("--target", default=str(paths.BUILD_DIR / "credentials.yml"))
    p.set_defaults(func=cmd_credentials)
    p = sub.add_parser("purge", help="delete conversations older than the retention period (RETENTION_DAYS, 30)")
    p.add_argument("--days", type=float, default=None)
    p.add_argument("--db", default=None, help="SQLAlchemy URL; default TRACKER_DB_URL or data/store/tracker.db")
    p.set_defaults(func=cmd_purge)
    p = sub.add_parser("report", help="insight report (Markdown and PNG charts) from the tracker store")
    p.add_argument(
        "--db",
        default=None,
        help="SQLAlchemy URL, e.g. postgresql://user@host/db; default TRACKER_DB_URL or data/store/tracker.db",
    )
    p.add_argument("--out", default=str(paths.ROOT / "results" / "report"), help="folder for report.md and charts")
    p.add_argument("--top", type=int, default=10, help="how many topics to list")
    p.add_argument("--examples", type=int, default=10, help="how many examples of misunderstood messages")
    p.add_argument("--include-demo", action="store_true", help="count `make demo` conversations too")
    p.set_defaults(func=cmd_report)
    p = sub.add_parser("source-overlap", help="list where the content copies a source text")
    p.add_argument(
        "--seeds", default=None, help="folder with the source texts; default SAMSKABELSE_SEEDS_DIR or ../shared/seeds"
    )
    p.set_defaults(func=cmd_source_overlap)
    p = sub.add_parser(
        "ask", help="show the reply for an intent, e.g. ask ask_leadership_forms -e ledelsesform=frivilligledelse"
    )
    p.add_argument("intent")
    p.add_argument("-e", "--entity", action="append", default=[])
    p.set_defaults(func=cmd_ask)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
