"""The always-available extractor: sentence rules, no model.

It runs at import over every message, so it has to be fast (pure regex) and
general (English grammar, nothing keyed to a dataset). A message becomes zero
or more facts, one per informative sentence:

1. attachment captions ("[shares a photo: ...]") become "X shared a photo of ...";
2. the text is split into sentences (and " - "-joined clauses); leading
   interjections, vocatives and framing ("Wanted to let you know that") go, and
   a subject chat leaves out is put back ("Just got back from Rome" -> "I just got...");
3. questions, small talk, imperatives and sentences that are about no one
   (no first person, no named or just-mentioned person) are skipped; sentences
   that open with an unresolved pronoun or only evaluate something ("It was
   fun", "Running a business is hard") need a date or an attribute to stay;
4. relative dates become absolute phrases (dates.py), pronouns become names
   with verb agreement (coref.py);
5. what is left must still carry content words; persona attributes are read
   off the rewritten sentence (attributes.py), at most one per fact (the most
   confident);
6. before all this, a dangling it/that/this/there/them is replaced by what the
   previous sentences or the previous turn offer (antecedents.py); after it,
   a person is named once and then referred to by pronoun when the
   conversation told their pronouns (pronouns.py), and every fact is marked
   `standalone` or not (standalone.py): only standalone facts are shown.

The batch passed to `extract` (one conversation, in order) supplies context:
who the participants are (for "you" and vocatives like "Mel"), and which
capitalised words are names (seen mid-sentence somewhere in the batch).
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from remembrancer.memory.extraction.antecedents import Antecedents, demote_demonstratives, resolve
from remembrancer.memory.extraction.attributes import STRUCTURED_ATTRIBUTES, AttributeMatch, match_attribute
from remembrancer.memory.extraction.base import Extractor, FactCandidate, MessageView
from remembrancer.memory.extraction.chat_talk import FIRST_PERSON_RE, restore_subject, without_chat_gap
from remembrancer.memory.extraction.coref import find_referent, resolve_third, rewrite, starts_with_third_person
from remembrancer.memory.extraction.dates import MONTH_NAMES, DateMention, find_dates, substitute_dates
from remembrancer.memory.extraction.lexicon import ADVERBS, IRREGULAR_PAST
from remembrancer.memory.extraction.animal_names import animals_named, named_in_message
from remembrancer.memory.extraction.naming import asked_noun, kin_mentioned, names_in_answer, naming_attribute, naming_sentence
from remembrancer.memory.extraction.pronouns import learn, name_once
from remembrancer.memory.extraction.reported import report
from remembrancer.memory.extraction.sentences import (
    content_words, finish, is_evaluation, is_imperative_or_exclamation, is_question, is_small_talk, is_vague_start,
    normalise, split_captions, split_sentences, strip_discourse, vocative_regex,
)
from remembrancer.memory.extraction.standalone import dangling_words, is_standalone
from remembrancer.memory.timeutil import parse_time

_WE_PAST_RE = re.compile(r"(?<![\w'])[Ww]e\s+(?:(?:all|both|just|finally|even|also|really)\s+)?(?:\w+ed|%s)\b"
                         % "|".join(sorted(IRREGULAR_PAST - {"can't", "won't", "cannot"})))
_SINGULAR_FIRST_RE = re.compile(r"(?<![\w'])(?:I|i|I'm|I've|I'd|I'll|[Mm]e|[Mm]y|[Mm]ine|[Mm]yself)(?![\w'])")
# The words `resolve` can fill: a sentence without any needs no look at the turns before it.
_RESOLVABLE_RE = re.compile(r"(?<![\w'])(?:it|its|it's|that|that's|this|these|those|there|them|they)(?![\w'])", re.IGNORECASE)
_MID_CAPS_RE = re.compile(r"(?<=[a-z,;:] )[A-Z][a-z]+(?:[ -][A-Z][a-z]+)*")
_GREETED_RE = re.compile(r"(?:^|[.!?] )(?:[Hh]ey|[Hh]i|[Hh]ello|[Tt]hanks|[Tt]hank you|[Bb]ye|[Yy]o|[Cc]ongrats|"
                         r"[Ss]orry|[Ww]ow|[Oo]h)\b,?\s+([A-Z][a-z]+)\b")
_NOT_NAMES = {"I", "I'm", "I've", "I'd", "I'll", "God", "Mom", "Dad", "Mum", "OK", "Ok", "Okay", "Yeah", "Yes",
              "No", "Oh", "Wow", "Hey", "Hi", "Thanks", "The", "A", "An", "It", "This", "That", "My", "We",
              "You", "Our", "Your", "He", "She", "They", "His", "Her", "Their", "Sure", "Awesome", "Great"}
_DATE_WORDS = set(MONTH_NAMES) | {d.capitalize() for d in ("monday", "tuesday", "wednesday", "thursday", "friday",
                                                          "saturday", "sunday")}
_CAPS_SEQ_RE = re.compile(r"\b[A-Z][\w'&.-]*(?:\s+(?:of\s+|the\s+|de\s+|and\s+)?[A-Z][\w'&.-]*)*")
_QUOTED_RE = re.compile(r'"([^"]{2,60})"')
_NEG_RE = re.compile(r"^\s*(?:(?:%s)\s+)*(?:doesn't|does not|didn't|did not|isn't|is not|wasn't|was not|hasn't|"
                     r"has not|hadn't|had not|can't|cannot|couldn't|won't|wouldn't|never|don't|haven't|aren't|"
                     r"weren't|is never|was never|has never|had never|no longer|not)\b" % "|".join(sorted(ADVERBS)))
_NAME_LED_RE = re.compile(r"^(?P<name>[A-Z][a-z]+(?: [A-Z][a-z]+)?)(?:'s\b| (?P<verb>[a-z']+))")
_AUX = {"is", "was", "are", "were", "has", "had", "have", "will", "would", "can", "could", "should", "might", "must",
        "does", "did", "doesn't", "didn't", "isn't", "wasn't", "hasn't", "won't", "can't", "never", "just", "always",
        "really", "also", "still", "finally"}
_CAPTION_MEDIA_RE = re.compile(r"^(?:an?|the)\s+(?:\w+\s+)?(?:photo|photograph|photography|picture|image|painting|drawing|close ?up|"
                               r"screenshot|sketch|video|selfie|snapshot)\b", re.IGNORECASE)


class RulesExtractor(Extractor):
    """Deterministic sentence rules: first-person statements become standalone facts."""

    name = "rules"

    def extract(self, messages: Sequence[MessageView]) -> list[FactCandidate]:
        speakers = list(dict.fromkeys(m.speaker for m in messages))
        other_of = {speakers[0]: speakers[1], speakers[1]: speakers[0]} if len(speakers) == 2 else {}
        names = _known_names(messages, speakers)
        aliases = set(speakers) | {n for n in names if len(n) >= 3 and any(s != n and s.startswith(n) for s in speakers)}
        context = _Context(names, aliases, set(speakers), vocative_regex(aliases))
        context.pronouns = learn(((m.speaker, m.text) for m in messages), context.all_names)
        facts: list[FactCandidate] = []
        previous: MessageView | None = None
        kin: dict[str, tuple[str, bool]] = {}  # each speaker's latest pet or relative, for "What's her name?"
        for message in messages:
            facts.extend(self._message(message, other_of.get(message.speaker), context, previous, other_of))
            if previous is not None and previous.speaker != message.speaker:
                facts.extend(self._named(message, previous, kin.get(message.speaker), context))
            facts.extend(named_in_message(message, context.participants))
            kin_now = kin_mentioned(message.text)
            if kin_now:
                kin[message.speaker] = kin_now
            previous = message
        facts.extend(animals_named(messages, context.participants))
        return facts

    def _named(self, msg: MessageView, question: MessageView, kin: tuple[str, bool] | None,
               ctx: _Context) -> list[FactCandidate]:
        """"Luna and Oliver!" answering "What are their names?": the speaker's pets (or relatives) by name (naming.py)."""
        asked = asked_noun(question.text)
        if asked is None:
            return []
        noun = asked[0] or (kin[0] if kin else "")  # the noun the question names, else the speaker's latest
        names = names_in_answer(normalise(msg.text), ctx.participants) if noun else []
        if not names:
            return []
        text = naming_sentence(msg.speaker, noun, names)  # its number is the number of names given
        attribute, value = naming_attribute(text)
        return [FactCandidate(text=text, subject=msg.speaker, sources=[msg.id], time_said=msg.time,
                              attribute=attribute, value=value, predicate="has", confidence=0.7,
                              entities=[msg.speaker, *names], standalone=is_standalone(text))]

    def _message(self, msg: MessageView, other: str | None, ctx: _Context, previous: MessageView | None = None,
                 other_of: dict[str, str] | None = None) -> list[FactCandidate]:
        text, captions = split_captions(normalise(msg.text))
        now = parse_time(msg.time)
        speaker = msg.speaker
        facts: list[FactCandidate] = []
        referent: tuple[str, str] | None = None
        antecedents = Antecedents(shown=bool(captions), persons=ctx.participants)
        turn = _PreviousTurn(previous, (other_of or {}).get(previous.speaker), speaker, ctx) if previous else None
        if turn is not None:  # "Did you finish the pottery course?" -> "Yes, I loved it"
            antecedents.defer(lambda: turn.said)
        for raw in split_sentences(text):
            sentence = without_chat_gap(strip_discourse(raw, ctx.aliases, ctx.vocative))
            if len(sentence) < 6 or is_question(sentence) or is_small_talk(sentence):
                if len(sentence) >= 6:
                    antecedents.defer(lambda s=sentence: [rewrite(s, speaker, other)])
                continue
            sentence = restore_subject(sentence)
            as_said = sentence  # reports quote this: a guessed antecedent is not put in someone's mouth
            if _RESOLVABLE_RE.search(sentence) and dangling_words(sentence):
                sentence = resolve(sentence, antecedents)
                left = dangling_words(sentence)
                if left:
                    sentence = demote_demonstratives(sentence, left)
            # Weak sentences (imperatives, "It was...", "... is awesome") only count with an attribute or a date.
            weak = ((is_imperative_or_exclamation(sentence) and not FIRST_PERSON_RE.match(sentence))
                    or is_vague_start(sentence) or is_evaluation(sentence))
            if referent is None and turn is not None and starts_with_third_person(sentence):
                referent = turn.referent  # "How is your brother?" -> "He just started college"
            resolved = resolve_third(sentence, referent)
            if resolved is not None:  # "She gave it to me" after "my grandma ..."
                sentence, weak = resolved, is_evaluation(resolved)
            elif not FIRST_PERSON_RE.search(sentence) and not _about_named_person(sentence, ctx, other):
                facts.extend(self._reported(as_said, msg, speaker, other, now, ctx))
                continue
            fact = self._sentence(sentence, msg, speaker, other, text, now, ctx, weak)
            if fact is None:
                facts.extend(self._reported(as_said, msg, speaker, other, now, ctx))
            if fact is not None:
                referent = find_referent(fact.text, speaker, ctx.names) or referent
                antecedents.defer(lambda t=fact.text: [t])
                facts.append(fact)
                clause = _attribute_clause(fact) if fact.attribute and not fact.standalone else None
                if clause is not None:
                    facts.append(clause)
                facts.extend(self._more_attributes(fact, msg, speaker, ctx))
        for caption in captions:
            facts.append(self._caption(caption, msg, speaker, ctx))
        return facts

    def _sentence(self, sentence: str, msg: MessageView, speaker: str, other: str | None,
                  message: str, now: datetime, ctx: _Context, weak: bool) -> FactCandidate | None:
        dates = find_dates(sentence, now)
        rewritten = rewrite(substitute_dates(sentence, dates), speaker, other, message=message, pronouns=ctx.pronouns)
        attribute = match_attribute(rewritten, ctx.all_names, speaker, dates, ctx.first_tokens, ctx.participants)
        if attribute is None and f"{speaker} and others " in rewritten:
            attribute = _household_home(rewritten, speaker, dates, ctx)
        if weak and not (attribute or dates):
            return None
        if " and others" in rewritten and not _SINGULAR_FIRST_RE.search(sentence) and not _WE_PAST_RE.search(sentence):
            return None  # an unclear, non-narrative "we" ("we can all accept who we are") is not about the speaker
        content = content_words(rewritten, ctx.participants)
        entities = _entities(rewritten, speaker, ctx.names)
        named = [e for e in entities if e not in ctx.participants]
        if len(content) < 2 and not attribute and not (content and (dates or named)):
            return None
        text = finish(rewritten)
        if len(text.split()) < 3:
            return None
        if attribute is not None and attribute.attribute in ("occupation", "work") and _is_role(attribute.value):
            attribute = None  # "works at X as a user": a chat role, not a job
        text = name_once(text, ctx.pronouns, ctx.all_names)
        subject = attribute.subject if attribute else _subject_of(rewritten, speaker, ctx)
        if subject not in entities:
            entities.insert(0, subject)
        polarity = attribute.polarity if attribute else _polarity(rewritten, subject)
        confidence = attribute.confidence if attribute else (0.55 if dates else 0.5)
        return FactCandidate(
            text=text, subject=subject, sources=[msg.id], time_said=msg.time,
            time_mentioned=_mentioned(dates), attribute=attribute.attribute if attribute else None,
            value=attribute.value if attribute else None,
            predicate=attribute.predicate if attribute else _predicate(rewritten, subject),
            confidence=confidence, polarity=polarity, entities=entities, standalone=is_standalone(text),
        )

    def _reported(self, sentence: str, msg: MessageView, speaker: str, other: str | None, now: datetime,
                  ctx: _Context) -> list[FactCandidate]:
        """An opinion, advice or a remark to the other, reported with its speaker (reported.py); no attribute."""
        dates = find_dates(sentence, now)
        text = report(substitute_dates(sentence, dates), speaker, other, ctx.all_names, ctx.pronouns)
        if text is None:
            return []
        return [FactCandidate(text=text, subject=speaker, sources=[msg.id], time_said=msg.time, time_mentioned=_mentioned(dates),
                              predicate=None, confidence=0.45, entities=_entities(text, speaker, ctx.names), standalone=True)]

    def _more_attributes(self, fact: FactCandidate, msg: MessageView, speaker: str, ctx: _Context) -> list[FactCandidate]:
        """One more fact per further clause that states another attribute.

        "My email is x@y.org and I live at 12 Main St" holds two attributes; a
        fact carries one, so each other clause joined by "and" or ";" that
        opens with a known name (after "I" became the speaker's name) and
        states a structured attribute (home, work, family, contact details...)
        becomes its own short fact with the same source, instead of being lost
        to the sentence's best match.
        """
        clauses = _split_clauses(fact.text, ctx.all_names)
        if len(clauses) < 2:
            return []
        extra: list[FactCandidate] = []
        seen = {(fact.attribute, fact.value)}
        for clause in clauses:
            dates = find_dates(clause, parse_time(msg.time))
            found = match_attribute(clause, ctx.all_names, speaker, dates, ctx.first_tokens, ctx.participants)
            if found is None or found.attribute not in STRUCTURED_ATTRIBUTES or (found.attribute, found.value) in seen:
                continue  # free-text readings (likes, goals) of a fragment are too loose to stand alone
            seen.add((found.attribute, found.value))
            text = name_once(finish(clause), ctx.pronouns, ctx.all_names)
            entities = _entities(text, found.subject, ctx.names)
            extra.append(FactCandidate(
                text=text, subject=found.subject, sources=[msg.id], time_said=msg.time,
                time_mentioned=_mentioned(dates), attribute=found.attribute, value=found.value,
                predicate=found.predicate, confidence=found.confidence, polarity=found.polarity, entities=entities,
                standalone=is_standalone(text),
            ))
        return extra

    def _caption(self, caption: str, msg: MessageView, speaker: str, ctx: _Context) -> FactCandidate:
        body = caption.strip().rstrip(".")
        body = body if _CAPTION_MEDIA_RE.match(body) else f"a photo of {body}"
        text = finish(f"{speaker} shared {body}")
        entities = _entities(text, speaker, ctx.names)
        if speaker not in entities:
            entities.insert(0, speaker)
        return FactCandidate(text=text, subject=speaker, sources=[msg.id], time_said=msg.time,
                             predicate="shared a photo", confidence=0.5, entities=entities,
                             standalone=is_standalone(text))


