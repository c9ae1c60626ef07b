"""Persona attributes from general English patterns over the rewritten sentence.

The patterns run after coreference, on "Odile lives in Lisbon" rather than
"I live in Lisbon": every verb then has one (third-person) form, and the same
pattern also reads statements about other named people ("Jake lives in Boston").
Negation is folded into an adverb slot ("doesn't like" -> "not likes") and
becomes polarity -1, except that a negated like is reported as the attribute
"dislikes" with polarity +1 ("dislikes" already says it; polarity -1 is kept for
negations that have no opposite attribute: "does not have a dog").
Confidence: 0.8-0.85 for explicit patterns, 0.5-0.7 for weaker cues
(a relative mentioned in passing, a single outing), x0.8 about someone else.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from remembrancer.memory.extraction.attribute_contacts import CONTACT_ATTRIBUTES, CONTACT_VERBS, PREDICATES, contact_value
from remembrancer.memory.extraction.attribute_patterns import CAP_RE, PATTERNS, head_after
from remembrancer.memory.extraction.coref import third_person
from remembrancer.memory.extraction.lexicon import ADVERBS, BASE_VERBS, ROLE_WORDS, STOPWORDS, alternation
from remembrancer.memory.extraction.sentences import content_words
from remembrancer.memory.persona.normalise import gerund


@dataclass(frozen=True)
class AttributeMatch:
    attribute: str
    value: str
    predicate: str
    subject: str
    confidence: float
    polarity: int = 1


def _opens_clause(text: str, pos: int) -> bool:
    before = text[:pos].rstrip()
    if not before or not before[-1].isalpha():
        return True
    word = before.rsplit(None, 1)[-1]
    return not word.islower() or word in _CLAUSE_OPENERS or word in CONTACT_VERBS


_DATE_TAIL_RE = re.compile(
    r"\s+(?:(?:on|in|since|during|over|until|by|before|after|from|around|this|last|next)\s+)?(?:the\s+)?"
    r"(?:(?:week|weekend|morning|evening|night|afternoon)\s+(?:before|of|after)\s+)?(?:\d{1,2}(?:-\d{1,2})?\s+)?"
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|spring|summer|"
    r"fall|winter|(?:19|20)\d\d)\b.*$"
    r"|\s+(?:a|an|one|two|three|four|five|six|a few|a couple of|several|\d+)\s+(?:days?|weeks?|months?|years?)\s+before\b.*$"
)
_CLAUSE_CUT_RE = re.compile(
    r"\s+(?:because|but|so that|so|that's|that is|which is|since|while|when|whenever|where|which|who|whom|though|although|as|if|until|"
    r"unless|after|before|and then|then|plus|or something|and stuff|and all|cause|cuz|'cause|right now|these days|"
    r"lately|at the moment|every day|everyday|anymore|any more|as well|a lot|so much|too much|too|again|now|"
    r"ever since|for a while|for years|for ages|together|sometimes|recently|though|really|very much)\b.*$"
    r"|\s*-\s.*$"
)
_AND_NAME_RE = re.compile(r"\s*(?:,|\s+and|\s+but|\s+or|\s+so)\s+(?-i:([A-Z]\w+))\s+(?-i:[a-z])")
_ROLE_TAIL_RE = re.compile(r"\s+(?:at|for|from|with|in|because)\s.*$")
_COURSE_SUBJECT_RE = re.compile(r"\b(?:class|classes|course|courses|workshop|degree)\s+(?:in|on|about)\s+\w", re.IGNORECASE)
_PLAY_TAIL_RE = re.compile(r"\s+(?:in|at|with|for|on|every|each|since|after|before|after|during|from|to)\s.*$", re.IGNORECASE)
_LEADING_ADV_RE = re.compile(r"^(?:just|really|also|even|actually|simply|totally|still)\s+", re.IGNORECASE)
_PLACE_TAIL_RE = re.compile(r"\s+(?:here|there|over there|back then|at the time|at all)$", re.IGNORECASE)
_LONG_CUT_RE = re.compile(r"\s+(?:and|to|in order to|that)\s+")
_AND_CUT_RE = re.compile(r"\s+(?:and|&|or)\s+(?=(?:it|that|this|they|he|she|there|then|now|so|also|i|we|you|"
                         r"is|was|has|had|have|makes|made|gives|gave|helps|helped|feels|felt)\b|(?-i:[A-Z]\w+\s+[a-z]+s\b))",
                         re.IGNORECASE)
_LEADING_BAD = re.compile(r"^(?:it|that|this|these|those|them|him|her|you|how|when|the way|what|seeing|hearing|"
                          r"being|everything|every|all of|each|having|where|doing|reading about|to hear|to see)\b",
                          re.IGNORECASE)
_GOAL_BAD = re.compile(r"^(?:say|thank|tell|ask|let|know|hear|mention|remind|talk|chat|catch up|keep\s+(?:you|in)|"
                       r"make sure|be\s+(?:there|honest|careful|okay|ok|fine|great|good|fun|amazing|awesome|so|"
                       r"really|very|hard|tough)|see\s+(?:it|that|them|what|how)|check\s+(?:it|that|them))\b",
                       re.IGNORECASE)
_MAX_STARTS = 24  # a sentence naming more people than this is not a statement about one of them
STRUCTURED_ATTRIBUTES = {"home", "origin", "work", "relationship", "family", "pet", "age", "birthday", "identity"} | CONTACT_ATTRIBUTES
_POSSESSIVE_PREDICATE = {**PREDICATES, "origin": "is from", "home": "lives in", "work": "works at", "education": "studied",
                         "goal": "wants to", "hobby": "enjoys", "likes": "likes", "age": "is", "birthday": "has a birthday on"}
# A subject is only a subject at the start of a clause: "countries Kofi wants to visit" is not Kofi's goal.
_CLAUSE_OPENERS = frozenset(
    "and but so because since that when while if as then now why how where what also though although plus or "
    "until after before once even think thinks thought know knows knew guess hope hopes feel feels felt said says "
    "realized realize remember believe believes mean means wish wishes glad sure proud reminded reminds shows "
    "showed whether which who".split()
)
_WORD_NUM = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
             "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
             "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
             "sixty": 60, "seventy": 70, "eighty": 80}
_HURT = {"broke": "broken", "tore": "torn", "hurt": "hurt"}
_NEG_RE = re.compile(r"\b(?:doesn't|does not|didn't|did not|don't|do not)\s+(\w+)", re.IGNORECASE)
_AUX_ADV_RE = re.compile(rf"\b(is|was|has|had|will|would|has been|is now)\s+((?:(?:{alternation(ADVERBS)}|not|never|no longer)\s+)+)",
                         re.IGNORECASE)
_CONTRACTED = [(re.compile(r"\b(is|was|has|have|are|were|had)n't\b", re.IGNORECASE), r"\1 not")]


def _negations_as_adverbs(text: str) -> str:
    """"doesn't like" -> "not likes", "is still working" -> "still is working".

    One verb form per pattern, and every adverb (negation included) in the one
    slot right after the subject, where the patterns look for it.
    """
    text = _NEG_RE.sub(lambda m: "not " + third_person(m.group(1)), text)
    for pattern, repl in _CONTRACTED:
        text = pattern.sub(repl, text)
    return _AUX_ADV_RE.sub(lambda m: f"{m.group(2).strip()} {m.group(1)} ", text)


_ENDS_DET_WORD_RE = re.compile(r"\b(?:a|an|the|my|his|her|our|their|your)\s+[a-z]+$")
_COORDINATED_RE = re.compile(r"^(?:,|\s+and)\s+(?P<adj>[a-z]+)\s+(?P<head>[a-z]+)(?=\s+(?:for|to|of|in|at|with|on|that|where|who)\b|\s*[.,!?;]|\s*$)")


def with_coordinated_head(value: str, said_after: str) -> str:
    """`value` completed when it stopped between two adjectives: "a safe" + ", inviting place for ..." -> "a safe, inviting place".

    A value cut at a comma or "and" right after a determiner and one word lost
    its noun; the next two words (an adjective and the head, followed by a
    preposition or the end) bring it back. Anything else is left as it was.
    """
    if not _ENDS_DET_WORD_RE.search(value):
        return value
    m = _COORDINATED_RE.match(said_after)
    if m is None or {m["adj"], m["head"]} & (STOPWORDS | BASE_VERBS):
        return value
    return value + said_after[: m.end("head")]


def trim_value(value: str, names: set[str]) -> str:
    """The object phrase up to where its clause ends, without trailing dates and fillers."""
    v = value.strip()
    v = _DATE_TAIL_RE.sub("", v)
    v = _AND_CUT_RE.split(v, 1)[0]
    for cut in _AND_NAME_RE.finditer(v):  # "reading and Jay wants to..." : a new clause about a known person
        if cut.group(1) in names or cut.group(1).split()[0] in {n.split()[0] for n in names}:
            v = v[:cut.start()]
            break
    prev = None
    while prev != v:
        prev = v
        v = _CLAUSE_CUT_RE.sub("", v).strip()
        v = _DATE_TAIL_RE.sub("", v).strip()
    v = _PLACE_TAIL_RE.sub("", v).strip(" '\"-")
    v = _LEADING_ADV_RE.sub("", v)
    words = v.split()
    if len(words) > 6:  # a long object is a clause: keep its head
        head = _LONG_CUT_RE.split(v, 1)[0].split()
        words = head if len(head) >= 2 else words
    return " ".join(words[:10])


def _subject(raw: str, names: set[str]) -> str | None:
    parts = raw.split()
    for i in range(len(parts)):
        cand = " ".join(parts[i:])
        if cand in names:
            return cand
    return None


def match_attribute(text: str, names: set[str], speaker: str, dates: list | None = None,
                    first_tokens: set[str] | None = None, participants: set[str] | None = None) -> AttributeMatch | None:
    """The most confident attribute the sentence states, or None.

    `names` are the people/places that can be subjects; `participants` the
    people talking (a like or goal that names the listener is a compliment or
    an invitation, not a preference). `first_tokens` (the first word of every
    name) may be passed in to save recomputing it per sentence.
    """
    probe = _negations_as_adverbs(text)
    firsts = first_tokens if first_tokens is not None else {n.split()[0] for n in names}
    starts = []
    covered = 0  # the end of the last name found: "Lima" in "Ana Lima" is not a subject of its own
    for m in CAP_RE.finditer(probe):
        if m.start() < covered or m.group(0) not in firsts:
            continue
        end = _name_end(probe, m.start(), m.end(), names)
        head = head_after(probe, end)
        if head == "'s" or _opens_clause(probe, m.start()):  # a possessive can sit anywhere
            starts.append((m.start(), head))
            covered = end
    if not starts:
        return None
    starts = starts[:_MAX_STARTS]
    best: AttributeMatch | None = None
    for attr, conf, pattern, anchored, heads in PATTERNS:
        if best is not None and conf <= best.confidence:
            continue
        for pos, head in ((0, None),) if anchored else starts:
            if heads is not None and not anchored and head not in heads:
                continue
            m = pattern.match(probe, pos)
            if m is None:
                continue
            found = _build(attr, conf, m, names, speaker, dates or [], participants or {speaker})
            if found is not None and (best is None or found.confidence > best.confidence):
                best = found
                break
    return best


def _name_end(probe: str, start: int, first_end: int, names: set[str]) -> int:
    """Where the longest known name starting at `start` ends ("Ana Lima lives..." -> after "Lima").

    The patterns are picked by the word after the subject, so for a two-word
    name that word must be the verb, not the name's second half.
    """
    end = first_end
    for m in _NEXT_CAP_RE.finditer(probe, first_end):
        if m.start() != end or probe[start:m.end()] not in names:
            break
        end = m.end()
    return end


_NEXT_CAP_RE = re.compile(r"[ -][A-Z][\w]*")


def _names_for(noun: str, names: str) -> str:
    """All the listed names after a plural noun ("dogs Rex and Bella"), only the first after a singular one
    ("sister Ana and Kit went": Kit is not a sister)."""
    last = noun.split()[-1].lower() if noun.split() else ""
    if last.endswith("s") and not last.endswith("ss") or last in ("children", "kids", "twins"):
        return names
    return _NAME_LIST_SPLIT_RE.split(names, 1)[0]


_NAME_LIST_SPLIT_RE = re.compile(r"\s*(?:,|\band\b|&)\s*")


def _build(attr: str, conf: float, m: re.Match[str], names: set[str], speaker: str, dates: list,
           participants: set[str]) -> AttributeMatch | None:
    subject = _subject(m.group("s"), names)
    if subject is None:
        return None
    groups = m.groupdict()
    adv = (groups.get("adv") or "").lower()
    polarity = -1 if re.search(r"\b(?:not|never|no longer)\b", adv) else 1
    raw = m.group("v") or ""
    if attr in CONTACT_ATTRIBUTES:
        contact = contact_value(attr, raw, subject, m.group(0))
        if contact is None:
            return None
        return AttributeMatch(attr, contact, PREDICATES[attr], subject, conf if subject == speaker else round(conf * 0.8, 2), polarity)
    value = raw.strip() if attr in ("home", "origin", "relationship") and raw[:1].isupper() else trim_value(raw, names)
    if attr == "birthday":
        days = [d for d in dates if d.precision == "day"]
        if not days:
            return None
        day = days[0]
        value = day.bare if "born" in m.group(0) else " ".join(day.bare.split()[-3:-1])
    value = value.rstrip(".")
    said = m.string[m.start("v"):]
    if attr not in STRUCTURED_ATTRIBUTES and said.startswith(value):
        value = with_coordinated_head(value, said[len(value):])
    if attr == "likes":
        value = re.sub(r"^to\s+(\w+)", lambda t: gerund(t.group(1)), value)  # "likes to read" -> "likes reading"
    if not value:
        return None
    others = participants - {subject}
    if attr not in STRUCTURED_ATTRIBUTES:
        if (_LEADING_BAD.match(value) and not raw.lstrip().startswith('"')) or any(n in value for n in others if len(n) > 2):
            return None
        if (attr == "goal" and value.split()[0] in names) or not content_words(value, set()):
            return None  # a goal that starts with a name is a clause ("Petra wasn't allergic")
    if attr == "goal" and _GOAL_BAD.match(value):
        return None
    if attr in ("occupation", "education"):
        if attr == "occupation":
            value = _ROLE_TAIL_RE.sub("", re.sub(r"^(?:an?|the)\s+", "", value))
            if set(value.lower().split()) & ROLE_WORDS:
                return None  # "works as a user": a chat's role, never a job
        elif not _COURSE_SUBJECT_RE.search(value):  # "a course in graphic design" keeps its subject
            value = _ROLE_TAIL_RE.sub("", value)
    if attr == "hobby" and re.fullmatch(r"[a-z]+s", value) and m.group(0).endswith(value):  # "Noor climbs" -> "climbing"
        value = gerund(value[:-2] if value.endswith(("shes", "ches", "sses", "xes")) else value[:-1])
    if attr == "hobby" and "play" in m.group(0).lower():
        value = _PLAY_TAIL_RE.sub("", value)  # "plays the guitar in a band" -> "guitar"
    if re.search(r"\bno\s+$", m.string[m.start():m.start("v")]):
        polarity = -1  # "has no pets"
    if attr == "age":
        value = str(_WORD_NUM.get(value.lower(), value))
    if groups.get("tv"):  # "teaches music at the school": a music teacher
        value = f"{value} teacher"
    if attr == "relationship" and groups.get("n") and m.start("n") > m.start("s") and " and " in m.group(0)[:m.start("n") - m.start()]:
        value = "partner"  # "Tobiah and Sol are moving in together": each other's partner
    if groups.get("n") and attr in ("family", "relationship", "pet"):
        named = _names_for(value, groups["n"])
        value = f"{value} named {named}" if attr == "pet" else f"{value} {named}"
    if groups.get("hv"):
        value = f"{_HURT.get(groups['hv'].lower(), groups['hv'].lower())} {value}"
        predicate = groups["hv"].lower()
    if groups.get("cat"):
        predicate = f"favorite {groups['cat'].strip()} is"
    elif groups.get("adv") is None:  # "Odile's dog ...": a possession
        predicate = _POSSESSIVE_PREDICATE.get(attr, "has") if m.start("s") < m.start("v") else "is"
    else:
        predicate = m.string[m.end("adv"):m.start("v")].strip(" ,")
        predicate = re.sub(r"\s+(?:an?|the)$", "", predicate) or "is"
    if groups.get("hv"):
        predicate = groups["hv"].lower()
    if attr == "likes" and polarity < 0:
        attr, polarity, predicate = "dislikes", 1, "does not like"
    confidence = conf if subject == speaker else round(conf * 0.8, 2)
    return AttributeMatch(attr, value, predicate, subject, confidence, polarity)
