"""Pronouns and deictics a fact uses without naming what they point at.

A shown fact is read alone, with no conversation around it: "Kit is gonna
give it a go" says nothing because "it" is in the conversation, not in the
fact. `dangling_words` lists every third-person pronoun (he, she, they, it,
his, her, them, ...) and every deictic (there, that, this, these, those)
whose referent is not an earlier noun phrase of the same text. It is the
test of the standalone gate and of the quality benchmark alike.

What is *not* dangling, because English uses these words without a
referent or with one inside the sentence:
- "that" introducing a clause ("Ana said that the shop closed") or a
  relative clause ("the book that changed her life");
- expletive "it" ("it was hard to leave", "it rained") and existential
  "there" ("there is a park nearby");
- a possessive or object pronoun after a person was named ("Jay lost his
  keys", "Mia's sister visited her");
- "this/that + a time word" ("this year"), a relative date, not a missing referent;
- "those who ...".
"""
from __future__ import annotations

from remembrancer.memory.quality.tagging import (
    BE,
    GROUP_NOUNS,
    PERSON_NOUNS,
    TIME_NOUNS,
    Token,
    singular,
    tokens,
)

PERSONAL = frozenset("he she him his hers himself herself".split())
HER = "her"
PLURAL = frozenset("they them their theirs themselves themself".split())
THING = frozenset("it its itself".split())
DEICTIC = frozenset("this that these those".split())
# Verbs and adjectives that take a "that" clause: after them "that" opens a clause, not a pointer.
CLAUSE_TAKERS = frozenset(
    "said says say saying told tells tell think thinks thought know knows knew known believe believes believed "
    "hope hopes hoped feel feels felt realize realized realise realised realizes learn learned learnt learns "
    "mention mentioned mentions notice noticed notices find found finds show shows showed shown mean means meant "
    "sure glad happy proud sad afraid aware surprised excited grateful thankful relieved amazed convinced worried "
    "wish wishes wished agree agrees agreed decide decided decides admit admits admitted explain explains explained "
    "remember remembers remembered forget forgot forgets hear heard hears read reads note noted notes promise "
    "promised promises suggest suggested suggests guess guessed figure figured reckon reckons reckoned so such now "
    "given except assume assumed assumes claim claimed claims insist insisted insists confirm confirmed confirms "
    "discover discovered discovers ensure ensured make sure saw see sees seen".split()
)
EXISTENTIAL_NEXT = BE | frozenset("will would could might must may should can used seems seemed has have had remains "
                                   "remained exists existed appears appeared".split())
LOCATIVE = frozenset("in at to from near into around across visit visited visiting visits moved move moving "
                     "live lives lived living stayed stay".split())
_EXTRAPOSED = frozenset("to that how when whether if what why where".split())
_WEATHER = frozenset("rain rains rained raining snow snows snowed snowing pour pours poured pouring".split())
_OBJECT_EXPLETIVE = frozenset("find finds found make makes made think thinks thought consider considers considered".split())
_IT_LINKS = BE | frozenset("seems seemed seem feels felt feel looks looked look took takes take makes made "
                           "became becomes will would could might may 'll 'd has had have".split())


def dangling_words(text: str) -> list[str]:
    """The pronouns and deictics of `text` that have no referent in it, in order (empty: the text stands alone)."""
    toks = [t for t in tokens(text)]
    out: list[str] = []
    for i, tok in enumerate(toks):
        if tok.tag == "PUNCT":
            continue
        word = tok.lower
        before = toks[:i]
        if word in PERSONAL or word == HER:
            if not _has_person(before) or _bound_by_own_subject(toks, i):
                out.append(tok.text)
        elif word in PLURAL:
            if not _has_plural(before, allow_one_name=word != "them"):
                out.append(tok.text)
        elif word in THING:
            if not _expletive_it(toks, i) and not _has_thing(before):
                out.append(tok.text)
        elif word == "there":
            if not _existential_there(toks, i) and not _has_place(before):
                out.append(tok.text)
        elif word in DEICTIC:
            if _deictic_dangles(toks, i):
                out.append(tok.text)
    return out