class _PreviousTurn:
    """The previous turn's last two sentences, rewritten to names only when a resolution asks for them."""

    def __init__(self, previous: MessageView, previous_other: str | None, speaker: str, ctx: _Context) -> None:
        self._previous, self._other, self._speaker, self._ctx = previous, previous_other, speaker, ctx
        self._said: list[str] | None = None

    @property
    def said(self) -> list[str]:
        if self._said is None:
            ctx, previous = self._ctx, self._previous
            text, _ = split_captions(normalise(previous.text))
            self._said = [rewrite(strip_discourse(raw, ctx.aliases, ctx.vocative), previous.speaker, self._other,
                                  pronouns=ctx.pronouns) for raw in split_sentences(text)[-2:]]
        return self._said

    @property
    def referent(self) -> tuple[str, str] | None:
        """The person a leading he/she/they may mean: a relative or named person of those sentences."""
        referent = None
        for said in self.said:
            referent = (find_referent(said, self._speaker, self._ctx.names)
                        or find_referent(said, self._previous.speaker, self._ctx.names) or referent)
        return referent


# Where a sentence breaks into clauses that can each stand: "..., but Jay remembered that Jay has three dogs".
_CONJUNCTIONS = r"(?:and|but|so|because|since|although|though|while|when|that|as|cause|'cause|plus)"
_CLAUSE_BREAK_RE = re.compile(rf"(?:[,;:]|\s-)\s+(?:{_CONJUNCTIONS}\s+)?|\s+{_CONJUNCTIONS}\s+")
_SUBJECT_PRONOUN_RE = re.compile(r"^(?:he|she)\b")
# Clauses that only qualify the statement before them, whose pronouns lean on the listener.
_TRAILING_CLAUSE_RE = re.compile(r"\s+(?:if|in case|whenever|when|unless|just in case)\s+")


