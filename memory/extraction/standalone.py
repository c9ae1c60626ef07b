"""The standalone gate: can a fact be read with no conversation around it?

A fact is shown to a person (Facts view, persona, scenes, quotes in answers)
only when it names what it is about. Facts that still lean on the
conversation ("Kit is gonna give it a go.", "Ravi went there in May.") are
kept as retrieval aids: stored, embedded and recalled, never shown.

The check is on the text alone, so the same function marks new facts at
extraction and old facts in the migration that added the `standalone`
column. A word counts as dangling when nothing earlier in the fact can be
what it points at:

* he/him/his/himself, she/her/hers/herself: no name or gendered relation
  ("sister", "husband") before it in the fact;
* they/them/their/themselves: no plural noun, group ("Ana and Leo") or
  singular person before it;
* it/its: no noun phrase other than a person before it (non-referential
  uses such as "it was hard to", "made it to" are fine);
* this/these/those (pronoun or determiner), "that" as a pronoun or
  determiner (not a complementizer or relative: "remembered that", "the
  course that"), and "there"/"here" as places (not "there is").
"""
from __future__ import annotations

import re

from memory.extraction.lexicon import FAMILY, FEMALE_RELATIONS, FRIEND, MALE_RELATIONS, OCCUPATIONS, PARTNER

_TOKEN_RE = re.compile(r"[A-Za-z][A-Za-z'-]*|[.,;:!?()\"]")
_MALE = frozenset({"he", "him", "his", "himself"})
_FEMALE = frozenset({"she", "her", "hers", "herself"})
_PLURAL = frozenset({"they", "them", "their", "theirs", "themselves"})
_DETERMINERS = frozenset({"the", "a", "an", "my", "your", "our", "their", "his", "her", "its", "this", "that",
                          "these", "those", "some", "every", "each", "another", "one", "two", "three", "four", "five"})
