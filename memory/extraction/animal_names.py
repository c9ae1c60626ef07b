"""Animals named by what is done with them, and things a person named.

People rarely write "my dog named Rex". They write "I took Rex for a walk",
"this is Rex!" under a photo of a dog, or "we had to say goodbye to Rex. He
was part of our family ... wagging that tail". No one sentence states a pet,
yet a careful reader knows the speaker has (or had) a dog called Rex. This
module reads that across a conversation, from three kinds of cue, none of
them about any one conversation:

- *what only an animal does or has*: walked on a leash, a wagging tail,
  barking, purring, a litter box ("took Rex for a walk" is a dog);
- *a photo introducing the name*: "this is Rex!", "a pic of him" beside a
  caption that names one species ("a photo of a dog on a couch");
- *whose it is*: the speaker's own first person with the name ("Rex and I",
  "I took Rex", "we lost Rex") or their family ("a new addition to the family").

A name is an animal only when it is never used the way people are (a name
that says, texts or works, has a husband or a job, or is a speaker) and never
as a place ("to Rex", "in Rex"). Once a speaker has both a species and an
ownership cue for one name, one fact states it, citing those messages:
"Ana has a dog named Rex." ("had", when the conversation says it died). Its
attribute is the same "pet" with a name that "Ana's dog is named Rex" gives.

`named_in_message` reads the other way a name is given: "that stuffed dog
you gave me! I named her Tilly" names the thing just mentioned. A pet word
is a pet; a toy or an object ("my old van", "a plush dog") is a possession.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from remembrancer.memory.extraction.base import FactCandidate, MessageView
from remembrancer.memory.extraction.lexicon import PET_SPECIES, PETS, a_or_an
from remembrancer.memory.extraction.naming import naming_attribute, naming_sentence
from remembrancer.memory.extraction.sentences import normalise, split_captions, split_sentences
from remembrancer.memory.extraction.standalone import is_standalone

_NAME = r"(?-i:[A-Z][a-z]{1,15})"
_NOT_NAMES = frozenset(
    "I I'm I've I'd I'll The A An And But Or So He She They We You It His Her Their My Our This That These Those "
    "When While After Before Then There Here What Who Why How Yes Yeah No Oh Wow Hey Hi Hello Thanks Thank Sorry "
    "Aw Aww Haha Lol Omg Ok Okay Well Just Also Still Really Glad Good Great Nice Awesome Cool Sure Congrats "
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July August "
    "September October November December Christmas Easter Mom Dad Mum Grandma Grandpa God Today Yesterday Tomorrow "
    "Life Love Pets Dogs Cats".split()
)
# What only an animal does or has, and the species it tells (None: some pet).
_SPECIES_CUES: tuple[tuple[re.Pattern[str], str | None], ...] = (
    (re.compile(r"\bwag(?:s|ged|ging)?\b[^.!?]{0,25}\btails?\b|\btails?\s+wagg", re.IGNORECASE), "dog"),
    (re.compile(r"\b(?:bark(?:s|ed|ing)?|leash|fetch|walkies|dog park|doggy playdates?)\b", re.IGNORECASE), "dog"),
    (re.compile(r"\b(?:purr(?:s|ed|ing)?|meow(?:s|ed|ing)?|litter box)\b", re.IGNORECASE), "cat"),
    (re.compile(r"\b(?:paws|vet|kibble|fur)\b", re.IGNORECASE), None),
)
_WALKED_RE = re.compile(rf"\b(?:took|take|takes|taking)\s+(?P<name>{_NAME})\s+(?:out\s+)?(?:for\s+(?:a|his|her|their)\s+walk|"
                        rf"on\s+(?:a|his|her)\s+walk|to\s+the\s+dog\s+park)\b|\bwalk(?:ed|ing|s)?\s+(?P<walked>{_NAME})\b")
_INTRODUCED_RE = re.compile(rf"\b(?:this is|meet|here's|here is|say hi to|say hello to)\s+(?:(?:our|my)\s+)?(?:little\s+)?(?P<name>{_NAME})\b"
                            rf"|\b(?:pic|picture|photo|shot|snap|selfie)s?\s+of\s+(?P<of>{_NAME}|him|her)\b", re.IGNORECASE)
_FAMILY_RE = re.compile(r"\b(?:addition|part|member)\s+(?:to|of)\s+(?:the|our|my)\s+family\b", re.IGNORECASE)
_DEATH_RE = r"\b(?:(?:say|said|saying)\s+goodbye\s+to\s+{n}|lost\s+{n}|put\s+{n}\s+down|{n}\s+(?:passed away|passed|died))\b"
_PLACE_RE = (r"\b(?:in|at|near|visit(?:ed|ing)?|(?:went|go|goes|going|moved|move|moving|flew|fly|flying|drove|drive|"
             r"driving|trip|travel(?:l?ed|l?ing)?|back|way)\s+to)\s+{n}\b")
_PERSON_RE = (r"\b{n}\s+(?:said|says|told|tells|texted|texts|called me|emailed|asked|thinks|thought|works|worked|studies|"
              r"married|is married|wrote|replied)\b|\b{n}'s\s+(?:husband|wife|job|boss|school|mom|mother|dad|father|"
              r"boyfriend|girlfriend|birthday|kids|children|son|daughter)\b|\b(?:my|our|his|her)\s+(?:friend|sister|brother|"
              r"mom|dad|son|daughter|cousin|aunt|uncle|niece|nephew|wife|husband|boss|colleague|coworker|neighbor|"
              r"neighbour|partner|boyfriend|girlfriend|grandma|grandpa|teacher|coach)\s+{n}\b")
_FIRST_PERSON_RE = re.compile(r"\b(?:I|I'm|I've|I'd|(?i:me|my|we|we're|we've|us|our))\b")


@dataclass
class _Clues:
    """What one speaker's messages say about one name."""

    species: dict[str, str | None] = field(default_factory=dict)  # message id -> species (None: some pet)
    owned: list[str] = field(default_factory=list)                # message ids saying it is the speaker's
    died: bool = False
    time: str = ""


