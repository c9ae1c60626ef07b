"""Scene titles in the conversation's own words: "Adopting a rescue dog", "The chess tournament".

A title a person would give names the event or the topic, so it is cut from
the member facts themselves rather than assembled from keywords. A light
chunker (closed English word classes, no tagger: spaCy and NLTK are not
available, and facts are short "Subject verb object ..." sentences that a
tagger would add little to) finds, in each fact, the main verb with the
noun phrase it governs and the other determiner-led noun phrases. Each
candidate is scored by how central its fact is (MiniLM cosine to the scene
centroid, computed by the caller), by how many members mention its head noun
(spread) and by how rare that noun is in the whole memory (a scene about
"the wedding" beats "a lot"). An event verb is kept in gerund form
("adopted a rescue dog" -> "Adopting a rescue dog"); a light verb (have,
feel, like, ...) leaves the noun phrase alone ("The chess tournament").
A title is 2-5 words and never only a date, a number or a name.
"""
from __future__ import annotations

import math
import re
from functools import lru_cache
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass

from remembrancer.memory.extraction.lexicon import COMMON_ADJECTIVES
from remembrancer.memory.scenes.graph import SceneFact
from remembrancer.memory.scenes.verb_forms import IRREGULAR_BASE, gerund_of as _gerund_of

MIN_WORDS, MAX_WORDS = 2, 5

_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’\-]*|[^\sA-Za-z0-9]")


def _set(text: str) -> frozenset[str]:
    return frozenset(text.split())


DETERMINERS = _set("a an the this that these those some any every each another no")
POSSESSIVES = _set("my your his her its our their")
NUMBERS = _set("one two three four five six seven eight nine ten several few couple many")
PREPOSITIONS = _set(
    "to at in on for with about from of by into onto over under after before during through near around across "
    "along like as than without within between among toward towards upon via per since until till off out up down "
    "back away against behind beyond inside outside below above beside forward"
)
CONJUNCTIONS = _set(
    "and or but nor so yet because while when whenever if though although unless whether where wherever who whom "
    "whose which that what how why once then plus"
)
PRONOUNS = _set(
    "i me you he him she her it we us they them myself yourself himself herself itself ourselves themselves themself "
    "one someone something everyone everything anyone anything nothing nobody somebody everybody there here this "
    "that these those mine yours hers ours theirs all both"
)
AUXILIARIES = _set(
    "am is are was were be been being have has had having do does did will would shall should can could may might "
    "must 's 're 've 'd 'll not never no can't won't don't doesn't didn't isn't wasn't aren't weren't hasn't haven't "
    "hadn't couldn't wouldn't shouldn't gonna wanna gotta going"
)
ADVERBS = _set(
    "really also just still actually currently now recently finally totally absolutely definitely always usually "
    "mostly truly even sometimes often basically honestly already officially ever only simply genuinely seriously "
    "literally certainly probably particularly especially kinda sorta slowly once too personally generally normally "
    "typically rarely then later first soon so very super pretty quite happily eventually again together"
)
TIME_WORDS = _set(
    "today yesterday tomorrow tonight now ago last next week weeks weekend weekends month months year years day days "
    "morning mornings evening evenings night nights afternoon afternoons time times date moment while recently soon "
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july august "
    "september october november december jan feb mar apr jun jul aug sep sept oct nov dec summer winter spring autumn "
    "fall season"
)
# Nouns so general that a title made of them says nothing ("A lot", "The thing").
VAGUE_NOUNS = _set(
    "lot lots thing things stuff way ways kind kinds sort bit part piece fun idea ideas people person everything "
    "something anything nothing place places experience experiences stuff life world reason reasons fact news matter "
    "one ones side end start type types situation case point deal sense feeling feelings difference"
)
# Verbs that carry little event: "had a party" is about the party, not about having.
LIGHT_VERBS = _set(
    "be is am are was were been have has had get gets got gotten feel feels felt think thinks thought know knows knew "
    "want wants wanted like likes liked love loves loved say says said tell tells told seem seems seemed need needs "
    "needed hope hopes hoped wish wishes wished mean means meant find finds found keep keeps kept make makes made "
    "do does did enjoy enjoys enjoyed prefer prefers preferred appreciate appreciates appreciated"
)
# Verbs taking another verb ("plans to adopt", "started painting"): the event is the second verb.
CATENATIVE = _set(
    "want wants wanted plan plans planned planning hope hopes hoped decide decides decided try tries tried trying "
    "start starts started starting begin begins began beginning need needs needed intend intends intended aim aims "
    "aimed wish wishes wished manage manages managed learn learns learned learnt continue continues continued "
    "prefer prefers preferred agree agrees agreed offer offers offered promise promises promised choose chooses chose "
    "like likes liked love loves loved going get got keep keeps kept finish finishes finished stop stops stopped "
    "quit enjoy enjoys enjoyed used help helps helped"
)
_BE = frozenset({"is", "am", "are", "was", "were", "be", "been", "being", "'s", "'re", "get", "got", "gets", "feel", "felt",
                 "feels", "seem", "seems", "seemed"})
