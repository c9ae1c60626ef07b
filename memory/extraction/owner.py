"""The owner of the memory is a person: "Me", "You", "I" or "User" are labels, never names.

Many exports label the owner's own lines "Me" (or "You", "I"; ChatGPT and
Claude exports say "user"). Written as a subject those labels give "Me
lives in Lyon" and "Me's name is ...". Before an extractor sees a
conversation, `OwnerExtractor` renames the owner's lines to the owner's name:

1. the `user_name` setting the app passes in (`OwnerNames.user_name`; the
   app's default "me" means unset);
2. else what the owner said in that conversation: "my name is Ana Lima"
   (-> "Ana"), "call me Nico", "Hi, I'm Ana" at the start of a message;
3. else the name others call them by, right before the owner answers
   ("Dara can you bring the dog?" / Me: "sure");
4. else "the user", so a fact reads "The user lives in Lyon" (a person
   reads their own memory as statements about themselves, and the subject
   key stays stable until they set their name).

An AI assistant's replies (role "assistant", or an assistant's label) are
context for the owner's lines (what "it" and "there" refer to) but never a
source of facts: what a chatbot says is not something the owner lives.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from remembrancer.memory.extraction.base import Extractor, FactCandidate, MessageView
from remembrancer.memory.extraction.lexicon import IDENTITY

UNKNOWN_OWNER = "the user"
DEFAULT_LABELS = frozenset({"me", "you", "i", "user", "myself", "owner"})
ASSISTANT_LABELS = frozenset({"assistant", "chatgpt", "claude", "gpt", "ai", "bot", "remembrancer", "gemini",
                              "copilot"})
_NAME = r"[A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,2}"
_SAID_NAME_RE = re.compile(
    rf"\b(?:[Mm]y (?:full |first )?name is|[Mm]y name's|[Nn]ame's)\s+(?P<name>{_NAME})"
    rf"|\b(?:[Cc]all me|[Pp]eople call me|[Ee]veryone calls me|[Ff]riends call me)\s+(?P<nick>[A-Z][a-z]+)"
    rf"|^(?:(?:[Hh]i|[Hh]ey|[Hh]ello)[,!]?\s+)?I'm\s+(?P<intro>[A-Z][a-z]+)(?=\s*(?:[,.!]|$| and\b| from\b))"
)
# Roles the owner plays in a chat, never an occupation: "works at X as a user".
ROLE_WORDS = frozenset({"user", "a user", "the user", "assistant", "an assistant", "the assistant", "owner", "me"})


@dataclass(frozen=True)
class OwnerNames:
    """Who the owner is: the app's `user_name` setting (None when unset) and the labels their lines carry."""

    user_name: str | None = None
    labels: frozenset[str] = field(default=DEFAULT_LABELS)

    def is_owner(self, speaker: str) -> bool:
        return speaker.strip().lower() in self.labels

    @property
    def configured(self) -> str | None:
        name = (self.user_name or "").strip()
        return name if name and name.lower() not in self.labels else None


def is_assistant(message: MessageView) -> bool:
    return message.role == "assistant" or message.speaker.strip().lower() in ASSISTANT_LABELS


def said_name(texts: Sequence[str]) -> str | None:
    """The name the owner gave themselves in these lines: a full name's first word, else a nickname."""
    nick = None
    for text in texts:
        for m in _SAID_NAME_RE.finditer(text):
            if m.group("name"):
                return m.group("name").split()[0].split("-")[0]
            intro = m.group("intro")
            if intro and (intro.lower() in IDENTITY or intro.lower().endswith(("ish", "ese"))):
                continue  # "I'm Canadian." is who they are, not their name
            nick = nick or m.group("nick") or intro
    return nick


# A name said to someone: "Dara can you bring ...", "Dara, ...", "thanks Dara".
_VOCATIVE_RE = re.compile(
    r"^(?:(?:hey|hi|hello|oh|ok|okay|so|aw+|yo)[,!]?\s+)?(?P<a>[A-Z][a-z]+)(?:\s*[,!?:]|\s+(?:can|could|would|will|are|"
    r"did|do|have|you|u|how|what|when|where|pls|please|r)\b)"
    r"|\b(?:[Tt]hanks|[Tt]hank you|[Tt]hx|[Hh]ey|[Hh]i|[Cc]ongrats|[Ll]ove you),?\s+(?P<b>[A-Z][a-z]+)\b"
)


