"""Building persona attributes from facts, with reflective calibration.

Each attribute value is the evidence of one or more facts; its confidence is
the noisy-OR of theirs (two independent mentions are surer than one).
Calibration: for attributes a person has one of at a time (home, age, ...),
older values are flagged as contradicted by the newest; a value asserted
and denied is flagged on both sides, as are the facts that deny it; an
attribute whose evidence faded (archived facts) is weakened (halved), not
silently kept; one whose every evidence fact was deleted (hard forget, a
merge) rests on nothing and is deleted: an attribute never outlives all of
its evidence.

Values are normalised before they are grouped (`normalise.parse`): "my dog
Rex", "the pup" and "our dogs Rex and Bella" are one attribute "dogs: Rex,
Bella" whose evidence is all three facts; a value the gate refuses
(`gate.junk_reason`: pronoun objects, broken grammar, filler words, a wish
with no object, a chat role as a job) never becomes an attribute.
"""
from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field, replace

from remembrancer.memory.persona.gate import junk_reason
from remembrancer.memory.persona.kinds import kind_of
from remembrancer.memory.persona.events import life_event
from remembrancer.memory.persona.normalise import Value, name_said_after, object_key, parse, role_at_work
from remembrancer.memory.persona.pronouns import name_once_in, subject_pronouns
from remembrancer.memory.persona.phrasing import persona_sentence, readable_date, structured_value
from remembrancer.memory.store import persona as store
from remembrancer.memory.store.driver import sqlite

SINGLE_VALUED = frozenset({"home", "age", "birthday", "origin", "name", "email", "phone", "address"})
LOST_EVIDENCE_FACTOR = 0.5
_STRUCTURED = frozenset({"pet", "family", "relationship"})
_GOAL_PREFIX = ("wants to", "plans to", "hopes to", "intends to", "aims to", "would love to", "would like to", "wishes to",
                "is going to", "is planning to", "is hoping to", "is trying to", "has decided to", "decided to")


def _goal_verb(predicate: str) -> str:
    """The verb a goal is stored with: what the fact said, or "wants to" when it said nothing usable."""
    p = " ".join(predicate.split()).lower()
    if not p or p in ("is", "has", "'s") or p.startswith("'s"):
        return "wants to"
    return p.replace("is gonna", "is going to").replace("wanna", "wants to")


@dataclass
class PersonaReport:
    subjects: int = 0
    attributes: int = 0
    flagged: int = 0
    weakened: int = 0


@dataclass
class _Group:
    subject: str
    attribute: str
    value: str
    polarity: int
    facts: list[int] = field(default_factory=list)
    confidences: list[float] = field(default_factory=list)
    first_seen: str = ""
    last_seen: str = ""
    key: str = ""
    names: list[str] = field(default_factory=list)
    count: int | None = None
    plural: bool = False
    surfaces: Counter = field(default_factory=Counter)
    predicates: Counter = field(default_factory=Counter)
    valid_to: str | None = None
    mentioned: str | None = None   # the latest date the evidence names (when a plan is for)

    def add(self, rowid: int, parsed: Value, predicate: str, confidence: float, mentions: int, said: str) -> None:
        """One more fact saying this: its names, count and wording join the attribute's."""
        self.facts.append(rowid)
        self.confidences.extend([confidence] * mentions)  # each mention is evidence
        self.last_seen = said
        self.names.extend(n for n in parsed.names if n not in self.names)
        if parsed.count is not None:
            self.count = max(self.count or 0, parsed.count)
        self.plural = self.plural or parsed.plural
        self.surfaces[parsed.surface] += mentions
        self.predicates[predicate] += mentions

    def absorb(self, other: "_Group") -> None:
        """Merge a group saying the same thing in other words (a generic "pet" into the one species)."""
        self.facts.extend(f for f in other.facts if f not in self.facts)
        self.confidences.extend(other.confidences)
        self.first_seen = min(self.first_seen, other.first_seen)
        self.last_seen = max(self.last_seen, other.last_seen)
        self.names.extend(n for n in other.names if n not in self.names)
        if other.count is not None:
            self.count = max(self.count or 0, other.count)
        self.plural = self.plural or other.plural

    @property
    def how_many(self) -> int | None:
        """The count said ("three dogs") or, when more names than that were given, the names counted."""
        if not self.count and len(self.names) < 2:
            return self.count
        return max(self.count or 0, len(self.names))

    @property
    def predicate(self) -> str:
        return self.predicates.most_common(1)[0][0] if self.predicates else ""

    def display(self) -> str:
        """The stored value: "3 dogs: Rex, Bella, Toby", "sister: Ana", "a mom of two", "wants to visit Oslo"."""
        if self.attribute in _STRUCTURED:
            if self.key.startswith("role:"):
                surface = self.surfaces.most_common(1)[0][0]
                return ("an " if surface[:1].lower() in "aeiou" else "a ") + surface
            if self.key == "status":
                return structured_value(self.surfaces.most_common(1)[0][0], self.names, None)
            return structured_value(self.key, self.names, self.how_many, self.plural)
        if self.attribute == "goal":
            return f"{_goal_verb(self.predicate)} {self.surfaces.most_common(1)[0][0]}"
        return self.surfaces.most_common(1)[0][0]