def animals_named(messages: Sequence[MessageView], participants: set[str]) -> list[FactCandidate]:
    """One "Ana has a dog named Rex." per animal a speaker's own words name, with the messages that tell it."""
    said = [(m, *split_captions(normalise(m.text))) for m in messages]
    whole = "\n".join(text for _m, text, _c in said)
    lower = set(re.findall(r"\b[a-z]+\b", whole))  # a word also written in lower case is a word, not a name
    mid_names = {w for w in re.findall(rf"(?<=[a-z,;:] ){_NAME}\b", whole) if w.lower() not in lower}
    clues: dict[tuple[str, str], _Clues] = {}
    vetoed: dict[str, bool] = {}  # name -> used as a person or a place somewhere (one look at the whole text per name)
    for message, text, captions in said:
        names = _names_in(text, mid_names, participants)
        if not names:
            continue
        for name, species in _species_told(text, captions, names).items():
            if name not in vetoed:
                vetoed[name] = _is_person_or_place(name, whole, participants)
            if vetoed[name]:
                continue
            clue = clues.setdefault((message.speaker, name), _Clues())
            clue.species[message.id] = species if species else clue.species.get(message.id)
            if _owned(text, name):
                clue.owned.append(message.id)
            clue.died = clue.died or bool(re.search(_DEATH_RE.format(n=re.escape(name)), text))
            clue.time = message.time
        for name in names:  # ownership said apart from the species ("Rex and I had a blast")
            clue = clues.get((message.speaker, name))
            if clue is not None and message.id not in clue.owned and _owned(text, name):
                clue.owned.append(message.id)
                clue.time = max(clue.time, message.time)
    facts = []
    for (speaker, name), clue in clues.items():
        told = [s for s in clue.species.values() if s]
        if not clue.owned or not clue.species:
            continue
        if len(set(told)) > 1:
            continue  # a dog here and a cat there: not one animal
        species = told[0] if told else "pet"
        sources = list(dict.fromkeys([*clue.species, *clue.owned]))[:3]
        text = f"{speaker} {'had' if clue.died else 'has'} a {species} named {name}."
        facts.append(FactCandidate(text=text, subject=speaker, sources=sources, time_said=clue.time, attribute="pet",
                                   value=f"{species} named {name}", predicate="had" if clue.died else "has",
                                   confidence=0.6, entities=[speaker, name], standalone=is_standalone(text)))
    return facts


def _names_in(text: str, mid_names: set[str], participants: set[str]) -> list[str]:
    """Names in a message: capitalised words seen mid-sentence somewhere in the conversation, never a speaker."""
    found = dict.fromkeys(w for w in re.findall(rf"\b{_NAME}\b", text)
                          if w in mid_names and w not in _NOT_NAMES and w not in participants)
    return list(found)


