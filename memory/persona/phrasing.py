"""How a persona attribute reads as a sentence (for the People page, recall, answers and the CLI).

A profile value is shown as the sentence a person would say about someone:
"Jay has 3 dogs: Rex, Bella and Toby", "Jay's sister is Ana", "Jay plays
the guitar", never "Jay's pet: dogs". `persona_sentence` takes what the
persona row stores (attribute, value, polarity) and, when the caller has
them, the names and count the build merged; stored values of the shape
"3 dogs: Rex, Bella, Toby" or "sister: Ana" are read back the same way.
"""
from __future__ import annotations

import re

from remembrancer.memory.extraction.lexicon import a_or_an

_POSITIVE = {
    "home": "{s} lives in {v}",
    "origin": "{s} is from {v}",
    "work": "{s} works at {v}",
    "occupation": "{s} works as {a}{v}",
    "education": "{s} studies {v}",
    "likes": "{s} likes {v}",
    "dislikes": "{s} dislikes {v}",
    "hobby": "{s} enjoys {v}",
    "health": "{s}'s health: {v}",
    "goal": "{s} wants to {v}",
    "event": "{s} {v}",
    "identity": "{s} is {v}",
    "age": "{s} is {v} years old",
    "birthday": "{s}'s birthday is {v}",
    "name": "{s}'s full name is {v}",
    "email": "{s}'s email address is {v}",
    "phone": "{s}'s phone number is {v}",
    "address": "{s} lives at {v}",
    "possession": "{s} has {v}",
}
# A goal is stored with the verb that states it ("plans to", "dreams of", "is saving up for").
GOAL_VERBS = frozenset("wants plans hopes intends aims is would wishes has had decided dreams signed registered "
                       "applied can't cannot needs will".split())
_STRUCTURED_RE = re.compile(r"^(?:(?P<count>\d+)\s+)?(?P<head>[^:]+?)(?::\s*(?P<names>.+))?$")
_ARTICLE_RE = re.compile(r"^(?:an?|the)\s", re.IGNORECASE)
_SCHOOL_RE = re.compile(r"\b(?:university|college|school|academy|institute)\b", re.IGNORECASE)
_COURSE_RE = re.compile(r"\b(?:course|class|classes|workshop|degree|program)\b", re.IGNORECASE)


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")


def readable_date(when: str) -> str:
    """"2024-06" -> "June 2024", "2024-06-15" -> "15 June 2024"; anything else as it is."""
    m = re.match(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$", when.strip())
    if not m:
        return when
    year, month, day = m.groups()
    if not month:
        return year
    name = _MONTHS[int(month) - 1] if 1 <= int(month) <= 12 else month
    return f"{int(day)} {name} {year}" if day else f"{name} {year}"


def join_names(names: list[str] | tuple[str, ...]) -> str:
    """"Rex", "Rex and Bella", "Rex, Bella and Toby"."""
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def plural_of(noun: str) -> str:
    if noun.endswith(("s", "sh", "ch", "x")):
        return noun + "es" if not noun.endswith("s") or noun.endswith("ss") else noun
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        return noun[:-1] + "ies"
    if noun == "child":
        return "children"
    if noun in ("fish", "sheep", "deer"):
        return noun
    return noun + "s"


def _article(noun: str) -> str:
    return a_or_an(noun) + " "


def structured_value(head: str, names: list[str] | tuple[str, ...], count: int | None, plural: bool = False) -> str:
    """The stored value of a pet or relative: "3 dogs: Rex, Bella, Toby", "sister: Ana", "2 sisters"."""
    many = plural or (count or 0) > 1 or len(names) > 1
    noun = plural_of(head) if many else head
    counted = f"{count} {noun}" if count and count > 1 else noun
    return f"{counted}: {', '.join(names)}" if names else counted


def _split_structured(value: str) -> tuple[str, int | None, list[str]]:
    m = _STRUCTURED_RE.match(value)
    if not m:
        return value, None, []
    names = [n.strip() for n in (m.group("names") or "").split(",") if n.strip()]
    return m.group("head").strip(), int(m.group("count")) if m.group("count") else None, names


def _pet_sentence(s: str, noun: str, count: int | None, names: list[str]) -> str:
    many = (count or 0) > 1 or len(names) > 1
    if not many and not noun.endswith("s"):
        return f"{s} has {_article(noun)}{noun} named {names[0]}" if names else f"{s} has {_article(noun)}{noun}"
    number = f"{count} " if count and count >= len(names) else (f"{len(names)} " if names else "")
    text = f"{s} has {number}{noun}"
    return f"{text}: {join_names(names)}" if names else text


def _relative_sentence(s: str, head: str, count: int | None, names: list[str]) -> str:
    many = (count or 0) > 1 or len(names) > 1 or head in ("children", "grandchildren") or (head.endswith("s") and not head.endswith("ss"))
    if head == "status":
        return f"{s} is {names[0] if names else ''}".strip()
    if names:
        return f"{s}'s {head} {'are' if len(names) > 1 else 'is'} {join_names(names)}"
    if many:
        return f"{s} has {count} {head}" if count else f"{s} has {head}"
    return f"{s} has {_article(head)}{head}"


def persona_sentence(subject: str, attribute: str, value: str, polarity: int = 1, predicate: str | None = None) -> str:
    """The sentence a person reads for one attribute ("Not true: ..." when it is denied)."""
    s, v = subject, value
    if attribute == "pet":
        head, count, names = _split_structured(v)
        sentence = _pet_sentence(s, head, count, names)
    elif attribute in ("family", "relationship"):
        head, count, names = _split_structured(v)
        if head in ("single", "married", "divorced", "engaged", "separated", "widowed") or head.startswith("in a relationship"):
            sentence = f"{s} is {head}" + (f" (with {join_names(names)})" if names else "")
        elif re.match(r"^(?:an?|the)\s", v):  # the person's own role: "a mom of two"
            sentence = f"{s} is {v}"
        else:
            sentence = _relative_sentence(s, head, count, names)
    elif attribute == "hobby" and v.startswith("plays "):
        sentence = f"{s} {v}"
    elif attribute == "likes" and predicate and predicate.startswith("favorite"):
        sentence = f"{s}'s {predicate} {v}"
    elif attribute == "education" and _SCHOOL_RE.search(v) and not _COURSE_RE.search(v):
        sentence = f"{s} studies at {v}"
    elif attribute == "education" and _COURSE_RE.search(v):
        head = v.split(" in ")[0].split()[-1].lower()
        plural = head.endswith("s") and not head.endswith("ss") or _ARTICLE_RE.match(v)
        sentence = f"{s} takes {'' if plural else _article(v)}{v}"
    elif attribute == "goal" and v.split(" ", 1)[0].lower() in GOAL_VERBS:  # stored with its verb: "dreams of ..."
        sentence = f"{s} {v}"
    else:
        template = _POSITIVE.get(attribute, "{s}'s " + attribute.replace("_", " ") + ": {v}")
        plural = v.split()[-1].endswith("s") and not v.split()[-1].endswith("ss") if v.split() else False
        sentence = template.format(s=s, v=v, a=_article(v) if attribute == "occupation" and not plural and not _ARTICLE_RE.match(v) else "")
    return sentence if polarity >= 0 else f"Not true: {sentence}"