def _words_after(toks: list[Token], i: int) -> list[Token]:
    return [t for t in toks[i + 1:] if t.tag != "PUNCT" or t.text in ".,;:!?"]


def _next(toks: list[Token], i: int) -> Token | None:
    nxt = toks[i + 1] if i + 1 < len(toks) else None
    return None if nxt is None or nxt.tag == "PUNCT" else nxt


def _prev(toks: list[Token], i: int) -> Token | None:
    prv = toks[i - 1] if i > 0 else None
    return None if prv is None or prv.tag == "PUNCT" else prv


def _has_person(before: list[Token]) -> bool:
    return any(t.tag == "NAME" or (t.tag == "NOUN" and singular(t.lower) in _PERSON_SINGULAR) for t in before)


_PERSON_SINGULAR = frozenset(singular(w) for w in PERSON_NOUNS) | PERSON_NOUNS


def _name_phrases(before: list[Token]) -> list[tuple[int, str]]:
    """Runs of capitalised words as one name each ("Marek Olsen" is one person), with where each starts."""
    out: list[tuple[int, str]] = []
    for j, t in enumerate(before):
        if t.tag != "NAME":
            continue
        if j > 0 and before[j - 1].tag == "NAME":
            out[-1] = (out[-1][0], f"{out[-1][1]} {t.lower}")
        else:
            out.append((j, t.lower))
    return out


def _bound_by_own_subject(toks: list[Token], i: int) -> bool:
    """ "Noor showed him the photo": the direct object "him/her" of a clause's first verb cannot mean
    that clause's subject (that is "himself"), so when the subject is the only person named, the
    pronoun points outside the fact."""
    word = toks[i].lower
    if word not in {"him", "her"} or i == 0 or toks[i - 1].tag != "VERB":
        return False
    after = [t for t in toks[i + 1:i + 3] if t.tag != "PUNCT"]
    if word == "her" and after and (after[0].tag in {"NOUN", "ADJ", "NAME", "NUM"} or
                                    (after[0].tag == "ADV" and len(after) > 1 and after[1].tag == "NOUN")):
        return False  # possessive "her sofa", "her first steps"
    before = toks[:i]
    phrases = _name_phrases(before)
    people = {name for _, name in phrases}
    people |= {singular(t.lower) for t in before if t.tag == "NOUN" and singular(t.lower) in _PERSON_SINGULAR}
    if len(people) != 1 or not phrases or phrases[0][0] != 0:
        return False
    between = before[len(phrases[0][1].split()):]
    return all(t.tag in {"AUX", "ADV"} for t in between[:-1])  # the verb right before is the subject's first


def _has_plural(before: list[Token], allow_one_name: bool) -> bool:
    names = {name for _, name in _name_phrases(before)}
    if len(names) >= 2 or (allow_one_name and names):
        return True
    for j, t in enumerate(before):
        if t.tag == "NOUN" and (t.lower in GROUP_NOUNS or (singular(t.lower) != t.lower)):
            return True
        if t.lower in {"and", "or"} and 0 < j < len(before) - 1 and before[j - 1].tag in {"NOUN", "NAME"} \
                and before[j + 1].tag in {"NOUN", "NAME", "DET"}:
            return True  # "dance and fashion ... combining them"
    return False


def _has_thing(before: list[Token]) -> bool:
    """An earlier noun phrase that is not a person: a noun, a gerund used as a noun, or a second name (a place)."""
    names = _name_phrases(before)
    if len(names) >= 2 or (names and names[0][0] != 0):
        return True
    for j, t in enumerate(before):
        if t.tag == "NOUN" and singular(t.lower) not in _PERSON_SINGULAR and t.lower not in TIME_NOUNS:
            return True
        if t.tag == "ADJ" and t.lower.endswith("ing") and j > 0 and before[j - 1].tag == "PREP":
            return True
    return False


