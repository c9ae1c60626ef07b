"""The gate a profile value must pass: a person reading it learns something true and whole.

"Jay likes read", "Jay wants to return", "Jay's hobby: playing", "pet: pets"
or "works as a user" are worse than nothing: they make the page look broken
and hide the values that matter. A value is refused when its object is a
pronoun or a deictic with no referent, when its grammar is broken (a base
verb where an object belongs, "wants to asking"), when it is a filler word
alone, when a wish has no object, or when a chat's role word would become a
job. Returns the reason (for tests and debugging), None when the value passes.
"""
from __future__ import annotations

import re

from remembrancer.memory.extraction.lexicon import BASE_VERBS, FILLER_VALUES, NEEDS_OBJECT, ROLE_WORDS
from remembrancer.memory.persona.normalise import Value, singular

_PRONOUNS = frozenset(
    "it its it's itself that this these those them they their themselves he him his himself she her hers herself "
    "i me my you your we us our there here something someone somebody anything anyone everything everyone stuff".split()
)
_FREE_TEXT = frozenset({"likes", "dislikes", "goal", "hobby", "education", "occupation", "health"})
_NOT_GERUNDS = frozenset("bring sing ring swing sting wing king thing spring string cling fling sling ceiling "
                         "morning evening wedding building during nothing something anything everything".split())
_ARTICLES = frozenset("a an the some".split())
_CLAUSE_WORDS = frozenset("and but or so because while though although been being was were is are am has had have "
                          "does did do".split())
_MAX_WORDS = 8
_GOAL_VERB_RE = re.compile(r"^(?:(?:wants|plans|hopes|intends|aims|wishes|would|is|has|had|decided|dreams|signed|registered|"
                           r"applied|can't|cannot|needs|will)\b(?:\s+[\w']+){0,3}?\s+(?:to|of|on|for|about|up for)\s+)",
                           re.IGNORECASE)
_EVENT_AS_PERSON_RE = re.compile(r"^(?:(?:is|are|was|will|going|gonna|to|wants|would|hopes)\s+)*be\s+(?:an?|the)\s+(?:[a-z]+\s+){0,2}(?:night|day|time|week|weekend|evening|morning|event|"
                                 r"party|show|blast|experience|success|hit)\b")


def _gerund(word: str) -> bool:
    return len(word) > 4 and word.endswith("ing") and word not in _NOT_GERUNDS


def junk_reason(attribute: str, value: str, predicate: str = "", parsed: Value | None = None) -> str | None:
    """Why this attribute value must not be shown, or None when it may.

    `value` is what the person will read after the subject and verb (the
    parsed surface for one fact, the merged value for an attribute).
    """
    if attribute == "goal" and not predicate:  # a stored goal keeps its verb: "is moving to the payments team"
        stated = _GOAL_VERB_RE.match(value)
        if stated:
            predicate, value = stated.group(0), value[stated.end():]
    words = [w for w in re.findall(r"[\w'-]+", value.lower()) if w not in _ARTICLES]
    if not words:
        return "empty value"
    if words[0] in _CLAUSE_WORDS:
        return "a value cut from the middle of a sentence"  # "and his passion", "been bumpy"
    words = [w for w in words if not w.endswith("'s")] or words  # "Lusia's favorite" -> favorite
    if value.rstrip().endswith(("'s", "’s")):
        return "a possessive with no noun"
    if attribute == "occupation" and (set(words) & ROLE_WORDS):
        return "a chat role, not a job"
    if attribute == "pet" and parsed is not None and parsed.key == "pet" and not parsed.names:
        return "filler value"
    named = parsed is not None and bool(parsed.names)  # "pets named Luna and Oliver": the names are the value
    if len(words) == 1 and not named and (words[0] in FILLER_VALUES or singular(words[0]) in FILLER_VALUES
                            or singular(words[0]) == singular(attribute)):
        return "filler value"
    if attribute not in _FREE_TEXT:
        return None
    if len(words) > _MAX_WORDS:
        return "a clause, not a value"
    if set(words) & _PRONOUNS:
        return "pronoun with no referent"
    if attribute in ("likes", "dislikes", "hobby") and words[0] in BASE_VERBS:
        return "bare verb as an object"
    if attribute == "goal":
        rest = words[1:] if words[0] in ("plays", "play") else words
        verb_to = predicate.rstrip().endswith("to") or not predicate
        if verb_to and _gerund(rest[0]):
            return "broken grammar: to + -ing"
        if len(rest) == 1 or " ".join(rest) in NEEDS_OBJECT:
            return "a wish with no object"
        if _EVENT_AS_PERSON_RE.search(value.lower()):
            return "an event, not the person"  # "is going to be a great night": the night, not the person
    return None
