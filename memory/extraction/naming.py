"""Names given in answer to "What's her name?": a pet's or relative's name said across two turns.

In chat a name is rarely stated in one sentence. "We've got a pup and a kitty"
/ "What are their names?" / "Luna and Oliver!" names two pets, but no single
message says so, and "Luna and Oliver!" alone is no fact at all. So each
speaker's latest pet or relative (a noun phrase from `PETS` or the family
words) is remembered, and when the other person's turn asks for a name and
the answer opens with names, one fact joins them: "Ana's pets are named Luna
and Oliver." That sentence states a pet (or relative) attribute with its
names, so the profile keeps them. A question that names its noun ("What's
your dog's name?") takes that noun instead.
"""
from __future__ import annotations

import re

from remembrancer.memory.extraction.lexicon import FAMILY, PARTNER, PET_SPECIES, PETS, alternation
from remembrancer.memory.extraction.sentences import split_captions

_KIN = PETS | FAMILY | PARTNER
_KIN_ALT = alternation(_KIN)
_PLURAL_PETS = {"pets", "dogs", "cats", "puppies", "pups", "kittens", "kitties", "birds", "fish", "turtles", "rabbits",
                "bunnies", "hamsters", "horses"}
_ASKS_NAME_RE = re.compile(
    r"\bwhat(?:'s| is| are|'re| was| were)\s+(?:(?:his|her|their|its|the)\s+|your\s+(?P<noun>[a-z]+?)(?:'s|s')\s+)?names?\b"
    r"|\bwhat did you (?:name|call) (?:him|her|them|it)\b|\bwhat do you call (?:him|her|them|it)\b"
    r"|\bwho(?:'s| is) (?:that|this)\b", re.IGNORECASE)
# "We've got a pup and a kitty", "I adopted this cute pup", "my sister".
_MENTION_RE = re.compile(
    rf"\b(?:a|an|my|our|this|these|the|two|three|new|another)\s+(?:(?:cute|little|new|sweet|adorable|rescue|baby|"
    rf"older|younger|big|tiny|black|white|brown|fluffy)\s+)*(?P<noun>{_KIN_ALT})\b", re.IGNORECASE)
_YOUR_KIN_RE = re.compile(rf"\byour\s+(?:(?:new|little|older|younger|big|baby|other)\s+)?(?P<noun>{_KIN_ALT})\b",
                          re.IGNORECASE)
_ANSWER_OPENER_RE = re.compile(
    r"^(?:(?:oh|yeah|yes|haha|well|so)[,!.]?\s+)?(?:(?:her|his|their|its|the)\s+names?\s+(?:is|are|was|were)\s+|"
    r"(?:she|he|it)'s\s+called\s+|they're\s+called\s+|(?:I|we)\s+(?:named|called)\s+(?:her|him|them|it)\s+|"
    r"(?:she|he|it)\s+is\s+called\s+|they\s+are\s+called\s+|this is\s+|that's\s+)?", re.IGNORECASE)
_NAME_LIST_RE = re.compile(r"(?P<first>[A-Z][a-z]+)(?P<rest>(?:\s*(?:,|and|&)\s*(?:[A-Z][a-z]+))*)")
_NOT_NAMES = {"I", "Yes", "Yeah", "Oh", "Thanks", "Thank", "Haha", "Wow", "Well", "So", "She", "He", "They", "It",
              "We", "My", "Our", "The", "That", "This", "Sure", "Sorry", "Aw", "Aww", "Hey", "Hi", "Hello", "Nope", "No"}


def kin_mentioned(text: str) -> tuple[str, bool] | None:
    """The last pet or relative a message speaks of ("a pup and a kitty" -> ("pets", True)), with whether it is plural."""
    said, _captions = split_captions(text)  # a photo's caption ("a black puppy") is the picture, not a second pet
    found = [m.group("noun").lower() for m in _MENTION_RE.finditer(said)]
    if not found:
        return None
    species = {PET_SPECIES.get(n, n) for n in found if n in PETS}
    if len(species) > 1:  # "a pup and a kitty"; "this pup ... the puppy" is one dog
        return "pets", True
    noun = found[-1]
    return noun, noun in _PLURAL_PETS or noun.endswith("ren")


def asked_noun(question: str) -> tuple[str, bool] | None:
    """Whether `question` asks for a name: (the noun it names, plural) with "" when it names none; None otherwise."""
    m = _ASKS_NAME_RE.search(question)
    if not m:
        return None
    noun = (m.group("noun") or "").lower()
    if not noun:  # "And your brother? What's his name?": the noun said just before the question
        said = [k.group("noun").lower() for k in _YOUR_KIN_RE.finditer(question[:m.start()])]
        noun = said[-1] if said else ""
    if noun and noun.rstrip("s") not in _KIN and noun not in _KIN:
        return None  # "What's your band's name?": not a pet or relative
    plural = bool(re.search(r"\b(?:their|names|are)\b", m.group(0), re.IGNORECASE))
    return noun, plural


def names_in_answer(answer: str, people: set[str]) -> list[str]:
    """The names an answer opens with ("Luna and Oliver!", "Her name is Shadow."), never the people talking."""
    s = _ANSWER_OPENER_RE.sub("", answer.strip(), count=1)
    m = _NAME_LIST_RE.match(s)
    if not m:
        return []
    names = [m.group("first")] + re.findall(r"[A-Z][a-z]+", m.group("rest"))
    after = s[m.end():].lstrip()
    if after[:1].isalpha() and not after.lower().startswith(("and ", "is ", "are ")):
        return []  # "Luna loves the beach": a sentence about someone, not an answer of names
    if any(n in _NOT_NAMES or n in people for n in names):
        return []
    return names


def naming_sentence(owner: str, noun: str, names: list[str]) -> str:
    """"Ana's pets are named Luna and Oliver." (the sentence the pet and family rules read)."""
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    plural = len(names) > 1  # one name is one pet or person, whatever the question's number
    if not plural and noun.endswith("s") and noun in PETS:
        noun = {"pets": "pet", "puppies": "puppy", "kitties": "kitty", "bunnies": "bunny"}.get(noun, noun[:-1])
    if plural and noun in PETS and not noun.endswith("s"):
        noun = noun + "s"
    return f"{owner}'s {noun} {'are' if plural else 'is'} named {listed}."


_NAMING_RE = re.compile(r"^\S+'s (?P<noun>[a-z-]+) (?:is|are) named (?P<names>.+)\.$")


def naming_attribute(sentence: str) -> tuple[str | None, str | None]:
    """(attribute, value) a naming sentence states: ("pet", "pets named Luna and Oliver"), ("family", "brother named Anselm")."""
    m = _NAMING_RE.match(sentence)
    if not m:
        return None, None
    noun = m.group("noun")
    attribute = "pet" if noun in PETS else "relationship" if noun in PARTNER else "family"
    return attribute, f"{noun} named {m.group('names')}"
