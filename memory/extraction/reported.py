"""Reported speech: what a person said that is not a statement about themselves.

The first-person rules keep "I adopted a dog" as "Ana adopted a dog". Much of
what a careful reader writes down about a conversation is of another kind:
opinions ("Family gives us strength"), what one person tells the other
("Your hard work will pay off", "Don't give up") and evaluations ("It's so nice
to have friends who get my work"). Dropping them loses what a person thinks
and how they stand towards the other; keeping them verbatim leaves pronouns
without referents. So such a sentence is reported with its speaker, as a
reader would note it:

* an opinion or evaluation -> "Ana thinks that family gives people strength."
  (a generic we/us/our is "people", since it means everyone, not a group);
* a statement to the other -> "Ana told Ben that Ben's hard work will pay off.";
* an imperative -> "Ana told Ben not to give up." / "... to try the new trail.";
* "Let's ..." -> "Ana suggested that Ana and Ben work together on ...".

A report is made only when it stands alone (the standalone gate) and carries
enough content words; it never states a profile attribute (an opinion is not
a hobby), so the persona is not fed by it.
"""
from __future__ import annotations

import re
from collections.abc import Mapping

from remembrancer.memory.extraction.coref import rewrite
from remembrancer.memory.extraction.lexicon import BASE_VERBS, IRREGULAR_PAST, STOPWORDS
from remembrancer.memory.extraction.pronouns import name_once
from remembrancer.memory.extraction.sentences import FINITE_RE, content_words, finish
from remembrancer.memory.extraction.standalone import is_standalone

MIN_MEANINGFUL_WORDS = 2
_WORD_RE = re.compile(r"[A-Za-z][A-Za-z'-]*")

_YOU_RE = re.compile(r"(?<![\w'])(?:you|your|yours|yourself|you're|you've|you'll|you'd)(?![\w'])", re.IGNORECASE)
_FIRST_SINGULAR_RE = re.compile(r"(?<![\w'])(?:I|i|I'm|I've|I'd|I'll|[Mm]e|[Mm]y|[Mm]ine|[Mm]yself)(?![\w'])")
_WE_RE = re.compile(r"(?<![\w'])(?:we|us|our|ours|ourselves|we're|we've|we'll|we'd)(?![\w'])", re.IGNORECASE)
_LETS_RE = re.compile(r"^let'?s\s+(?P<rest>[a-z].*)$", re.IGNORECASE)
_DONT_RE = re.compile(r"^(?:don'?t|do not|never)\s+(?P<rest>[a-z].*)$", re.IGNORECASE)
# Verbs people give as advice or requests; an opening word outside this list is not read as an imperative.
_IMPERATIVE_VERBS = frozenset("""
keep take try remember go make give stay enjoy check trust believe follow focus find put stop start hold reach
call ask bring read watch listen consider think share treat use visit join write plan practice practise push
embrace cherish celebrate show learn explore protect look hang rest breathe relax slow speak tell be get set have
""".split())
# "we" in a story ("we went", "we were there last week") is a group, not everyone.
_WE_NARRATIVE_RE = re.compile(r"(?<![\w'])we\s+(?:(?:all|both|just|finally|even|also|really)\s+)?(?:\w{2,}ed|were|had|did|%s)\b"
                              r"|\b(?:yesterday|last|ago|tonight|today)\b" % "|".join(sorted(IRREGULAR_PAST, key=len, reverse=True)),
                              re.IGNORECASE)
_GENERIC_WE = (
    (re.compile(r"(?<![\w'])we're(?![\w'])", re.IGNORECASE), "people are"),
    (re.compile(r"(?<![\w'])we've(?![\w'])", re.IGNORECASE), "people have"),
    (re.compile(r"(?<![\w'])we'll(?![\w'])", re.IGNORECASE), "people will"),
    (re.compile(r"(?<![\w'])we'd(?![\w'])", re.IGNORECASE), "people would"),
    (re.compile(r"(?<![\w'])(?:we|us)(?![\w'])", re.IGNORECASE), "people"),
    (re.compile(r"(?<![\w'])ourselves(?![\w'])", re.IGNORECASE), "oneself"),
    (re.compile(r"(?<![\w'])(?:our|ours)(?![\w'])", re.IGNORECASE), "people's"),
)
# "we" means everyone only in a maxim: "we can/should/must/need to ...", or as an object ("pets make us happier").
_WE_SUBJECT_RE = re.compile(r"(?<![\w'])(?:we|we're|we've|we'd)(?![\w'])", re.IGNORECASE)
_WE_GENERIC_RE = re.compile(r"(?<![\w'])we\s+(?:all\s+)?(?:can|can't|cannot|should|shouldn't|must|need|have to|"
                            r"never know|learn|grow)\b", re.IGNORECASE)