# Nouns that hold another ("a photo of a sunset"): the title keeps what they hold.
CONTAINERS = frozenset({"photo", "photos", "picture", "pictures", "pic", "pics", "video", "videos", "image", "images",
                        "shot", "shots", "snap", "selfie", "drawing", "sketch", "painting", "paintings", "print",
                        "copy", "bunch", "set", "collection", "piece", "pieces", "kind", "type", "sort", "lot", "lots",
                        "couple", "group", "list", "bit", "cup", "glass", "bottle", "box", "bag", "pair", "book"})
# Heads a chunker without tags mistakes for nouns: adjectives and comparatives that end a phrase.
_NOT_NOUNS = COMMON_ADJECTIVES
_NP_MODIFIERS = frozenset({"first", "super", "pretty", "only"})  # adverbs elsewhere, adjectives after a determiner


@dataclass(frozen=True)
class Candidate:
    """One possible title found in one fact."""

    words: tuple[str, ...]   # the title's words, as written (first letter capitalised later)
    head: str                # key of the head noun (lowercase, plural folded)
    verb: str | None         # base form of the event verb, when the title is an event
    fact_id: str


def make_title(members: Sequence[SceneFact], centrality: Mapping[str, float],
               idf: Callable[[str], float], people: set[str], taken: Collection[str] = ()) -> str:
    """The best 2-5 word title for a scene, or "" when no fact yields one.

    `taken` (lowercase titles other scenes already have) makes a scene take
    its next best phrase rather than repeat one: two scenes both called
    "Sharing a photo" tell a person nothing. A scene with no other phrase keeps the repeat.

    `centrality` is each member's cosine to the scene centroid; `idf(head)`
    the rarity of a head noun over all facts (1 = everywhere); `people` the
    lowercase names the memory is about (never a title on their own).
    """
    found: list[Candidate] = []
    mentions: dict[str, float] = {}
    verbs: dict[str, int] = {}
    for fact in members:
        candidates = candidates_of(fact, people)
        found.extend(candidates)
        weight = max(centrality.get(fact.id, 0.0), 0.0)
        for head in {_fold(w) for w in _words(fact.text)}:
            mentions[head] = mentions.get(head, 0.0) + weight
        for verb in {c.verb for c in candidates if c.verb}:
            verbs[verb] = verbs.get(verb, 0) + 1
    if not found:
        return ""
    size = max(len(members), 1)

    def score(c: Candidate) -> tuple[float, str, str]:
        spread = mentions.get(c.head, 0.0) / size                  # central members naming the head
        # Modifiers other members repeat make the phrase specific ("rescue dog" over "dog").
        modifiers = sum(mentions.get(_fold(w), 0.0) for w in c.words[:-1]
                        if w.casefold() not in _FUNCTION and _fold(w) not in people) / size
        own = max(centrality.get(c.fact_id, 0.0), 0.0)              # how central the fact saying it is
        rarity = math.sqrt(max(idf(c.head), 1.0))
        event = 1.1 + 0.2 * min(verbs.get(c.verb, 0) - 1, 2) if c.verb else 1.0  # an event, more so if repeated
        value = (spread + 0.3 * min(modifiers, spread) + 0.5 * own) * rarity * event
        return (-value, " ".join(c.words).casefold(), c.fact_id)

    ranked = sorted(found, key=score)
    best = next((c for c in ranked if " ".join(c.words).casefold() not in taken), ranked[0])
    return _capitalise(best.words)