def _expletive_it(toks: list[Token], i: int) -> bool:
    """ "It was hard to leave", "it rained", "found it easy to ...": an "it" that points at nothing by design."""
    if toks[i].lower != "it":
        return False
    rest = _clause_after(toks, i)
    if not rest:
        return False
    if rest[0].lower in _WEATHER or (len(rest) > 1 and rest[0].lower in BE and rest[1].lower in _WEATHER):
        return True
    before = toks[i - 1].lower if i > 0 else ""
    has_link = rest[0].lower in _IT_LINKS or rest[0].tag in {"ADJ", "NOUN"} or before in _OBJECT_EXPLETIVE
    if not has_link:
        return False
    if _points_at_a_thing(rest):
        return False
    for j, t in enumerate(rest[1:7], start=1):
        if t.lower in _EXTRAPOSED and j + 1 < len(rest):
            return True
        if t.lower.endswith("ing") and t.tag in {"VERB", "NOUN", "ADJ"} and j >= 2 \
                and rest[j - 1].tag != "DET" and not (j + 1 < len(rest) and rest[j + 1].tag == "NOUN"):
            return True  # "it was fun watching", not "it's a balancing act" (a noun's modifier)
        if t.lower in {"since", "until"}:
            return True
    return False


# "It's a great way to relax": the complement classifies a thing the context gave, so "it" points at it.
_CLASSIFYING_HEADS = frozenset("way ways reminder sign example thing place kind sort type part source form".split())


def _points_at_a_thing(rest: list[Token]) -> bool:
    """'it is a/the (adjectives) way/reminder/... to ...': a referential "it", not an expletive."""
    if len(rest) < 3 or rest[0].lower not in BE or rest[1].tag != "DET":
        return False
    for t in rest[2:6]:
        if t.tag == "NOUN":
            return t.lower in _CLASSIFYING_HEADS
    return False


def _clause_after(toks: list[Token], i: int) -> list[Token]:
    out = []
    for t in toks[i + 1:]:
        if t.tag == "PUNCT" or (t.tag == "CONJ" and t.lower in {"and", "but", "or"}):
            break
        out.append(t)
    return out


def _existential_there(toks: list[Token], i: int) -> bool:
    nxt = _next(toks, i)
    return nxt is not None and nxt.lower in EXISTENTIAL_NEXT


def _has_place(before: list[Token]) -> bool:
    for j, t in enumerate(before):
        if t.lower in LOCATIVE:
            for u in before[j + 1:j + 4]:
                if u.tag in {"NAME", "NOUN"} or u.lower == "home":
                    return True
                if u.tag not in {"DET", "ADJ", "POSS", "ADV"}:
                    break
    return False


def _deictic_dangles(toks: list[Token], i: int) -> bool:
    word = toks[i].lower
    prv = _prev(toks, i)
    j = i + 1
    while j < len(toks) and toks[j].tag == "ADV":
        j += 1  # "something that really upset Ana"
    nxt = toks[j] if j < len(toks) and toks[j].tag != "PUNCT" else None
    after = toks[j + 1] if nxt is not None and j + 1 < len(toks) and toks[j + 1].tag != "PUNCT" else None
    before = toks[:i]
    if word == "that" and _clause_that(nxt, prv, after):
        return False
    if word == "those" and nxt is not None and nxt.lower in {"who", "whom", "which", "that", "of", "with", "in", "without"}:
        return False  # "those who ...", "those with similar worries": people the phrase itself describes
    if word == "that" and prv is not None and prv.tag == "NOUN":
        return False  # right after a noun "that" opens a relative clause: "brands that share her values"
    head = _head_noun(toks, i)
    if head is None:
        # a pronoun ("loved that", "That was fun"), resolved only by an earlier clause of the same
        # text: "Jay got two offers, so that was a relief"
        return not _earlier_clause(before)
    if head.lower in TIME_NOUNS:
        return False
    if _relative_follows(toks, toks.index(head)):
        return False  # "that space Noor is imagining": the clause after the noun says which
    seen = {singular(t.lower) for t in before if t.tag in {"NOUN", "NAME"}}
    return singular(head.lower) not in seen