def persona_id(subject: str, attribute: str, value_norm: str, polarity: int) -> str:
    key = f"{subject.lower()}\x1f{attribute}\x1f{value_norm}\x1f{polarity}"
    return "p-" + hashlib.sha1(key.encode()).hexdigest()[:16]


def rebuild_persona(conn: sqlite.Connection, built_at: str, subjects: set[str] | None = None) -> PersonaReport:
    """Rebuild persona rows of `subjects` (all when None) inside the caller's transaction."""
    if subjects is not None and not subjects:
        return PersonaReport()
    scope = None if subjects is None else sorted(subjects)
    groups = _merge_same_things(_group_facts(conn, scope))
    groups.update(_event_groups(conn, scope))
    pronouns = subject_pronouns(conn, {g.subject for g in groups.values()})
    report = PersonaReport(subjects=len({g.subject for g in groups.values()}))
    kept: set[str] = set()
    store.clear_persona_flags(conn, scope)
    for pid, group in groups.items():
        flag = _calibration_flag(group, groups) or _ended_flag(conn, group)
        confidence = 1.0
        for c in group.confidences:
            confidence *= 1.0 - min(c, 0.95)
        confidence = round(1.0 - confidence, 4)
        value = group.display()
        text = name_once_in(persona_sentence(group.subject, group.attribute, value, group.polarity, group.predicate),
                            group.subject, pronouns)
        if group.attribute == "goal" and group.mentioned:
            text += f" ({readable_date(group.mentioned)})"
        rowid = store.save_persona(conn, store.PersonaRow(
            id=pid, subject=group.subject, attribute=group.attribute, value=value, polarity=group.polarity, confidence=confidence,
            first_seen=group.first_seen, last_seen=group.last_seen, flagged=flag, built_at=built_at, kind=kind_of(group.attribute),
            names=json.dumps(group.names) if group.names else None, count=group.how_many, valid_to=group.valid_to, text=text,
        ))
        store.replace_evidence(conn, rowid, group.facts)
        if flag and group.polarity < 0:
            store.flag_facts(conn, f"persona: {flag}", group.facts)
        kept.add(pid)
        report.attributes += 1
        report.flagged += bool(flag)
    report.weakened = _weaken_lost(conn, kept, scope, built_at)
    store.delete_unfounded_persona(conn, scope)  # its facts were deleted: nothing it says is backed any more
    return report


def _group_facts(conn: sqlite.Connection, scope: list[str] | None) -> dict[str, _Group]:
    groups: dict[str, _Group] = {}
    for fact in store.attributed_facts(conn, scope):
        # "works at Acme as a designer": one fact, two attributes (the employer and the role).
        role = role_at_work(fact.text, fact.value) if fact.attribute == "work" else None
        stated = [(fact.attribute, fact.value, fact.predicate)] + ([("occupation", role, "works as")] if role else [])
        polarity = 1 if fact.polarity >= 0 else -1
        for attr, val, pred in stated:
            parsed = parse(attr, val, pred)
            if parsed is None or not parsed.key or junk_reason(attr, parsed.surface, pred, parsed):
                continue
            if attr in _STRUCTURED and not parsed.names and not parsed.key.startswith(("role:", "status")):
                parsed = replace(parsed, names=_names_in_source(conn, fact.rowid, val.split()[-1]))
            pid = persona_id(fact.subject, attr, parsed.key, polarity)
            group = groups.setdefault(pid, _Group(fact.subject, attr, val, polarity, first_seen=fact.time_said, key=parsed.key))
            group.add(fact.rowid, parsed, pred, fact.confidence, fact.mentions, fact.time_said)
            group.mentioned = fact.time_mentioned or group.mentioned
    return groups


