"""What "it", "that", "this" and "there" point at, read from the turns around a sentence.

Chat answers lean on the question: "Did you finish the pottery course?" /
"Yes, I loved it". A fact that keeps "it" cannot be shown on its own, so
before a sentence is rewritten its dangling words are replaced by what the
nearest earlier sentence offers (the same message first, then the previous
turn, whoever said it):

* a thing: the first noun phrase that is not inside a prepositional phrase
  ("I got *a new bike* for my birthday"), else the last one; persons
  (relatives, names) and vague heads ("a lot", "the time") are skipped.
  "a/an" becomes "the" (a second mention is definite), and "my/your" are
  resolved to names by the caller (the phrase is rewritten with its speaker).
* a place: the last capitalised name after to/in/at/from/visit ("We went
  there" after "Have you been to Lisbon?").

Only a word the gate (standalone.py) would call dangling is replaced, and
only the first of its kind in the sentence; everything else stays.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from remembrancer.memory.extraction.lexicon import (
    FAMILY, FRIEND, IRREGULAR_PAST, OCCUPATIONS, PARTICIPLES, PARTNER, PHATIC, STOPWORDS, a_or_an,
)

_THAT_PREPOSITIONS = frozenset({"about", "of", "for", "with", "like", "on", "in", "at", "to", "from", "after", "before",
                           "by", "into", "onto", "through", "over", "under", "without", "around", "than", "behind",
                           "during", "towards", "toward", "upon", "across", "off"})
# Verbs after which "that" is a pronoun or determiner ("loved that", "did that course"), not "that" + clause.
_OBJECT_VERBS = frozenset(
    "love loves loved like likes liked enjoy enjoys enjoyed do does did doing done made make makes try tries tried "
    "bought buy buys got get gets read watched watch watches saw see sees visited visit take took takes keep keeps "
    "kept want wants wanted need needs needed finished finish finishes started start starts hate hates hated use "
    "used uses miss misses missed remember remembers remembered appreciated appreciate tried give gave gives "
    "recommend recommended".split()
)
# Words after which "that" opens a clause: "said that", "so that", "now that", "glad that".
_CLAUSE_INTRO = frozenset(
    "said says say think thinks thought know knows knew realize realizes realized realised remembered believe "
    "believes believed feel feels felt learned learnt found noticed heard hear mean means meant show shows showed "
    "shown glad sure proud happy sad so now such decided decide agreed agree hope hopes hoped wish wishes guess "
    "guessed seems seemed figured discovered told tells tell promised explained admitted mentioned hoping "
    "thinking knowing given given aware grateful thankful worried afraid convinced confident amazed surprised "
    "except way fact idea news reason sign proof".split()
)
_TIME_NOUNS = frozenset("year week month morning afternoon evening night weekend summer winter spring fall autumn "
                        "time day season semester term".split())
# "it" that points at nothing: "it was hard to", "it's time to", "made it to the final", "it rained".
_DUMMY_IT_RE = re.compile(
    r"\bit(?:'s| is| was| will be| has been| had been| would be| can be| felt| feels| seemed| seems| took| takes)"
    r"\s+(?:(?:so|really|very|too|pretty|quite|a|an|such|been|always|never|not|just|also)\s+)*[a-z]+\s+"
    r"(?:to|that|for|when|how|being|seeing|having|getting|knowing)\b"
    r"|\b(?:make|makes|made|making)\s+it\s+(?:to|through|home|back|out)\b"
    r"|\bit(?:'s| has| had)\s+(?:\w+\s+)?(?:taken|been)\s+(?:a|an|so|too|ages|years|months|weeks|days|forever)\b"
    r"|\bit\s+(?:rained|rains|snowed|snows|poured)\b"
    r"|\bit(?:'s| is| was) (?:raining|snowing|sunny|cold|hot|warm|late|early)\b",
    re.IGNORECASE,
)


_PERSON_NOUNS = FAMILY | PARTNER | FRIEND | OCCUPATIONS | frozenset(
    "guy girl man woman boy lady person people kid kids boss coworker coworkers colleague colleagues neighbor "
    "neighbour neighbors stranger strangers".split())


def _that_dangles(prev: str, nxt: str, first: bool) -> bool:
    """Whether "that" is a pronoun or determiner (dangling), not a complementizer or relative pronoun."""
    if prev in _CLAUSE_INTRO:
        return False
    if first or prev in (",", ";", ":", "and", "but", "so", "because"):
        return True  # "That was fun", "..., and that helped"
    if nxt in ("", ".", ",", "!", "?", ";", ":"):
        return True  # "Ravi loved that."
    if prev in _THAT_PREPOSITIONS or prev in _OBJECT_VERBS:
        return nxt not in ("i", "he", "she", "they", "we", "you", "it")
    if nxt in _TIME_NOUNS:
        return True  # "that day"
    return False


_NP_RE = re.compile(r"(?<![\w'])(?P<det>[Tt]he|[Aa]n?|[Mm]y|[Yy]our|[Oo]ur|[A-Z][a-z]+'s)\s+(?P<body>[a-z][a-z-]*(?![\w'])(?:\s+[a-z][a-z-]*(?![\w'])){0,2})")  # "experiences isn't": no word cut at an apostrophe
_PLACE_RE = re.compile(r"\b(?P<prep>to|in|at|from|visit|visited|visiting)\s+(?P<place>(?:the\s+)?[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2})")
_PREPOSITIONS = frozenset("about of for with like on in at to from after before by into onto through over under "
                          "without around during than".split())
_VAGUE_HEADS = frozenset("lot lots bit while way time times day days week weeks month months year years thing things "
                         "one ones few couple little moment end rest same best first last world idea point kind sort "
                         "chance moment part fact reason question news morning evening night weekend stuff side "
                         "whole number bunch second third next other latter former".split())
_PERSONS = FAMILY | PARTNER | FRIEND | _PERSON_NOUNS
# A noun phrase ends before a function word, a preposition or a verb ("Bram's family looks ...").
_VERBS = frozenset("looks seems sounds feels makes means helps gets takes gives keeps brings shows reminds loves likes "
                   "wants needs breaks has goes comes lets".split())
_NOT_BODY = (STOPWORDS | _PREPOSITIONS | IRREGULAR_PAST | PHATIC | _VERBS) - frozenset(
    {"thing", "things", "stuff", "day", "time", "times", "lot", "lots", "bit", "kind", "sort", "way", "one", "ones"})
# "It breaks my heart that ...", "It made me sad to ...": "it" stands for the clause that follows.
_EXTRAPOSED_RE = re.compile(r"^[Ii]t\s+(?:\w+\s+){1,4}?(?:that|to)\s")
_MOTION = re.compile(r"\b(?:go|goes|going|gone|went|move|moved|moving|travel(?:l?ed)?|fly|flew|drive|drove|come|"
                     r"came|back|return(?:ed)?|get|got|head(?:ed)?|been|trip)\s+$", re.IGNORECASE)
_IT_RE = re.compile(r"(?<![\w'])(?:it|that|this)(?:'s)?(?![\w'])", re.IGNORECASE)
_THERE_RE = re.compile(r"(?<![\w'])(?:over\s+)?there(?![\w'])(?!\s+(?:is|was|are|were|'s|will|would|has|have|had|"
                       r"isn't|wasn't|aren't|weren't|might|must|could|seems?|seemed)\b)", re.IGNORECASE)
_THIS_NOUN_RE = re.compile(r"(?<![\w'])(?:this|that)\s+(?P<head>[a-z]+)\b", re.IGNORECASE)
_MONTH_WORDS = frozenset("January February March April May June July August September October November December "
                         "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split())


@dataclass
class Antecedents:
    """The last thing and place the conversation mentioned, as text ready to substitute."""

    thing: str | None = None
    place: tuple[str, str] | None = None  # (preposition as said, place)
    group: str | None = None               # the last plural noun phrase, for them/they ("Ilse's turtles")
    shown: bool = False                    # the message shares a photo: "this cake" is the one in it
    persons: set[str] = field(default_factory=set)  # names that are people, never a place
    # Sentences to read, in order, only once something needs resolving: most sentences need nothing,
    # and rewriting every earlier sentence up front would cost the import for nothing.
    _pending: list[Callable[[], list[str]]] = field(default_factory=list)

    def defer(self, sentences: Callable[[], list[str]]) -> None:
        """Read these (already rewritten) sentences, in order with the others, when a resolution needs them."""
        self._pending.append(sentences)

    def settle(self) -> None:
        for source in self._pending:
            for sentence in source():
                self.update(sentence, self.persons)
        self._pending.clear()

    def update(self, sentence: str, person_names: set[str]) -> None:
        """Take what `sentence` (already rewritten to names) offers; keep the old ones otherwise."""
        thing = first_thing(sentence)
        if thing:
            self.thing = thing
        group = last_group(sentence)
        if group:
            self.group = group
        place = last_place(sentence, person_names)
        if place:
            self.place = place


def first_thing(sentence: str) -> str | None:
    """The sentence's object-like noun phrase: the first not after a preposition, else the last."""
    found: list[tuple[bool, str]] = []
    for m in _NP_RE.finditer(sentence):
        words = m.group("body").split()
        kept: list[str] = []
        for word in words:
            if word in _NOT_BODY or (kept and word.endswith(("ed", "ly", "ward", "wards"))):
                break
            kept.append(word)
        if not kept or kept[-1] in _VAGUE_HEADS or kept[-1] in _PERSONS or kept[-1].endswith("ing") and len(kept) == 1:
            continue
        det = m.group("det").lower()
        phrase = " ".join(kept)
        det = {"a": "the", "an": "the", "the": "the"}.get(det, m.group("det"))
        before = sentence[:m.start()].rstrip().rsplit(None, 1)
        after_prep = bool(before) and before[-1].lower() in _PREPOSITIONS
        found.append((after_prep, f"{det} {phrase}"))
    if not found:
        return None
    direct = [p for after, p in found if not after]
    return direct[0] if direct else found[-1][1]


