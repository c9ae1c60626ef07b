"""The things a sentence names that a typed question asks for: kinds, titles, names, ties, places, feelings, counts.

"What instrument ...?" is answered by a member of the kind ("violin"),
"What movie ...?" by a title ("The Name of the Rose"), "Who ...?" by a name
or a tie ("Kit's aunt"), "Where ...?" by a place, named or said in common
nouns ("in a pine forest"), "How did Kit feel ...?" by a feeling, "How many
dogs ...?" by a count of dogs. Each recogniser returns the words, or None
when the sentence names no such thing.
"""
from __future__ import annotations

import re
from collections.abc import Collection

from remembrancer.memory.ask.question import Question
from remembrancer.memory.ask.wording import (ALNUM_RE, BOUNDARY, COMPLEMENT, EDGE, FEELING, LEADING, NOT_A_THING, NOT_NAMES,
                                PLACE_WORDS, TOKEN_RE, is_asked, is_opener, is_verb, join_values, same_word, trim,
                                undated)
from remembrancer.memory.extraction.lexicon import (COLOURS, COMMON_ADJECTIVES, FAMILY, FEELINGS, FRIEND, LANGUAGES, MUSICAL_INSTRUMENTS,
                                       OCCUPATIONS, PARTNER, PETS)
from remembrancer.memory.llm.grounding import content_words
from remembrancer.memory.types import RecallItem

QUOTED_RE = re.compile(r"[\"“]([^\"“”]{2,60})[\"”]")
COUNT_RE = re.compile(r"\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a couple of|several)\s+([a-z'-]+)", re.IGNORECASE)
DURATION_RE = re.compile(r"\b(?:for\s+)?(?:about\s+|over\s+|almost\s+|nearly\s+|around\s+)?(\d+(?:\s*[-–]\s*\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|a few|a couple of|several)\s+(years?|months?|weeks?|days?|hours?|minutes?|seconds?)\b|\bsince\s+\w+(?:\s+\d{4})?", re.IGNORECASE)
# "his home country, Portugal": a place named after the noun that says it is one.
PLACE_NOUN_RE = re.compile(r"\b(?:country|city|town|village|state|hometown|island|region)\s*,?\s+((?:[A-Z][\w'-]*)(?:\s+[A-Z][\w'-]*)*)")
PLACE_RE = re.compile(r"\b(?:in|at|to|from|near|around|visited|visit)\s+((?:the\s+)?[A-Z][\w'-]*(?:\s+(?:of\s+)?[A-Z][\w'-]*)*)")
_PROPER_RE = re.compile(r"\b[A-Z][a-z][\w'-]*(?:\s+[A-Z][a-z][\w'-]*)*")
_TIES = frozenset("colleague coworker co-worker boss manager teacher mentor coach neighbour neighbor therapist doctor "
                  "teammate classmate landlord".split())  # people named by their tie to someone, beside family and friends
# "How often ...?": "twice a week", "once or twice a year", "every Sunday", "a few times a month", "daily".
OFTEN_RE = re.compile(r"\b(?:(?:(?:at least|about|around|only|maybe)\s+)?(?:once|twice|(?:a\s+)?(?:few|couple of|\w+)\s+times)"
                       r"(?:\s+or\s+(?:once|twice|\w+\s+times))?\s+(?:a|per|each|every)\s+(?:day|week|month|year|weekend)"
                       r"|every\s+(?:other\s+)?(?:day|week|month|year|weekend|morning|evening|night|monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
                       r"|(?:daily|weekly|monthly|yearly|nightly)\b)", re.IGNORECASE)
# A question asks for a kind of thing ("What pets does ...", "Which instrument ...") that a memory names by its
# member ("a guinea pig named Oscar"): the lexicon's lists, split at hyphens, stemmed as `content_words` stems.
_KINDS = {kind: frozenset(_plain_part for word in members for part in word.split("-") for _plain_part in {part, part.removesuffix("s")})
          - {name + plural for name in kinds for plural in ("", "s")}
          for kinds, members in ((("pet", "animal"), PETS), (("instrument",), MUSICAL_INSTRUMENTS),
                                 (("job", "occupation", "profession", "career"), OCCUPATIONS),
                                 (("language", "tongue"), LANGUAGES), (("color", "colour", "shade"), COLOURS))
          for kind in kinds}
