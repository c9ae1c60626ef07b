"""Which pronouns a person goes by, learnt from the conversation, and using them in a fact.

Nothing is guessed from a name. A person's pronouns are known only when the
conversation says so:

* they describe themselves ("I'm a dad", "as a woman", "my pronouns are
  she/her"), which counts three times;
* a sentence names them and then says he/him/his or she/her with no other
  name in between ("Ravi said he would come"), or introduces them by a
  gendered relation ("my sister Ana", "Leo, my brother").

The side with clearly more evidence (at least twice the other) wins; anything
else stays unknown, and an unknown person keeps their name repeated.

Within one fact a person is then named once and referred to by pronoun after
that ("Jay remembered that Jay has three dogs" -> "Jay remembered that he has
three dogs"), but only when no other person in the fact could be meant.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from remembrancer.memory.extraction.lexicon import FEMALE_RELATIONS, IRREGULAR_PAST, MALE_RELATIONS, alternation

_MALE_SELF = frozenset("man guy dad father husband boyfriend son brother grandpa grandfather uncle gentleman "
                       "boy dude".split())
_FEMALE_SELF = frozenset("woman girl lady mom mum mother wife girlfriend daughter sister grandma grandmother aunt "
                         "mama".split())
_SELF_RE = re.compile(
    rf"(?:\bI(?:'m| am)|(?:^|[,.!] )[Aa]s|\bbeing|\b(?:I|[Mm]y)\b(?:(?!\b(?:you|your|him|her|them|his|their|he|she|"
    rf"they)\b)[^.!?]){{0,60}}\bas)\s+(?:an?\s+)?(?:(?:proud|single|new|young|old|trans|working|"
    rf"first-time|stay-at-home|busy|married|divorced|tired|happy|lucky|retired|gay|straight|black|white|cis|"
    rf"queer|grown|transgender|trans|cisgender|single|working)\s+)*(?P<word>{alternation(_MALE_SELF | _FEMALE_SELF)})\b"
)
_DECLARED_RE = re.compile(r"\bmy pronouns are (?P<p>he|she|they)\b", re.IGNORECASE)
_RELATIONS = alternation(MALE_RELATIONS | FEMALE_RELATIONS)
_APPOSITION_RE = re.compile(
    rf"\b(?:[Mm]y|[Oo]ur|[Hh]is|[Hh]er|[Tt]heir)\s+(?:(?:little|big|older|younger|baby|twin|new)\s+)?(?P<rel>{_RELATIONS}),?\s+"
    rf"(?P<name>[A-Z][a-z]+)\b|\b(?P<name2>[A-Z][a-z]+),\s+(?:my|our)\s+(?P<rel2>{_RELATIONS})\b"
)
_NAME_THEN_PRONOUN_RE = re.compile(r"\b(?P<name>[A-Z][a-z]+)\b(?P<mid>[^.!?]{0,60}?)\b(?P<pro>he|him|his|she|her)\b")
_CAPITAL_RE = re.compile(r"\b[A-Z][a-z]+\b")


class Pronouns:
    """Votes per person, then "m", "f" or None."""

    def __init__(self) -> None:
        self._votes: dict[str, list[int]] = {}

    def vote(self, name: str, kind: str, weight: int = 1) -> None:
        votes = self._votes.setdefault(name, [0, 0])
        votes[0 if kind == "m" else 1] += weight

    def of(self, name: str) -> str | None:
        m, f = self._votes.get(name, (0, 0))
        if m and m >= 2 * f:
            return "m"
        if f and f >= 2 * m:
            return "f"
        return None

    def known(self) -> dict[str, str]:
        return {name: kind for name in self._votes if (kind := self.of(name))}


def learn(messages: Iterable[tuple[str, str]], names: set[str]) -> dict[str, str]:
    """Pronouns ("m"/"f") of the people in `messages` ((speaker, text) pairs) with enough evidence."""
    pronouns = Pronouns()
    for speaker, text in messages:
        for m in _SELF_RE.finditer(text):
            pronouns.vote(speaker, "m" if m.group("word").lower() in _MALE_SELF else "f", 3)
        declared = _DECLARED_RE.search(text)
        if declared and declared.group("p").lower() != "they":
            pronouns.vote(speaker, "m" if declared.group("p").lower() == "he" else "f", 3)
        for m in _APPOSITION_RE.finditer(text):
            name, rel = (m.group("name"), m.group("rel")) if m.group("name") else (m.group("name2"), m.group("rel2"))
            if name in names:
                pronouns.vote(name, "m" if rel.lower() in MALE_RELATIONS else "f")
        for m in _NAME_THEN_PRONOUN_RE.finditer(text):
            name = m.group("name")
            if name not in names or name == speaker or any(w in names for w in _CAPITAL_RE.findall(m.group("mid"))):
                continue
            if re.search(rf"\b(?:{_RELATIONS})\b", m.group("mid")):
                continue  # "Ravi's sister said she": the pronoun is the relative's
            pronouns.vote(name, "m" if m.group("pro") in ("he", "him", "his") else "f")
    return pronouns.known()


_SUBJECT_OPENERS = frozenset("and but so because that when while if since after before as though although then "
                             "until once or".split())
_FINITE_AUXILIARIES = frozenset("is was has had does did can could will would shall should may might must isn't wasn't "
                                "hasn't hadn't doesn't didn't can't couldn't won't wouldn't shouldn't".split())
_ADVERBS_BEFORE_VERB = frozenset("just really also finally still always never recently even already actually".split())
_FORMS = {"m": ("he", "him", "his", "himself"), "f": ("she", "her", "her", "herself")}


def name_once(text: str, pronouns: Mapping[str, str], people: Iterable[str]) -> str:
    """`text` with every mention of a person after the first replaced by their pronoun.

    Only people whose pronouns are known, and only when no other person in
    the text shares (or may share) those pronouns. A mention inside a group
    ("Ana and Leo") stays a name.
    """
    if not pronouns or not any(name in text for name in pronouns):
        return text  # nobody here has known pronouns: nothing to do (the common case, kept cheap)
    present = [p for p in people if p in text and re.search(rf"(?<![\w']){re.escape(p)}(?![\w])", text)
               and not re.search(rf"\b(?:in|to|at|from|near|of|around)\s+(?:the\s+)?{re.escape(p)}\b", text)]
    for person in present:
        kind = pronouns.get(person)
        if kind is None or text.count(person) < 2:
            continue
        if any(pronouns.get(o) in (None, kind) for o in present if o != person and o not in person and person not in o):
            continue
        text = _replace_later(text, person, _FORMS[kind])
    return text


def _replace_later(text: str, person: str, forms: tuple[str, str, str, str]) -> str:
    subject, obj, possessive, _ = forms
    pattern = re.compile(rf"(?<![\w']){re.escape(person)}(?P<pos>'s)?(?![\w])")
    out: list[str] = []
    last = 0
    first = True
    for m in pattern.finditer(text):
        before = text[:m.start()].rstrip()
        after = text[m.end():].lstrip()
        grouped = before.endswith((" and", " &", " or")) or after.startswith(("and ", "& ", "or "))
        if before.endswith((", and", ", but", ", or")) and _sings(_verb_after(after)):
            grouped = False  # "..., and Mia wants to ...": a new clause's subject, not one of a group
        if first or grouped:
            first = False
            continue
        if m.group("pos"):
            word = possessive
        else:
            prev = before.rsplit(None, 1)[-1].lower() if before else ""
            following = _verb_after(after)
            # A clause's subject: after a clause opener, or before its verb ("the paths she has taken", "who she is").
            # A name right before a past-tense verb is its subject too ("the support she got", "the cake she baked").
            past = following in IRREGULAR_PAST or (len(following) > 4 and following.endswith("ed"))
            opens = not before or before[-1] in ",;:(" or prev in _SUBJECT_OPENERS or following in _FINITE_AUXILIARIES or past
            word = subject if opens else obj
        out.append(text[last:m.start()] + word)
        last = m.end()
    out.append(text[last:])
    return "".join(out)


def _sings(word: str) -> bool:
    """Whether `word` is a verb for one person ("wants", "is", "has"): a group would take "want", "are", "have"."""
    return word in _FINITE_AUXILIARIES or (len(word) > 3 and word.endswith("s") and not word.endswith("ss"))


def _verb_after(after: str) -> str:
    """The word after a name, past an adverb; "is" when an adverb is followed by a verb ("she just finished")."""
    words = [w.lower().strip(",.;:!?") for w in after.split()[:3]]
    if words and words[0] in _ADVERBS_BEFORE_VERB:
        rest = words[1:]
        verb = bool(rest) and (rest[0].endswith(("ed", "s")) or rest[0] in IRREGULAR_PAST)
        return "is" if verb else (rest[0] if rest else "")
    return words[0] if words else ""


def reflexive(person: str, pronouns: Mapping[str, str]) -> str:
    """himself/herself for a person whose pronouns are known, else "themself"."""
    kind = pronouns.get(person)
    return _FORMS[kind][3] if kind else "themself"