def last_group(sentence: str) -> str | None:
    """The last plural noun phrase with a determiner or owner ("the kids", "Ilse's turtles"), people included."""
    group = None
    for m in _NP_RE.finditer(sentence):
        words = m.group("body").split()
        kept: list[str] = []
        for word in words:
            if word in _NOT_BODY:
                break
            kept.append(word)
        if not kept or m.group("det").lower() in ("a", "an"):
            continue
        head = kept[-1]
        if head.endswith("s") and not head.endswith(("ss", "us", "is", "'s")) and head not in _VAGUE_HEADS:
            det = m.group("det")
            group = f"{det.lower() if det in ('The', 'My', 'Your', 'Our') else det} {' '.join(kept)}"
    return group


def last_place(sentence: str, person_names: set[str]) -> tuple[str, str] | None:
    place = None
    for m in _PLACE_RE.finditer(sentence):
        name = m.group("place")
        first = name.split()[-1] if name.startswith("the ") else name.split()[0]
        if first in person_names or first in _MONTH_WORDS:
            continue
        prep = m.group("prep")
        place = ("in" if prep in ("from", "visit", "visited", "visiting") else prep, name)
    return place


def resolve(sentence: str, antecedents: Antecedents) -> str:
    """`sentence` with its first dangling it/that/this and "there" replaced by what came before."""
    antecedents.settle()
    s = sentence
    if antecedents.place:
        m = _THERE_RE.search(s)
        if m and not s[:m.start()].strip() == "":
            prep, place = antecedents.place
            prep = "to" if _MOTION.search(s[:m.start()]) else ("in" if prep == "to" else prep)
            s = s[:m.start()] + f"{prep} {place}" + s[m.end():]
    if antecedents.shown:
        s = _shown(s)
    if antecedents.thing:
        s = _resolve_thing(s, antecedents.thing)
    if antecedents.group:
        s = _resolve_group(s, antecedents.group)
    return s