_NOT_FEELINGS = frozenset("native executive detective relative objective perspective initiative motive olive".split())
PLACE_KINDS = frozenset(content_words("city cities town towns country countries place places state states"))
_LINKS = frozenset("and or but just to so then".split())
LOCATIVE_RE = re.compile(r"\b(in|at|near|inside|outside|by|around)\s+((?:the|a|an|his|her|their|my|our|[A-Z][a-z]+['’]s)\s+"
                          r"[\w'’-]+(?:\s+[\w'’-]+){0,3})")
_NUMBER_WORDS = dict(zip("1 2 3 4 5 6 7 8 9".split(), "one two three four five six seven eight nine".split()))
_TITLE_RE = re.compile(r"\b[A-Z][\w'’-]*(?:\s+(?:(?:of|the|and|a)\s+)*[A-Z0-9][\w'’-]*)*")  # "The Name of the Rose"
_TITLED = frozenset(content_words("movie film book novel series show song album game band trilogy podcast play"))
_RELATION_RE = re.compile(r"\b([A-Z][a-z]+['’]s|[Hh]er|[Hh]is|[Tt]heir|[Mm]y)\s+(?:(?:best|old|little|older|younger|big|late)\s+)?("
                          + "|".join(sorted((FAMILY | PARTNER | FRIEND | _TIES) - {"family", "baby"}, key=len, reverse=True)) + r")\b")
# An attachment's line (memory.importers.attachments) and the words a caption opens with before what it shows.
_CAPTION_RE = re.compile(r"^\[(?:photo|video|image|file|audio): (.+)\]$")
_SHOWING_RE = re.compile(r"^(?:a |an |the )?(?:photo(?:graph|graphy)?|picture|pic|image|screenshot|video|selfie)s? (?:of |showing )", re.IGNORECASE)
SHOWN = frozenset(content_words("photo photos picture pictures pic pics image images selfie video"))
_DETERMINERS = frozenset("a an the his her their my our your its some".split())
_NOT_MODIFIER = EDGE | NOT_A_THING | LEADING | BOUNDARY | frozenset("in on at into with for by my our another any each every".split())


def asks_feeling(q: Question) -> bool:
    """ "How did Kit feel ...?", "How does Ana describe ...?": answered by how it felt, not what happened."""
    return q.text.lower().startswith("how") and bool(q.focus & FEELING)


def feeling_in(q: Question, text: str) -> str | None:
    """The words of `text` saying how something felt ("in awe", "grateful and thankful"), in order, at most three."""
    asked = content_words(q.text) | q.names
    found = [w for w in TOKEN_RE.findall(text) if _is_feeling(w) and not is_asked(w, asked)]
    return join_values(list(dict.fromkeys(found))[:3]) or None


def _is_feeling(word: str) -> bool:
    lowered = word.lower()
    return lowered in FEELINGS or (len(lowered) > 5 and lowered.endswith(("ful", "ous", "ive", "ical", "tic"))
                                   and lowered not in _NOT_FEELINGS)


def names_place(text: str) -> bool:
    """Whether `text` names a place after a preposition ("been to Paris", "moved from Ghent")."""
    return any(m.group(1).split()[-1] not in NOT_NAMES for m in PLACE_RE.finditer(text))


def is_kind_of(focus: str, words: set[str]) -> bool:
    """Whether `words` name a thing of the kind `focus` asks for: "pet" is met by "guinea pig", "instrument" by "cello"."""
    members = _KINDS.get(focus)
    return bool(members and words & members)