def _attribute_clause(fact: FactCandidate) -> FactCandidate | None:
    """The fact cut to the clause that states its attribute, when that clause stands alone and the whole does not.

    "Jay wanted to take them all home, but Jay remembered that Jay already has
    three dogs" leans on "them", yet "Jay already has three dogs" reads on
    its own: that clause becomes a fact of its own carrying the attribute (so
    the persona keeps its evidence), and the whole sentence stays stored for
    recall without it. A clause opening with the pronoun that stood for the
    subject ("..., but he has three dogs") gets the name back.
    """
    value = (fact.value or "").lower()
    body = fact.text.rstrip(".")
    breaks = list(_CLAUSE_BREAK_RE.finditer(body))
    # A later clause that states the attribute ("..., but he has three dogs"), else the main clause without
    # what trails it ("Ana's email is ana@example.org if you need it": the condition leans on the listener).
    clauses = [_SUBJECT_PRONOUN_RE.sub(fact.subject, body[m.end():]) for m in reversed(breaks)]
    clauses += [body[: m.start()] for m in reversed(breaks)] + [body[: m.start()] for m in _TRAILING_CLAUSE_RE.finditer(body)]
    for clause in clauses:
        if not clause.startswith(fact.subject) or value not in clause.lower():
            continue
        text = finish(clause)
        if len(text.split()) >= 3 and is_standalone(text):
            extra = replace(fact, text=text, standalone=True, entities=list(fact.entities))
            fact.attribute = fact.value = None
            return extra
    return None