def addressed_name(messages: Sequence[MessageView], owner: OwnerNames) -> str | None:
    """The name others call the owner by: said to someone (a vocative) right before the owner answers.

    In a group chat many names are said; only one is answered by the owner's
    line that follows, again and again. The most answered name wins, and only
    when no other name is answered as often.
    """
    speakers = {m.speaker for m in messages}
    votes: dict[str, int] = {}
    for said, reply in zip(messages, messages[1:]):
        if owner.is_owner(said.speaker) or not owner.is_owner(reply.speaker):
            continue
        m = _VOCATIVE_RE.search(said.text)
        name = m and (m.group("a") or m.group("b"))
        if name and name not in speakers and name.lower() not in owner.labels and name.lower() not in _NOT_VOCATIVE:
            votes[name] = votes.get(name, 0) + 1
    ranked = sorted(votes.items(), key=lambda kv: -kv[1])
    if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
        return ranked[0][0]
    return None


_NOT_VOCATIVE = frozenset("yes yeah yep no nope ok okay sure thanks omg lol haha wow great cool nice good well what "
                          "how when where why who which can could would will did do does are is was have has the "
                          "this that it i guys everyone all mom mum dad".split())


def owner_name(messages: Sequence[MessageView], owner: OwnerNames) -> str:
    """What the owner's lines in this conversation are attributed to: the setting, their own words, how others call them."""
    return (owner.configured or said_name([m.text for m in messages if owner.is_owner(m.speaker)])
            or addressed_name(messages, owner) or UNKNOWN_OWNER)


class OwnerExtractor(Extractor):
    """Wraps an extractor: the owner's label becomes their name, an assistant's turns give no facts."""

    def __init__(self, inner: Extractor, owner: OwnerNames) -> None:
        self.inner = inner
        self.owner = owner
        self.name = inner.name

    def extract(self, messages: Sequence[MessageView]) -> list[FactCandidate]:
        name = None
        if any(self.owner.is_owner(m.speaker) for m in messages):
            name = owner_name(messages, self.owner)
            # Extractors read a subject as a capitalised name: an unknown owner goes in as one, comes out as "the user".
            label = _PLACEHOLDER if name == UNKNOWN_OWNER else name
            messages = [replace(m, speaker=label) if self.owner.is_owner(m.speaker) else m for m in messages]
        assistant = {m.id for m in messages if is_assistant(m)}
        facts = [f for f in self.inner.extract(messages) if not assistant.intersection(f.sources) and not _role_as_value(f)]
        return [_unknown_owner(f) for f in facts] if name == UNKNOWN_OWNER else facts


_PLACEHOLDER = "Theuser"
_PLACEHOLDER_RE = re.compile(rf"(?<![\w']){_PLACEHOLDER}(?![\w])")


def _unknown_owner(fact: FactCandidate) -> FactCandidate:
    """The placeholder subject spelled "the user" ("The user" opening a sentence)."""
    def spell(text: str | None) -> str | None:
        if text is None or _PLACEHOLDER not in text:
            return text
        out = _PLACEHOLDER_RE.sub(UNKNOWN_OWNER, text)
        return out[:1].upper() + out[1:] if text.startswith(_PLACEHOLDER) else out
    fact.text = spell(fact.text) or fact.text
    fact.subject = UNKNOWN_OWNER if fact.subject == _PLACEHOLDER else fact.subject
    fact.value = _PLACEHOLDER_RE.sub(UNKNOWN_OWNER, fact.value) if fact.value else fact.value
    fact.entities = [UNKNOWN_OWNER if e == _PLACEHOLDER else e for e in fact.entities]
    return fact


def _role_as_value(fact: FactCandidate) -> bool:
    """"works as a user": a chat role read as an occupation."""
    return fact.attribute in ("occupation", "work") and (fact.value or "").strip().lower() in ROLE_WORDS


def with_owner(extractor: Extractor | None, owner: OwnerNames | None) -> Extractor | None:
    """`extractor` wrapped for `owner` (default labels when None); None stays None."""
    if extractor is None or isinstance(extractor, OwnerExtractor):
        return extractor
    return OwnerExtractor(extractor, owner or OwnerNames())