def locative(q: Question, text: str) -> str | None:
    """A place said in common nouns after a preposition of place ("in a pine forest", "at the dog shelter").

    Only a phrase the question does not already hold: "Where does Kit
    volunteer?" is not answered by "at work" when the question says "work".
    """
    asked = content_words(q.text) | q.names
    for match in LOCATIVE_RE.finditer(text):
        words = match.group(2).split()
        end = next((i for i, w in enumerate(words) if i and (w.lower() in BOUNDARY | PLACE_WORDS | _LINKS or is_verb(w))), len(words))
        phrase = words[:end]
        named = [w for w in phrase[1:] if content_words(w) and w.lower() not in COMMON_ADJECTIVES]
        if named and not all(is_asked(w, asked) for w in named):
            return f"{match.group(1).lower()} {' '.join(phrase)}"
    return None


def count_of(q: Question, text: str) -> str | None:
    """A count of what "How many dogs ...?" counts ("two dogs"); none of something else ("two turtles" is no count of walks)."""
    counted = re.match(r"how (?:many|much)\s+([\w'-]+)", q.text, re.IGNORECASE)
    noun = content_words(counted.group(1)) if counted else set()
    for match in COUNT_RE.finditer(text):
        if noun and not any(same_word(n, w) for n in noun for w in content_words(match.group(2)) | {match.group(2).lower()}):
            continue
        number = match.group(1).lower()
        return f"{_NUMBER_WORDS.get(number, match.group(1))} {match.group(2)}"  # "2 dogs" reads "two dogs"
    if noun & {"time"} and (said := re.search(r"\b(?:once|twice)\b", text, re.IGNORECASE)):
        return said.group(0).lower()
    return None


def asks_title(q: Question) -> bool:
    """ "What movie ...?", "Which book ...?": asked for a work, answered by its title (not "What kind of movie ...?")."""
    return (bool(q.asked_nouns) and q.asked_nouns[0] in _TITLED and not q.plural
            and not re.search(r"\b(?:kinds?|types?|sorts?|genres?|style) of\b|\bgenre\b", q.text, re.IGNORECASE))


def title_in(q: Question, text: str, item: RecallItem) -> str | None:
    """A work's title in `text`: said in quotes, else capitalised words ("The Wheel of Time") that name nobody here."""
    quoted = QUOTED_RE.search(text)
    if quoted and not is_asked(quoted.group(1), content_words(q.text)):
        return quoted.group(1)
    people = {(item.speaker or "").lower()} | {turn.speaker.lower() for turn in item.context} | q.names
    first = re.match(r"\W*", text).end()  # type: ignore[union-attr]
    for match in _TITLE_RE.finditer(text):
        words = match.group(0).split()
        if match.start() == first and is_opener(words[0]):
            words = words[1:]
        title = " ".join(words).removesuffix("'s")
        if title and not any(w.lower().removesuffix("'s") in people for w in words) and title.split()[0] not in NOT_NAMES - {"The", "A"}:
            return title
    return None


def caption_of(text: str) -> str | None:
    """What an attached photo shows ("[photo: a photo of a toy robot]" -> "a toy robot"), or None for other text."""
    match = _CAPTION_RE.match(text)
    return _SHOWING_RE.sub("", match.group(1)) if match else None


