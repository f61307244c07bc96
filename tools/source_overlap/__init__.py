"""Does the content copy its sources? The check that keeps the content in our own words.

Every answer the assistant gives is built on five Danish source texts
(../shared/seeds/). The content must explain them in its own words and quote
only short canonical phrases (the five ledetråde, names of models and
projects). Copying creeps back in with every edit, so `make validate` reads
the sources and every text a user reads in the rule base and reports:

(a) a content text (an entry's text, a "more" part, a quiz explanation, a
    guided text ...) that shares a run of `min_run` (12) or more consecutive
    words with a source text; and
(b) a content sentence that shares `min_run` or more words *in order* with
    one source sentence (the longest common subsequence, so a copy with a few
    words swapped or inserted is still found), when those words are more than
    `min_share` (60 %) of the content sentence.

Words inside an allowed canonical phrase (`canonical_phrases`) do not count:
quoting a canonical phrase is never a finding, and a run only counts the
words outside such phrases. A sentence of type (b) that overlaps a run of
type (a) from the same source is reported once, as the run. A borderline
sentence the team keeps on purpose is listed under `kept` with a reason, and
is then shown but not counted.

Both sides are normalised the same way before comparing: Unicode NFKC (so
fullwidth letters and non-breaking spaces are plain letters and spaces),
invisible characters (soft hyphen, zero-width) dropped, lower case, and a word
is a run of letters or digits (æ, ø, å included); punctuation and Markdown
only separate words.

Settings live in data/source_overlap.yml (shape checked; a mistake names
the file and the key). With `enforce: false` the findings are printed but do
not fail validation, so the build stays green while the content is being
rewritten; `enforce: true` makes any finding not covered by `kept` fail it.

Where the sources are: ROOT/../shared/seeds, or SAMSKABELSE_SEEDS_DIR. The
project's rule is to fail closed, but CI runs on a fresh clone where the
shared folder does not exist, so:
- the folder does not exist: a clear warning that the check was skipped, and
  validation does not fail on it;
- the folder exists but holds no readable source text (*.txt), a text is
  empty or not UTF-8, or a file data/knowledge/sources.yml names is missing:
  that is an error, and validation fails.
`python -m tools source-overlap` (for editors) lists every finding, the kept
ones too, and fails when the sources are missing.

Plain Python (no Rasa imports), so it runs in a second on a fresh clone.
"""

from tools.source_overlap.check import OverlapReport, ValidateOutcome, check, report_lines, skipped_line, validate
from tools.source_overlap.compare import Finding, compare
from tools.source_overlap.reading import (
    DEFAULT_SEEDS_DIR,
    SEEDS_DIR_ENV,
    SETTINGS_FILE,
    ContentText,
    KeptSentence,
    Settings,
    SourceOverlapError,
    SourceText,
    content_texts,
    load_settings,
    load_sources,
    seeds_dir,
    sentences,
    words,
)

__all__ = [
    "DEFAULT_SEEDS_DIR",
    "SEEDS_DIR_ENV",
    "SETTINGS_FILE",
    "ContentText",
    "Finding",
    "KeptSentence",
    "OverlapReport",
    "Settings",
    "SourceOverlapError",
    "SourceText",
    "ValidateOutcome",
    "check",
    "compare",
    "content_texts",
    "load_settings",
    "load_sources",
    "report_lines",
    "seeds_dir",
    "sentences",
    "skipped_line",
    "validate",
    "words",
]
