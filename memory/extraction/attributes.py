"""Persona attributes from general English patterns over the rewritten sentence.

The patterns run after coreference, on "Caroline lives in Lisbon" rather than
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

from memory.extraction.coref import third_person
from memory.extraction.lexicon import (
    ADVERBS, CONDITIONS, DIETS, FAMILY, HABITUAL_NOUN_HOBBIES, HOBBY_GERUNDS, IDENTITY, NON_HOBBY_GERUNDS, OCCUPATIONS, PARTNER,
    PETS, _alt,
)
from memory.extraction.sentences import content_words


@dataclass(frozen=True)
class AttributeMatch:
    attribute: str
    value: str
    predicate: str
    subject: str
    confidence: float
    polarity: int = 1


_ADJ = r"(?:(?:new|little|older|younger|big|baby|best|eldest|youngest|oldest|two|three|four|amazing|wonderful|" \
       r"lovely|sweet|beautiful|dear|late|ex|own|awesome|whole|sweet|precious|furry|adorable|cute|old|first|" \
       r"second|third|rescue|adopted|biological|step|grown|teenage|teen|adult|loving|supportive)\s+){0,2}"
_NUM = r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|a|an|several|a few|a couple of)"
_MAP = {
    "S": r"(?-i:\b(?P<s>[A-Z][\w]*(?:[ -][A-Z][\w]*)*?))",
    "ADV": rf"(?P<adv>(?:\s+(?:{_alt(ADVERBS)}|not|never|no longer)\b)*)",
    "PLACE": r"(?-i:(?P<v>(?:the )?[A-Z][\w.'&-]*(?:(?:, | of | )[A-Z][\w.'&-]*)*))",
    "NP": r"(?P<v>[^.,;:!?()\"]+)",
    "NAME": r"(?-i:(?P<n>[A-Z][a-z]+))",
    "OWN": r"(?-i:[A-Z]\w*)'s",
}
_LEX = {"OCC": _alt(OCCUPATIONS), "PET": _alt(PETS), "FAM": _alt(FAMILY), "PARTNER": _alt(PARTNER),
        "COND": _alt(CONDITIONS) + r"|\w+(?:itis|osis|emia|algia)", "DIET": _alt(DIETS), "IDENT": _alt(IDENTITY),
        "NONHOBBY": _alt(NON_HOBBY_GERUNDS), "HOBBYING": _alt(HOBBY_GERUNDS), "HABNOUN": _alt(HABITUAL_NOUN_HOBBIES), "ADJ": _ADJ, "NUM": _NUM}

_RAW: list[tuple[str, float, str]] = [
    ("home", .85, r"{S}{ADV}\s+(?:lives|is living|has been living|has lived|is based|is settled|resides)\s+in\s+{PLACE}"),
    ("home", .6, r"{S}{ADV}\s+lived\s+in\s+{PLACE}"),
    ("home", .8, r"{S}{ADV}\s+(?:moved|relocated|has moved|is moving|will move|is relocating)\s+(?:back\s+)?(?:here\s+)?(?:to|into)\s+{PLACE}"),
    ("home", .75, r"{S}'s\s+(?:new\s+)?(?:home|house|apartment|flat|place)\s+(?:is\s+)?in\s+{PLACE}"),
    ("origin", .85, r"{S}{ADV}\s+(?:is|was)\s+(?:originally\s+)?from\s+{PLACE}"),
    ("origin", .85, r"{S}{ADV}\s+(?:grew up|was raised|was born(?:\s+and\s+raised)?)\s+in\s+{PLACE}"),
    ("origin", .7, r"{S}{ADV}\s+(?:grew up|was raised|was born(?:\s+and\s+raised)?|is (?:originally\s+)?from|was (?:originally\s+)?from)\s+(?:in\s+|on\s+)?(?P<v>an?\s+(?:[\w-]+\s+){0,2}?(?:town|city|village|country|suburb|farm|island|state|neighborhood|place|community)(?:\s+(?:in|near|outside|of)\s+(?-i:[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*)*))?)"),
    ("origin", .6, r"{S}{ADV}\s+(?:moved|came|immigrated|emigrated|relocated)\s+(?:here\s+|over\s+)?from\s+{PLACE}"),
    ("origin", .8, r"{S}'s\s+(?:hometown|home town|home country|homeland|country of origin)(?:\s+is|,)?\s+(?:in\s+)?{PLACE}"),
    ("occupation", .85, r"{S}{ADV}\s+(?:works|is working|has been working|has worked|started working|got a job|landed a job|is employed|is training|trained|volunteers|is volunteering|got hired|started a (?:new )?job)\s+as\s+(?:an?\s+)?{NP}"),
    ("work", .85, r"{S}{ADV}\s+(?:works|is working|has been working|has worked|started working|is interning|interns|is employed|got a job|landed a job|got hired|was hired|started a (?:new )?job|is volunteering|volunteers)\s+(?:as\s+an?\s+[\w-]+(?:\s+[\w-]+)?\s+)?(?:at|for)\s+(?P<v>(?-i:[A-Z][\w.'&-]*(?:(?: | of | & )[A-Z][\w.'&-]*)*)|(?:an?|the)\s+[a-z][\w -]{2,40})"),
    ("work", .8, r"{S}'s\s+(?:new\s+)?(?:job|position|role|internship|employer)\s+(?:at|is at|is with|with)\s+{NP}"),
    ("occupation", .65, r"{S}{ADV}\s+worked\s+as\s+(?:an?\s+)?{NP}"),
    ("occupation", .8, r"{S}{ADV}\s+(?:is|has been|became|is now|is becoming)\s+(?:an?\s+)(?P<v>(?:[\w-]+\s+){0,3}?(?:{OCC})(?:\s+(?:{OCC}))?)\b(?!\s+(?:at heart|of\s+(?:life|the)))"),
    ("occupation", .8, r"{S}'s\s+(?:job|career|work|profession|occupation)\s+(?:as|is)\s+(?:an?\s+)?{NP}"),
    ("education", .85, r"{S}{ADV}\s+(?:studies|studied|is studying|has been studying|majored|is majoring|majors|minored|is minoring|has a degree|got a degree|earned a degree|graduated with a degree|is getting a degree|is pursuing a degree|is doing a degree|is working on a degree)\s+(?:in\s+)?{NP}"),
    ("education", .8, r"{S}{ADV}\s+(?:graduated|will graduate|is graduating|is about to graduate)\s+from\s+{NP}"),
    ("education", .8, r"{S}{ADV}\s+(?:goes|went|is going|attends|attended|is enrolled|enrolled|got into|got accepted)\s+(?:to|at|in|into)\s+(?P<v>(?-i:(?:[A-Z][\w'-]*\s+)*(?:University|College|School|Academy|Institute)(?:\s+of\s+[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)*)?)|(?:high school|college|university|grad school|graduate school|law school|med school|medical school|nursing school|art school|culinary school|business school))"),
    ("education", .75, r"{S}{ADV}\s+(?:is|was)\s+an?\s+(?P<v>(?:freshman|sophomore|junior|senior|student|grad student|graduate student|phd student|undergrad|undergraduate|college student|high school student|med student|law student|nursing student)(?:\s+(?:at|in)\s+[\w' ]+)?)"),
    ("education", .7, r"{S}{ADV}\s+(?:is taking|took|takes|is enrolled in|enrolled in|signed up for|started)\s+(?:an?\s+|some\s+)?(?P<v>(?:[\w-]+\s+){0,3}?(?:class|classes|course|courses|workshop|degree|program in\s+\w+))\b"),
    ("education", .8, r"{S}'s\s+(?:degree|major|studies|master's|bachelor's|phd|diploma)\s+(?:is\s+)?(?:in\s+)?{NP}"),
    ("family", .85, r"{S}{ADV}\s+has\s+(?P<v>{NUM}\s+(?:(?:little|young|grown|adult|beautiful|wonderful|amazing|older|younger|twin|step)\s+)?(?:kids|children|sons|daughters|brothers|sisters|siblings|son|daughter|brother|sister|grandkids|grandchildren|twins|boys|girls))\b"),
    ("family", .8, r"{S}{ADV}\s+(?:is|became|has become)\s+(?:an?\s+)?(?:proud\s+|new\s+|single\s+|working\s+|stay-at-home\s+)*(?P<v>(?:mom|mother|dad|father|parent|grandma|grandmother|grandpa|grandfather|stepmom|stepdad)(?:\s+of\s+{NUM}(?:\s+[a-z]+)?)?)\b(?!-)"),
    ("family", .8, r"{S}'s\s+{ADJ}(?P<v>{FAM}),?\s+{NAME}\b"),
    ("family", .5, r"{S}'s\s+{ADJ}(?!family\b)(?P<v>{FAM})\b"),
    ("relationship", .8, r"{S}'s\s+{ADJ}(?P<v>{PARTNER})\b(?:,?\s+{NAME}\b)?"),
    ("relationship", .85, r"{S}{ADV}\s+(?:is|got|has been|became|is getting|was)\s+(?P<v>single|married|divorced|engaged|separated|widowed|in a relationship(?:\s+with\s+(?-i:[A-Z][a-z]+))?)\b"),
    ("relationship", .75, r"{S}{ADV}\s+(?:is dating|has been dating|started dating|is seeing|married|is marrying|is engaged to|broke up with|split up with|divorced)\s+(?-i:(?P<v>[A-Z][a-z]+))\b"),
    ("relationship", .7, r"{S}'s\s+(?:best\s+|close\s+|good\s+|old\s+|childhood\s+|dear\s+)?(?P<v>friend|buddy|roommate|bestie|mentor|neighbor|neighbour|coworker|colleague|boss),?\s+{NAME}\b"),
    ("pet", .85, r"{S}{ADV}\s+(?:has|got|adopted|rescued|owns|is getting|brought home|fostered|is fostering|is adopting|bought)\s+(?:an?\s+|two\s+|three\s+|some\s+|any\s+|no\s+)?{ADJ}(?P<v>{PET})\b(?:(?:,|\s+named|\s+called)\s+{NAME}\b)?"),
    ("pet", .8, r"{S}'s\s+{ADJ}(?P<v>{PET})\b(?!\s+(?:park|food|toy|toys|walker|sitter|bed|house|show|hair))(?:,?\s+(?:named\s+|called\s+)?{NAME}\b)?"),
    ("likes", .8, r"{S}{ADV}\s+(?:loves|likes|enjoys|adores|is\s+(?:really\s+|so\s+|very\s+|super\s+)?(?:into|passionate about|obsessed with|fond of|crazy about|addicted to|a\s+(?:big\s+|huge\s+|massive\s+)?fan\s+of))\s+{NP}"),
    ("likes", .85, r"{S}'s\s+(?:all-time\s+|absolute\s+|new\s+)?(?:favorite|favourite)\s+(?P<cat>[\w -]{2,25}?)\s+(?:is|are|was|were|has to be|would be|has always been)\s+{NP}"),
    ("likes", .8, r"^(?P<v>[^,;:!?]+?)\s+(?:is|are|was|were|has become|became)\s+(?:definitely\s+|probably\s+|also\s+|still\s+|totally\s+)?(?:one of\s+)?{S}'s\s+(?:all-time\s+|absolute\s+|new\s+)?(?:favorite|favourite)s?\b(?:\s+(?P<cat>[a-z][\w -]{1,25}?))?(?=\s*[.!,]|\s+(?:too|ever|of all time|right now|now)\b|$)"),
    ("dislikes", .8, r"{S}{ADV}\s+(?:hates|dislikes|detests|despises|can't stand|cannot stand|loathes|is not a fan of|is not into|is not big on|is sick of|is tired of)\s+{NP}"),
    ("hobby", .8, r"{S}'s\s+(?:favorite\s+|favourite\s+|main\s+|new\s+)?(?:hobby|hobbies|passion|pastime|pastimes)\s+(?:is|are|include|includes|has been|have been|has always been)\s+{NP}"),
    ("hobby", .75, r"{S}{ADV}\s+(?:plays|has been playing|is playing|started playing|used to play|is learning to play|learned to play|learnt to play|loves playing|enjoys playing|likes playing|loves to play|likes to play)\s+(?!(?:with|around|along|it|a role|a part|games with|outside|inside|together|for|in|at|on|since|a lot|more|again|well|hard|there|here)\b)(?:the\s+)?(?!\w+ly\b){NP}"),
    ("hobby", .75, r"{S}{ADV}\s+(?:has been|started|is learning|has been learning|learned)\s+(?P<v>(?:{HOBBYING})\b(?:\s+(?:the\s+)?(?!(?:on|for|to|with|at|in|and|a lot|lately|more|again|so|really|about|through|into|from|out|up|my|her|his|some|of|the|a|an|this|that|it|them|all|as|like|but|or|because|since|while|when|every|each|here|there|now|too|again|hard|well|lot|non)\b)[a-z]+){0,2})"),
    ("hobby", .75, r"{S}{ADV}\s+(?:took up|is taking up|got into|is getting into|has gotten into|practices|has been practicing|is practicing|picked up)\s+(?P<v>(?!(?:{NONHOBBY})\b)[a-z]+ing\b(?:\s+(?:the\s+)?(?!(?:on|for|to|with|at|in|and|a lot|lately|more|again|so|really|about|through|into|from|out|up|my|her|his|some|of|the|a|an|this|that|it|them|all|as|like|but|or|because|since|while|when|every|each|here|there|now|too|again|hard|well|lot|non)\b)[a-z]+){0,2})"),
    ("hobby", .7, r"{S}{ADV}\s+(?:goes|has been going|likes to go|loves to go|often goes|usually goes)\s+(?P<v>(?!(?:{NONHOBBY})\b)[a-z]+ing)\b"),
    ("hobby", .5, r"{S}{ADV}\s+went\s+(?P<v>(?!(?:{NONHOBBY})\b)[a-z]+ing)\b"),
    ("hobby", .7, r"{S}{ADV}\s+(?:does|has been doing|started doing|is doing|practices|loves|enjoys)\s+(?P<v>{HABNOUN})\b"),
    ("health", .85, r"{S}{ADV}\s+(?:is|has been|was)\s+(?:severely\s+|very\s+|deathly\s+|really\s+|super\s+)?allergic\s+to\s+{NP}"),
    ("health", .8, r"{S}{ADV}\s+(?:has|had|suffers from|suffered from|was diagnosed with|got diagnosed with|has been diagnosed with|is dealing with|struggles with|struggled with|is struggling with|is recovering from|recovered from|is battling|battled|got|caught|is fighting|lives with|deals with)\s+(?:an?\s+|some\s+|bad\s+|severe\s+|chronic\s+)?(?P<v>(?:[\w-]+\s+){0,2}?(?:{COND}))\b"),
    ("health", .8, r"{S}{ADV}\s+(?P<hv>broke|fractured|sprained|twisted|injured|hurt|dislocated|tore|pulled|strained|bruised)\s+{OWN}\s+(?P<v>(?:left\s+|right\s+|lower\s+)?[a-z]+)"),
    ("health", .75, r"{S}{ADV}\s+(?:is|has been|went|became|is going|is now)\s+(?:an?\s+)?(?P<v>{DIET})\b"),
    ("health", .75, r"{S}{ADV}\s+(?:had|got|underwent|is having|needs|needed|is getting|is recovering from|recovered from|was in|was involved in)\s+(?:an?\s+|some\s+)?(?P<v>(?:[\w-]+\s+){0,2}?(?:surgery|operation|procedure|accident|injury|concussion|heart attack|stroke|transplant|chemo|chemotherapy|physical therapy|rehab))\b"),
    ("health", .7, r"{S}{ADV}\s+(?:is|has been|started|goes|went)\s+(?:on|to)\s+(?:an?\s+)?(?P<v>(?:[\w-]+\s+)?diet|medication|meds|antidepressants|therapy|rehab|counseling)\b"),
    ("goal", .8, r"{S}{ADV}\s+(?:wants|plans|hopes|intends|aims|is planning|is hoping|is aiming|would love|would like|wishes|is determined|has decided|decided|is preparing|is going|is trying|is working hard)\s+to\s+{NP}"),
    ("goal", .75, r"{S}{ADV}\s+(?:is gonna|is planning|is planning on|plans on|is saving up for|is saving for|is working towards|is working toward|dreams of|dreams about|is dreaming of|is dreaming about|is preparing for)\s+{NP}"),
    ("goal", .65, r"{S}{ADV}\s+(?:is thinking about|is thinking of|is considering|signed up for|registered for|applied for|applied to|is applying to|is applying for|can't wait to|cannot wait to|is excited to|is looking forward to)\s+{NP}"),
    ("goal", .8, r"{S}'s\s+(?:biggest\s+|big\s+|main\s+|ultimate\s+|new\s+|next\s+|long-term\s+)?(?:goal|dream|plan|aim|hope|wish|mission|ambition|resolution)\s+is\s+(?:to\s+)?{NP}"),
    ("goal", .75, r"{S}'s\s+(?:\w+\s+)?(?:goal|dream|plan|aim|hope|wish|mission|ambition)\s+of\s+{NP}"),
    ("identity", .85, r"{S}{ADV}\s+(?:is|identifies as|came out as|has come out as|is proud to be|is a proud)\s+(?:an?\s+)?(?:proud\s+)?(?P<v>(?:{IDENT})(?:\s+(?:woman|man|person|girl|boy|guy|lady|individual|mom|dad|parent|mother|father))?)\b(?!\s+(?:food|music|restaurant|movie|film|dish|cuisine|culture))"),
    ("identity", .75, r"^As\s+an?\s+(?P<v>(?:{IDENT})(?:\s+[a-z]+)?),\s+{S}\b"),
    ("age", .85, r"{S}{ADV}\s+(?:is|just turned|turned|turns|is turning|will turn|will be|is now)\s+(?P<v>\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty)(?:\s+years?\s+old|\s+years?\s+of\s+age|(?=\s*(?:[.,!;]|$|and\b|now\b|this\b|today\b|in\b|on\b|next\b)))"),
    ("age", .8, r"{S}'s\s+(?P<v>\d{1,2})(?:st|nd|rd|th)\s+birthday"),
    ("age", .8, r"{S}{ADV}\s+is\s+an?\s+(?P<v>\d{1,2})-year-old"),
    ("birthday", .85, r"{S}'s\s+birthday\s+(?:is|was|falls|is coming up|party was|party is)\b(?P<v>.*)"),
    ("birthday", .8, r"{S}{ADV}\s+(?:was born|celebrated|celebrates|had|will celebrate)\s+(?:{OWN}\s+birthday\s+)?(?P<v>(?:on|in)\s+.+)"),
]


def _compile(raw: str) -> re.Pattern[str]:
    text = raw
    for key, sub in _LEX.items():
        text = text.replace("{" + key + "}", sub)
    for key, sub in _MAP.items():
        text = text.replace("{" + key + "}", sub)
    return re.compile(text, re.IGNORECASE)


def _heads(raw: str) -> frozenset[str] | None:
    """The words that can follow "Subject [adverbs]" in a pattern ("'s" for possessives), None if unknown."""
    if raw.startswith("{S}'s"):
        return frozenset({"'s"})
    prefix = "{S}{ADV}\\s+"
    if not raw.startswith(prefix):
        return None
    rest = raw[len(prefix):]
    if not rest.startswith("(?"):
        word = re.match(r"[a-z']+", rest)
        return frozenset({word.group(0)}) if word else None
    depth, end = 0, 0
    for i, ch in enumerate(rest):
        depth += ch == "(" and rest[i - 1:i] != "\\"
        depth -= ch == ")" and rest[i - 1:i] != "\\"
        if depth == 0:
            end = i
            break
    body = re.sub(r"^\(\?(?::|P<\w+>)", "", rest[:end])
    alternatives, level, current = [], 0, ""
    for ch in body:
        level += ch == "("
        level -= ch == ")"
        if ch == "|" and level == 0:
            alternatives.append(current)
            current = ""
        else:
            current += ch
    alternatives.append(current)
    words = {re.match(r"[a-z']*", alt).group(0) for alt in alternatives}
    return None if "" in words else frozenset(words)


# Patterns start with the subject, so they are tried only where a known name
# starts (pattern.match at that offset) and only if the word after the name and
# its adverbs can begin them: this keeps matching well under a millisecond.
PATTERNS = [(attr, conf, _compile(raw), raw.startswith("^"), _heads(raw)) for attr, conf, raw in _RAW]
_CAP_RE = re.compile(r"\b[A-Z][\w]*")
_AFTER_NAME_RE = re.compile(rf"(?:'s\b|(?:\s+(?:{_alt(ADVERBS)}|not|never|no longer)\b)*\s+([a-z']+))", re.IGNORECASE)


def _opens_clause(text: str, pos: int) -> bool:
    before = text[:pos].rstrip()
    if not before or not before[-1].isalpha():
        return True
    word = before.rsplit(None, 1)[-1]
    return not word.islower() or word in _CLAUSE_OPENERS


def _head_after(probe: str, end: int) -> str | None:
    m = _AFTER_NAME_RE.match(probe, end)
    if not m:
        return None
    return "'s" if m.group(0) == "'s" else m.group(1).lower()

_DATE_TAIL_RE = re.compile(
    r"\s+(?:(?:on|in|since|during|over|until|by|before|after|from|around|this|last|next)\s+)?(?:the\s+)?"
    r"(?:(?:week|weekend|morning|evening|night|afternoon)\s+(?:before|of|after)\s+)?(?:\d{1,2}(?:-\d{1,2})?\s+)?"
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|spring|summer|"
    r"fall|winter|(?:19|20)\d\d)\b.*$"
    r"|\s+(?:a|an|one|two|three|four|five|six|a few|a couple of|several|\d+)\s+(?:days?|weeks?|months?|years?)\s+before\b.*$"
)
_CLAUSE_CUT_RE = re.compile(
    r"\s+(?:because|but|so that|so|that|that's|since|while|when|whenever|where|which|who|whom|though|although|as|if|until|"
    r"unless|after|before|and then|then|plus|or something|and stuff|and all|cause|cuz|'cause|right now|these days|"
    r"lately|at the moment|every day|everyday|anymore|any more|as well|a lot|so much|too much|too|again|now|"
    r"ever since|for a while|for years|for ages|together|sometimes|recently|though|really|very much)\b.*$"
    r"|\s+-\s.*$"
)
_ROLE_TAIL_RE = re.compile(r"\s+(?:at|for|from|with|in|because)\s.*$")
_PLACE_TAIL_RE = re.compile(r"\s+(?:here|there|over there|back then|at the time|at all)$", re.IGNORECASE)
_LONG_CUT_RE = re.compile(r"\s+(?:and|to|with|for|in order to|that)\s+")
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
_STRUCTURED = {"home", "origin", "work", "relationship", "family", "pet", "age", "birthday", "identity"}
_POSSESSIVE_PREDICATE = {"origin": "is from", "home": "lives in", "work": "works at", "education": "studied",
                         "goal": "wants to", "hobby": "enjoys", "likes": "likes", "age": "is", "birthday": "has a birthday on"}
# A subject is only a subject at the start of a clause: "countries Tim wants to visit" is not Tim's goal.
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
_AUX_ADV_RE = re.compile(rf"\b(is|was|has|had|will|would|has been|is now)\s+((?:(?:{_alt(ADVERBS)}|not|never|no longer)\s+)+)",
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


def trim_value(value: str, names: set[str]) -> str:
    """The object phrase up to where its clause ends, without trailing dates and fillers."""
    v = value.strip()
    v = _DATE_TAIL_RE.sub("", v)
    v = _AND_CUT_RE.split(v, 1)[0]
    prev = None
    while prev != v:
        prev = v
        v = _CLAUSE_CUT_RE.sub("", v).strip()
        v = _DATE_TAIL_RE.sub("", v).strip()
    v = _PLACE_TAIL_RE.sub("", v).strip(" '\"-")
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
    starts = [(m.start(), _head_after(probe, m.end())) for m in _CAP_RE.finditer(probe)
              if m.group(0) in firsts and _opens_clause(probe, m.start())]
    if not starts:
        return None
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


def _build(attr: str, conf: float, m: re.Match[str], names: set[str], speaker: str, dates: list,
           participants: set[str]) -> AttributeMatch | None:
    subject = _subject(m.group("s"), names)
    if subject is None:
        return None
    groups = m.groupdict()
    adv = (groups.get("adv") or "").lower()
    polarity = -1 if re.search(r"\b(?:not|never|no longer)\b", adv) else 1
    raw = m.group("v") or ""
    value = raw.strip() if attr in ("home", "origin", "relationship") and raw[:1].isupper() else trim_value(raw, names)
    if attr == "birthday":
        days = [d for d in dates if d.precision == "day"]
        if not days:
            return None
        day = days[0]
        value = day.bare if "born" in m.group(0) else " ".join(day.bare.split()[-3:-1])
    value = value.rstrip(".")
    if attr == "likes":
        value = re.sub(r"^to\s+", "", value)
    if not value:
        return None
    others = participants - {subject}
    if attr not in _STRUCTURED:
        if (_LEADING_BAD.match(value) and not raw.lstrip().startswith('"')) or any(n in value for n in others if len(n) > 2):
            return None
        if (attr == "goal" and value.split()[0] in names) or not content_words(value, set()):
            return None  # a goal that starts with a name is a clause ("Joanna wasn't allergic")
    if attr == "goal" and _GOAL_BAD.match(value):
        return None
    if attr in ("occupation", "education"):
        value = _ROLE_TAIL_RE.sub("", re.sub(r"^(?:an?|the)\s+", "", value)) if attr == "occupation" else _ROLE_TAIL_RE.sub("", value)
    if re.search(r"\bno\s+$", m.string[m.start():m.start("v")]):
        polarity = -1  # "has no pets"
    if attr == "age":
        value = str(_WORD_NUM.get(value.lower(), value))
    if groups.get("n") and attr in ("family", "relationship", "pet"):
        value = f"{value} named {groups['n']}" if attr == "pet" else f"{value} {groups['n']}"
    if groups.get("hv"):
        value = f"{_HURT.get(groups['hv'].lower(), groups['hv'].lower())} {value}"
        predicate = groups["hv"].lower()
    if groups.get("cat"):
        predicate = f"favorite {groups['cat'].strip()} is"
    elif groups.get("adv") is None:  # "Caroline's dog ...": a possession
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