_JUST_RE = re.compile(r"^(?:just|so|and|but|also|plus)\s+(?=[a-z])", re.IGNORECASE)
_INTERJECTION_RE = re.compile(r"^(?:congrats|congratulations|cheers|here's to|here is to|thanks|thank you|good luck|"
                              r"happy birthday|welcome|bravo|kudos|best of luck|way to go|hats off)\b", re.IGNORECASE)
_HEDGE_RE = re.compile(r"^(?:it\s+|that\s+)?(?:looks|sounds|seems|feels)\s+like\s+(?:that\s+)?", re.IGNORECASE)
_SUBJECTLESS_RE = re.compile(r"^(?:must|might|could|would|should|will|can|is|was|are|were|has|had|sounds|looks|seems|"
                             r"feels|gotta|gonna)\b", re.IGNORECASE)
_FUTURE_RE = re.compile(r"'ll\b|(?<![\w'])(?:will|gonna|going to|shall)(?![\w'])", re.IGNORECASE)
_TAIL_REMARK_RE = re.compile(r"\s+[-\u2013\u2014]+\s+(?:it's|it is|that's|that is|this is|so|such)\b.*$", re.IGNORECASE)
# A reported clause opening like these lost its subject ("[I'm] glad your trip went well", "[That's] such a
# powerful experience", "[It's] part of the journey"): "Ana thinks that glad ..." is no sentence.
_PREDICATIVE_OPENERS = frozenset("""
glad happy so such part here here's there's how really totally definitely sure true great good nice amazing
awesome cool interesting proud thankful grateful lucky excited sorry hope hoping wishing love oops wow congrats makes
made takes gotta gonna wanna been not
""".split())
_HERES_RE = re.compile(r"^here(?:'s| is| are)\s+(?P<what>(?:a|an|the|some|one|two|three|my|our)\s+.+)$", re.IGNORECASE)
# A chat drops the "I" before a verb of liking: "Love experimenting with spices", "Miss those summer evenings".
_ELIDED_I_VERBS = frozenset("love loved enjoy enjoyed adore adored miss missed appreciate appreciated".split())
_FEELING_RE = re.compile(r"^(?:so\s+|really\s+|very\s+)?(?P<adj>glad|happy|proud|thankful|grateful|excited|relieved)\s+"
                         r"(?:that\s+|to\s+(?:hear|see|know)\s+(?:that\s+)?)?", re.IGNORECASE)
_EXCLAMATION_ONLY_RE = re.compile(r"^(?:fingers crossed|wow|oh|aw+|yay|omg|ha+|lol|woo+|nice|cool|great|awesome)\b", re.IGNORECASE)


def report(sentence: str, speaker: str, other: str | None, names: set[str],
           pronouns: Mapping[str, str] | None = None) -> str | None:
    """The sentence reported with its speaker, or None when it says too little or would not stand alone.

    `sentence` is as written (discourse markers stripped), `names` the
    conversation's known names (kept capitalised after "that").
    """
    s = re.sub(r",?\s+(?:though|too|lol|haha)$", "", sentence.strip().rstrip(".!~ "), flags=re.IGNORECASE)
    if not s or _EXCLAMATION_ONLY_RE.match(s):
        return None
    people = names | {speaker} | ({other} if other else set())
    least = MIN_MEANINGFUL_WORDS
    if not content_words(s, people) or len(_meaningful(s, people)) < least:
        return None  # "So happy for you!": feelings words alone say nothing a reader would note
    framed = _framed(s, speaker, other, names, pronouns)
    if framed is None:
        return None
    frame, body = framed
    if not is_standalone(finish(body)):
        return None  # the frame's names are no referents for the body's "they"/"it" ("Jo told Al that they're ...")
    return name_once(finish(f"{frame} {body}" if frame else body), pronouns or {}, people)