_PREPOSITIONS = frozenset({"about", "of", "for", "with", "like", "on", "in", "at", "to", "from", "after", "before",
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
_BE = frozenset({"is", "was", "are", "were", "'s", "has", "had", "will", "would", "could", "can", "might", "must",
                 "should", "seems", "seemed", "used", "remains"})
# "it" that points at nothing: "it was hard to", "it's time to", "made it to the final", "it rained".
DUMMY_IT_RE = re.compile(
    r"\bit(?:'s| is| was| will be| has been| had been| would be| can be| felt| feels| seemed| seems| took| takes)"
    r"\s+(?:(?:so|really|very|too|pretty|quite|a|an|such|been|always|never|not|just|also)\s+)*[a-z]+\s+"
    r"(?:to|that|for|when|how|being|seeing|having|getting|knowing)\b"
    r"|\b(?:make|makes|made|making)\s+it\s+(?:to|through|home|back|out)\b"
    r"|\bit(?:'s| has| had)\s+(?:\w+\s+)?(?:taken|been)\s+(?:a|an|so|too|ages|years|months|weeks|days|forever)\b"
    r"|\bit\s+(?:rained|rains|snowed|snows|poured)\b"
    r"|\bit(?:'s| is| was) (?:raining|snowing|sunny|cold|hot|warm|late|early)\b",
    re.IGNORECASE,
)


def dangling_words(text: str) -> list[str]:
    """The pronouns and deictics in `text` that point at nothing in it, in order."""
    tokens = _TOKEN_RE.findall(text)
    dummy_spans = [m.span() for m in DUMMY_IT_RE.finditer(text)]
    out: list[str] = []
    seen_male = seen_female = seen_plural = seen_person = seen_thing = False
    position = 0
    for i, token in enumerate(tokens):
        start = text.find(token, position)
        position = start + len(token)
        low = token.lower()
        if low in _CONTRACTED:  # "That's", "it's": the pronoun is what counts
            low = low[:-2]
        prev = tokens[i - 1].lower() if i > 0 else ""
        nxt = tokens[i + 1].lower() if i + 1 < len(tokens) else ""
        if low in _MALE:
            if not (seen_male or seen_person):
                out.append(token)
        elif low in _FEMALE:
            if low == "her" and seen_female:
                pass
            elif not (seen_female or seen_person):
                out.append(token)
        elif low in _PLURAL:
            if not seen_plural:
                out.append(token)
        elif low in ("it", "its"):
            if not seen_thing and not any(a <= start < b for a, b in dummy_spans):
                out.append(token)
        elif low in ("this", "these", "those"):
            if nxt not in _TIME_NOUNS or low != "this":
                out.append(token)
        elif low == "that":
            if that_dangles(prev, nxt, i == 0):
                out.append(token)
        elif low in ("there", "here"):
            if nxt not in _BE and not (low == "there" and nxt in ("'s", "isn't", "wasn't", "aren't", "weren't")):
                out.append(token)
        # what the token makes available to later pronouns
        if token[:1].isupper() and i > 0 and token.isalpha() and low not in _ALWAYS_CAPS:
            seen_person = seen_person or _looks_like_name(token)
            seen_thing = True
        elif i == 0 and token[:1].isupper() and low not in _FUNCTION_STARTS:
            seen_person = True  # a fact opens with its subject's name
        base = low[:-2] if low.endswith("'s") else low
        if base in MALE_RELATIONS:
            seen_male = True
        if base in FEMALE_RELATIONS:
            seen_female = True
        before = tokens[i - 2].lower() if i > 1 else ""
        if low == "and" or (low.endswith("s") and len(low) > 3 and not low.endswith(("'s", "ss", "us", "is"))
                            and (prev in _DETERMINERS or prev.endswith("'s") or before in _DETERMINERS)):
            seen_plural = True  # "the kids", "Ana's friends", "three old dogs", "Ana and Leo"
        if prev in _DETERMINERS and low.isalpha() and low not in _PRONOUNS and low not in _DETERMINERS:
            seen_thing = seen_thing or low not in PERSON_NOUNS  # "A friend made it": a friend is not the "it"
    return out


_CONTRACTED = frozenset({"that's", "it's", "this's", "there's", "here's"})
PERSON_NOUNS = FAMILY | PARTNER | FRIEND | OCCUPATIONS | frozenset(
    "guy girl man woman boy lady person people kid kids boss coworker coworkers colleague colleagues neighbor "
    "neighbour neighbors stranger strangers".split())
_PRONOUNS = _MALE | _FEMALE | _PLURAL | {"it", "its", "i", "me", "you", "we", "us"}
_ALWAYS_CAPS = frozenset({"i", "i'm", "i've", "i'd", "i'll"})
_FUNCTION_STARTS = _PRONOUNS | frozenset({"this", "that", "these", "those", "there", "here", "the", "a", "an"})
_MONTHS = frozenset("january february march april may june july august september october november december monday "
                    "tuesday wednesday thursday friday saturday sunday".split())


def _looks_like_name(token: str) -> bool:
    base = token[:-2] if token.endswith("'s") else token
    return base.lower() not in _MONTHS and base.isalpha()


def that_dangles(prev: str, nxt: str, first: bool) -> bool:
    """Whether "that" is a pronoun or determiner (dangling), not a complementizer or relative pronoun."""
    if prev in _CLAUSE_INTRO:
        return False
    if first or prev in (",", ";", ":", "and", "but", "so", "because"):
        return True  # "That was fun", "..., and that helped"
    if nxt in ("", ".", ",", "!", "?", ";", ":"):
        return True  # "Ravi loved that."
    if prev in _PREPOSITIONS or prev in _OBJECT_VERBS:
        return nxt not in ("i", "he", "she", "they", "we", "you", "it")
    if nxt in _TIME_NOUNS:
        return True  # "that day"
    return False


def is_standalone(text: str) -> bool:
    """True when the fact reads on its own: no dangling pronoun or deictic, no first or second person."""
    if _PERSON_RE.search(text):
        return False
    return not dangling_words(text)


# A fact still speaking in the first or second person was never rewritten: it needs its speaker.
_PERSON_RE = re.compile(r"(?<![\w'])(?:I|I'm|I've|I'd|I'll|me|my|mine|we|us|our|you|your|yours)(?![\w'])")