_SHOWN_RE = re.compile(r"(?<![\w'])(?P<det>[Tt]his|[Tt]hese)\s+(?P<word>[a-z][a-z-]*)")
_THEM_RE = re.compile(r"(?<![\w'])(?:them|^They)(?![\w'])")


def _shown(s: str) -> str:
    """"this cake" in a message sharing a photo of it: the cake is the one shown, "a cake" reads alone."""
    def indefinite(m: re.Match[str]) -> str:
        word = m.group("word")
        if word in STOPWORDS or word in _VAGUE_HEADS:
            return m.group(0)  # "this is", "this week": not a shown thing
        if m.group("det").lower() == "these":
            det = "some"
        else:
            det = a_or_an(word)
        return f"{det.capitalize() if m.group('det')[0].isupper() else det} {word}"
    return _SHOWN_RE.sub(indefinite, s)


_DEMONSTRATIVE_RE = re.compile(r"(?<![\w'])(?P<det>[Tt]his|[Tt]hat|[Tt]hese|[Tt]hose)\s+(?P<word>[a-z][a-z-]*)")


def demote_demonstratives(s: str, dangling: list[str]) -> str:
    """"I'm reading this book" with nothing before to say which: "a book" reads alone and says the same.

    The last step when no earlier sentence named the thing: a demonstrative the
    gate calls dangling ("this/that" + a singular noun, "these/those" + a plural)
    loses its pointing ("a book", "dreams"); time words ("this week") and
    function words ("that is") are left alone.
    """
    flagged = {w.lower() for w in dangling}

    def indefinite(m: re.Match[str]) -> str:
        det, word = m.group("det").lower(), m.group("word")
        if det not in flagged or word in STOPWORDS or word in _VAGUE_HEADS or word in _TIME_NOUNS:
            return m.group(0)
        if det in ("these", "those"):
            return word
        article = a_or_an(word)
        return (article.capitalize() if m.group("det")[0].isupper() else article) + " " + word

    return _DEMONSTRATIVE_RE.sub(indefinite, s)