def _framed(s: str, speaker: str, other: str | None, names: set[str],
            pronouns: Mapping[str, str] | None) -> tuple[str, str] | None:
    """(the frame "Ana told Ben that", the reported clause) or None; the frame is empty for the speaker's own statement."""
    s = _TAIL_REMARK_RE.sub("", _JUST_RE.sub("", s))
    if _INTERJECTION_RE.match(s):
        return None  # "Congrats on the new job", "Here's to new heights": a wish, not something said about anyone
    hedge = _HEDGE_RE.match(s)
    hedged = bool(hedge)
    if hedge:  # "Looks like your store is growing" -> what the speaker thinks
        s = s[hedge.end():]
        if re.match(r"(?:a|an|the|fun|so|such)\b", s, re.IGNORECASE):
            return None  # "Sounds like a plan": no clause to report
    if not s or _SUBJECTLESS_RE.match(s):
        return None  # "Must be awesome to see ...": the subject is in the conversation, not in the sentence
    lets = _LETS_RE.match(s)
    if lets:
        if not other:
            return None
        rest = rewrite(lets.group("rest"), speaker, other, pronouns=pronouns)
        return f"{speaker} suggested that", f"{speaker} and {other} {_lower_first(rest, names)}"
    dont = _DONT_RE.match(s)
    if dont and other:
        return f"{speaker} told {other} not to", _lower_first(rewrite(dont.group("rest"), speaker, other, pronouns=pronouns), names)
    shown = _HERES_RE.match(s)
    if shown:  # "Here's a pic from the fair" -> "Ana shared a pic from the fair"
        return f"{speaker} shared", _lower_first(rewrite(shown.group("what"), speaker, other, pronouns=pronouns), names)
    first = s.split(None, 1)[0].lower()
    if first in _ELIDED_I_VERBS and not _YOU_RE.match(s.split(None, 1)[-1]):
        return "", rewrite("I " + s[:1].lower() + s[1:], speaker, other, pronouns=pronouns)  # "Love experimenting with spices" -> "Ana loves ..."
    if first in _IMPERATIVE_VERBS and other and not _looks_declarative(s):
        return f"{speaker} told {other} to", _lower_first(rewrite(s, speaker, other, pronouns=pronouns), names)
    if _FIRST_SINGULAR_RE.match(s) or (_WE_RE.match(s) and _WE_NARRATIVE_RE.search(s)):
        # "I'm so thankful for ...", "We went hiking": the speaker's own statement needs no frame
        return "", rewrite(s, speaker, other, pronouns=pronouns)
    generic = s
    if _WE_RE.search(s) and not _FIRST_SINGULAR_RE.search(s) and not _WE_NARRATIVE_RE.search(s) and not _FUTURE_RE.search(s):
        if _WE_SUBJECT_RE.search(s) and not _WE_GENERIC_RE.search(s):
            return None  # "We have two cats", "we live by the sea": a group we cannot name, not everyone
        for pattern, repl in _GENERIC_WE:
            generic = pattern.sub(repl, generic)
    body = _lower_first(rewrite(generic, speaker, other, pronouns=pronouns), names)
    feeling = _FEELING_RE.match(body)
    if feeling and not body[feeling.end():].startswith(("to ", "for ", "about ")) and _is_clause(body[feeling.end():]):  # "[I'm] glad you found a group" -> "Ana is glad that Ben found a group"
        return f"{speaker} is {feeling.group('adj').lower()} that", body[feeling.end():]
    if not _is_clause(body):
        return None
    if other and _YOU_RE.search(s) and not hedged:
        return f"{speaker} told {other} that", body
    return f"{speaker} thinks that", body


def _is_clause(body: str) -> bool:
    """Whether "X thinks that <body>" is a sentence: an opener that can be a subject, then something that can be a verb.

    Generous on purpose ("the colors blend nicely", "pets bring joy", "Ana's
    work looks great" all pass): it only has to catch what lost its subject
    ("glad ...", "such a ...") or has no verb at all ("cathartic and uplifting").
    """
    words = [w.strip(",.;:!?\"'()").lower() for w in body.split()]
    if not words or words[0] in _PREDICATIVE_OPENERS or (words[0] == "what" and words[1:2] in (["a"], ["an"])):
        return False
    if FINITE_RE.search(body):
        return True
    if len(words) > 2 and len(words[0]) > 3 and words[0].endswith("s") and not words[0].endswith("ss"):
        return True  # a plural subject, then its verb: "pets bring joy"
    return any(w in BASE_VERBS or w in IRREGULAR_PAST or (len(w) > 3 and w.endswith("s") and not w.endswith("ss"))
               for w in words[1:-1])  # a verb has something after it: "cute turtles" is no clause


def _meaningful(s: str, people: set[str]) -> list[str]:
    """Words that are not function words or people (feelings count: "thankful for the opportunities")."""
    return [w for w in _WORD_RE.findall(s) if w.lower() not in STOPWORDS and w not in people and len(w) >= 3]


def _looks_declarative(s: str) -> bool:
    """"Trust me, ..." is advice; "Trust is everything" is a statement: a verb-like opener followed by is/was."""
    words = s.split()
    return len(words) > 1 and words[1].lower() in ("is", "was", "are", "were", "has", "had", "'s")


def _lower_first(s: str, names: set[str]) -> str:
    """`s` with its first letter lower-case, unless it opens with a name, "I" or an acronym."""
    if not s:
        return s
    word = re.match(r"[\w'-]+", s)
    head = word.group(0) if word else ""
    if head in names or head.split("'")[0] in names or head == "I" or (len(head) > 1 and head.isupper()):
        return s
    return s[:1].lower() + s[1:]