def _event_groups(conn: sqlite.Connection, scope: list[str] | None) -> dict[str, _Group]:
    """Dated life events (memory.persona.events): one attribute per event and date, its fact the evidence."""
    groups: dict[str, _Group] = {}
    for fact in store.dated_facts(conn, scope):
        event = life_event(fact.text, fact.subject)
        if event is None or junk_reason("event", event):
            continue
        key = f"{fact.time_mentioned[:7]} {object_key(event)}"
        pid = persona_id(fact.subject, "event", key, 1)
        group = groups.setdefault(pid, _Group(fact.subject, "event", event, 1, first_seen=fact.time_said, key=key))
        group.add(fact.rowid, Value(key, event), "", fact.confidence, fact.mentions, fact.time_said)
        group.mentioned = fact.time_mentioned
    return groups


def _names_in_source(conn: sqlite.Connection, fact: int, noun: str) -> tuple[str, ...]:
    """Names the fact's own message gives right after the noun ("a puppy! Her name's Coco"): same evidence, one more detail."""
    for text in store.source_texts(conn, fact):
        names = name_said_after(text, noun)
        if names:
            return names
    return ()


def _merge_same_things(groups: dict[str, _Group]) -> dict[str, _Group]:
    """One attribute per thing across attributes: a generic "pet" joins the person's one species, a liked
    activity that is also a hobby is the hobby; a generic "pet" with no species to join and no name says nothing."""
    by_subject: dict[tuple[str, str, int], list[str]] = {}
    for pid, g in groups.items():
        by_subject.setdefault((g.subject, g.attribute, g.polarity), []).append(pid)
    for pid, g in list(groups.items()):
        if g.attribute == "pet" and g.key == "pet":
            species = [p for p in by_subject.get((g.subject, "pet", g.polarity), []) if groups[p].key != "pet" and p in groups]
            if len(species) == 1:
                groups[species[0]].absorb(groups.pop(pid))
        elif g.attribute == "likes":
            hobby = groups.get(persona_id(g.subject, "hobby", g.key, g.polarity))
            if hobby is not None:
                hobby.absorb(groups.pop(pid))
    # A relation or pet merged without a name may still say nothing ("friends", "pets").
    return {pid: g for pid, g in groups.items() if g.attribute not in _STRUCTURED or not junk_reason(g.attribute, g.display())}


def _calibration_flag(group: _Group, groups: dict[str, _Group]) -> str | None:
    opposite = groups.get(persona_id(group.subject, group.attribute, group.key, -group.polarity))
    if opposite is not None:
        return "contradictory evidence: both asserted and denied"
    if group.attribute in SINGLE_VALUED and group.polarity > 0:
        rivals = [g for g in groups.values() if g.subject == group.subject and g.attribute == group.attribute and g.polarity > 0 and g is not group]
        newer = [g for g in rivals if g.last_seen > group.last_seen]
        if newer:
            latest = max(newer, key=lambda g: g.last_seen)
            group.valid_to = min(g.first_seen for g in newer if g.first_seen > group.first_seen) if any(
                g.first_seen > group.first_seen for g in newer) else latest.last_seen
            return f"contradicted by newer evidence: {latest.display()}"
    return None


def _ended_flag(conn: sqlite.Connection, group: _Group) -> str | None:
    """A one-at-a-time value whose every fact was closed (superseded) is history, even when what closed it is gone.

    A hard-forgotten newer home leaves the older fact ended at the newer
    one's start: the store still knows she moved, so the older value is a
    past home, not her home again (and autofill never offers it), and the
    flag names nothing of what was forgotten.
    """
    if group.attribute not in SINGLE_VALUED or group.polarity < 0 or not group.facts:
        return None
    ends = store.endings(conn, group.facts)
    if ends.still_open or ends.last_end is None:
        return None
    group.valid_to = ends.last_end
    return "no longer current"


def _weaken_lost(conn: sqlite.Connection, kept: set[str], scope: list[str] | None, built_at: str) -> int:
    gone = [row for row in store.evidenced_persona(conn, scope) if row.id not in kept]
    # Evidence still alive but no longer kept: the value was re-keyed (normalised into another attribute) or
    # is now refused by the gate, so the row goes; only evidence that faded (archived facts) weakens a row.
    alive = store.persona_with_live_evidence(conn) if gone else set()
    store.delete_persona(conn, [row.rowid for row in gone if row.rowid in alive])
    # Already-weakened rows stay as they are: a second rebuild changes nothing.
    lost = [row.rowid for row in gone if row.rowid not in alive and row.flagged != "evidence lost"]
    store.weaken_persona(conn, lost, LOST_EVIDENCE_FACTOR, built_at)
    return len(lost)