def _earlier_clause(before: list[Token]) -> bool:
    """A complete clause before a boundary (a comma, "and", "so", ...) with a noun or gerund in it."""
    for j, t in enumerate(before):
        if (t.tag == "PUNCT" and t.text in ",;:") or (t.tag == "CONJ" and t.lower in {"and", "so", "but"}):
            clause = before[:j]
            if any(u.tag in {"VERB", "AUX"} for u in clause) and any(u.tag in {"NOUN"} or (u.tag == "NAME" and u is not clause[0]) or u.lower.endswith("ing") for u in clause):
                return True
    return False


def _relative_follows(toks: list[Token], k: int) -> bool:
    """After the noun at `k`: "that/which/who ..." or a subject and its verb ("the place Ana picked")."""
    rest = toks[k + 1:k + 5]
    if not rest or rest[0].tag == "PUNCT":
        return False
    if rest[0].lower in {"that", "which", "who", "whom", "where", "when"}:
        return True
    if rest[0].tag in {"NAME", "PRON"} and len(rest) > 1 and rest[1].tag in {"VERB", "AUX"}:
        return True
    if rest[0].tag == "DET" and rest[0].lower not in {"a", "an"} and len(rest) > 2 and rest[1].tag == "NOUN" and rest[2].tag in {"VERB", "AUX"}:
        return True  # "that greenhouse his father sketched"
    return False


def _takes_clause(word: str) -> bool:
    """A verb or adjective taking a "that" clause, in any inflection ("thinking", "realising")."""
    stems = {word}
    if word.endswith("ing"):
        stems |= {word[:-3], word[:-3] + "e", word[:-4]}
    return bool(stems & CLAUSE_TAKERS)


def _clause_that(nxt: Token | None, prv: Token | None, after: Token | None = None) -> bool:
    """ "that" as a complementizer or relative pronoun, not a pointer (`after`: the word after `nxt`)."""
    if nxt is None:
        return False
    if prv is not None and _takes_clause(prv.lower) and nxt.tag not in {"AUX"}:
        return True
    if nxt.tag == "NOUN" and after is not None and after.tag in {"AUX", "VERB"} and prv is not None and prv.tag not in {"VERB", "PREP"}:
        return True  # "so glad for Mia that art is helping her": a clause with its own subject
    if nxt.tag in {"PRON", "NAME", "NUM"} or (nxt.tag == "DET" and nxt.lower not in {"one"}):
        return True  # a new subject follows: "said that she ...", "the book that her mom gave"
    if nxt.tag in {"AUX", "VERB"} or (nxt.lower.endswith("s") and not nxt.lower.endswith("ss")):
        # "the book that changed", "a class that helps": relative when a noun precedes it
        return prv is not None and (prv.tag in {"NOUN", "NAME", "PRON", "ADJ", "NUM"} or prv.lower in _QUANTIFIERS)
    if prv is not None and (prv.lower in _QUANTIFIERS or prv.lower in {"something", "anything", "everything", "one", "ones"}):
        return True  # "the ones that suit", "any that might"
    return False


_QUANTIFIERS = frozenset("any some all many few one ones several both each none".split())


def _head_noun(toks: list[Token], i: int) -> Token | None:
    """The noun a determiner "this/that/these/those" introduces, if it is one ("this course"), else None."""
    j = i + 1
    while j < len(toks) and toks[j].tag in {"ADV", "ADJ"}:
        j += 1
    if j >= len(toks):
        return None
    t = toks[j]
    if t.tag == "PUNCT" or t.tag in {"PREP", "CONJ", "AUX", "PRON", "DET"} or t.lower in {"one", "ones"}:
        return None
    if t.tag == "VERB" and j + 1 < len(toks) and toks[j + 1].tag == "NOUN":
        j += 1  # a participle used as an adjective: "that stuffed toy"
        t = toks[j]
    elif t.tag == "VERB" and not t.lower.endswith("ing"):
        return None
    # skip adjectives tagged as nouns: take the last noun of a short run ("that big dog")
    k = j
    while k + 1 < len(toks) and toks[k + 1].tag == "NOUN" and k - j < 2:
        k += 1
    return toks[k]


__all__ = ["dangling_words"]