# "We moved to Lisbon" / "we live in Porto": where a household lives is where the speaker lives.
_GROUP_HOME_RE = re.compile(r"\band others (?:moved|relocated|live|have lived|lived|settled|are living)\b")


def _household_home(rewritten: str, speaker: str, dates: list, ctx: _Context) -> AttributeMatch | None:
    if not _GROUP_HOME_RE.search(rewritten):
        return None
    singular = rewritten.replace(f"{speaker} and others live ", f"{speaker} lives ", 1).replace(f"{speaker} and others ", f"{speaker} ", 1)
    found = match_attribute(singular, ctx.all_names, speaker, dates, ctx.first_tokens, ctx.participants)
    return found if found is not None and found.attribute == "home" and found.subject == speaker else None


class _Context:
    """What the whole batch tells about names: participants, their nicknames, other named people."""

    def __init__(self, names: set[str], aliases: set[str], participants: set[str],
                 vocative: re.Pattern[str] | None) -> None:
        self.names = names
        self.aliases = aliases
        self.participants = participants
        self.vocative = vocative
        self.all_names = names | participants
        self.first_tokens = {n.split()[0] for n in self.all_names}
        self.pronouns: dict[str, str] = {}  # name -> "m"/"f", learnt from the batch (pronouns.py)


_ROLES = {"user", "a user", "the user", "assistant", "an assistant", "the assistant"}


