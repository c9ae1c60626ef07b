"""Pronouns to names, so a fact reads on its own: "I love my dog" -> "Odile loves Odile's dog".

Choices (documented because each trades accuracy for readability):

* I/me -> the speaker's name; my/mine -> "Name's"; myself -> "himself" or
  "herself" when the conversation told the speaker's pronouns (pronouns.py),
  else "themself" (no gender is guessed from names). The verb after a substituted "I" gets
  third-person agreement ("I have" -> "has", "I don't" -> "doesn't"); past
  forms and modals are left alone. A compound subject ("my husband and I
  love") keeps its plural verb.
* we/us -> a group named from the same message: "Odile and Anthony" when it
  says "Anthony and I"/"me and my husband", "Odile and Wren" when the
  sentence also says "you" or "both" (two participants only), else
  "Odile and family"/"Odile and friends" when the message speaks of
  "my/our/the kids, family, friends, team...", otherwise "Odile and others"
  (and a sentence whose only first person is such an unclear "we" is skipped
  by the extractor). The group is plural, so verbs stay as they are.
  our/ours -> "Odile's" (shared ownership reads as the speaker's) unless the
  group names a person ("Odile and Anthony's").
* you/your -> the other participant, only when exactly two people talk; "you"
  gets agreement only where it is a subject (after a clause boundary or a
  conjunction), "you guys"/"you all" are left alone.
* A sentence-initial he/she/they (his/her/their) is resolved only to a
  relative or named person mentioned in the previous sentence of the same
  message with matching gender/number; anything else is left alone.
"""
from __future__ import annotations

import re
from collections.abc import Mapping

from remembrancer.memory.extraction.lexicon import (
    ADVERBS, BASE_EED, FAMILY, FEMALE_RELATIONS, FRIEND, IRREGULAR_PAST, IRREGULAR_THIRD, MALE_RELATIONS, MODALS,
    PARTICIPLES, PARTNER, PLURAL_RELATIONS, alternation,
)
from remembrancer.memory.extraction.pronouns import reflexive

_ADV = alternation(ADVERBS | {"not", "never", "no longer"})
_TAIL = rf"(?![\w'])(?!\.\w)(?P<adv>(?:\s+(?:{_ADV})\b)*)(?:\s+(?P<verb>[A-Za-z][\w']*))?"
_I_RE = re.compile(r"(?<![\w'])(?P<pro>I|i)(?P<cl>'m|'ve|'d|'ll)?" + _TAIL)
_YOU_RE = re.compile(r"(?<![\w'])(?P<pro>[Yy]ou)(?P<cl>'re|'ve|'d|'ll)?" + _TAIL)
_WE_RE = re.compile(r"(?<![\w'])(?P<pro>[Ww]e)(?P<cl>'re|'ve|'d|'ll)?(?![\w'])")
_ME_RE = re.compile(r"(?<![\w'])(?:(?P<me>[Mm]e)|(?P<my>[Mm]y)|(?P<mine>[Mm]ine)|(?P<myself>[Mm]yself))(?![\w'])")
_YOUR_RE = re.compile(r"(?<![\w'])(?:(?P<your>[Yy]our)|(?P<yours>[Yy]ours)|(?P<yourself>[Yy]ourself))(?![\w'])")
_US_RE = re.compile(r"(?<![\w'])(?:(?P<us>[Uu]s)|(?P<our>[Oo]ur)|(?P<ours>[Oo]urs)|(?P<ourselves>[Oo]urselves))(?![\w'])")
_NOT_VERBS = {"and", "or", "too", "myself", "alone", "as", "both", "who", "that", "which", "when", "&", "to", "guys",
              "all", "two", "both", "yourself", "here", "there", "again", "in", "on", "at", "with"}
_SUBJECT_INTRO = {"and", "but", "so", "or", "that", "if", "when", "whenever", "because", "since", "while", "hope",
                  "think", "thought", "know", "knew", "guess", "bet", "glad", "happy", "sure", "wish", "how", "what",
                  "where", "why", "who", "as", "unless", "until", "once", "before", "after", "though", "although",
                  "whether", "than", "proud", "heard", "hear", "see", "saw", "remember", "realize", "realized", "hopes",
                  "thinks", "knows", "guesses", "bets", "wishes", "sees", "hears", "remembers", "realizes"}
_INVERTING = {"can", "could", "do", "did", "does", "will", "would", "should", "shall", "may", "might", "must", "am",
              "was", "were", "have", "had", "are", "is"}