def candidates_of(fact: SceneFact, people: set[str]) -> list[Candidate]:
    """Titles one fact offers: its main event (verb + phrase) and its noun phrases."""
    tokens = _TOKEN.findall(fact.text)
    lowered = [t.casefold() for t in tokens]
    subject = fact.subject.strip()
    owner = subject if subject and subject[:1].isupper() and subject.casefold() not in ("i", "me", "you") else ""
    names = _Names(people, subject.casefold())  # no copy of `people` per fact: it holds every name in memory
    start = _after_subject(lowered, subject)
    out: list[Candidate] = []
    event = _main_event(tokens, lowered, start) if start is not None else None
    if event is not None:
        verb, prep_at, np_start = event
        phrase = _noun_phrase(tokens, lowered, np_start, owner)
        if phrase:
            np_words, head = phrase
            if _good_head(head, np_words, names):
                middle = tuple(tokens[prep_at:np_start]) if prep_at is not None else ()
                if verb is not None and not _light(verb):
                    gerund = _gerund_of(verb)
                    words = (gerund, *[w.casefold() for w in middle], *np_words)
                    trimmed = _fit(words, keep_first=1)
                    if trimmed:
                        out.append(Candidate(trimmed, _fold(head), gerund, fact.id))
                titled = _fit(_as_topic(np_words), keep_first=0)
                if titled and not _only_names(np_words, names):
                    out.append(Candidate(titled, _fold(head), None, fact.id))
    # Other noun phrases led by a determiner or possessive: topics the fact mentions.
    for index, word in enumerate(lowered):
        if word in DETERMINERS or word in POSSESSIVES or _possessive(word):
            if word in ("that", "this", "these", "those") and index and lowered[index - 1] not in PREPOSITIONS:
                continue  # "said that ...": a conjunction, not a determiner
            phrase = _noun_phrase(tokens, lowered, index, owner)
            if phrase and len(phrase[0]) >= 2:
                np_words, head = phrase
                if _good_head(head, np_words, names) and not _only_names(np_words, names):
                    titled = _fit(_as_topic(np_words), keep_first=0)
                    if titled:
                        out.append(Candidate(titled, _fold(head), None, fact.id))
    return out


def _after_subject(lowered: list[str], subject: str) -> int | None:
    """Index of the first token after the subject's name near the start of the fact.

    None when the fact opens with the subject's possessive ("Ana's sister
    ..."): the word after it is a noun, not the verb. 0 when the name is not there.
    """
    name = [w.casefold() for w in _TOKEN.findall(subject)]
    if name and lowered[: len(name)] == name:
        return len(name)
    for index, word in enumerate(lowered[:3]):  # "On Monday, Ana ..." starts
        word = word.replace("’", "'")
        if name and word == name[-1] + "'s":
            return None
        if name and word == name[-1]:
            return index + 1
    return 0


def _main_event(tokens: list[str], lowered: list[str], start: int) -> tuple[str | None, int | None, int] | None:
    """(verb, index of a preposition after it or None, where its noun phrase starts) after the subject."""
    i = start
    aux = False
    while i < len(lowered) and (lowered[i] in ADVERBS or lowered[i] in AUXILIARIES):
        aux = aux or lowered[i] in AUXILIARIES
        i += 1
    if i >= len(lowered) or not tokens[i][:1].isalpha():
        return None
    verb = lowered[i]
    closed = _NOT_VERBS
    after_aux = verb.endswith(("ing", "ed")) or verb in _BASE_VERBS or verb in IRREGULAR_BASE
    if verb in closed or not tokens[i][:1].islower() or not (after_aux if aux else _looks_like_verb(verb)):
        return None  # after "is", an adjective or a noun ("is easy", "is a fan") is no event
    if aux and verb.endswith("ed") and any(w in _BE for w in lowered[start:i]):
        return None  # "is swamped", "was excited": a state, not an event
    i += 1
    if verb.endswith("ed") and i < len(lowered) and lowered[i] == "by":
        return None  # "impressed by": a passive, not something the subject did
    # "plans to adopt", "started painting", "is going to run": the second verb is the event.
    while verb in CATENATIVE and i < len(lowered):
        if lowered[i] == "to":
            j = i + 1
            while j < len(lowered) and (lowered[j] in ADVERBS or lowered[j].endswith("ly")):
                j += 1  # "to really finish", "to completely redo"
            if j >= len(lowered) or not lowered[j].isalpha() or lowered[j] in _FUNCTION:
                break
            verb, i = lowered[j], j + 1
        elif lowered[i].endswith("ing") and len(lowered[i]) > 4:
            verb, i = lowered[i], i + 1
        elif lowered[i] in _BASE_VERBS and verb in ("help", "helps", "helped", "let", "lets", "make", "makes", "made"):
            verb, i = lowered[i], i + 1  # "helped make", "let go": a bare infinitive
        else:
            break
    while i < len(lowered) and lowered[i] in ADVERBS:
        i += 1
    prep_at = None
    if i < len(lowered) and lowered[i] in PREPOSITIONS and lowered[i] not in ("than", "as", "like"):
        prep_at = i
        i += 1
        if i < len(lowered) and lowered[i] in PREPOSITIONS and lowered[i] in ("to", "of", "with", "for", "about", "on"):
            i += 1  # "went out to dinner", "moved back to Lyon"
    return verb, prep_at, i