def _is_role(value: str | None) -> bool:
    """A chat role ("as a user") read as an occupation."""
    return (value or "").strip().lower() in _ROLES


_CLAUSE_JOIN_RE = re.compile(r"\s*(?:;|,?\s+and\s+)(?=[A-Z])")


def _split_clauses(text: str, names: set[str]) -> list[str]:
    """The clauses of a rewritten sentence that open with a known name ("... and Ana works at X")."""
    parts = _CLAUSE_JOIN_RE.split(text.rstrip(".!"))
    clauses: list[str] = []
    for part in parts:
        opener = part.split("'s")[0].split(" ")
        if clauses and not any(" ".join(opener[:n]) in names for n in (1, 2, 3)):
            clauses[-1] += ", " + part  # not a new clause about someone: keep it with the last one
        else:
            clauses.append(part)
    return clauses


def _known_names(messages: Sequence[MessageView], speakers: list[str]) -> set[str]:
    """Capitalised words seen mid-sentence (or right after a greeting): names, places, titles."""
    names: set[str] = set(speakers)
    for m in messages:
        text = normalise(m.text)
        for found in _MID_CAPS_RE.findall(text):
            for part in found.split():
                if part not in _NOT_NAMES and part not in _DATE_WORDS:
                    names.add(part)
            if " " in found and not any(p in _DATE_WORDS for p in found.split()):
                names.add(found)
        names.update(n for n in _GREETED_RE.findall(text) if n not in _NOT_NAMES)
    return names