def _species_told(text: str, captions: list[str], names: list[str]) -> dict[str, str | None]:
    """The names this message shows to be animals, each with the species it tells (None: an animal of some kind)."""
    out: dict[str, str | None] = {}
    for m in _WALKED_RE.finditer(text):
        name = m.group("name") or m.group("walked")
        if name in names and (m.group("name") or re.search(r"\b(?:leash|dog)\b", text, re.IGNORECASE)):
            out[name] = "dog"
    if len(names) != 1:
        return out  # a cue with no name of its own is only read when the message names one
    name = names[0]
    if _animate(text, name):
        for cue, species in _SPECIES_CUES:
            if cue.search(text) and name not in out:
                out[name] = species
    pictured = {PET_SPECIES[w] for c in captions for w in re.findall(r"[a-z]+", c.lower()) if w in PET_SPECIES}
    pictured.discard("pet")
    intro = _INTRODUCED_RE.search(text)
    if len(pictured) == 1 and intro and (intro.group("name") in (name, None)):
        out[name] = next(iter(pictured))
    return out


def _animate(text: str, name: str) -> bool:
    """The name is someone, not somewhere: a he/she/him/her after it, or the cue in the name's own sentence."""
    at = re.search(rf"\b{re.escape(name)}\b", text)
    if at is None:
        return False
    if re.search(r"\b(?:he|she|him|her|his|he's|she's)\b", text[at.end():], re.IGNORECASE):
        return True
    return any(name in s and any(c.search(s) for c, _ in _SPECIES_CUES) for s in split_sentences(text))


def _owned(text: str, name: str) -> bool:
    """Whether the speaker speaks of `name` as theirs: first person in the name's sentence, or their family."""
    for sentence in split_sentences(text):
        if re.search(rf"\b{re.escape(name)}\b", sentence) and _FIRST_PERSON_RE.search(sentence):
            return True
    return bool(_FAMILY_RE.search(text))


def _is_person_or_place(name: str, whole: str, participants: set[str]) -> bool:
    n = re.escape(name)
    return (name in participants or bool(re.search(_PERSON_RE.format(n=n), whole))
            or bool(re.search(_PLACE_RE.format(n=n), whole)))


# --- "I named her Tilly": the thing just mentioned gets the name. ---
_NAMED_IT_RE = re.compile(rf"\b(?:I|[Ww]e)\s+(?:named|called|call|nicknamed)\s+(?:her|him|it|them)\s+(?P<names>{_NAME}"
                          rf"(?:\s*(?:,|and|&)\s*{_NAME})*)\b")
_THING_RE = re.compile(r"\b(?:a|an|the|that|this|my|our|these|those)\s+(?P<np>(?:[a-z-]+\s+){0,3}?[a-z-]+)"
                       r"(?=\s+(?:you|I|we|he|she|they|that|which|from|for|at|in|on|with|last|this|yesterday|today|recently)\b|\s*[!.,?;]|\s*$)")
_TOY_WORDS = frozenset("stuffed plush toy teddy cuddly soft".split())
_THINGS = frozenset("car van truck bike bicycle motorbike motorcycle scooter boat guitar piano violin plant cactus "
                    "tree laptop computer camera doll robot drone telescope".split())


def named_in_message(message: MessageView, participants: set[str]) -> list[FactCandidate]:
    """"I still have that plush dog you gave me! I named her Tilly" -> "Ana has a plush dog named Tilly."."""
    text, _captions = split_captions(normalise(message.text))
    m = _NAMED_IT_RE.search(text)
    if not m:
        return []
    names = [n for n in re.findall(_NAME, m.group("names")) if n not in _NOT_NAMES and n not in participants]
    things = [t.group("np") for t in _THING_RE.finditer(text[:m.start()])]
    if not names or not things:
        return []
    phrase = things[-1]
    words = phrase.split()
    head = words[-1]
    speaker = message.speaker
    if head in PETS and not _TOY_WORDS & set(words):
        text_out = naming_sentence(speaker, head, names)
        attribute, value = naming_attribute(text_out)
    elif head in _THINGS or (_TOY_WORDS & set(words)):
        listed = " and ".join(names)
        value = f"{a_or_an(phrase)} {phrase} named {listed}"
        text_out, attribute = f"{speaker} has {value}.", "possession"
    else:
        return []
    return [FactCandidate(text=text_out, subject=speaker, sources=[message.id], time_said=message.time,
                          attribute=attribute, value=value, predicate="has", confidence=0.6,
                          entities=[speaker, *names], standalone=is_standalone(text_out))]