_REL_WORDS = FAMILY | PARTNER | FRIEND
_REL_ALT = alternation(_REL_WORDS)
_PAIR_RE = re.compile(
    rf"\b(?:(?P<n1>[A-Z][a-z]+)|[Mm]y (?P<r1>{_REL_ALT})) (?:and|&) (?:I|me)\b"
    rf"|\b(?:I|[Mm]e) (?:and|&) (?:(?P<n2>[A-Z][a-z]+)|my (?P<r2>{_REL_ALT}))\b"
)
# "we" next to "you" or "both" is the two participants.
_BOTH_RE = re.compile(r"(?<![\w'])(?:you|your|both|each other)(?![\w'])", re.IGNORECASE)


_BARE_NEGATIVES = {"dont": "doesn't", "cant": "can't", "wont": "won't", "didnt": "didn't", "couldnt": "couldn't",
                   "wouldnt": "wouldn't", "shouldnt": "shouldn't", "havent": "hasn't", "wasnt": "wasn't",
                   "isnt": "isn't", "aint": "isn't"}


def third_person(verb: str) -> str:
    """The he/she form of a present-tense verb; anything else unchanged."""
    low = verb.lower()
    if low in IRREGULAR_THIRD:
        return IRREGULAR_THIRD[low]
    if low in _BARE_NEGATIVES:  # chat drops the apostrophe: "I cant" is "can't", never "cants"
        return _BARE_NEGATIVES[low]
    if (low in MODALS or low in IRREGULAR_PAST or low.endswith("n't") or low in _NOT_VERBS
            or (low.endswith("ing") and len(low) > 5)  # "you mentioning" is not a finite verb
            or (low.endswith("ed") and low not in BASE_EED) or not verb.isalpha() or not verb.islower()):
        return verb
    if low.endswith(("s", "sh", "ch", "x", "z", "o")):
        return verb + "es"
    if low.endswith("y") and len(low) > 1 and low[-2] not in "aeiou":
        return verb[:-1] + "ies"
    return verb + "s"


def _is_participle(word: str | None) -> bool:
    return bool(word) and (word.lower() in PARTICIPLES or word.lower().endswith("ed"))


def _subject(m: re.Match[str], name: str, plural: bool = False) -> str:
    cl, adv, verb = m.group("cl"), m.group("adv") or "", m.group("verb")
    tail = f" {verb}" if verb else ""
    if cl:
        aux = {"'m": "is", "'re": "are" if plural else "is", "'ve": "have" if plural else "has", "'ll": "will",
               "'d": "had" if _is_participle(verb) else "would"}[cl]
        return f"{name} {aux}{adv}{tail}"
    before = m.string[max(0, m.start() - 80):m.start()].rstrip().lower()
    inverted = before.rsplit(None, 1)[-1] in _INVERTING if before else False  # "What can I say"
    # "my husband and I love" is a plural subject; "..., and I love" is a new clause.
    segment = re.split(r"[,;:(]", before)[-1].split()
    compound = (bool(segment) and segment[-1] in ("and", "&", "or") and 2 <= len(segment) <= 4) \
        or (verb or "").lower() in ("and", "&", "or") or inverted
    if verb is None or plural or compound:
        return f"{name}{adv}{tail}"
    return f"{name}{adv} {third_person(verb)}"


_WE_ANY_RE = re.compile(r"(?<![\w'])(?:we|us|our|ours|ourselves)(?!\w)", re.IGNORECASE)
_PAIR_HINT_RE = re.compile(r"\b(?:and|&) (?:I|me)\b|\b(?:I|[Mm]e) (?:and|&) ")
_OWNED_RE = re.compile(r"\b(?:my|our|the)\s+(?:(?:two|three|little|whole|best|new|old|close)\s+)?([a-z][a-z'-]*)")
_FAMILY_WORDS = FAMILY | PARTNER
_FRIEND_WORDS = FRIEND | {"team", "teammates", "classmates", "colleagues", "coworkers"}


def we_group(message: str, speaker: str) -> tuple[str, str]:
    """(the group "we" stands for, its possessive) as the whole message suggests."""
    pair = _PAIR_RE.search(message) if _PAIR_HINT_RE.search(message) else None
    if pair:
        other = pair.group("n1") or pair.group("n2")
        if other and other not in {"I", "Me", "My", speaker}:
            return f"{speaker} and {other}", f"{speaker} and {other}'s"
        rel = pair.group("r1") or pair.group("r2")
        if rel:
            return f"{speaker} and {speaker}'s {rel}", f"{speaker}'s"
    owned = set(_OWNED_RE.findall(message.lower()))  # "my kids", "our family", "the kids"
    if owned & _FAMILY_WORDS:
        return f"{speaker} and family", f"{speaker}'s"
    if owned & _FRIEND_WORDS:
        return f"{speaker} and friends", f"{speaker}'s"
    return f"{speaker} and others", f"{speaker}'s"