def _about_named_person(sentence: str, ctx: _Context, other: str | None) -> bool:
    """A sentence led by a known name and a verb ("Jake loves dinosaurs", "Oliver's hilarious")."""
    m = _NAME_LED_RE.match(sentence)
    if not m or m.group("name") not in ctx.names or m.group("name") == other:
        return False
    verb = m.group("verb")
    return verb is None or verb in _AUX or verb in IRREGULAR_PAST or verb.endswith(("s", "ed"))


def _subject_of(rewritten: str, speaker: str, ctx: _Context) -> str:
    if speaker in rewritten:
        return speaker
    m = _NAME_LED_RE.match(rewritten)
    return m.group("name") if m and m.group("name") in ctx.names else speaker


def _entities(text: str, subject: str, names: set[str]) -> list[str]:
    """Names, places and titles in order of appearance, subject first."""
    out: list[str] = [subject]
    for m in _CAPS_SEQ_RE.finditer(text):
        tokens = [t[:-2] if t.endswith("'s") else t.rstrip(".") for t in m.group(0).split()]
        if m.start() == 0 and tokens and tokens[0] not in names:
            tokens = tokens[1:]
        while tokens and (tokens[0] in _NOT_NAMES or tokens[0] in _DATE_WORDS or tokens[0].lower() in ("of", "the", "de", "and")):
            tokens = tokens[1:]
        while tokens and (tokens[-1] in _DATE_WORDS or tokens[-1].lower() in ("of", "the", "de", "and")):
            tokens = tokens[:-1]
        if not tokens:
            continue
        if "and" in tokens:  # "Odile and Anthony": two names, not one
            candidates = [t for t in tokens if t != "and"]
        else:
            candidates = [" ".join(tokens)]
        for cand in candidates:
            if len(cand) > 1 and cand not in out and not cand.isdigit():
                out.append(cand)
    for quoted in _QUOTED_RE.findall(text):
        if quoted.strip() not in out:
            out.append(quoted.strip())
    return out


def _polarity(rewritten: str, subject: str) -> int:
    if not rewritten.startswith(subject):
        return 1
    return -1 if _NEG_RE.match(rewritten[len(subject):]) else 1


def _predicate(rewritten: str, subject: str) -> str | None:
    """The verb group right after a sentence-initial subject ("went", "is going", "has been")."""
    if not rewritten.startswith(subject + " "):
        return None
    rest = rewritten[len(subject) + 1:]
    group = re.match(r"and (?:family|friends|others|[A-Z]\w*(?:'s \w+)?) ", rest)
    if group:
        rest = rest[group.end():]
    words = [w for w in rest.split()[:5] if w.lower() not in ADVERBS and w.lower() not in ("not", "never")]
    if not words:
        return None
    verb = words[:2] if words[0].lower() in _AUX and len(words) > 1 else words[:1]
    return " ".join(w.strip(".,!?;:") for w in verb) or None


def _mentioned(dates: list[DateMention]) -> str | None:
    return dates[0].iso if dates else None
