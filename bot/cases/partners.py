"""Whether a case names an actor outside the public sector: the words a "ja" on the first criterion rests on.

Co-creation needs both public and private actors (Torfing 2017: citizens,
users, relatives, volunteers, associations, businesses). The sentence encoder
reads "nabokommunen og regionen", "ungdomsskolen og kulturskolen" or "kun
vores egne medarbejdere" as close to a partnership, and the case reader then
says "ja" to a case that names no one outside the public sector. A "ja" the
text can't carry is not settled by it: the assessment asks instead
(bot/flows/assessment.py, `needs_named_partner`).

A mention is not a partner when a negation takes it back ("foreningerne er
ikke spurgt", "hverken borgere eller foreninger") or when it names those the
service is for rather than those who make it ("et tilbud til unge",
"evakuering af beboere"), gains or lacks by it ("patienterne oplever kortere
ventetid", "hvad de unge mangler") or owns what is worked on ("borgernes
behov"): a case where only public bodies work together for citizens is not a
partnership with them. Nor is a mention in a clause that says nothing of its
taking part ("Forældrene er målgruppen", "Borgerne blev orienteret
bagefter"): one takes part when its clause speaks of working together, when
it does the work itself, or when it is joined to the work ("en arbejdsgruppe
med beboerne").

The other way round, the case reader can read "nej" on the first criterion
where the case names partners taking part and no one staying out ("kommunen
har ingen særstatus i gruppen", "ingen har styret alene"): negations that are
about power, not about who takes part. `says_absent` finds the statements that
someone stays out ("kommunen er ikke med", "uden kommunen", "ingen
offentlige aktører", "de bestemmer helt selv"); without one, such a "nej" is
not what the case says (bot/flows/assessment.py). Likewise `public_only`
finds a sentence where the parties working together are all public ("skolen,
PPR og sundhedsplejen har i fællesskab …"): however equal, that is one sector.
The words for all of this are content, in data/nlp/case_reading.yml. No Rasa
here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Mapping

from bot.text import fold, spell_out

_KEYS = ("negated_before", "negated_after", "served_before", "served_after", "possessive", "list_glue")
_GROUP_KEYS = ("public_party", "party_joiner", "party_stops")  # and public_units, each <unit> in public_party
_WORD_END = re.compile(r"\w*$")
_NEXT_WORD = re.compile(r"\W+(\w+)")
_SENTENCE = re.compile(r"[.!?;:()–]+|\s-\s")
# The stretch a mention's taking part is read in: its sentence, or its main clause when "…, og …", "…, men …"
# join two ("… har sammen lavet en ny ordning, og borgerne skal bruge den": the citizens only use it).
_MAIN_CLAUSE = re.compile(r"[.!?;]+|,\s+(?=(?:og|men|mens|så|saa|fordi|selvom|selv om)\b)", re.IGNORECASE)


@dataclass(frozen=True)
class Partners:
    actors: re.Pattern[str]
    negated_before: re.Pattern[str]  # searched in the sentence up to a mention
    negated_after: re.Pattern[str]  # matched from the mention on
    served_before: re.Pattern[str]  # searched up to a mention: those the service is for, not who makes it
    served_after: re.Pattern[str]  # matched from a mention on: those who gain or lack ("borgerne oplever")
    possessive: re.Pattern[str]  # matched from a mention on: whose needs or problem it is ("borgernes behov")
    list_glue: re.Pattern[str]  # what joins two mentions of one list ("patienter, pårørende eller")
    absent: re.Pattern[str]  # a statement that someone takes no part ("kommunen er ikke med", "helt selv")
    # Whether a mention takes part, read in its main clause (_MAIN_CLAUSE): words of working or taking part
    # together anywhere in it ("sammen", "på lige fod", "er med til"); a verb of doing the work right after
    # the mention ("beboerne byggede"); words before it that join it to the work ("en arbejdsgruppe med").
    # None: every mention left takes part.
    together: re.Pattern[str] | None = None
    acts_after: re.Pattern[str] | None = None
    joined_before: re.Pattern[str] | None = None
    # A sentence saying that no public body takes part ("kommunen er ikke med"); None: never said.
    public_absent: re.Pattern[str] | None = None
    # A list of two or more public parties ("skolen, PPR og sundhedsplejen"), and what may join it on to a
    # party outside it ("og", ","); None: never read.
    public_group: re.Pattern[str] | None = None
    party_joiner: re.Pattern[str] | None = None
    # Any word naming a public actor, the leader's own "vi" among them; None: every case names one.
    public_named: re.Pattern[str] | None = None
    # Departments named with capitals ("Børn og Unge", "Sundhed og Ældre"), spelled out and case kept: a
    # mention inside one is the unit, not the young people or the elderly; None: no such names.
    unit_names: re.Pattern[str] | None = None
    # Matched from a mention on through its main clause: the mention renamed as the public side's own people
    # ("brugerne – altså sagsbehandlerne i familieafdelingen"); None: never read.
    renamed_after: re.Pattern[str] | None = None
    # A sentence saying that only the public side's own staff take part ("det er kun kommunale medarbejdere,
    # der deltager", "kun vores egne medarbejdere har været med"); None: never read.
    staff_only: re.Pattern[str] | None = None
    # A sentence renaming a word for partners as the public side's own people anywhere in the case ("med
    # lokalsamfundet mener jeg de kommunale enheder", "brugerne er her de ansatte"), the word in a group
    # of its own: no mention of it names a partner; None: never read.
    renamed_elsewhere: re.Pattern[str] | None = None
    # The public side only supporting ("vi har lånt dem et lokale og givet et skulderklap") while the others run
    # it on their own ("de har selv fundet på det", "bestemmer helt selv"), in two sentences or one; None: never.
    supports: re.Pattern[str] | None = None
    on_their_own: re.Pattern[str] | None = None
    # Words of joint work ("sammen", "på lige fod"): a sentence with them that names a public actor
    # (`public_named`) says the public side works with the others, more than a supporter; None: never said.
    public_joins: re.Pattern[str] | None = None
    among_themselves: re.Pattern[str] | None = None  # "de fandt sammen ud af", "imellem dem": the others as a group
    # A sentence saying the others never took part ("der dukkede ingen op", "klubben trak sig inden første
    # møde", "virksomhederne har vi ikke talt med endnu"); None: never said.
    never_joined: re.Pattern[str] | None = None

    def named(self, text: str) -> bool:
        """Some sentence names an actor outside the public sector as taking part, not negated and not served."""
        return self.naming_sentence(text) is not None

    def naming_sentence(self, text: str) -> str | None:
        """The first sentence that names an actor outside the public sector as taking part, as written.

        A list is read as one: a negation or a "for" before it takes back every item ("ingen patienter,
        pårørende eller foreninger", "for ældre og pårørende"), and so does a negation after it
        ("foreningen og de pårørende har vi ikke spurgt"). A mention that is left takes part only when its
        main clause speaks of working or taking part together (`together`: "sammen", "på lige fod", "er
        med til"), when it does the work itself (`acts_after`: "beboerne byggede …"), or when words before
        it join it to the work (`joined_before`: "en arbejdsgruppe med …", "skrevet af …"): "Familierne er
        målgruppen" or "beboerne får en bedre by ud af det" name no partner. Nor does a word the case renames
        as the public side's own people (`renamed_elsewhere`: "brugerne er her de ansatte"), anywhere in it.
        """
        renamed = self._renamed_words(text)
        for main in _MAIN_CLAUSE.split(text):
            folded_main, cursor = spell_out(main).lower(), 0
            for written in _SENTENCE.split(main):
                cased = spell_out(written)
                sentence = cased.lower()
                at = folded_main.find(sentence, cursor)
                at, cursor = (at, at + len(sentence)) if at >= 0 else (0, cursor)
                if renamed and self.renamed_elsewhere is not None and self.renamed_elsewhere.search(sentence):
                    continue  # "med lokalsamfundet mener jeg de kommunale enheder, borgerne møder": a renaming
                units = [u.span() for u in self.unit_names.finditer(cased)] if self.unit_names else []
                for items in self._lists(sentence):
                    if self._out_before(sentence, items[0]) or self.negated_after.match(sentence[items[-1].start() :]):
                        continue
                    if any(
                        not any(start <= m.start() < end for start, end in units)
                        and not self._out_before(sentence, m)
                        and not self.negated_after.match(sentence[m.start() :])
                        and not self.served_after.match(sentence[m.start() :])
                        and not self._possessive(sentence, cased, m)
                        and self._takes_part(folded_main, at + m.start())
                        and not self._renamed(folded_main, at + m.start())
                        and not any(m.group().startswith(w) or w.startswith(m.group()) for w in renamed)
                        for m in items
                    ):
                        return " ".join(written.split())
        return None

    def _takes_part(self, clause: str, at: int) -> bool:
        """The mention at `at` of a folded main clause is said to take part in the work."""
        if self.together is None or self.acts_after is None or self.joined_before is None:
            return True
        return bool(
            self.together.search(clause) or self.acts_after.match(clause[at:]) or self.joined_before.search(clause[:at])
        )

    def _renamed(self, clause: str, at: int) -> bool:
        """The mention at `at` of a folded main clause is renamed as the public side's own people ("vores
        brugere – altså medarbejderne fra jobcentret"): users inside the organisation are no partners."""
        return self.renamed_after is not None and bool(self.renamed_after.match(fold(clause[at:])))

    def renaming_sentence(self, text: str) -> str | None:
        """The first sentence renaming a word for partners as the public side's own people ("med brugerne –
        altså social- og sundhedsassistenterne", "brugerne er her de ansatte"), as written; None when none does.
        The case then says who its partners are: staff, one sector."""
        if self.renamed_after is None and self.renamed_elsewhere is None:
            return None
        for main in _MAIN_CLAUSE.split(text):
            folded_main = spell_out(main).lower()
            if self.renamed_elsewhere is not None and self.renamed_elsewhere.search(" ".join(folded_main.split())):
                return " ".join(main.split())
            if any(self._renamed(folded_main, m.start()) for m in self.actors.finditer(folded_main)):
                return " ".join(main.split())
        return None

    def _renamed_words(self, text: str) -> set[str]:
        """The words for partners the case renames as the public side's own people (`renamed_elsewhere`)."""
        if self.renamed_elsewhere is None:
            return set()
        folded = " ".join(spell_out(text).lower().split())
        return {next(g for g in found.groups() if g) for found in self.renamed_elsewhere.finditer(folded)}

    def says_absent(self, text: str) -> bool:
        """Some sentence says that a party, public or not, takes no part ("kommunen blander sig ikke",
        "ingen offentlige aktører", "kun kommunale folk", "borgerne bestemmer helt selv")."""
        return any(self.absent.search(sentence) for sentence in _SENTENCE.split(fold(text).lower()))

    def says_public_side_absent(self, text: str) -> bool:
        """Like `says_absent`, but a sentence that only leaves a partner outside the public sector out of a part
        of the work ("men foreningerne var ikke med til det", "udrulningen klarede vi selv, uden foreningen")
        does not count: both sectors still take part where the case names them doing so. A sentence that
        also says a public body stays out (`public_absent`) still counts."""
        for written in _SENTENCE.split(text):
            sentence = " ".join(fold(written).lower().split())
            if not self.absent.search(sentence):
                continue
            if self.public_absent is not None and self.public_absent.search(sentence):
                return True
            if not self._leaves_out_partner(spell_out(written).lower()):
                return True
        return False

    def _leaves_out_partner(self, sentence: str) -> bool:
        """The sentence negates a mention of an actor outside the public sector ("uden foreningen",
        "foreningerne var ikke med")."""
        for items in self._lists(sentence):
            before = _before_word(sentence, items[0])
            if self.negated_before.search(before) or self.negated_after.match(sentence[items[-1].start() :]):
                return True
        return False

    def names_public(self, text: str) -> bool:
        """Some word names a public actor ("kommunen", "erhvervsafd.", "sagsbehandlerne", the leader's "vi").

        A case naming only associations, citizens or businesses has no partnership across the sectors, however
        jointly they work; the words are generous, so that only a case with no public word at all counts."""
        return self.public_named is None or bool(self.public_named.search(" ".join(fold(text).lower().split())))

    def public_stays_out(self, text: str) -> str | None:
        """The first sentence saying that no public body takes part ("kommunen er ikke med", "ingen
        offentlige aktører er med", "uden kommunen"), as written; None when none does. Such a case has no
        partnership across the public and the private sector, whatever else it says."""
        return _first_sentence(self.public_absent, text) or self.only_supports(text)

    def _among_themselves(self, folded: str) -> bool:
        """A sentence of joint work by the others alone: it names no public actor, and names them or speaks of
        them as a group ("de fandt sammen ud af …", "borgerne og løbeklubben har sammen …")."""
        if self.public_joins is None or self.among_themselves is None or not self.public_joins.search(folded):
            return False
        if self.public_named is not None and self.public_named.search(folded):
            return False
        return bool(self.among_themselves.search(folded) or self.actors.search(folded))

    def never_joined_sentence(self, text: str) -> str | None:
        """The first sentence saying the others never took part ("der dukkede ingen op", "klubben trak sig inden
        første møde"), as written; None when none does. Only the public side took part: one sector."""
        return _first_sentence(self.never_joined, text)

    def only_supports(self, text: str) -> str | None:
        """The sentence where the public side only supports (money, a room, permission, praise) what the others
        run on their own (selvbestemmelse), as written; None unless the case says both. The public side is then
        no partner in it."""
        if self.supports is None or self.on_their_own is None:
            return None
        sentences = [(written, " ".join(fold(written).lower().split())) for written in _SENTENCE.split(text)]
        if not any(self.on_their_own.search(folded) or self._among_themselves(folded) for _, folded in sentences):
            return None
        if self.public_joins is not None and any(
            self.public_joins.search(folded) and (self.public_named is None or self.public_named.search(folded))
            for _, folded in sentences
        ):
            return None  # "pårørende, personale og idrætsforeningen har sammen defineret …": the public side works
        return next((" ".join(w.split()) for w, folded in sentences if self.supports.search(folded)), None)

    def public_only(self, text: str) -> str | None:
        """The first sentence where the parties working together are all public ("hjemmeplejen og akutteamet
        har fundet sammen", "et samarbejde mellem skolen, PPR og sundhedsplejen"), as written; None when no
        sentence lists them so.

        A sentence saying that only the public side's own staff take part (`staff_only`: "kun vores egne
        medarbejdere har været med") is read the same way. Every party of the list must be a public one: a
        party the words don't know ("natteravnene og politiet") or an actor outside the public sector in it
        ("frivillige medarbejdere") leaves the list unread. Whether the case names a partner elsewhere is for
        the caller to weigh.
        """
        if self.public_group is None or self.party_joiner is None or self.together is None:
            return None
        for written in _SENTENCE.split(text):
            sentence = " ".join(fold(written).lower().split())
            if self.staff_only is not None and self.staff_only.search(sentence):
                return " ".join(written.split())
            if not self.together.search(sentence):
                continue
            for found in self.public_group.finditer(sentence):
                before, after = sentence[: found.start()], sentence[found.end() :]
                if self.actors.search(found.group()):
                    continue
                if not self.party_joiner.search(before) and not self.party_joiner.match(after):
                    return " ".join(written.split())
        return None

    def _lists(self, sentence: str) -> list[list[re.Match[str]]]:
        """The sentence's mentions, grouped into the lists they stand in."""
        lists: list[list[re.Match[str]]] = []
        for found in self.actors.finditer(sentence):
            if lists and self.list_glue.fullmatch(sentence[lists[-1][-1].end() : found.start()]):
                lists[-1].append(found)
            else:
                lists.append([found])
        return lists

    def _possessive(self, sentence: str, cased: str, found: re.Match[str]) -> bool:
        """Named only as whose needs or problem it is ("borgernes behov"), not as part of a name written
        with capitals ("Kirkens Korshær")."""
        owner = self.possessive.match(sentence[found.start() :])
        if owner is None:
            return False
        after = _NEXT_WORD.match(cased, found.start() + owner.end())
        return not (after and after.group(1)[0].isupper())

    def _out_before(self, sentence: str, found: re.Match[str]) -> bool:
        """Negated or served by what comes before the mention's word ("ingen", "et tilbud til")."""
        before = _before_word(sentence, found)
        return bool(self.negated_before.search(before) or self.served_before.search(before))


def _first_sentence(pattern: re.Pattern[str] | None, text: str) -> str | None:
    """The first sentence of `text` the pattern finds, folded and lower case, as written; None when none."""
    if pattern is None:
        return None
    return next(
        (" ".join(w.split()) for w in _SENTENCE.split(text) if pattern.search(" ".join(fold(w).lower().split()))), None
    )


def _before_word(sentence: str, found: re.Match[str]) -> str:
    """The sentence before the word a mention stands in ("boerne|familier": before "boernefamilier")."""
    before = sentence[: found.start()]
    return before[: len(before) - len(_WORD_END.search(before).group())]


def load_partners(data: Mapping[str, Any] | None, path: Path, error: Callable[[str], Exception]) -> Partners | None:
    """The `partners` block of the reading settings; None when there is none (every case then names one)."""
    if data is None:
        return None
    if not isinstance(data, Mapping):
        raise error(
            f"{path}: 'partners' must be a mapping with actors, {', '.join(_KEYS)}, absent, together, acts_after, "
            f"joined_before, public_bodies, absent_between, public_absent, {', '.join(_GROUP_KEYS)}, public_units, "
            "public_named"
        )
    compiled = [_pattern_list(data, "actors", path, error)]
    for key in _KEYS:
        compiled.append(_pattern(data.get(key), key, path, error))
    compiled.append(_pattern_list(data, "absent", path, error))
    compiled.append(_pattern_list(data, "together", path, error))
    compiled.append(_pattern(data.get("acts_after"), "acts_after", path, error))
    compiled.append(_pattern_list(data, "joined_before", path, error))
    public = _pattern(data.get("public_bodies"), "public_bodies", path, error).pattern
    between = _pattern(data.get("absent_between"), "absent_between", path, error).pattern
    compiled.append(_pattern_list(data, "public_absent", path, error, {"<public>": public, "<between>": between}))
    party, joiner, stops = (_pattern(data.get(k), k, path, error).pattern for k in _GROUP_KEYS)
    party = party.replace("<unit>", _pattern_list(data, "public_units", path, error).pattern)
    compiled.append(_pattern(rf"\b(?:{party})(?:\s*(?:{joiner})\s*(?:{party}))+\b", "public_party", path, error))
    # A party joined on before the list ("natteravnene og ") or after it (" og natteravnene"; not ", hvor …").
    compiled.append(_pattern(rf"(?:{joiner})\s*$|^\s*(?:{joiner})\s*(?!(?:{stops})\b)\w", "party_joiner", path, error))
    compiled.append(_pattern_list(data, "public_named", path, error))
    compiled.append(_unit_names(data.get("unit_names"), path, error))
    for key in (
        "renamed_after",
        "staff_only",
        "renamed_elsewhere",
        "supports",
        "on_their_own",
        "public_joins",
        "among_themselves",
    ):
        value = data.get(key)
        compiled.append(None if value is None else _pattern(str(value).replace("<public>", public), key, path, error))
    names = {"<public>": public}
    compiled.append(
        None if data.get("never_joined") is None else _pattern_list(data, "never_joined", path, error, names)
    )
    return Partners(*compiled)


def _unit_names(items: Any, path: Path, error: Callable[[str], Exception]) -> re.Pattern[str] | None:
    """Department names as written with capitals, spelled out (ae/oe/aa), matched with their case."""
    if items is None:
        return None
    if not (isinstance(items, list) and items and all(isinstance(a, str) and a[:1].isupper() for a in items)):
        raise error(f"{path}: 'partners.unit_names' must be a non-empty list of names starting with a capital")
    if any(ch in "".join(items).lower() for ch in "æøå"):
        raise error(f"{path}: 'partners.unit_names' must be spelled out (ae/oe/aa)")
    return re.compile(r"\b(?:" + "|".join(re.escape(a) for a in items) + r")\b")


def _pattern_list(
    data: Mapping[str, Any],
    key: str,
    path: Path,
    error: Callable[[str], Exception],
    names: Mapping[str, str] | None = None,
) -> re.Pattern[str]:
    """A non-empty list of patterns, any of which matches; each of `names` ("<public>") stands for its pattern."""
    items = data.get(key)
    if not (isinstance(items, list) and items and all(isinstance(a, str) and a for a in items)):
        raise error(f"{path}: 'partners.{key}' must be a non-empty list of patterns")
    joined = f"(?:{'|'.join(items)})"
    for name, pattern in (names or {}).items():
        joined = joined.replace(name, pattern)
    return _pattern(joined, key, path, error)


def _pattern(value: Any, key: str, path: Path, error: Callable[[str], Exception]) -> re.Pattern[str]:
    if not isinstance(value, str) or not value:
        raise error(f"{path}: 'partners.{key}' must be a pattern")
    letters = re.sub(r"\\.", "", value)  # escapes such as \W are not words
    if letters != letters.lower() or any(ch in letters for ch in "æøå"):
        raise error(f"{path}: 'partners.{key}' must be folded (lower case, ae/oe/aa)")
    try:
        return re.compile(value)
    except re.error as exc:
        raise error(f"{path}: 'partners.{key}': {exc}") from exc
