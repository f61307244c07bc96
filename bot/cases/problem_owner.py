"""Whether a case says that the public side set the problem alone, before anyone else came in.

"Byrådet besluttede, at problemet er for mange faldulykker. Derefter har vi sammen med Ældre Sagen …": what
follows reads warmly of working together, and the case as a whole reads like co-creation, yet the problem
was fixed beforehand, so it was not defined together (Torfing 2017). The sentence that says so is the
case's own words for that criterion: neither the whole-case verdict nor a warm wording elsewhere undoes it.
A sentence that first joins others to the deciding ("Sammen med foreningerne har forvaltningen defineret,
hvad problemet er") says the opposite and is not read so, and so does one that denies it ("Det var ikke os
i forvaltningen, der bestemte, hvad problemet var"). The words live in data/nlp/case_reading.yml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Mapping

from bot.text import fold

_SENTENCE = re.compile(r"[.!?;]+")
NOT_FOLDED = re.compile(r"(?<!\\)[A-ZÆØÅ]|[æøå]")  # a capital that is no escape (\W, \S), or æ, ø, å
_KEYS = ("deciders", "decided", "set_alone", "shared_before", "shared_after", "negated_before")


@dataclass(frozen=True)
class ProblemOwner:
    set_alone: re.Pattern[str]  # a public decider, a verb of fixing, "at/hvad … problemet" (folded text)
    shared_before: re.Pattern[str]  # words before it in the sentence that join others to the deciding
    shared_after: re.Pattern[str]  # matched from its end: "… hvad problemet er, sammen med borgerne"
    negated_before: re.Pattern[str]  # searched before it: "det var ikke os i forvaltningen, der bestemte …"

    def sentence(self, text: str) -> str | None:
        """The first sentence saying that the public side set the problem alone, as written; None if none."""
        for written in _SENTENCE.split(text):
            folded = " ".join(fold(written).lower().split())
            found = self.set_alone.search(folded)
            if (
                found
                and not self.shared_before.search(folded[: found.start()])
                and not self.negated_before.search(folded[: found.start()])
                and not self.shared_after.match(folded[found.end() :])
            ):
                return " ".join(written.split())
        return None


def load_problem_owner(
    data: Mapping[str, Any] | None, path: Path, error: Callable[[str], Exception]
) -> ProblemOwner | None:
    """The `problem_owner` block of the reading settings; None when there is none (no case is read so)."""
    if data is None:
        return None
    forms = data.get("set_alone") if isinstance(data, Mapping) else None
    forms = [forms] if isinstance(forms, str) else forms
    if (
        not isinstance(data, Mapping)
        or not isinstance(forms, list)
        or not forms
        or not all(isinstance(form, str) and form for form in forms)
        or any(not isinstance(data.get(key), str) or not data[key] for key in _KEYS if key != "set_alone")
    ):
        raise error(f"{path}: 'problem_owner' must be a mapping with the patterns {', '.join(_KEYS)}")
    template = "|".join(f"(?:{form})" for form in forms)  # the wordings: "byrådet besluttede, at problemet …"
    for key, value in {**data, "set_alone": template}.items():
        if key in _KEYS and NOT_FOLDED.search(value):
            raise error(f"{path}: 'problem_owner.{key}' must be folded (lower case, ae/oe/aa)")
    if any("<deciders>" not in form and "<decided>" not in form for form in forms):
        raise error(f"{path}: each of 'problem_owner.set_alone' must use <deciders> or <decided>")
    compiled = {}
    sources = {
        **data,
        "set_alone": template.replace("<deciders>", data["deciders"]).replace("<decided>", data["decided"]),
    }
    for key in _KEYS:  # the parts before the whole, so a mistake is named where it is
        try:
            compiled[key] = re.compile(sources[key])
        except re.error as exc:
            raise error(f"{path}: 'problem_owner.{key}': {exc}") from exc
    return ProblemOwner(*(compiled[key] for key in _KEYS[2:]))
