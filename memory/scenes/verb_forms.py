"""English verb forms for titles: the gerund of any form of a verb ("adopted" -> "adopting").

A scene title names an event the way a person would ("Adopting a rescue
dog"), which needs the gerund of whatever form the fact used; no tagger or
lemma table is installed, so this is built from the form itself plus the
irregular verbs.
"""
from __future__ import annotations

import re
from functools import lru_cache

IRREGULAR_BASE = {
    "went": "go", "gone": "go", "goes": "go", "took": "take", "taken": "take", "made": "make", "got": "get",
    "gotten": "get", "saw": "see", "seen": "see", "came": "come", "found": "find", "gave": "give", "given": "give",
    "told": "tell", "thought": "think", "felt": "feel", "knew": "know", "known": "know", "left": "leave",
    "kept": "keep", "began": "begin", "begun": "begin", "brought": "bring", "bought": "buy", "caught": "catch",
    "taught": "teach", "ran": "run", "sat": "sit", "met": "meet", "wrote": "write", "written": "write",
    "drove": "drive", "driven": "drive", "rode": "ride", "spoke": "speak", "broke": "break", "chose": "choose",
    "won": "win", "lost": "lose", "paid": "pay", "said": "say", "sent": "send", "spent": "spend", "built": "build",
    "slept": "sleep", "swam": "swim", "sang": "sing", "sung": "sing", "drank": "drink", "ate": "eat", "eaten": "eat",
    "fell": "fall", "flew": "fly", "grew": "grow", "grown": "grow", "drew": "draw", "threw": "throw", "led": "lead",
    "fed": "feed", "became": "become", "had": "have", "has": "have", "did": "do", "does": "do", "done": "do",
    "was": "be", "were": "be", "is": "be", "are": "be", "held": "hold", "heard": "hear", "stood": "stand",
    "wore": "wear", "hung": "hang", "shot": "shoot", "sold": "sell", "lit": "light", "tore": "tear", "read": "read",
    "put": "put", "cut": "cut", "hit": "hit", "set": "set", "quit": "quit", "let": "let", "shut": "shut",
    "hurt": "hurt", "cost": "cost", "beat": "beat", "forgot": "forget", "forgave": "forgive", "understood": "understand",
    "fought": "fight", "sought": "seek", "dealt": "deal", "learnt": "learn", "dreamt": "dream", "burnt": "burn",
    "rose": "rise", "woke": "wake", "wound": "wind", "lay": "lie", "laid": "lay", "shook": "shake", "stole": "steal",
}
_VOWELS = "aeiou"
_STRESS_FINAL = frozenset("forget begin admit commit regret prefer refer occur submit permit upset equip omit "
                          "compel excel patrol".split())


@lru_cache(maxsize=1 << 12)
def gerund_of(verb: str) -> str:
    """The gerund of any form of a verb: "adopted" -> "adopting", "moves" -> "moving", "tried" -> "trying".

    Built from the form itself (stripping "-ed" keeps "creat-", "mov-", "plann-",
    which is exactly the gerund's stem), so no lemma table is needed beyond irregulars.
    """
    if verb in IRREGULAR_BASE:
        return gerund(IRREGULAR_BASE[verb])
    if verb.endswith("ing") and len(verb) > 4:
        return verb
    if verb.endswith("ied") and len(verb) > 4:
        return verb[:-3] + "ying"
    if verb.endswith("eed"):
        return verb[:-1] + "ing"  # agreed -> agreeing
    if verb.endswith("ed") and len(verb) > 3:
        return verb[:-2] + "ing"
    if verb.endswith("ies") and len(verb) > 4:
        return verb[:-3] + "ying"
    if verb.endswith(("ches", "shes", "sses", "xes", "zes")):
        return verb[:-2] + "ing"
    if verb.endswith("s") and not verb.endswith("ss") and len(verb) > 3:
        return gerund(verb[:-1])
    return gerund(verb)


def gerund(base: str) -> str:
    """ "adopt" -> "adopting", "move" -> "moving", "plan" -> "planning", "try" -> "trying"."""
    if base.endswith("ing") and len(base) > 4:
        return base
    if base == "be":
        return "being"
    if base in _STRESS_FINAL:
        return base + base[-1] + "ing"  # forget -> forgetting: the stressed last syllable doubles
    if base.endswith("ie"):
        return base[:-2] + "ying"
    if base.endswith("e") and not base.endswith(("ee", "ye", "oe")) and len(base) > 2:
        return base[:-1] + "ing"
    groups = re.findall(r"[aeiou]+", base)
    if len(groups) == 1 and len(base) >= 3 and base[-1] not in _VOWELS + "wxy" and base[-2] in _VOWELS \
            and base[-3] not in _VOWELS:
        return base + base[-1] + "ing"  # one-syllable consonant-vowel-consonant: plan, run, swim
    return base + "ing"