def _light(verb: str) -> bool:
    return verb in LIGHT_VERBS or IRREGULAR_BASE.get(verb, "") in LIGHT_VERBS or _gerund_of(verb) in _LIGHT_GERUNDS


def _looks_like_verb(word: str) -> bool:
    """A finite verb right after the subject: a past, a third person or a known irregular form."""
    if word in IRREGULAR_BASE or word in LIGHT_VERBS:
        return True
    if word in DETERMINERS or word in PREPOSITIONS or word in CONJUNCTIONS or word in PRONOUNS or word in TIME_WORDS:
        return False
    return len(word) > 3 and (word.endswith("ed") or (word.endswith("s") and not word.endswith(("ss", "us", "is", "'s"))))


def _noun_phrase(tokens: list[str], lowered: list[str], at: int, owner: str) -> tuple[tuple[str, ...], str] | None:
    """(words, head) of the noun phrase starting at `at`: a determiner, up to four content words."""
    words: list[str] = []
    i = at
    if i < len(lowered) and (lowered[i] in DETERMINERS or lowered[i] in POSSESSIVES or lowered[i] in NUMBERS
                             or _possessive(lowered[i])):
        det = lowered[i]
        if det in POSSESSIVES and det in ("his", "her", "their", "its"):
            words.append(f"{owner}'s" if owner else "the")  # the title stands alone: whose, by name
        elif det.endswith(("'s", "’s")):
            words.append(tokens[i])
        elif det in ("this", "that", "these", "those", "my", "your", "our", "some", "any"):
            words.append("the")
        else:
            words.append(det)
        i += 1
    content = 0
    while i < len(lowered) and content < 4:
        word, raw = lowered[i], tokens[i]
        if not raw[:1].isalnum() or word in PREPOSITIONS or word in CONJUNCTIONS or word in AUXILIARIES \
                or word in PRONOUNS or word in TIME_WORDS or word in DETERMINERS or word in POSSESSIVES \
                or (word in ADVERBS and word not in _NP_MODIFIERS) or (word.endswith("ly") and len(word) > 4) \
                or (content and raw[:1].isupper() and not words[-1][:1].isupper()):
            if word == "of" and content and words[-1].casefold() in CONTAINERS:
                inner = _noun_phrase(tokens, lowered, i + 1, owner)
                if inner is not None and not inner[1].casefold().endswith("ing"):
                    return (*words, raw, *inner[0]), inner[1]  # "a photo of a sunset": about the sunset
                break
            if word == "of" and content and i + 1 < len(lowered) and lowered[i + 1].isalpha() \
                    and lowered[i + 1] not in _NOT_OF_OBJECT:
                words.extend((raw, tokens[i + 1]))  # "a game of chess"
                content += 1
                i += 2
                break
            break
        if content and (((word.endswith("ed") or word in IRREGULAR_BASE) and len(word) > 3)
                        or word in _CLAUSE_VERBS):
            break  # "a dog named Pixel", "relationships feel": a verb starts a new clause
        words.append(raw)
        content += 1
        i += 1
    if content > 1 and words[-1].casefold().endswith("s") and i < len(lowered) \
            and lowered[i] in _OBJECT_STARTS:
        words.pop()  # "the gratitude fills my heart": a verb taking its object, not a plural
        content -= 1
    if content > 1 and words[-1].casefold().endswith("ing") and i < len(lowered) \
            and lowered[i] in _CLAUSE_STARTS:
        words.pop()  # "a girl sitting on a bench": the participle starts a clause ("a poetry reading." does not)
        content -= 1
    if not content:
        return None
    head = words[-1]
    return tuple(words), head


def _possessive(word: str) -> bool:
    """ "ana's", "the band's": a possessive; "it's", "that's", "let's" are not."""
    if not word.endswith(("'s", "’s")):
        return False
    return word[:-2] not in _FUNCTION and word[:-2] not in ("let", "what", "who", "where", "how", "here")