def noun_phrase(q: Question, text: str, nouns: Collection[str]) -> str | None:
    """The phrase naming the thing asked for, around its noun: "a fantasy literature forum" for "What forum did Kit join?".

    The noun's modifiers before it and an "of ..."/"named ..." after it are
    the answer; the noun alone ("joined a forum") answers nothing the question
    did not say, and the caller falls back to the sentence's news.
    """
    words = [(m.group(0), m.start(), m.end()) for m in TOKEN_RE.finditer(text) if ALNUM_RE.search(m.group(0))]
    asked = content_words(q.text) | q.names
    for index, (word, _, _) in enumerate(words):
        if not _is_noun(word, nouns):
            continue
        begin = index
        while begin > 0 and not _cut(text, words[begin - 1], words[begin]):
            before = words[begin - 1][0]
            if before.lower() in ("and", "or") and begin >= 2 and begin < index and _modifier(words[begin - 2][0]) \
                    and not _cut(text, words[begin - 2], words[begin - 1]):
                begin -= 1  # "action and sci-fi movies"
                continue
            if not _modifier(before) or before.lower() in q.names:
                break
            if before.lower().endswith("ing") and (begin < 2 or words[begin - 2][0].lower() not in _DETERMINERS):
                break  # "a marching event" holds its gerund; "been trying kundalini yoga" does not
            begin -= 1
        end = index + 1
        while end < len(words) and _is_noun(words[end][0], nouns) and not _cut(text, words[end - 1], words[end]):
            end += 1  # "guinea pig": the kind's name runs on
        if end < len(words) and words[end][0][:1].isupper() and words[end][0] not in NOT_NAMES \
                and words[end][0].lower() not in q.names and not _cut(text, words[end - 1], words[end]):
            named = end  # "taught his nephew the card game Skat": the thing's own name answers "What game ...?"
            while named < len(words) and words[named][0][:1].isupper() and not _cut(text, words[named - 1], words[named]):
                named += 1
            return " ".join(w for w, _, _ in words[end:named])
        if end < len(words) and words[end][0].lower() in COMPLEMENT and not _cut(text, words[index], words[end]):
            end += 1
            while end < len(words) and end - index <= 5 and not _cut(text, words[end - 1], words[end]) \
                    and words[end][0].lower() not in BOUNDARY | PLACE_WORDS and not is_verb(words[end][0]):
                end += 1
        phrase = [w for w, _, _ in words[begin:end]]
        if not is_asked(word, asked) or any(content_words(w) and not is_asked(w, asked) and w.lower() not in COMMON_ADJECTIVES for w in phrase):
            return trim(phrase)  # a member named ("purple") answers; "an amazing deal" names no deal
    return None


def _is_noun(word: str, nouns: Collection[str]) -> bool:
    return any(same_word(noun, stem) for noun in nouns for stem in content_words(word) | {word.lower()})


def _modifier(word: str) -> bool:
    """Whether `word` may stand before a noun as part of its phrase ("fantasy literature" in "fantasy literature forum")."""
    lowered = word.lower()
    return lowered not in _NOT_MODIFIER and not lowered.endswith(("'s", "’s")) and not is_verb(word) \
        and not (lowered.endswith("s") and is_verb(lowered[:-1]))  # "plays clarinet": a verb, not a kind of clarinet


def _cut(text: str, left: tuple[str, int, int], right: tuple[str, int, int]) -> bool:
    return any(p in text[left[2]:right[1]] for p in ",;:.!?()-&")


def proper_names(q: Question, text: str, item: RecallItem) -> list[str]:
    """Proper names in `text` other than those the question already names (and none of its dates)."""
    text = undated(text, item).lstrip("; ")
    out = []
    first = re.match(r"\W*", text).end()  # type: ignore[union-attr]
    for match in _PROPER_RE.finditer(text):
        if match.start() == first and " " not in match.group(0):
            continue  # one capitalised word opening the sentence is as likely "Certain" as a name
        words = match.group(0).split()
        if match.start() == first:  # "For Kit", "Seeing Ana": a capitalised opener is no part of the name
            words = words[1:] if is_opener(words[0]) else words
        words = [w for w in words if w not in NOT_NAMES]
        name = " ".join(words).removesuffix("'s")
        if name and name.lower() not in q.names and (item.speaker or "").lower() != name.lower() and name not in out:
            out.append(name)
    return out


def relation_in(q: Question, text: str) -> str | None:
    """ "Who ...?" answered by a person named by their tie, not their name: "Kit's aunt", "her coach"."""
    asked = content_words(q.text)
    for match in _RELATION_RE.finditer(text):
        if match.group(2).lower() not in asked:
            return match.group(0)
    return None


def kinds_asked(q: Question) -> frozenset[str]:
    """The members of the kinds of thing the question asks for ("pets": dog, cat, turtle, ...), if any."""
    return frozenset().union(*(_KINDS.get(f, frozenset()) for f in q.focus))
