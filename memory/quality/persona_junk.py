"""Persona values nobody would write down, and values that say the same thing twice.

`junk_reason` says why an attribute is not worth showing (None: it is fine):
- "pronoun": the sentence leans on a word with no referent ("Jay likes it");
- "grammar": a wish with a gerund ("wants to asking ...") or a bare verb
  after a verb of liking ("likes read");
- "filler": the value is one word that names a category, not a member of
  it ("course", "pets", "stuff"), or a light gerund that means nothing
  without its object ("playing", "doing");
- "no object": a wish whose verb needs a complement that is missing
  ("wants to return": return where?).

`duplicate_groups` finds the attributes of one person whose values are one
thing (dog/dogs/puppy): the lemma of the value's head noun through a small
synonym map of everyday kinds (pets, family terms).
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from remembrancer.memory.quality.dangling import dangling_words
from remembrancer.memory.quality.tagging import singular

# Category words: each names a kind of thing, so as a value it says nothing
# about which one (a course in what? which pets?). Kept to hypernyms of the
# persona's own kinds plus the vague nouns of chat ("stuff", "things").
GENERIC_NOUNS = frozenset(
    "stuff thing something anything everything it that this them those these one ones lot lots way kind sort type "
    "course class lesson lessons program programme school study studies degree subject "
    "pet animal hobby activity interest job work career role position company place city "
    "town country home area family relative people person someone friend event trip project plan goal idea "
    "item matter issue topic time day favorite favourite best own".split()
)
# Gerunds of light verbs: "Jay's hobby: playing" (playing what?). Activities
# complete without an object (painting, hiking, bowling) are not here.
LIGHT_GERUNDS = frozenset(
    "playing doing making taking getting going having trying learning studying watching practicing practising "
    "collecting building working using giving putting keeping finding looking seeing starting finishing "
    "feeling thinking planning preparing helping sharing spending focusing dealing handling managing checking "
    "exploring pursuing continuing visiting joining attending improving developing".split()
)
# Verbs whose wish is empty without a complement: "wants to return" (where?), "wants to try" (what?).
NEEDS_OBJECT = frozenset(
    "return go come try start continue do be get make have see know keep stay leave change help finish join "
    "visit find take give buy use look check share show bring put begin pursue explore attend reach get back "
    "go back come back".split()
)
_WISH = re.compile(r"\b(?:wants?|wanted|plans?|planned|hopes?|hoped|wish(?:es)?|wished|would like|'d like|intends?|"
                   r"is going|are going|decided|aims?|dreams? of|is planning|is hoping)\s+to\s+(?P<rest>.*)$", re.IGNORECASE)
_LIKE_BARE = re.compile(r"\b(?:likes?|loves?|enjoys?|hates?|prefers?)\s+(?:(?:just|really|also|still|even|so)\s+)?(?P<word>[a-z]+)\b(?P<rest>.*)$",
                        re.IGNORECASE)
_ING_EXCEPT = frozenset("bring sing ring swing sting thing spring king wing string cling fling sling".split())
_ARTICLES = frozenset("a an the some my his her their our your its".split())
# Base verbs that, right after "likes"/"loves", make the sentence broken ("likes read").
# Only verbs that are not also everyday nouns (so "likes cook"... is not judged here).
BARE_VERBS = frozenset(
    "read write go hike bake sing learn explore try make do see visit spend hang chat talk listen drive eat sleep "
    "relax help take get share create build collect practise be been is was are were am has had have do does did gone done seen "
    "taken given went came got made can could will would should".split()
)
_CONJUNCTION_START = frozenset("and but or so because while though although".split())
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*|\d+")


def junk_reason(attribute: str, value: str, text: str | None = None) -> str | None:
    """Why the attribute is junk ("pronoun", "grammar", "filler", "no object"), or None when it reads fine."""
    value = (value or "").strip()
    sentence = (text or "").strip()
    words = [w.lower() for w in _WORD.findall(value)]
    content = [w for w in words if w not in _ARTICLES and not w.endswith("'s")]  # "Lusia's favorite" -> favorite
    if not content:
        return "filler"
    if words[0] in _CONJUNCTION_START:
        return "grammar"  # a value cut from the middle of a sentence: "and her passion"
    if len(content) == 1 and _is_filler(content[0], attribute):
        return "filler"
    reason = _grammar(sentence or f"{attribute} {value}")
    if reason:
        return reason
    if dangling_words(sentence or value):
        return "pronoun"
    if _is_wish(attribute) and content and content[0] in NEEDS_OBJECT and len(content) == 1:
        return "no object"
    if _is_wish(attribute) and content and content[0].endswith("ing") and content[0] not in _ING_EXCEPT:
        return "grammar"
    return None


def _is_filler(word: str, attribute: str) -> bool:
    lemma = singular(word)
    if lemma in GENERIC_NOUNS or word in GENERIC_NOUNS:
        return True
    if lemma == singular(attribute.lower()):
        return True  # "pet: pets", "hobby: hobbies"
    return word in LIGHT_GERUNDS


def _is_wish(attribute: str) -> bool:
    return attribute.lower() in {"goal", "goals", "plan", "plans", "wish", "wishes", "wants", "intention", "aim"}


def _grammar(sentence: str) -> str | None:
    wish = _WISH.search(sentence)
    if wish:
        rest = [w.lower() for w in _WORD.findall(wish.group("rest"))]
        if rest and rest[0].endswith("ing") and rest[0] not in _ING_EXCEPT and len(rest[0]) > 4:
            return "grammar"
        if len(rest) == 1 and rest[0] in NEEDS_OBJECT:
            return "no object"
        if len(rest) == 2 and " ".join(rest) in NEEDS_OBJECT:
            return "no object"
    like = _LIKE_BARE.search(sentence)
    if like and like.group("word").lower() in BARE_VERBS:
        return "grammar"
    return None


def canonical_value(value: str) -> str:
    """The thing a value names: the lemma of its head noun, through the synonym map ("3 puppies" -> "dog")."""
    head = re.split(r":|\bnamed\b|\bcalled\b|\(", value or "", maxsplit=1)[0]
    words = [w.lower() for w in _WORD.findall(head)]
    words = [w for w in words if w not in _ARTICLES and not w.isdigit() and w not in _COUNTS]
    if not words:
        return (value or "").strip().lower()
    lemmas = [singular(w) for w in words]
    last = SYNONYMS.get(lemmas[-1], lemmas[-1])
    return " ".join(lemmas[:-1] + [last]) if len(lemmas) > 1 and last not in _KINDS else last


_COUNTS = frozenset("one two three four five six seven eight nine ten several few couple many new little old".split())
SYNONYMS = {
    "pup": "dog", "puppy": "dog", "puppie": "dog", "doggy": "dog", "doggo": "dog", "hound": "dog", "doggie": "dog",
    "kitten": "cat", "kitty": "cat", "kittie": "cat", "bunny": "rabbit", "bunnie": "rabbit",
    "mom": "mother", "mum": "mother", "mommy": "mother", "mama": "mother", "ma": "mother",
    "dad": "father", "daddy": "father", "papa": "father", "pa": "father",
    "grandma": "grandmother", "granny": "grandmother", "nana": "grandmother", "gran": "grandmother",
    "grandpa": "grandfather", "granddad": "grandfather", "grandad": "grandfather",
    "kid": "child", "children": "child", "son": "son", "daughter": "daughter", "sis": "sister", "bro": "brother",
    "hubby": "husband", "bf": "boyfriend", "gf": "girlfriend", "animal": "pet",
}
_KINDS = frozenset(SYNONYMS.values()) | {"dog", "cat", "rabbit"}


def duplicate_groups(attributes: Iterable[Mapping[str, Any]]) -> list[list[Mapping[str, Any]]]:
    """Groups (two or more) of one person's attributes of one kind whose values are one thing.

    Each attribute is a mapping with `subject`, `attribute` and `value` (and
    `polarity` when known: "likes dogs" and "dislikes dogs" conflict, they
    do not repeat). A generic value of the kind ("pet: pets") repeats every
    other value of that kind.
    """
    groups: dict[tuple[str, str, Any, str], list[Mapping[str, Any]]] = defaultdict(list)
    generic: dict[tuple[str, str, Any], list[Mapping[str, Any]]] = defaultdict(list)
    for item in attributes:
        key = (str(item.get("subject", "")).lower(), str(item.get("attribute", "")).lower(), item.get("polarity", 1))
        value = canonical_value(str(item.get("value", "")))
        if value == canonical_value(key[1]):
            generic[key].append(item)
        else:
            groups[key + (value,)].append(item)
    out: list[list[Mapping[str, Any]]] = []
    for key, vague in generic.items():
        same_kind = [g for k, g in groups.items() if k[:3] == key]
        if same_kind:
            same_kind[0].extend(vague)
        elif len(vague) > 1:
            out.append(vague)
    out.extend(g for g in groups.values() if len(g) > 1)
    return out


__all__ = ["junk_reason", "duplicate_groups", "canonical_value"]