def rewrite(sentence: str, speaker: str, other: str | None, group: tuple[str, str] | None = None,
            message: str | None = None, pronouns: Mapping[str, str] | None = None) -> str:
    """`sentence` with first-person (and, with two participants, second-person) pronouns resolved.

    `group` (what "we" stands for) is worked out from `message` (default: the
    sentence) only when the sentence says we/us/our. `pronouns` (name ->
    "m"/"f", learnt from the conversation) turn myself/yourself into
    himself/herself instead of "themself".
    """
    pronouns = pronouns or {}
    if other and _BOTH_RE.search(sentence):
        group = (f"{speaker} and {other}", f"{speaker} and {other}'s")
    s = _I_RE.sub(lambda m: _subject(m, speaker), sentence)
    s = _ME_RE.sub(lambda m: speaker if m.group("me") else reflexive(speaker, pronouns) if m.group("myself")
                   else f"{speaker}'s", s)
    if other:
        s = _YOU_RE.sub(lambda m: _you(m, other), s)
        s = _YOUR_RE.sub(lambda m: reflexive(other, pronouns) if m.group("yourself") else f"{other}'s", s)
    if not _WE_ANY_RE.search(s):
        return s[:1].upper() + s[1:] if s else s
    if group is None:
        group = we_group(message or sentence, speaker)
    name, possessive = group
    s = _WE_RE.sub(lambda m: name + {None: "", "'re": " are", "'ve": " have", "'ll": " will",
                                     "'d": " would"}[m.group("cl")], s)
    s = _US_RE.sub(lambda m: name if m.group("us") else "themselves" if m.group("ourselves") else possessive, s)
    return s[:1].upper() + s[1:] if s else s


def _you(m: re.Match[str], other: str) -> str:
    verb = (m.group("verb") or "").lower()
    if verb in ("guys", "all", "two", "both", "folks"):
        return m.group(0)
    before = m.string[max(0, m.start() - 80):m.start()].rstrip()
    prev = before.rsplit(None, 1)[-1].lower().strip("\"'") if before else ""
    if m.group("cl") or not before or before[-1] in ",;:(-" or prev in _SUBJECT_INTRO:
        return _subject(m, other)
    return f"{other}{m.group('adv') or ''}{' ' + m.group('verb') if m.group('verb') else ''}"


_THIRD_RE = re.compile(r"^(?P<pro>He|She|They|His|Her|Their)\b(?!')")


_NAMED_SUBJECT_RE = re.compile(rf"([A-Z][a-z]+) (?:is|was|has|had|just|will|\w+s|\w+ed|{alternation(IRREGULAR_PAST)})\b")


def find_referent(rewritten: str, speaker: str, names: set[str]) -> tuple[str, str] | None:
    """The last relative ("Odile's son") or named third party in a sentence, with its gender/number."""
    best: tuple[int, str, str] | None = None
    for m in re.finditer(rf"\b{re.escape(speaker)}'s (?:(?:new|little|older|younger|big|baby|best|eldest|"
                         rf"youngest|oldest|two|three)\s+)?(?P<rel>{_REL_ALT})\b(?:,? (?P<name>[A-Z][a-z]+)\b)?",
                         rewritten):
        rel = m.group("rel").lower()
        kind = "pl" if rel in PLURAL_RELATIONS else "m" if rel in MALE_RELATIONS else "f" if rel in FEMALE_RELATIONS else "any"
        text = m.group(0) if not m.group("name") or m.group("name") not in names else m.group("name")
        best = (m.start(), text, kind) if best is None or m.start() > best[0] else best
    if best is None:  # otherwise a named person only as the sentence's subject ("Jake is visiting.")
        m = _NAMED_SUBJECT_RE.match(rewritten)
        if m and m.group(1) in names and m.group(1) != speaker:
            best = (0, m.group(1), "any")
    return (best[1], best[2]) if best else None


def starts_with_third_person(sentence: str) -> bool:
    """Whether the sentence opens with he/she/they (his/her/their), the only pronouns `resolve_third` fills."""
    return bool(_THIRD_RE.match(sentence))


def resolve_third(sentence: str, referent: tuple[str, str] | None) -> str | None:
    """The sentence with its opening he/she/they replaced by the referent, or None if it can't be."""
    m = _THIRD_RE.match(sentence)
    if not m or referent is None:
        return None
    text, kind = referent
    pro = m.group("pro").lower()
    fits = {"he": ("m", "any"), "his": ("m", "any"), "she": ("f", "any"), "her": ("f", "any"),
            "they": ("pl",), "their": ("pl",)}[pro]
    if kind not in fits:
        return None
    replacement = f"{text}'s" if pro in ("his", "her", "their") else text
    return replacement + sentence[m.end():]