def _good_head(head: str, words: Sequence[str], names: Collection[str]) -> bool:
    low = head.casefold()
    if len(low) < 3 or low.isdigit() or low in TIME_WORDS or low in VAGUE_NOUNS or low in PRONOUNS \
            or low in IRREGULAR_BASE or low in _NOT_NOUNS or (low.endswith("ly") and len(low) > 4) \
            or low.endswith(("'s", "’s")) or (low.endswith("ed") and len(low) > 4) \
            or low in LIGHT_VERBS or low in _BASE_VERBS or low in _FUNCTION:
        return False
    if low.endswith("ing") and len(words) == 1:
        return low not in _LIGHT_GERUNDS
    return low not in names


def _only_names(words: Sequence[str], names: Collection[str]) -> bool:
    """A phrase of names alone ("Lisbon", "Ana's Ben") is no title without its verb."""
    content = [w for w in words if w.casefold() not in DETERMINERS]
    return all(w[:1].isupper() or w.casefold().rstrip("'’s") in names for w in content)


def _as_topic(words: Sequence[str]) -> tuple[str, ...]:
    """A noun phrase as a title: an indefinite article becomes "the" ("a chess tournament" -> "The chess
    tournament": a label names one thing), a container keeps what it holds ("a photo of a heron" ->
    "Photo of a heron"), and a bare common noun gets "the" so a title is never one word."""
    words = list(words)
    if len(words) > 2 and words[0].casefold() in DETERMINERS and words[2].casefold() == "of" \
            and words[1].casefold() in CONTAINERS:
        return tuple(words[1:])  # "a photo of a sunset" -> "Photo of a sunset"
    if words and words[0].casefold() in ("a", "an", "some", "any", "no", "every", "each", "another"):
        words[0] = "the"
    if len(words) == 1 and not words[0][:1].isupper():
        words.insert(0, "the")
    return tuple(words)


def _fit(words: Sequence[str], keep_first: int) -> tuple[str, ...] | None:
    """A phrase cut to at most MAX_WORDS by dropping the modifiers farthest from its head.

    The first `keep_first` words (the gerund), determiners, prepositions and
    the head itself stay: "Going to the big chess tournament" -> "Going to the chess tournament".
    """
    words = list(words)
    while len(words) > MAX_WORDS:
        droppable = (i for i in range(keep_first, len(words) - 1)
                     if words[i].casefold() not in _CLAUSE_STARTS and not words[i].endswith(("'s", "’s"))
                     and words[i + 1].casefold() != "of")
        index = next(droppable, None)
        if index is None:
            return None
        del words[index]
    if not MIN_WORDS <= len(words) <= MAX_WORDS:
        return None
    return tuple(words)


def _capitalise(words: Sequence[str]) -> str:
    first = words[0]
    return " ".join([first[:1].upper() + first[1:], *words[1:]])


def _words(text: str) -> list[str]:
    return [t for t in _TOKEN.findall(text) if t[:1].isalpha()]


@lru_cache(maxsize=1 << 16)
def _fold(word: str) -> str:
    """Lowercase, possessive and plural folded: "dogs" and "dog's" count as "dog"."""
    low = word.casefold().replace("’", "'")
    if low.endswith("'s"):
        low = low[:-2]
    if len(low) > 4 and low.endswith("ies"):
        return low[:-3] + "y"
    if len(low) > 3 and low.endswith("s") and not low.endswith(("ss", "us", "is")):
        return low[:-1]
    return low


_FUNCTION = DETERMINERS | POSSESSIVES | PREPOSITIONS | CONJUNCTIONS | PRONOUNS | AUXILIARIES | NUMBERS
_BASE_VERBS = frozenset(IRREGULAR_BASE.values()) - {"be", "have", "do"}
# Verbs that, inside a run of content words, start a new clause ("relationships feel", "kids love").
_CLAUSE_VERBS = frozenset("feel feels seem seems think thinks know knows say says want wants like likes need needs "
                          "mean means love loves hope hopes".split())
_LIGHT_GERUNDS = frozenset(_gerund_of(v) for v in LIGHT_VERBS if not v.endswith("ing"))
_NOT_VERBS = DETERMINERS | POSSESSIVES | PREPOSITIONS | PRONOUNS | NUMBERS | TIME_WORDS | CONJUNCTIONS
_NOT_OF_OBJECT = _FUNCTION | TIME_WORDS | ADVERBS
_OBJECT_STARTS = DETERMINERS | POSSESSIVES | PRONOUNS | {"to"}
_CLAUSE_STARTS = PREPOSITIONS | DETERMINERS


class _Names:
    """The memory's people plus one more name, without copying the set for every fact."""

    __slots__ = ("people", "extra")

    def __init__(self, people: Collection[str], extra: str):
        self.people, self.extra = people, extra

    def __contains__(self, name: object) -> bool:
        return name == self.extra or name in self.people