def _resolve_group(s: str, group: str) -> str:
    """The first "them" (or a leading "They") as the plural noun phrase said before."""
    m = _THEM_RE.search(s)
    if m is None:
        return s
    return s[:m.start()] + (group[:1].upper() + group[1:] if m.start() == 0 else group) + s[m.end():]


def _resolve_thing(s: str, thing: str) -> str:
    if _EXTRAPOSED_RE.match(s):
        return s
    head = thing.rsplit(None, 1)[-1].lower()
    m = _THIS_NOUN_RE.search(s)
    if m and m.group("head").lower() == head:  # "this course" after "the pottery course"
        return s[:m.start()] + _case(thing, m.start()) + s[m.end():]
    dummy = [d.span() for d in _DUMMY_IT_RE.finditer(s)]
    for m in _IT_RE.finditer(s):
        if any(a <= m.start() < b for a, b in dummy):
            continue
        word = m.group(0).lower()
        copula = word.endswith("'s")
        word = word.removesuffix("'s")
        before = s[:m.start()].split()
        after = s[m.end():].split()
        prev = before[-1].lower().strip(",;:") if before else ""
        nxt = after[0].lower().strip(".,!?;:") if after else ""
        if word in ("that", "this"):
            if word == "this" and nxt.isalpha() and nxt not in STOPWORDS:
                continue  # "this course" with another head: a determiner we cannot fill
            if word == "that" and not _that_dangles(prev, nxt if (after and after[0][-1:] not in ".,!?;:") else "",
                                                     not before):
                continue
        verb = (" has" if nxt in PARTICIPLES or nxt.endswith("ed") else " is") if copula else ""  # "it's been": has
        return s[:m.start()] + _case(thing, m.start()) + verb + s[m.end():]
    return s


def _case(thing: str, at: int) -> str:
    return thing[:1].upper() + thing[1:] if at == 0 else thing
