"""A small left-to-right word-class guesser for one short sentence.

Why not a real tagger: the core ships no parser, and the facts it checks are
short third-person statements ("Jay lost his keys"). A handful of closed
word classes plus the position of a word (after a determiner it is a noun,
after a modal or "to" a verb, right after its subject a verb) is enough to
tell a pronoun's possible antecedents apart from verbs and function words.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from remembrancer.memory.extraction.lexicon import ADVERBS, IRREGULAR_PAST, PARTICIPLES


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


DETERMINERS = _words("a an the my your his her their our its some any every each no another this that these those "
                     "one two three four five six seven eight nine ten several few many both all")
PRONOUNS = _words("i me you he she him it we us they them myself yourself himself herself itself ourselves themselves "
                  "themself who whom which what something anything everything nothing someone anyone everyone "
                  "somebody anybody everybody nobody mine yours hers ours theirs there")
PREPOSITIONS = _words("in on at to from with about for of by into onto over under after before during since until "
                      "through across around near like without between among against toward towards upon within "
                      "behind beside outside inside off out up down per via")
CONJUNCTIONS = _words("and or but so because while when if though although as than then whether nor yet once unless whereas")
BE = _words("is am are was were be been being 's 're 'm")
AUXILIARIES = BE | _words("has have had having 've 'd 'll do does did can could will would shall should may might must "
                          "gonna wanna gotta ought used n't not never")
PERSON_NOUNS = _words(
    "man woman men women boy girl boys girls guy guys lady ladies person people kid kids child children baby "
    "friend friends buddy pal bestie roommate neighbor neighbour neighbors neighbours colleague colleagues coworker "
    "coworkers boss manager teammate teammates classmate classmates mentor client clients customer customers "
    "patient patients student students teacher teachers doctor nurse coach family parents mom mum mother dad father "
    "sister sisters brother brothers sibling siblings son sons daughter daughters husband wife partner boyfriend "
    "girlfriend spouse fiance fiancee grandma grandmother grandpa grandfather grandparents aunt uncle cousin cousins "
    "niece nephew team group band crew class couple everyone someone somebody"
)
GROUP_NOUNS = _words("family parents kids children people friends team group band crew class couple folks guys "
                     "siblings cousins grandparents twins")
TIME_NOUNS = _words(
    "year years week weeks month months day days morning mornings afternoon evening evenings night nights weekend "
    "weekends summer winter spring fall autumn time times season semester term moment point decade century "
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july august "
    "september october november december christmas easter holiday holidays"
)
SUBJECT_PRONOUNS = _words("i you he she it we they who that which there")
_CLITIC = re.compile(r"(?i)^(.+?)('s|'re|'ve|'d|'ll|'m|n't)$")
_TOKEN = re.compile(r"[A-Za-z][A-Za-z'-]*|\d+(?:[.,:]\d+)*|[^\sA-Za-z\d]")
_PUNCT_BREAK = set(".,;:!?()[]\"—–")


@dataclass
class Token:
    text: str
    lower: str
    tag: str  # PUNCT DET PRON PREP CONJ AUX NAME VERB NOUN ADV ADJ NUM POSS
    start: bool  # first word of a sentence


def tokens(text: str) -> list[Token]:
    """Words and punctuation, clitics split off ("it's" -> "it", "'s"), each with a guessed class."""
    raw: list[str] = []
    for piece in _TOKEN.findall(text.replace("’", "'").replace("‘", "'")):
        m = _CLITIC.match(piece)
        if piece.lower() in {"can't", "won't", "cannot"}:
            raw.extend(["will" if piece.lower() == "won't" else "can", "n't"])
        elif m:
            raw.extend([m.group(1), m.group(2)])
        else:
            raw.append(piece)
    out: list[Token] = []
    start = True
    for word in raw:
        lower = word.lower()
        prev = out[-1] if out else None
        tag = _tag(word, lower, prev, out, start)
        out.append(Token(word, lower, tag, start))
        start = tag == "PUNCT" and word in ".!?;:"
    return out


def _tag(word: str, lower: str, prev: Token | None, seen: list[Token], start: bool) -> str:
    if lower == "'s":
        return "POSS" if prev and prev.tag in {"NAME", "NOUN"} else "AUX"
    if lower in {"'re", "'ve", "'d", "'ll", "'m", "n't"}:
        return "AUX"
    if not word[0].isalnum():
        return "PUNCT"
    if word[0].isdigit():
        return "NUM"
    if lower in AUXILIARIES and not (lower in {"used"} and prev and prev.tag == "DET"):
        return "AUX"
    if lower in PRONOUNS:
        return "PRON"
    if lower in DETERMINERS:
        return "DET"
    if lower in PREPOSITIONS:
        return "PREP"
    if lower in CONJUNCTIONS:
        return "CONJ"
    if word[0].isupper() and (not start or lower not in _COMMON_CAPITALISED) and not (start and lower.endswith("ing")):
        return "NAME"  # a sentence-initial "Creating ..." is a gerund, not a name
    if lower in ADVERBS or (lower.endswith("ly") and len(lower) > 4):
        return "ADV"
    return _content_tag(lower, prev, seen)


_COMMON_CAPITALISED = DETERMINERS | PRONOUNS | PREPOSITIONS | CONJUNCTIONS | AUXILIARIES | ADVERBS | _words(
    "yesterday today tomorrow tonight recently last next after before during here please yes no oh well"
)


def _content_tag(lower: str, prev: Token | None, seen: list[Token]) -> str:
    if prev is None:
        return "NOUN"
    before = _last_word(seen)
    if before is not None and before.lower == "to" and before is prev:
        # an infinitive's verb is a base form: "open to brands" is a noun after a preposition
        return "NOUN" if lower.endswith(("s", "ed")) and not lower.endswith("ss") else "VERB"
    if prev.tag == "AUX" and prev.lower in BE and lower.endswith("ing"):
        return "VERB"
    if prev.tag == "AUX" and prev.lower in BE:
        return "ADJ" if not lower.endswith("ed") or lower in PARTICIPLES else "VERB"
    if prev.tag == "AUX":
        return "VERB"
    if prev.lower in {"that", "which"} and (lower in IRREGULAR_PAST or lower.endswith(("ed", "s")) and not lower.endswith("ss")):
        return "VERB"
    if prev.tag in {"DET", "POSS", "NUM", "ADJ"} or prev.lower == "her":
        return "NOUN"
    if lower in IRREGULAR_PAST or lower in PARTICIPLES or (lower.endswith("ed") and len(lower) > 4):
        return "VERB"
    if prev.lower.endswith("ing") and prev.tag in {"NOUN", "VERB"} and len(prev.lower) > 4:
        return "NOUN"  # a gerund's object: "creating stories", "watching birds"
    if prev.lower in {"something", "anything", "nothing", "everything", "someone", "anyone", "somebody", "nobody"}:
        return "ADJ"  # "something new"
    if prev.tag in {"NAME", "PRON"}:
        return "VERB"
    if prev.tag == "NOUN" and lower.endswith("s") and not lower.endswith("ss") and not _clause_has_verb(seen):
        return "VERB"  # "the dog barks", but not "met some young folks"
    if prev.tag == "ADV" and len(seen) >= 2 and seen[-2].tag in {"NAME", "PRON", "AUX"}:
        return "VERB"
    return "NOUN"


def _clause_has_verb(seen: list[Token]) -> bool:
    for token in reversed(seen):
        if token.tag in {"VERB", "AUX"}:
            return True
        if token.tag in {"PUNCT", "CONJ"} or token.lower in {"who", "which", "that"}:
            return False
    return False


def _last_word(seen: list[Token]) -> Token | None:
    for token in reversed(seen):
        if token.tag != "PUNCT":
            return token
    return None


def singular(word: str) -> str:
    """A crude lemma for nouns: enough to see "dogs" and "dog" as one word."""
    w = word.lower()
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 4 and w.endswith(("ches", "shes", "xes", "sses")):
        return w[:-2]
    if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]
    return w
