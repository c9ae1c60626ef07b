"""One value per thing: lemmas, plurals, synonyms, names and counts read out of a fact's value.

A conversation calls the same dog "my dog Rex", "the pup", "our dogs" and
"a puppy named Toby"; the profile must show one "3 dogs: Rex, Bella, Toby",
not four attributes. Each fact value is parsed into a `Value` whose `key`
says what it is about (the species, the relation, the lemma of the object);
mentions with the same key are one attribute, their names and counts merged.
The word lists are general English (memory/extraction/lexicon.py).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from remembrancer.memory.extraction.lexicon import (
    BASE_VERBS, MUSICAL_INSTRUMENTS, PET_SPECIES, RELATION_PLURALS, RELATION_SYNONYMS,
)

_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
            "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "couple": 2, "pair": 2}
_NAMED_RE = re.compile(r"\s+(?:named|called)\s+|\s+(?=(?-i:[A-Z][a-z]))", re.IGNORECASE)
_NAME_SPLIT_RE = re.compile(r"\s*(?:,\s*and\s+|,\s*|\s+and\s+|\s*&\s*)\s*")
_NAME_RE = re.compile(r"^(?-i:[A-Z][a-z'\-]+)$")
_ARTICLE_RE = re.compile(r"^(?:the|a|an|some|my|his|her|their|our|your)\s+", re.IGNORECASE)
_TRAILING_ADVERB_RE = re.compile(r"(?:\s+(?:longer|farther|further|faster|harder|better|more|less|again|lately|daily|"
                                 r"regularly|often|a lot|every day|everyday|now))+$", re.IGNORECASE)
_KEY_SKIP = frozenset({"a", "an", "the", "some"})
_STATUS = frozenset({"single", "married", "divorced", "engaged", "separated", "widowed", "in a relationship"})
_PARTNER_VERBS = ("dating", "seeing", "engaged to", "married", "marrying")
_ROLE_PREDICATES = frozenset({"is", "became", "has become", "is now", "was"})
_NOT_GERUND_DOUBLE = frozenset("visit open listen travel enter offer happen answer order wonder color colour".split())


@dataclass(frozen=True)
class Value:
    """A fact value read as a profile entry."""

    key: str                       # mentions with the same key are one attribute
    surface: str                   # the value as a person reads it, without names or counts
    names: tuple[str, ...] = ()
    count: int | None = None
    plural: bool = False


def singular(word: str) -> str:
    """"dogs" -> "dog", "puppies" -> "puppy", "classes" -> "class"; words that are not plurals stay."""
    w = word.lower()
    if w in RELATION_PLURALS:
        return RELATION_PLURALS[w]
    if len(w) <= 3 or w.endswith(("ss", "us", "is", "ics")):
        return w
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith(("ches", "shes", "sses", "xes", "zes")):
        return w[:-2]
    if w.endswith("s"):
        return w[:-1]
    return w


def gerund(verb: str) -> str:
    """"read" -> "reading", "dance" -> "dancing", "swim" -> "swimming", "lie" -> "lying"."""
    v = verb.lower()
    if v.endswith("ie"):
        return v[:-2] + "ying"
    if v.endswith("e") and not v.endswith(("ee", "ye", "oe")) and v != "be":
        return v[:-1] + "ing"
    vowels = "aeiou"
    if (len(v) >= 3 and v[-1] not in vowels + "wxy" and v[-2] in vowels and v[-3] not in vowels
            and sum(c in vowels for c in v) == 1 and v not in _NOT_GERUND_DOUBLE):
        return v + v[-1] + "ing"
    return v + "ing"


def as_activity(value: str) -> str:
    """An object that starts with a base verb reads as an activity: "read" -> "reading", "watch movies" -> "watching movies"."""
    words = value.split()
    if words and words[0].lower() in BASE_VERBS:
        return " ".join([gerund(words[0]), *words[1:]])
    return value


def _sentence_case(value: str) -> str:
    """A value taken from the start of a sentence loses its capital unless it is a name: "Painting landscapes"."""
    first = value.split(" ", 1)[0]
    if first[:1].isupper() and first[1:].islower() and (first.lower().endswith("ing") or first.lower() in BASE_VERBS):
        return first.lower() + value[len(first):]
    return value


def object_key(value: str) -> str:
    """What an object is about, whatever its article, case or number: "The Beatles" ~ "beatles", "dogs" ~ "dog"."""
    v = _ARTICLE_RE.sub("", value.strip().lower())
    v = re.sub(r"^(?:playing|play|to play)\s+", "", v)
    v = _ARTICLE_RE.sub("", v)
    words = [w for w in re.findall(r"[\w'+#-]+", v) if w not in _KEY_SKIP]
    if not words:
        return ""
    stems = [singular(w) for w in words]
    return " ".join(w[:-2] + "y" if w.endswith("ie") else w for w in stems)  # "movie" and "movies" share one key


def split_names(text: str) -> tuple[str, ...]:
    """"Rex, Bella and Toby" -> ("Rex", "Bella", "Toby"); anything that is not a name ends the list."""
    names = []
    for part in _NAME_SPLIT_RE.split(text.strip().rstrip(".")):
        if not _NAME_RE.match(part):
            break
        names.append(part)
    return tuple(names)


def _count(word: str) -> int | None:
    w = word.lower()
    return int(w) if w.isdigit() else _NUMBERS.get(w)


def _names_and_rest(value: str) -> tuple[str, tuple[str, ...]]:
    """"dogs named Rex and Bella" -> ("dogs", ("Rex", "Bella")); "sister Ana" -> ("sister", ("Ana",))."""
    parts = _NAMED_RE.split(value, 1)
    if len(parts) == 2:
        names = split_names(parts[1])
        if names:
            return parts[0].strip(), names
    return value.strip(), ()


def _counted(head: str, predicate: str) -> tuple[str, int | None]:
    """A leading count in the value ("three dogs") or at the end of the predicate ("has three")."""
    words = head.split()
    count = _count(words[0]) if words else None
    if count is not None and len(words) > 1:
        head = " ".join(words[1:])
    else:
        tail = predicate.split()[-1:] if predicate else []
        count = _count(tail[0]) if tail and tail[0].lower() not in ("a", "an") else None
    return head, count


def parse(attribute: str, value: str, predicate: str = "") -> Value | None:
    """The profile entry a fact value states, or None when nothing is left of it."""
    value = re.sub(r"\s+", " ", value).strip(" .,;:")
    if not value:
        return None
    if attribute == "pet":
        return _pet(value, predicate)
    if attribute == "family":
        return _relation(value, predicate, own_role=predicate.strip().lower() in _ROLE_PREDICATES)
    if attribute == "relationship":
        return _partner(value, predicate)
    if attribute == "hobby":
        return _hobby(value, predicate)
    if attribute in ("likes", "dislikes"):
        surface = _sentence_case(as_activity(value) if " " not in value else value)
        return Value(object_key(surface), surface)
    if attribute in ("occupation", "education", "goal", "health"):
        surface = _ARTICLE_RE.sub("", value) if attribute == "occupation" else value
        return Value(object_key(surface), surface)
    if attribute in ("home", "origin", "work", "name", "email", "phone", "address", "age", "birthday"):
        return Value(value.lower(), value)
    return Value(object_key(value) or value.lower(), value)


_ROLE_AT_WORK_RE = r"{employer}\s+as\s+(?:an?\s+|the\s+|(?-i:[A-Z]\w*)'s\s+)?(?P<role>[A-Za-z][\w-]*(?:\s+[a-z][\w-]*){{0,2}}?)(?=\s*[.,;:!?)]|\s*$|\s+(?:and|but|so|since|from|until|in|on|at|for|with|because|after|before|starting|next|this|last)\b)"


def role_at_work(text: str, employer: str) -> str | None:
    """The role a work fact names after its employer ("works at Acme as a designer" -> "designer"), or None."""
    if not text or not employer:
        return None
    m = re.search(_ROLE_AT_WORK_RE.format(employer=re.escape(employer)), text)
    return m.group("role") if m else None


_LATER_NAME_RE = re.compile(
    r"\b(?:(?:[Hh]er|[Hh]is|[Ii]ts|[Tt]heir)\s+names?(?:'s|\s+is|\s+are|\s+was)|(?:[Nn]amed|[Cc]alled)\s+(?:her|him|it|them))\s+"
    r"(?P<names>(?-i:[A-Z][a-z]+(?:(?:,\s*|,?\s+and\s+|\s+&\s+)[A-Z][a-z]+)*))\b"
)


def name_said_after(message: str, noun: str) -> tuple[str, ...]:
    """A name the same message gives after mentioning the pet or relative: "I got a puppy! Her name's Coco"."""
    at = re.search(rf"\b{re.escape(noun)}", message, re.IGNORECASE)
    if at is None:
        return ()
    m = _LATER_NAME_RE.search(message, at.end())
    return split_names(m.group("names")) if m else ()


def _pet(value: str, predicate: str) -> Value | None:
    head, names = _names_and_rest(value)
    head, count = _counted(head, predicate)
    words = head.lower().split()
    species, plural = None, False
    for i in range(len(words)):  # the last species word is the head: "rescue dog", "guinea pig"
        for span in (2, 1):
            phrase = " ".join(words[i:i + span])
            if len(words[i:i + span]) == span and phrase in PET_SPECIES:
                species = PET_SPECIES[phrase]
                plural = singular(words[i + span - 1]) != words[i + span - 1]
    if species is None:
        return None
    return Value(species, species, names, count, plural or (count or 1) > 1 or len(names) > 1)


def _relation(value: str, predicate: str, own_role: bool) -> Value | None:
    head, names = _names_and_rest(value)
    if own_role:  # "Jay is a mom (of two)": who the person is, not a relative
        word = head.split()[0].lower()
        return Value("role:" + RELATION_SYNONYMS.get(word, word), head)
    head, count = _counted(head, predicate)
    words = head.lower().split()
    if not words:
        return None
    phrase = " ".join(words[-2:]) if " ".join(words[-2:]) in RELATION_SYNONYMS else words[-1]
    plural = singular(phrase) != phrase or phrase in ("kids", "children", "little ones")
    relation = RELATION_SYNONYMS.get(phrase) or RELATION_SYNONYMS.get(singular(phrase)) or singular(phrase)
    return Value(relation, relation, names, count, plural or (count or 1) > 1 or len(names) > 1)


def _partner(value: str, predicate: str) -> Value | None:
    low = value.lower()
    if low in _STATUS or low.startswith("in a relationship"):
        with_name = re.search(r"with\s+(?-i:([A-Z][a-z]+))", value)
        return Value("status", low.split(" with ")[0], (with_name.group(1),) if with_name else ())
    pred = predicate.lower()
    if _NAME_RE.match(value) and any(v in pred for v in _PARTNER_VERBS):
        return Value("partner", "partner", (value,))
    if _NAME_RE.match(value) and ("broke up" in pred or "split up" in pred or "divorced" in pred):
        return Value("ex-partner", "ex-partner", (value,))
    return _relation(value, predicate, own_role=False)


def _hobby(value: str, predicate: str) -> Value | None:
    v = _ARTICLE_RE.sub("", value.strip())
    plays = "play" in predicate.lower()
    m = re.match(r"^(?:playing|play)\s+(?:the\s+)?(.+)$", v, re.IGNORECASE)
    if m:
        v, plays = m.group(1), True
    if not v:
        return None
    v = _TRAILING_ADVERB_RE.sub("", v)  # "running farther" is running
    if plays:
        head = v.split()[-1].lower()
        surface = f"the {v}" if head in MUSICAL_INSTRUMENTS else v
        return Value(object_key(v), "plays " + surface)
    return Value(object_key(v), _sentence_case(as_activity(v)))
